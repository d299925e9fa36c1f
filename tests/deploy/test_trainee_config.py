"""The hub's trainee server config (written by prepare_hub.py): no tool that cannot tell the truth.

Validate runs only the visible checks of a released notebook and then says "Success! Your
notebook passes all the tests" while hidden tests may fail, so trainee servers on the hub have it
off, as `make lab` does (grading/course/trainee_lab.py). The config is generated into a temp
folder and served by a real JupyterLab (no hub needed; the full hub test is `make test-hub`).
"""

from __future__ import annotations

import json
import os
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from grading.course.trainee_lab import TRAINEE_CSS
from tests.browser.lab import jupyterlab

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "jupyterhub"
sys.path.insert(0, str(DEPLOY))

from hub_settings import HubSettings  # noqa: E402
from prepare_hub import write_trainee_config  # noqa: E402

TRAINER_PLUGINS = {
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:validate-assignment",
}


@pytest.fixture
def trainee_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The trainee config folder prepare_hub.py writes, in a temp folder."""
    if os.geteuid() != 0:  # prepare_hub runs as root and hands its files to root
        monkeypatch.setattr(os, "fchown", lambda *args, **kwargs: None)
        monkeypatch.setattr(os, "chown", lambda *args, **kwargs: None)
    settings = HubSettings.from_env({"PST_HUB_STATE": str(tmp_path / "state")})
    write_trainee_config(settings)
    return settings.trainee_config_dir


def test_trainee_servers_switch_validate_and_the_instructor_tools_off(trainee_config: Path):
    """Does the generated config turn off Validate (server and toolbar) beside formgrader and
    create-assignment, and keep the Assignments tab?"""
    server = json.loads((trainee_config / "jupyter_server_config.json").read_text())
    assert server["ServerApp"]["jpserver_extensions"] == {
        "nbgrader.server_extensions.formgrader": False,
        "nbgrader.server_extensions.validate_assignment": False,
    }
    assert server["LabApp"] == {"custom_css": True}
    page = json.loads((trainee_config / "labconfig" / "page_config.json").read_text())
    assert set(page["disabledExtensions"]) == TRAINER_PLUGINS
    assert all(page["disabledExtensions"].values())
    assert (trainee_config / "custom" / "custom.css").read_text() == TRAINEE_CSS


def test_a_lab_on_the_trainee_config_serves_no_validate(trainee_config: Path, tmp_path: Path):
    """Served by JupyterLab with that config, is the validate endpoint gone, the Assignments
    tab's endpoint there, the validate toolbar plugin disabled in the page sent to the browser,
    and the CSS that hides the tab's Validate buttons loaded?"""
    env = os.environ | {
        "JUPYTER_CONFIG_DIR": str(trainee_config),
        "JUPYTER_CONFIG_PATH": str(trainee_config),
        "JUPYTER_DATA_DIR": str(tmp_path / "data"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
    }
    (tmp_path / "root").mkdir()
    with jupyterlab(tmp_path / "root", env, tmp_path / "lab.log", tmp_path) as (base, token):
        headers = {"Authorization": f"token {token}"}

        def status(path: str, method: str = "GET") -> int:
            body = b"{}" if method == "POST" else None
            request = urllib.request.Request(
                f"{base}{path}", method=method, headers=headers, data=body
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    return response.status
            except urllib.error.HTTPError as error:
                return error.code

        assert status("/assignments/validate", "POST") == 404
        assert status("/formgrader") == 404
        assert status("/nbgrader_version?version=x") == 200  # the Assignments tab's server side
        with urllib.request.urlopen(
            urllib.request.Request(f"{base}/lab", headers=headers), timeout=30
        ) as response:
            page = response.read().decode()
        with urllib.request.urlopen(f"{base}/custom/custom.css", timeout=30) as response:
            css = response.read().decode()
    assert 'href="/custom/custom.css"' in page
    assert css == TRAINEE_CSS and "display: none" in css  # hides the tab's Validate buttons
    data = re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S)
    assert data, page[:2000]
    disabled = json.loads(data.group(1))["disabledExtensions"]
    assert set(disabled) >= TRAINER_PLUGINS
