"""The course on a real JupyterHub: trainer and trainees as unix accounts, the formgrader service,
the exchange, and the gradebook on SQLite and on PostgreSQL.

Opt-in (``-m hub``) and root only: it creates throwaway unix accounts (``pst<tag>-...``) and
removes them again. The hub runs from the deployment venv (deploy/jupyterhub/make-venv.sh builds
it once, about 2–3 minutes, and again when pyproject.toml changes) with configurable-http-proxy
from deploy/jupyterhub/node_modules.
One module-scoped run per gradebook does the whole term once; the tests read its record.
"""

from __future__ import annotations

import hashlib
import json
import os
import pwd
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "jupyterhub"
sys.path.insert(0, str(DEPLOY))

from hub_client import HubError, HubPerson, set_answer  # noqa: E402
from hub_settings import HubSettings  # noqa: E402
from trial_hub import TrialHub, throwaway_hub  # noqa: E402
from trial_postgres import postgres_bin  # noqa: E402

pytestmark = pytest.mark.hub

ORG_NAME = "Lakeshore Peer Support Collective"
ORG_YAML = f"schema_version: 1\nname: {ORG_NAME}\n"
MODULE = "00-welcome"
NOTEBOOK = "welcome.ipynb"
ANSWERS = ["B", "A", None]  # right, wrong, blank
EXPECTED_SCORES = [1.0, 0.0, 0.0]
PROBE = """
import json, os, sys
outcome = {}
for label, path in json.loads(sys.argv[1]).items():
    try:
        if os.path.isdir(path):
            os.listdir(path)
        else:
            open(path, "rb").read(1)
        outcome[label] = "read"
    except PermissionError:
        outcome[label] = "denied"
    except FileNotFoundError:
        outcome[label] = "missing"
print(json.dumps(outcome))
"""


@dataclass
class Term:
    """What one run through the hub produced."""

    hub: TrialHub
    release: dict[str, Any] = field(default_factory=dict)
    fetched: dict[str, list] = field(default_factory=dict)
    grading: tuple[int, str] = (-1, "")
    scores: dict[str, float] = field(default_factory=dict)
    formgrader_trainer: tuple[int, str, str] = (0, "", "")
    formgrader_trainees: list[int] = field(default_factory=list)
    trainee_csp: str = ""
    trainee_formgrader: int = 0
    trainee_lab_disabled: list[str] = field(default_factory=list)
    fetched_text: str = ""
    probe: dict[str, str] = field(default_factory=dict)
    exchange_modes: dict[str, int] = field(default_factory=dict)
    gradebook_rows: int = -1
    course_sqlite_rows: int = -1
    seconds: float = 0.0
    after_stop: dict[str, Any] = field(default_factory=dict)


def _prerequisites() -> HubSettings:
    if os.geteuid() != 0:
        pytest.skip("the hub test creates unix accounts: run it as root")
    settings = HubSettings()
    built_from = settings.venv_bin.parent / ".pst-pyproject"
    wanted = hashlib.sha256((DEPLOY.parents[1] / "pyproject.toml").read_bytes()).hexdigest()
    if not built_from.exists() or built_from.read_text().strip() != wanted:
        subprocess.run(
            [str(DEPLOY / "make-venv.sh")],
            env=os.environ | {"PST_EDITABLE": "1"},
            check=True,
            timeout=900,
        )
    if not (DEPLOY / "node_modules" / ".bin" / "configurable-http-proxy").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=DEPLOY, check=True,
                       timeout=300)  # fmt: skip
    return settings


