"""Prepare one machine for the course hub (run as root before JupyterHub starts; re-runnable).

1. unix accounts: the grader account that runs the formgrader service, and one per hub user
   (homes 0700, so nobody reads another person's work), each hub user with a password of their
   own: new ones are written once to a root-only file (``state/new-passwords.txt``);
2. the exchange: root-owned root (0755, never world-writable), the course folder owned by the
   grader, ``inbound`` 3733 (trainees may drop a submission in but not list others', and the
   sticky bit keeps anyone from renaming or removing a folder they do not own);
3. the course, built as the grader from ``modules/`` and the organization profile;
4. nbgrader and Jupyter configuration for the formgrader service and for trainee servers;
5. with ``GRADEBOOK_URL`` set (e.g. PostgreSQL), the modules and roster loaded into that gradebook;
6. the hub's state folder 0700 and its database 0600 (root only).

Root never follows a link someone else could have planted: folders are opened component by
component with ``O_NOFOLLOW`` and changed through the open handle, and everything written into
the grader's home is written by a child process that has become the grader first.

    sudo PST_HUB_USERS=users.yaml PST_ORG=org.yaml $VENV/bin/python deploy/jupyterhub/prepare_hub.py
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import secrets
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hub_settings import HERE, HubSettings, HubUsers

from grading.course.trainee_lab import TRAINEE_CSS

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
# What an honest Submit sends at most (KB): larger files are left out, larger folders refused.
c.CourseDirectory.max_file_size = {max_kb}
c.CourseDirectory.max_dir_size = {max_kb}
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
        # strict CSP, escaped ids, sanitized submissions, no Collect/Autograde buttons
        "jpserver_extensions": {"formgrader_guard": True},
    }
}
# Trainees do not get the instructor tools (formgrader, create assignment) in their servers,
# nor Validate: it runs only the visible checks of a released notebook and then says "Success!
# Your notebook passes all the tests" while hidden tests may fail (as in `make lab`'s config,
# grading/course/trainee_lab.py). Autograde and feedback are the honest check. custom/custom.css
# (read from JUPYTER_CONFIG_DIR, this folder) hides the Assignments tab's own Validate buttons.
TRAINEE_SERVER_CONFIG = {
    "ServerApp": {
        "jpserver_extensions": {
            "nbgrader.server_extensions.formgrader": False,
            "nbgrader.server_extensions.validate_assignment": False,
        }
    },
    "LabApp": {"custom_css": True},
}
TRAINEE_PAGE_CONFIG = {
    "disabledExtensions": {
        "@jupyter/nbgrader:formgrader": True,
        "@jupyter/nbgrader:create-assignment": True,
        "@jupyter/nbgrader:validate-assignment": True,
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


def open_directory(path: Path, create: bool = False) -> int:
    """A handle on folder `path`, refusing a symbolic link anywhere on the way.

    Each component is opened relative to the one before with ``O_NOFOLLOW``; with `create`,
    missing folders are made (root-owned, 0755) on the way.
    """
    handle = os.open("/", os.O_RDONLY | os.O_DIRECTORY)
    try:
        for part in Path(os.path.abspath(path)).parts[1:]:
            try:
                child = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=handle)
            except FileNotFoundError:
                if not create:
                    raise
                os.mkdir(part, 0o755, dir_fd=handle)
                child = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=handle)
            except OSError as error:
                raise SystemExit(
                    f"{path}: {part!r} is not a plain folder ({error.strerror}); refusing to "
                    "follow it as root. Remove it and run prepare_hub.py again."
                ) from None
            os.close(handle)
            handle = child
    except BaseException:
        os.close(handle)
        raise
    return handle


def ensure_directory(path: Path, owner: pwd.struct_passwd | None, mode: int) -> None:
    """`path` exists with this owner (root if None) and exact mode; no link is followed."""
    handle = open_directory(path, create=True)
    try:
        os.fchown(handle, owner.pw_uid if owner else 0, owner.pw_gid if owner else 0)
        os.fchmod(handle, mode)
    finally:
        os.close(handle)


def as_account(account: pwd.struct_passwd, step: Callable[[], None]) -> None:
    """Run `step` in a child process that has become `account` (no root rights left)."""
    child = os.fork()
    if child == 0:
        code = 1
        try:
            os.setgroups([])
            os.setgid(account.pw_gid)
            os.setuid(account.pw_uid)
            os.umask(0o077)
            step()
            code = 0
        except BaseException as error:  # reported by the parent through the exit code
            print(f"as {account.pw_name}: {error}", file=sys.stderr)
        finally:
            os._exit(code)
    _, status = os.waitpid(child, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"a step as {account.pw_name} failed (see the message above)")


def write_file(path: Path, text: str, mode: int) -> None:
    """Write `path` (never through a symbolic link) with exact mode."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, mode)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
        os.fchmod(stream.fileno(), mode)


