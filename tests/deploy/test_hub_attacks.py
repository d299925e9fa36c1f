"""Attacks on a real course hub from a trainee's account: nothing read, written, forged, scripted
or escalated.

Opt-in (``-m hub``) and root only, like test_hub_flow.py: one throwaway hub (real unix accounts,
JupyterHub, the formgrader service, the exchange), one trainee as the attacker, another as the
victim, a trainer who grades in a real browser (Debian's chromium). The module-scoped fixture runs
every attack once and records what happened; each test checks one class of attack.
"""

from __future__ import annotations

import json
import os
import pwd
import stat
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "jupyterhub"
sys.path.insert(0, str(DEPLOY))

from hub_client import HubError, HubPerson, origin_of, set_answer  # noqa: E402
from trial_hub import TrialHub, throwaway_hub  # noqa: E402

from tests.deploy.test_hub_flow import MODULE, NOTEBOOK, _prerequisites, _probe_as  # noqa: E402

pytestmark = pytest.mark.hub

CHROMIUM = "/usr/bin/chromium"
MARK = "document.documentElement.dataset.pwned = (document.documentElement.dataset.pwned||'')+"
STEAL = """
import json, os
found = {"uid": os.getuid()}
for label, path in json.loads(PATHS).items():
    try:
        found[label] = "read: " + (os.listdir(path)[:3].__repr__() if os.path.isdir(path)
                                   else open(path, "rb").read(60).decode("latin-1"))
    except OSError as error:
        found[label] = type(error).__name__
found["secrets in environment"] = sorted(
    k for k in os.environ if "TOKEN" in k or "GRADEBOOK" in k or "JUPYTERHUB" in k)
print("STOLEN" + json.dumps(found))
"""
PROCESS_BOMB = """
import subprocess
children, refused = [], ""
for _ in range(300):
    try:
        children.append(subprocess.Popen(["sleep", "60"]))
    except OSError as error:
        refused = repr(error)
        break
for child in children:
    child.kill(); child.wait()
print("started", len(children), "refused", refused)
"""
BIG_FILE = """
import os
try:
    with open("big.bin", "wb") as stream:
        stream.write(b"0" * (200 * 2**20))
    outcome = "wrote"
except OSError as error:
    outcome = repr(error)
print(outcome, os.path.getsize("big.bin") if os.path.exists("big.bin") else 0)
os.remove("big.bin") if os.path.exists("big.bin") else None
"""

FORGE = f"""
import json, os, shutil, sys
place, out = json.loads(sys.argv[1]), {{}}
os.mkdir(place["forged"])
shutil.copy(place["own copy"], place["forged"])
os.mkdir(place["linked"])
os.symlink(place["source"], os.path.join(place["linked"], "{NOTEBOOK}"))
for label, attempt in (("rename", lambda: os.rename(place["victim"], place["victim"] + "-x")),
                       ("read victim", lambda: os.listdir(place["victim"]))):
    try:
        attempt()
        out[label] = "done"
    except OSError as error:
        out[label] = type(error).__name__
os.mkdir(place["unparsable"])
os.mkdir(place["closed"], 0o700)
os.mkdir(place["fifo"])
os.mkfifo(os.path.join(place["fifo"], "{NOTEBOOK}"))
print(json.dumps(out))
"""


@dataclass
class Attacks:
    """What each attack did."""

    hub: TrialHub
    attacker: str = ""
    victim: str = ""
    grading: tuple[int, str] = (-1, "")
    formgrader_buttons: dict[str, int] = field(default_factory=dict)
    browser: dict[str, Any] = field(default_factory=dict)
    stolen: dict[str, Any] = field(default_factory=dict)
    static_page: int = 0
    origins: dict[str, str] = field(default_factory=dict)
    prepare_runs: list[tuple[int, str]] = field(default_factory=list)
    planted_targets: dict[str, tuple[bytes, int, int]] = field(default_factory=dict)
    planted_after: dict[str, tuple[bytes, int, int]] = field(default_factory=dict)
    passwords: dict[str, Any] = field(default_factory=dict)
    limits: dict[str, str] = field(default_factory=dict)
    exchange: dict[str, Any] = field(default_factory=dict)
    state: dict[str, Any] = field(default_factory=dict)