def _probe_as(user: str, paths: dict[str, str]) -> dict[str, str]:
    """Try to read each path as `user` (a separate process with that account's rights)."""
    result = subprocess.run(
        ["runuser", "-u", user, "--", "/usr/bin/python3", "-c", PROBE, json.dumps(paths)],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return json.loads(result.stdout)


def _count_submissions(url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM submitted_assignment")).scalar()
    engine.dispose()
    return int(count)


def _disabled_lab_extensions(page: str) -> list[str]:
    """The JupyterLab extensions a lab page says are disabled (its page config JSON)."""
    match = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                      page, re.DOTALL)  # fmt: skip
    return json.loads(match.group(1)).get("disabledExtensions", []) if match else []


def _answers(base_url: str) -> bool:
    try:
        requests.get(f"{base_url}/hub/api/", timeout=5)
    except requests.ConnectionError:
        return False
    return True


def _exists(account: str) -> bool:
    try:
        pwd.getpwnam(account)
    except KeyError:
        return False
    return True


def _sqlite_url(settings: HubSettings) -> str:
    return f"sqlite:///{settings.course_dir / 'gradebook.db'}"


def _run_term(hub: TrialHub) -> Term:
    term, settings = Term(hub), hub.settings
    course, service = settings.course_id, settings.service_name
    started = time.monotonic()
    trainer_name = hub.users.trainers[0]
    trainer = HubPerson.login(hub.base_url, trainer_name, hub.passwords[trainer_name])
    trainees = [HubPerson.login(hub.base_url, n, hub.passwords[n]) for n in hub.users.trainees]
    for person in trainees:
        person.request_server()

    page = trainer.service_get(service, "formgrader/manage_assignments")
    term.formgrader_trainer = (
        page.status_code,
        page.headers.get("Content-Security-Policy", ""),
        page.text,
    )
    term.formgrader_trainees = [
        p.service_get(service, "formgrader/manage_assignments").status_code for p in trainees
    ]
    term.release = trainer.formgrader(service, f"assignment/{MODULE}/release")

    for person, answer in zip(trainees, ANSWERS, strict=True):
        person.wait_for_server()
        term.fetched[person.name] = person.fetch(course, MODULE)["value"]
        path = f"{course}/{MODULE}/{NOTEBOOK}"
        notebook = person.read_notebook(path)
        term.fetched_text = json.dumps(notebook)
        if answer:
            set_answer(notebook, "welcome_q1", answer)
            person.write_notebook(path, notebook)
        person.submit(course, MODULE)
    lab = trainees[0].http.get(f"{trainees[0].server_url}/lab", timeout=30)
    term.trainee_csp = lab.headers.get("Content-Security-Policy", "")
    term.trainee_lab_disabled = _disabled_lab_extensions(lab.text)
    own_formgrader = trainees[0].http.get(f"{trainees[0].server_url}/formgrader", timeout=30)
    term.trainee_formgrader = own_formgrader.status_code

    graded = hub.grade(MODULE)
    term.grading = (graded.returncode, graded.stdout + graded.stderr)
    for row in trainer.formgrader(service, f"submissions/{MODULE}", method="GET"):
        term.scores[row["student"]] = row["score"]

    first, second = hub.users.trainees[0], hub.users.trainees[1]
    inbound = settings.exchange / course / "inbound"
    first_submission = next(inbound.glob(f"{first}+{MODULE}+*"))
    term.probe = _probe_as(
        second,
        {
            "inbound listing": str(inbound),
            "other's submission": str(first_submission / NOTEBOOK),
            "other's home copy": str(settings.home_root / first / course / MODULE / NOTEBOOK),
            "source notebook": str(settings.course_dir / "source" / MODULE / NOTEBOOK),
            "submitted copy at grader": str(
                settings.course_dir / "submitted" / first / MODULE / NOTEBOOK
            ),
            "grader config": str(settings.grader_config_dir / "nbgrader_config.py"),
            "own submission": str(
                next(inbound.glob(f"{second}+{MODULE}+*")) / NOTEBOOK
            ),  # the owner keeps access
            "released notebook": str(settings.exchange / course / "outbound" / MODULE / NOTEBOOK),
        },
    )
    course_folder = settings.exchange / course
    term.exchange_modes = {
        "root": settings.exchange.stat().st_mode & 0o7777,
        "course": course_folder.stat().st_mode & 0o7777,
        "inbound": inbound.stat().st_mode & 0o7777,
        "submission": first_submission.stat().st_mode & 0o7777,
    }
    term.gradebook_rows = _count_submissions(hub.gradebook_url or _sqlite_url(settings))
    term.course_sqlite_rows = _count_submissions(_sqlite_url(settings))
    term.seconds = time.monotonic() - started
    return term


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def term(request: pytest.FixtureRequest) -> Term:
    """One release → fetch → submit → grade_hub.py (collect, autograde) cycle on a fresh hub."""
    settings = _prerequisites()
    if request.param == "postgresql" and postgres_bin() is None:
        pytest.skip("PostgreSQL server not installed here (apt-get install -y postgresql)")
    with throwaway_hub(trainees=3, trainers=1, gradebook=request.param,
                       venv_bin=settings.venv_bin, org_yaml=ORG_YAML) as hub:  # fmt: skip
        try:
            term = _run_term(hub)
        except (HubError, StopIteration, subprocess.SubprocessError) as error:
            pytest.fail(f"{error}\n--- hub log (tail) ---\n{hub.log.read_text()[-6000:]}")
    term.after_stop = {
        "hub answers": _answers(hub.base_url),
        "accounts left": [n for n in [*hub.users.everyone, hub.settings.grader_user] if _exists(n)],
        "folders left": hub.root.exists(),
    }
    return term


def test_trainer_releases_and_every_trainee_fetches(term: Term) -> None:
    """Does a module released in formgrader reach each trainee's server through the exchange?"""
    assert term.release["success"], term.release
    for name in term.hub.users.trainees:
        fetched = [a for a in term.fetched[name] if a["assignment_id"] == MODULE]
        assert fetched and fetched[0]["status"] == "fetched", term.fetched[name]


def test_release_is_rendered_for_the_organization_without_solutions(term: Term) -> None:
    """Does the trainee get the org profile's wording and no solution or hidden test?"""
    assert ORG_NAME in term.fetched_text
    assert "BEGIN SOLUTION" not in term.fetched_text
    assert "BEGIN HIDDEN TESTS" not in term.fetched_text


def test_collected_submissions_are_graded_by_their_answers(term: Term) -> None:
    """Are all three submissions collected and autograded (grade_hub.py: collect as the grader,
    sandboxed autograde), right answer full marks, others zero?"""
    returncode, output = term.grading
    assert returncode == 0, output
    assert "3 graded, 0 failed, 0 rejected" in output
    expected = dict(zip(term.hub.users.trainees, EXPECTED_SCORES, strict=True))
    assert term.scores == expected


def test_trainees_cannot_read_each_others_work_or_the_source(term: Term) -> None:
    """Is another trainee's work, and the course source with solutions, closed to a trainee?"""
    probe = term.probe
    assert probe["inbound listing"] == "denied"
    assert probe["other's submission"] == "denied"
    assert probe["other's home copy"] == "denied"
    assert probe["source notebook"] == "denied"
    assert probe["submitted copy at grader"] == "denied"
    assert probe["grader config"] == "denied"
    # the same probe does read what a trainee is meant to read
    assert probe["own submission"] == "read"
    assert probe["released notebook"] == "read"


def test_formgrader_opens_for_the_trainer_only(term: Term) -> None:
    """Does the formgrader load for the trainer, frameable by its own page, and refuse trainees?"""
    status, csp, html = term.formgrader_trainer
    assert status == 200
    assert "Manage Assignments" in html
    assert "frame-ancestors 'self'" in csp
    assert "script-src 'nonce-" in csp  # formgrader_guard's strict policy
    assert term.formgrader_trainees == [403, 403, 403]
    assert term.trainee_csp == "frame-ancestors 'none'"
    assert term.trainee_formgrader == 404  # no instructor tools in a trainee's own server
    assert "@jupyter/nbgrader:formgrader" in term.trainee_lab_disabled
    assert "@jupyter/nbgrader:create-assignment" in term.trainee_lab_disabled


def test_exchange_is_not_world_writable(term: Term) -> None:
    """Is the exchange closed to other accounts except the inbound drop box (nbgrader #1225)?"""
    modes = term.exchange_modes
    assert modes["root"] == 0o755
    assert modes["course"] & 0o022 == 0
    assert modes["inbound"] == 0o3733  # a drop box: write in and enter, never list or rename
    assert modes["submission"] == 0o770  # the trainee and the grader's group only


def test_gradebook_backend_holds_the_grades(term: Term) -> None:
    """Do the grades land in the selected gradebook: SQLite in the course, or GRADEBOOK_URL?"""
    assert term.gradebook_rows == 3
    if term.hub.gradebook_url:
        assert term.hub.gradebook_url.startswith("postgresql+psycopg://")
        assert term.course_sqlite_rows == 0  # nothing went to the default SQLite file


def test_hub_stops_and_cleans_up_by_itself(term: Term) -> None:
    """After the run, is the hub gone, with its throwaway accounts and folders?"""
    assert term.after_stop == {"hub answers": False, "accounts left": [], "folders left": False}