def make_private_folder(path: Path) -> None:
    """`path` as a 0700 folder of the current account (never a link); for :func:`as_account`."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(path, 0o700)
    handle = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    os.fchmod(handle, 0o700)
    os.close(handle)


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
    ensure_directory(Path(account.pw_dir), account, 0o700)
    return account


def ensure_password(name: str, settings: HubSettings) -> bool:
    """Give `name` a password of their own unless the account has a usable one already.

    The new password goes once into the root-only file ``settings.new_passwords_file``.
    """
    status = run(["passwd", "--status", name]).stdout.split()
    if len(status) > 1 and status[1] == "P":
        return False
    password = secrets.token_urlsafe(12)
    run(["chpasswd"], input=f"{name}:{password}\n")
    handle = os.open(
        settings.new_passwords_file,
        os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW,
        0o600,
    )
    with os.fdopen(handle, "a", encoding="utf-8") as stream:
        os.fchmod(stream.fileno(), 0o600)
        stream.write(f"{name} {password}\n")
    return True


def prepare_state(settings: HubSettings) -> None:
    """The hub's state folder (database, cookie secret) for root only; the shared config beside."""
    ensure_directory(settings.hub_state, None, 0o700)
    database = settings.hub_state / "jupyterhub.sqlite"
    handle = os.open(database, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    os.fchown(handle, 0, 0)
    os.fchmod(handle, 0o600)
    os.close(handle)


def prepare_exchange(settings: HubSettings, grader: pwd.struct_passwd) -> None:
    """Root-owned exchange root; the course's folders owned by the grader."""
    ensure_directory(settings.exchange, None, 0o755)
    course = settings.exchange / settings.course_id
    ensure_directory(course, grader, 0o755)
    ensure_directory(course / "outbound", grader, 0o755)
    ensure_directory(course / "inbound", grader, 0o3733)


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
    """The trainees as a roster CSV in the grader's home (written as the grader)."""
    roster = settings.grader_home / "roster.csv"
    text = "id\n" + "".join(f"{name}\n" for name in users.trainees)
    as_account(grader, lambda: write_file(roster, text, 0o600))
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
    """nbgrader + server config of the formgrader service, private to the grader (as the grader)."""
    folder = settings.grader_config_dir
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

    def write() -> None:
        make_private_folder(folder)
        write_file(folder / "nbgrader_config.py", text, 0o600)
        write_file(folder / "jupyter_server_config.json", json.dumps(server, indent=2), 0o600)

    as_account(grader, write)


def write_trainee_config(settings: HubSettings) -> None:
    """nbgrader + server + lab config for trainee servers (root-owned, world-readable)."""
    folder = settings.trainee_config_dir
    ensure_directory(folder.parent, None, 0o755)
    ensure_directory(folder, None, 0o755)
    ensure_directory(folder / "labconfig", None, 0o755)
    ensure_directory(folder / "custom", None, 0o755)
    text = TRAINEE_NBGRADER_CONFIG.format(
        exchange=str(settings.exchange), max_kb=settings.submission_mb * 1000
    )
    _write(folder / "nbgrader_config.py", text, 0o644)
    _write(folder / "jupyter_server_config.json", json.dumps(TRAINEE_SERVER_CONFIG), 0o644)
    _write(folder / "labconfig" / "page_config.json", json.dumps(TRAINEE_PAGE_CONFIG), 0o644)
    _write(folder / "custom" / "custom.css", TRAINEE_CSS, 0o644)
    # Jupyter's one-off IPython-3 migration writes here unless this marker exists (and the
    # folder is root's, so a server that tried would fail to start).
    _write(folder / "migrated", "", 0o644)
    for module in ("pst_exchange.py", "formgrader_guard.py"):
        _write(folder / module, (HERE / module).read_text(encoding="utf-8"), 0o644)


def _write(path: Path, text: str, mode: int) -> None:
    """Root writes a root-owned file in a root-owned folder."""
    write_file(path, text, mode)
    os.chown(path, 0, 0, follow_symlinks=False)


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
    prepare_state(settings)
    ensure_directory(settings.home_root, None, 0o755)
    grader = ensure_unix_user(settings.grader_user, settings.home_root)
    new_passwords = 0
    for name in users.everyone:
        ensure_unix_user(name, settings.home_root)
        new_passwords += ensure_password(name, settings)
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
    if new_passwords:
        print(
            f"{new_passwords} new password(s) in {settings.new_passwords_file} (root only): give "
            "each person their own, then delete the file."
        )


if __name__ == "__main__":
    prepare(HubSettings.from_env())
