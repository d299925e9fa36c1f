"""Prepare one machine for the course hub (run as root before JupyterHub starts; re-runnable).

1. unix accounts: the grader account that runs the formgrader service, and one per hub user
   (homes 0700, so nobody reads another person's work);
2. the exchange: root-owned root (0755, never world-writable), the course folder owned by the
   grader, ``inbound`` 2733 (trainees may drop a submission in but not list others');
3. the course, built as the grader from ``modules/`` and the organization profile;
4. nbgrader and Jupyter configuration for the formgrader service and for trainee servers;
5. with ``GRADEBOOK_URL`` set (e.g. PostgreSQL), the modules and roster loaded into that gradebook.

    sudo PST_HUB_USERS=users.yaml PST_ORG=org.yaml $VENV/bin/python deploy/jupyterhub/prepare_hub.py
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hub_settings import HERE, HubSettings, HubUsers

FIRST_PERSON_UID = 1000
GRADER_NBGRADER_CONFIG = """\
# Written by deploy/jupyterhub/prepare_hub.py for the formgrader service (grader account only).
c = get_config()  # noqa: F821
c.CourseDirectory.root = {course_dir!r}
c.CourseDirectory.course_id = {course_id!r}
c.Exchange.root = {exchange!r}
c.Exchange.path_includes_course = True
# The exchange root is root-owned 0755; without groupshared nbgrader would try to chmod it 0777.
c.CourseDirectory.groupshared = True
# The grader account is not a hub user and course membership lives in the hub (users file):
# the instructor side keeps nbgrader's default auth plugin; trainee servers use the hub's.
"""
GRADER_DB_LINE = "c.CourseDirectory.db_url = {db_url!r}\n"
TRAINEE_NBGRADER_CONFIG = """\
# Written by deploy/jupyterhub/prepare_hub.py for trainee and trainer servers.
c = get_config()  # noqa: F821
c.Exchange.root = {exchange!r}
c.Exchange.path_includes_course = True
# nbgrader insists on a world-writable exchange root unless groupshared is on (nbgrader #1225);
# ours is root-owned 0755. Each person has a private unix group, so group permissions stay theirs.
c.CourseDirectory.groupshared = True
c.Authenticator.plugin_class = "nbgrader.auth.JupyterHubAuthPlugin"
c.ExchangeFactory.submit = "pst_exchange.PrivateSubmit"
"""
# Formgrader runs inside its own JupyterLab: allow framing by the same origin (nbgrader #1870).
GRADER_SERVER_CONFIG = {
    "ServerApp": {
        "root_dir": "{grader_home}",
        "tornado_settings": {"headers": {"Content-Security-Policy": "frame-ancestors 'self'"}},
    }
}
# Trainees do not get the instructor tools (formgrader, create assignment) in their servers.
TRAINEE_SERVER_CONFIG = {
    "ServerApp": {"jpserver_extensions": {"nbgrader.server_extensions.formgrader": False}}
}
TRAINEE_PAGE_CONFIG = {
    "disabledExtensions": {
        "@jupyter/nbgrader:formgrader": True,
        "@jupyter/nbgrader:create-assignment": True,
    }
}


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run a command, failing with its output when it fails."""
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise SystemExit(
            f"`{' '.join(command)}` failed ({result.returncode}):\n{result.stdout}{result.stderr}"
        )
    return result


def ensure_unix_user(name: str, home_root: Path) -> pwd.struct_passwd:
    """Create `name` with a private home under `home_root` unless it exists.

    System accounts (uid below 1000, e.g. root) are refused: a hub user named like one would
    get that account's rights.
    """
    try:
        account = pwd.getpwnam(name)
        if account.pw_uid < FIRST_PERSON_UID:
            raise SystemExit(
                f"users file: {name!r} is a system account (uid {account.pw_uid}); "
                "choose another login name."
            )
    except KeyError:
        home = home_root / name
        run(["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/bash", name])
        account = pwd.getpwnam(name)
    os.chmod(account.pw_dir, 0o700)
    return account


def ensure_directory(path: Path, owner: pwd.struct_passwd | None, mode: int) -> None:
    """`path` exists with this owner (root if None) and exact mode."""
    path.mkdir(parents=True, exist_ok=True)
    uid, gid = (owner.pw_uid, owner.pw_gid) if owner else (0, 0)
    os.chown(path, uid, gid)
    os.chmod(path, mode)


def prepare_exchange(settings: HubSettings, grader: pwd.struct_passwd) -> None:
    """Root-owned exchange root; the course's folders owned by the grader."""
    for parent in reversed(settings.exchange.parents):
        if not parent.exists():
            ensure_directory(parent, None, 0o755)
    ensure_directory(settings.exchange, None, 0o755)
    course = settings.exchange / settings.course_id
    ensure_directory(course, grader, 0o755)
    ensure_directory(course / "outbound", grader, 0o755)
    ensure_directory(course / "inbound", grader, 0o2733)


def as_grader(settings: HubSettings, grader: pwd.struct_passwd, command: list[str], cwd: Path):
    """Run `command` as the grader account with the venv and the grader's Jupyter config."""
    env = {
        "HOME": grader.pw_dir,
        "USER": grader.pw_name,
        "PATH": f"{settings.venv_bin}:/usr/local/bin:/usr/bin:/bin",
        "JUPYTER_CONFIG_PATH": str(settings.grader_config_dir),
        "LANG": "C.UTF-8",
    }
    return run(
        ["runuser", "-u", grader.pw_name, "--", "env", "-i", *_env_args(env), *command], cwd=cwd
    )


