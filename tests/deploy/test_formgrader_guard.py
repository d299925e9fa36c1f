"""The local formgrader (``make formgrader``) with formgrader_guard: a hostile submission and a
crafted link opened in a real browser (Debian's chromium), nothing of them runs.

The hub's formgrader service loads the same extension; tests/deploy/test_hub_attacks.py attacks
it there.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy" / "jupyterhub"
CHROMIUM = "/usr/bin/chromium"
MARK = 'document.documentElement.dataset.pwned="1"'
TOKEN = "formgrader-guard-test"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _hostile(release: Path, target: Path) -> None:
    notebook = json.loads(release.read_text(encoding="utf-8"))
    notebook["cells"][1:1] = [
        {"cell_type": "markdown", "metadata": {},
         "source": f"hostile-marker <img src=x onerror='{MARK}'>\n\n[a](javascript:{MARK})"},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": "from IPython.display import HTML, Javascript, display\n"
                   f"display(HTML('<b>bold-marker</b><script>{MARK}</script>'))\n"
                   f"display(Javascript({MARK!r}))"},
    ]  # fmt: skip
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps(notebook), encoding="utf-8")


def _free_port() -> int:
    sys.path.insert(0, str(DEPLOY))
    from trial_ports import free_port

    return free_port()


@pytest.fixture(scope="module")
def formgrader(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A built course with one hostile, autograded submission, served as `make formgrader` does."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is needed (make browser-deps)")
    root = tmp_path_factory.mktemp("formgrader")
    python = [sys.executable, "-m", "grading"]
    (root / "roster.csv").write_text("id\ntrainee1\n", encoding="utf-8")
    course = root / "course"
    modules = root / "modules"  # the welcome module alone builds in seconds
    shutil.copytree(REPO / "modules" / "00-welcome", modules / "00-welcome")
    shutil.copy(REPO / "modules" / "curriculum.yaml", modules / "curriculum.yaml")
    for command in (
        ["build", "--modules", str(modules), "--course", str(course),
         "--roster", str(root / "roster.csv")],
        ["collect", "--course", str(course), "--from", str(root / "submissions")],
        ["autograde", "--course", str(course), "--module", "00-welcome"],
    ):  # fmt: skip
        if command[0] == "collect":
            _hostile(
                course / "release" / "00-welcome" / "welcome.ipynb",
                root / "submissions" / "trainee1" / "00-welcome" / "welcome.ipynb",
            )
        subprocess.run([*python, *command], check=True, capture_output=True, timeout=600)
    port = _free_port()
    env = os.environ | {
        "JUPYTER_CONFIG_PATH": str(DEPLOY / "local-formgrader"),
        "PYTHONPATH": str(DEPLOY),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "server", "--ip=127.0.0.1", f"--port={port}",
         "--allow-root", f"--IdentityProvider.token={TOKEN}", "--ServerApp.open_browser=False"],
        cwd=course, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if requests.get(f"{base}/api/status?token={TOKEN}", timeout=2).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def _open(url: str) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            response = page.goto(url)
            page.wait_for_timeout(1500)
            return {
                "status": response.status if response else 0,
                "pwned": page.evaluate("document.documentElement.dataset.pwned || ''"),
                "text": page.inner_text("body"),
                "jquery": page.evaluate("typeof window.jQuery"),
                "javascript links": page.evaluate(
                    "[...document.querySelectorAll('a')]"
                    ".filter(a => a.href.startsWith('javascript:')).length"
                ),
            }
        finally:
            browser.close()


def test_hostile_submission_is_shown_but_nothing_in_it_runs(formgrader: str) -> None:
    """Is the trainee's markup shown as content, with none of its scripts, handlers or
    javascript: links live, while the formgrader's own scripts still run?"""
    listing = requests.get(
        f"{formgrader}/formgrader/api/submitted_notebooks/00-welcome/welcome?token={TOKEN}",
        timeout=30,
    ).json()
    seen = _open(f"{formgrader}/formgrader/submissions/{listing[0]['id']}/?token={TOKEN}")
    assert seen["status"] == 200
    assert "hostile-marker" in seen["text"] and "bold-marker" in seen["text"]
    assert seen["pwned"] == ""
    assert seen["javascript links"] == 0
    assert seen["jquery"] == "function"  # nbgrader's own (nonced) scripts are not blocked


def test_crafted_student_id_is_shown_as_text(formgrader: str) -> None:
    """Does an id in a formgrader link stay text (escaped), never markup that runs?"""
    crafted = quote(f"<img src=x onerror='{MARK}'>", safe="")
    seen = _open(f"{formgrader}/formgrader/manage_students/{crafted}?token={TOKEN}")
    assert seen["pwned"] == ""
    assert "<img src=x" in str(seen["text"])


def test_formgrader_does_not_load_config_from_a_path(formgrader: str) -> None:
    """Is ``/formgrader?path=`` (nbgrader config from any folder) refused?"""
    response = requests.get(f"{formgrader}/formgrader?path=/tmp&token={TOKEN}", timeout=30)
    assert response.status_code == 400


def test_collect_and_autograde_buttons_are_switched_off(formgrader: str) -> None:
    """Do the formgrader's Collect and Autograde answer 403 with what to run instead?"""
    session = requests.Session()
    session.headers["Authorization"] = f"token {TOKEN}"
    for api in ("assignment/00-welcome/collect", "submission/00-welcome/trainee1/autograde"):
        response = session.post(f"{formgrader}/formgrader/api/{api}", timeout=30)
        assert response.status_code == 403
        assert "grade_hub.py" in response.json()["error"]