def _as(user: str, code: str, *args: str) -> subprocess.CompletedProcess:
    """Run Python `code` as the unix account `user` (that account's own rights)."""
    return subprocess.run(
        ["runuser", "-u", user, "--", "/usr/bin/python3", "-c", code, *args],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def _file_state(path: Path) -> tuple[bytes, int, int]:
    info = path.lstat()
    return path.read_bytes(), info.st_uid, info.st_mode & 0o7777


def _hostile_notebook(notebook: dict[str, Any], steal_paths: dict[str, str]) -> dict[str, Any]:
    """The trainee's notebook with stored-XSS payloads and a cell that tries to read secrets."""
    image = f"<img src=x onerror=\"{MARK}'md'\">"
    markdown = {"cell_type": "markdown", "metadata": {},
                "source": f"hostile-marker {image}\n\n[link](javascript:{MARK}'link')"}  # fmt: skip
    html = (f"<b>bold-marker</b><script>{MARK}'script'</script>"
            f"<iframe srcdoc=\"<script>parent.{MARK}'iframe'</script>\"></iframe>"
            f"<svg onload=\"{MARK}'svg'\"></svg>")  # fmt: skip
    script = MARK + "'js'"
    shown = {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
             "source": "from IPython.display import HTML, Javascript, display\n"
                       f"display(HTML({html!r}))\ndisplay(Javascript({script!r}))"}  # fmt: skip
    steal = {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
             "source": f"PATHS = {json.dumps(json.dumps(steal_paths))}\n{STEAL}"}  # fmt: skip
    notebook["cells"][1:1] = [markdown, shown, steal]
    return notebook


def _answer(notebook: Path) -> str:
    """The answer typed below ``%%answer`` in the welcome_q1 cell ("" if no notebook)."""
    if not notebook.exists():
        return ""
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "welcome_q1":
            return "".join(cell["source"]).split("\n", 1)[-1].strip()
    return ""


def _probe_output(notebook: Path) -> dict[str, Any]:
    """What the probe cell printed when the notebook was autograded ({} if it never ran)."""
    if not notebook.exists():
        return {}
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            text = "".join(output.get("text", ""))
            if text.startswith("STOLEN"):
                return json.loads(text[len("STOLEN") :])
    return {}


def _browse(hub: TrialHub, trainer: str, pages: dict[str, str]) -> dict[str, Any]:
    """Log in as `trainer` in chromium, open each page, report what ran and what showed."""
    from playwright.sync_api import sync_playwright

    seen: dict[str, Any] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(f"{hub.base_url}/hub/login?next=%2Fhub%2Fhome")  # no server of their own
            page.fill("#username_input", trainer)
            page.fill("#password_input", hub.passwords[trainer])
            page.click("#login_submit")
            page.wait_for_load_state("networkidle")
            for label, url in pages.items():
                response = page.goto(url)
                page.wait_for_timeout(1500)
                seen[label] = {
                    "status": response.status if response else 0,
                    "pwned": page.evaluate("document.documentElement.dataset.pwned || ''"),
                    "text": page.inner_text("body"),
                    "javascript links": page.evaluate(
                        "[...document.querySelectorAll('a')].map(a => a.href)"
                        ".filter(h => h.startsWith('javascript:')).length"
                    ),
                    "csp": (response.headers.get("content-security-policy", "") if response
                            else ""),
                }  # fmt: skip
        finally:
            browser.close()
    return seen


def _watch_modes(folder: Path, prefix: str, stop: threading.Event, seen: list) -> None:
    """Record (mode, number of files) of new submission folders until `stop` is set."""
    while not stop.is_set():
        for entry in folder.iterdir() if folder.exists() else []:
            if entry.name.startswith(prefix):
                try:
                    seen.append((entry.lstat().st_mode & 0o7777, len(os.listdir(entry))))
                except OSError:
                    continue
        time.sleep(0.0005)


def _run_attacks(hub: TrialHub, record: Attacks) -> None:
    settings, users = hub.settings, hub.users
    attacker, victim, honest, forger = users.trainees  # the forger never starts a server
    record.attacker, record.victim = attacker, victim
    course, service = settings.course_id, settings.service_name
    trainer_name = users.trainers[0]
    trainer = HubPerson.login(hub.base_url, trainer_name, hub.passwords[trainer_name])
    people = {n: HubPerson.login(hub.base_url, n, hub.passwords[n]) for n in users.trainees[:3]}
    # 2: before their server starts, the attacker publishes a page through their own config
    publish = (f"import os\nos.chdir({str(settings.home_root / attacker)!r})\n"
               "os.makedirs('pub', exist_ok=True)\n"
               f"open('pub/page.html', 'w').write('<script>{MARK}\"static\"</script>')\n"
               "line = \"c.ServerApp.extra_static_paths = ['pub']\\n\"\n"
               "os.makedirs('.jupyter', exist_ok=True)\n"
               "for name in ('.jupyter/jupyter_server_config.py', 'jupyter_server_config.py'):\n"
               "    open(name, 'w').write('c = get_config()\\n' + line)\n")  # fmt: skip
    published = _as(attacker, publish)
    assert published.returncode == 0, published.stderr
    for person in people.values():
        person.request_server()
    trainer.formgrader(service, f"assignment/{MODULE}/release")
    for person in people.values():
        person.wait_for_server()
        person.fetch(course, MODULE)
    bad, path = people[attacker], f"{course}/{MODULE}/{NOTEBOOK}"
    inbound = settings.exchange / course / "inbound"

    # 5: passwords of their own; the attacker's password does not open the trainer's account
    try:
        HubPerson.login(hub.base_url, trainer_name, hub.passwords[attacker])
        record.passwords["trainer with the attacker's password"] = "logged in"
    except HubError:
        record.passwords["trainer with the attacker's password"] = "refused"
    record.passwords["distinct"] = len(set(hub.passwords.values())) == len(hub.passwords)
    record.passwords["file"] = settings.new_passwords_file.stat().st_mode & 0o7777

    # 8: limits of the attacker's server (through a kernel, as typed in a notebook)
    record.limits["memory"] = bad.run_code('data = b"x" * (3 * 2**30)\nprint("allocated")')
    record.limits["processes"] = bad.run_code(PROCESS_BOMB)
    record.limits["file"] = bad.run_code(BIG_FILE)
    big = settings.home_root / attacker / course / MODULE / "extra.bin"
    _as(attacker, f"open({str(big)!r}, 'wb').write(b'0' * (30 * 2**20))")
    try:
        bad.submit(course, MODULE)
        record.limits["30 MB submission"] = "accepted"
    except HubError as error:
        record.limits["30 MB submission"] = str(error)[-600:]
    big.unlink()

    record.static_page = bad.http.get(f"{bad.server_url}/static/page.html", timeout=30).status_code
    record.origins = {
        "hub": hub.base_url,
        "attacker's server": origin_of(hub.base_url, attacker, "user"),
        "formgrader": origin_of(hub.base_url, service, "service"),
    }

    # 1 and 3: a hostile notebook (script, handlers, iframe, javascript: links, code that
    # tries to read the grader's secrets) submitted, collected and autograded
    steal_paths = {
        "gradebook": str(settings.course_dir / "gradebook.db"),
        "grader config": str(settings.grader_config_dir / "nbgrader_config.py"),
        "grader home": str(settings.grader_home),
        "source": str(settings.course_dir / "source" / MODULE / NOTEBOOK),
        "other trainee's home": str(settings.home_root / victim),
    }
    bad.write_notebook(path, _hostile_notebook(bad.read_notebook(path), steal_paths))
    bad.submit(course, MODULE)
    # ... and then claims an early time of their own choosing in it
    claimed = "2026-01-01 00:00:00.000000 UTC"
    own = max(inbound.glob(f"{attacker}+{MODULE}+*"), key=lambda folder: folder.stat().st_ctime)
    stamp_file = str(own / "timestamp.txt")
    _as(attacker, f"import os\nos.chmod({stamp_file!r}, 0o600)\n"
                  f"open({stamp_file!r}, 'w').write({claimed!r})")  # fmt: skip

    # 6: the victim submits (many files, modes watched); then forgeries by the attacker
    victim_folder = settings.home_root / victim / course / MODULE
    _as(victim, f"import os\nfor i in range(150): open(os.path.join({str(victim_folder)!r}, "
                f"f'note{{i}}.txt'), 'w').write('x' * 2000)")  # fmt: skip
    notebook = people[victim].read_notebook(path)
    set_answer(notebook, "welcome_q1", "B")
    people[victim].write_notebook(path, notebook)
    stop, modes = threading.Event(), []
    watcher = threading.Thread(target=_watch_modes, args=(inbound, f"{victim}+", stop, modes))
    watcher.start()
    try:
        people[victim].submit(course, MODULE)
    finally:
        stop.set()
        watcher.join()
    record.exchange["modes while copying"] = sorted(set(modes))
    victim_submission = next(inbound.glob(f"{victim}+{MODULE}+*"))
    forged = inbound / f"{victim}+{MODULE}+2099-01-01 00:00:00.000000 UTC+forged"
    linked = inbound / f"{forger}+{MODULE}+2026-01-01 00:00:00.000000 UTC+linked"
    source = settings.course_dir / "source" / MODULE / NOTEBOOK
    places = {
        "forged": str(forged),
        "own copy": str(settings.exchange / course / "outbound" / MODULE / NOTEBOOK),
        "linked": str(linked), "source": str(source), "victim": str(victim_submission),
        "unparsable": str(inbound / f"{honest}+{MODULE}+not a time+x"),
        "closed": str(inbound / f"{honest}+{MODULE}+2026-12-01 10:00:00.000000 UTC+closed"),
        "fifo": str(inbound / f"{forger}+{MODULE}+2026-12-01 11:00:00.000000 UTC+fifo"),
    }  # fmt: skip
    forged_run = _as(forger, FORGE, json.dumps(places))
    record.exchange["attacker"] = json.loads(forged_run.stdout or "{}") or forged_run.stderr
    honest_notebook = people[honest].read_notebook(path)
    set_answer(honest_notebook, "welcome_q1", "B")
    people[honest].write_notebook(path, honest_notebook)
    people[honest].submit(course, MODULE)

    # grading as the hub does it: formgrader buttons refused, grade_hub.py instead
    for button, api in (("collect", f"assignment/{MODULE}/collect"),
                        ("autograde", f"submission/{MODULE}/{attacker}/autograde")):  # fmt: skip
        url = f"{trainer.service_url(service)}/formgrader/api/{api}"
        record.formgrader_buttons[button] = trainer.http.post(url, timeout=60).status_code
    graded = hub.grade(MODULE)
    record.grading = (graded.returncode, graded.stdout + graded.stderr)
    submitted = settings.course_dir / "submitted"
    record.exchange["victim's collected answer"] = _answer(submitted / victim / MODULE / NOTEBOOK)
    record.exchange["forger's collected notebook"] = (
        (submitted / forger / MODULE / NOTEBOOK).read_text(encoding="utf-8")
        if (submitted / forger / MODULE / NOTEBOOK).exists() else ""
    )  # fmt: skip
    stamp = submitted / attacker / MODULE / "timestamp.txt"
    record.exchange["attacker's timestamp"] = stamp.read_text() if stamp.exists() else ""
    record.exchange["attacker's claimed time"] = claimed
    record.exchange["scores"] = {
        row["student"]: row["score"]
        for row in trainer.formgrader(service, f"submissions/{MODULE}", method="GET")
    }
    record.stolen = _probe_output(settings.course_dir / "autograded" / attacker / MODULE / NOTEBOOK)
    record.exchange["inbound mode"] = stat.S_IMODE(inbound.stat().st_mode)

    # 1: the trainer opens the submission and a crafted link in a real browser
    notebooks = trainer.formgrader(service, f"submitted_notebooks/{MODULE}/welcome", method="GET")
    submission_id = next(row["id"] for row in notebooks if row["student"] == attacker)
    formgrader = f"{trainer.service_url(service)}/formgrader"
    reflected = quote(f"<img src=x onerror=\"{MARK}'reflected'\">", safe="")
    record.browser = _browse(
        hub, trainer_name,
        {
            "submission": f"{formgrader}/submissions/{submission_id}/",
            "reflected id": f"{formgrader}/manage_students/{reflected}",
            "config from a path": f"{formgrader}?path=/tmp",
            "attacker's page": f"{bad.server_url}/static/page.html",
        },
    )  # fmt: skip

    # 4: the grader's home holds links to root's files; prepare_hub.py runs again as root
    grader = settings.grader_user
    record.stolen["grader uid"] = pwd.getpwnam(grader).pw_uid
    targets = {"roster": hub.root / "root-file.txt", "config": hub.root / "root-folder"}
    targets["roster"].write_text("root's own\n")
    targets["config"].mkdir()
    (targets["config"] / "nbgrader_config.py").write_text("root's config\n")
    watched = {"roster": targets["roster"], "config": targets["config"] / "nbgrader_config.py"}
    record.planted_targets = {k: _file_state(p) for k, p in watched.items()}
    home = settings.grader_home
    for plant in (
        f"import os\nos.remove('{home}/roster.csv')\nos.symlink('{targets['roster']}', "
        f"'{home}/roster.csv')",
        f"import os\nos.rename('{settings.grader_config_dir}', '{home}/old-config')\n"
        f"os.symlink('{targets['config']}', '{settings.grader_config_dir}')",
    ):
        planted = _as(grader, plant)
        assert planted.returncode == 0, planted.stderr
        prepared = subprocess.run(
            [str(settings.venv_bin / "python"), str(DEPLOY / "prepare_hub.py")],
            env=hub.environment, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        record.prepare_runs.append((prepared.returncode, prepared.stdout + prepared.stderr))
    record.planted_after = {k: _file_state(p) for k, p in watched.items()}

    # 9: the hub's state
    record.state = {
        "folder": settings.hub_state.stat().st_mode & 0o7777,
        "database": (settings.hub_state / "jupyterhub.sqlite").stat().st_mode & 0o7777,
        "probe": _probe_as(
            attacker,
            {
                "database": str(settings.hub_state / "jupyterhub.sqlite"),
                "cookie secret": str(settings.hub_state / "jupyterhub_cookie_secret"),
                "passwords": str(settings.new_passwords_file),
            },
        ),
    }


@pytest.fixture(scope="module")
def attacks() -> Attacks:
    """Every attack, once, on a fresh hub (SQLite gradebook)."""
    settings = _prerequisites()
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is needed for the browser attacks (make browser-deps)")
    with throwaway_hub(trainees=4, trainers=1, venv_bin=settings.venv_bin) as hub:
        record = Attacks(hub)
        try:
            _run_attacks(hub, record)
        except (HubError, StopIteration, subprocess.SubprocessError, OSError) as error:
            pytest.fail(
                f"{error!r}\n--- grading ---\n{record.grading[1][-4000:]}\n"
                f"--- hub log (tail) ---\n{hub.log.read_text()[-4000:]}"
            )
        return record


def test_stored_and_reflected_xss_do_not_run_for_the_trainer(attacks: Attacks) -> None:
    """Class 1: does nothing a trainee put in a notebook, or in a formgrader link, run in the
    trainer's browser, while the submission itself is still shown?"""
    seen = attacks.browser
    submission = seen["submission"]
    assert submission["status"] == 200
    assert "hostile-marker" in submission["text"] and "bold-marker" in submission["text"]
    assert submission["pwned"] == ""
    assert submission["javascript links"] == 0
    assert "script-src 'nonce-" in submission["csp"]
    assert seen["reflected id"]["pwned"] == ""
    assert "<img src=x" in seen["reflected id"]["text"]  # shown as text, not markup
    assert seen["config from a path"]["status"] == 400


def test_trainee_cannot_publish_pages_into_the_hub_origin(attacks: Attacks) -> None:
    """Class 2: is a trainee's own extra_static_paths ignored, and their server in an origin of
    its own, apart from the hub's and the formgrader's?"""
    assert attacks.static_page == 404
    assert attacks.browser["attacker's page"]["pwned"] == ""
    hosts = {label: urlsplit(url).netloc for label, url in attacks.origins.items()}
    assert len(set(hosts.values())) == 3, hosts


def test_trainee_code_never_runs_as_the_grader(attacks: Attacks) -> None:
    """Class 3: are the formgrader's Collect/Autograde refused, and does the hostile notebook,
    autograded by grade_hub.py, run without the grader's rights, files or secrets?"""
    assert attacks.formgrader_buttons == {"collect": 403, "autograde": 403}
    stolen = attacks.stolen
    assert stolen, "the probe cell's output is missing from the autograded notebook"
    assert stolen["uid"] not in (0, stolen["grader uid"])
    for label in ("gradebook", "grader config", "grader home", "source", "other trainee's home"):
        assert not str(stolen[label]).startswith("read"), (label, stolen[label])
    assert stolen["secrets in environment"] == []


def test_prepare_hub_never_follows_links_in_the_graders_home(attacks: Attacks) -> None:
    """Class 4: with links planted in the grader's home, does prepare_hub.py (as root) stop
    with a message and leave root's files as they were?"""
    assert attacks.planted_after == attacks.planted_targets
    for returncode, output in attacks.prepare_runs:
        assert returncode != 0
        assert "failed" in output or "refusing" in output, output[-500:]


def test_no_shared_password(attacks: Attacks) -> None:
    """Class 5: does each person have their own password, kept in a root-only file, so that a
    trainee's password does not open the trainer's account?"""
    assert attacks.passwords == {
        "trainer with the attacker's password": "refused",
        "distinct": True,
        "file": 0o600,
    }


def test_exchange_refuses_forgery_links_and_renames(attacks: Attacks) -> None:
    """Class 6: a forged, future-dated folder in another's name, a linked notebook, an own
    timestamp and renaming another's folder: none of it takes effect; a submission is never
    open to others while it is copied."""
    exchange = attacks.exchange
    assert exchange["inbound mode"] == 0o3733  # sticky: only a folder's owner renames it
    assert exchange["attacker"] == {"rename": "PermissionError", "read victim": "PermissionError"}
    assert exchange["modes while copying"], "the watcher saw no submission folder"
    for mode, _files in exchange["modes while copying"]:
        assert mode & 0o007 == 0, oct(mode)
    assert exchange["victim's collected answer"] == "B"  # the victim's own, not the forgery
    assert "BEGIN SOLUTION" not in exchange["forger's collected notebook"]
    assert exchange["attacker's claimed time"] not in exchange["attacker's timestamp"]
    assert exchange["scores"][attacks.victim] == 1.0


def test_one_bad_folder_does_not_stop_collect(attacks: Attacks) -> None:
    """Class 7: with an unparsable name, a closed folder and a FIFO in inbound, is everyone
    else still collected and graded, and the bad folders reported?"""
    output = attacks.grading[1]
    honest = attacks.hub.users.trainees[2]
    assert attacks.exchange["scores"][honest] == 1.0, output
    assert "Traceback" not in output
    assert "not a time" in output  # the unparsable folder is named in the report


def test_per_trainee_limits(attacks: Attacks) -> None:
    """Class 8: are memory, processes, file size and submission size bounded per trainee?"""
    limits = attacks.limits
    assert "allocated" not in limits["memory"], limits["memory"]
    started = int(limits["processes"].split()[1])
    assert started < 300 and "refused" in limits["processes"], limits["processes"]
    assert not limits["file"].startswith("wrote"), limits["file"]
    assert "larger than" in limits["30 MB submission"], limits["30 MB submission"]


def test_hub_state_is_root_only(attacks: Attacks) -> None:
    """Class 9: are the state folder and the hub database closed to trainees?"""
    state = attacks.state
    assert state["folder"] == 0o700
    assert state["database"] == 0o600
    assert set(state["probe"].values()) == {"denied"}, state["probe"]