def _env_args(env: dict[str, str]) -> list[str]:
    return [f"{key}={value}" for key, value in env.items()]


def write_roster(settings: HubSettings, users: HubUsers, grader: pwd.struct_passwd) -> Path:
    """The trainees as a roster CSV in the grader's home."""
    roster = settings.grader_home / "roster.csv"
    roster.write_text("id\n" + "".join(f"{name}\n" for name in users.trainees), encoding="utf-8")
    os.chown(roster, grader.pw_uid, grader.pw_gid)
    return roster


def build_course(settings: HubSettings, grader: pwd.struct_passwd, roster: Path) -> None:
    """`python -m grading build` as the grader, from the modules and the org profile."""
    command = [
        str(settings.venv_bin / "python"), "-m", "grading", "build",
        "--modules", str(settings.modules.resolve()),
        "--course", str(settings.course_dir),
        "--exchange", str(settings.exchange),
        "--roster", str(roster),
    ]  # fmt: skip
    if settings.org:
        command += ["--org", str(settings.org.resolve())]
    as_grader(settings, grader, command, cwd=settings.grader_home)


def write_grader_config(settings: HubSettings, grader: pwd.struct_passwd) -> None:
    """nbgrader + server config of the formgrader service, private to the grader."""
    folder = settings.grader_config_dir
    ensure_directory(folder, grader, 0o700)
    text = GRADER_NBGRADER_CONFIG.format(
        course_dir=str(settings.course_dir),
        course_id=settings.course_id,
        exchange=str(settings.exchange),
    )
    if settings.gradebook_url:
        text += GRADER_DB_LINE.format(db_url=settings.gradebook_url)
    server = json.loads(
        json.dumps(GRADER_SERVER_CONFIG).replace("{grader_home}", str(settings.grader_home))
    )
    _write(folder / "nbgrader_config.py", text, grader, 0o600)
    _write(folder / "jupyter_server_config.json", json.dumps(server, indent=2), grader, 0o600)


def write_trainee_config(settings: HubSettings) -> None:
    """nbgrader + server + lab config for trainee servers (root-owned, world-readable)."""
    folder = settings.trainee_config_dir
    ensure_directory(folder, None, 0o755)
    ensure_directory(folder / "labconfig", None, 0o755)
    text = TRAINEE_NBGRADER_CONFIG.format(exchange=str(settings.exchange))
    _write(folder / "nbgrader_config.py", text, None, 0o644)
    _write(folder / "jupyter_server_config.json", json.dumps(TRAINEE_SERVER_CONFIG), None, 0o644)
    _write(folder / "labconfig" / "page_config.json", json.dumps(TRAINEE_PAGE_CONFIG), None, 0o644)
    shutil.copy2(HERE / "pst_exchange.py", folder / "pst_exchange.py")
    os.chmod(folder / "pst_exchange.py", 0o644)


def _write(path: Path, text: str, owner: pwd.struct_passwd | None, mode: int) -> None:
    path.write_text(text, encoding="utf-8")
    os.chown(path, owner.pw_uid if owner else 0, owner.pw_gid if owner else 0)
    os.chmod(path, mode)


def load_external_gradebook(settings: HubSettings, grader: pwd.struct_passwd, roster: Path):
    """Put the modules and trainees into the gradebook at GRADEBOOK_URL (e.g. PostgreSQL)."""
    nbgrader = str(settings.venv_bin / "nbgrader")
    as_grader(
        settings,
        grader,
        [nbgrader, "db", "student", "import", str(roster)],
        cwd=settings.course_dir,
    )
    for module in sorted(p.name for p in (settings.course_dir / "source").iterdir()):
        as_grader(
            settings,
            grader,
            [nbgrader, "generate_assignment", "--force", module],
            cwd=settings.course_dir,
        )


def prepare(settings: HubSettings) -> None:
    """Every preparation step, in order."""
    if os.geteuid() != 0:
        raise SystemExit("prepare_hub.py creates unix accounts: run it as root.")
    users = settings.load_users()
    settings.hub_state.mkdir(parents=True, exist_ok=True)
    os.chmod(settings.hub_state, 0o755)
    settings.home_root.mkdir(parents=True, exist_ok=True)
    grader = ensure_unix_user(settings.grader_user, settings.home_root)
    for name in users.everyone:
        ensure_unix_user(name, settings.home_root)
    prepare_exchange(settings, grader)
    write_grader_config(settings, grader)
    write_trainee_config(settings)
    roster = write_roster(settings, users, grader)
    build_course(settings, grader, roster)
    if settings.gradebook_url:
        load_external_gradebook(settings, grader, roster)
    print(
        f"Prepared {settings.course_id}: course {settings.course_dir}, exchange "
        f"{settings.exchange}, {len(users.trainees)} trainee(s), {len(users.trainers)} trainer(s), "
        f"gradebook {'at GRADEBOOK_URL' if settings.gradebook_url else 'SQLite in the course'}."
    )


if __name__ == "__main__":
    prepare(HubSettings.from_env())
