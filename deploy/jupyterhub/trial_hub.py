"""A throwaway course hub on 127.0.0.1: temporary folders, unix accounts and ports, removed again.

For the hub integration test and the load benchmark (run as root). JupyterHub runs under
``timeout``, so it stops by itself even if the caller dies; on exit the hub is stopped, leftover
processes of the throwaway accounts are ended by pid, the accounts and folders removed.

    with throwaway_hub(trainees=3, gradebook="sqlite") as hub:
        name = hub.users.trainees[0]
        person = HubPerson.login(hub.base_url, name, hub.passwords[name])
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import hub_client  # noqa: F401  (requests: every *.localhost name is this machine)
import requests
from hub_settings import HERE, REPO, HubSettings, HubUsers
from trial_ports import free_port

HUB_LIFETIME_SECONDS = 900
START_TIMEOUT = 90


@dataclass
class TrialHub:
    """What a caller needs to use the throwaway hub."""

    base_url: str
    passwords: dict[str, str]
    settings: HubSettings
    users: HubUsers
    root: Path
    log: Path
    gradebook_url: str
    environment: dict[str, str]

    def grade(self, *modules: str) -> subprocess.CompletedProcess:
        """Run grade_hub.py (collect as the grader, sandboxed autograde as root) for this hub."""
        command = [str(self.settings.venv_bin / "python"), str(HERE / "grade_hub.py")]
        command += [arg for module in modules for arg in ("--module", module)]
        return subprocess.run(
            command, env=self.environment, capture_output=True, text=True, timeout=600
        )


def _accounts_pids(names: list[str]) -> list[int]:
    uids = set()
    for name in names:
        try:
            uids.add(pwd.getpwnam(name).pw_uid)
        except KeyError:
            continue
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid in uids:
                    pids.append(int(entry.name))
            except FileNotFoundError:
                continue
    return pids


def _end_processes(pids: list[int]) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                continue
        time.sleep(1)


def _remove_accounts(names: list[str]) -> None:
    _end_processes(_accounts_pids(names))
    for name in names:
        subprocess.run(["userdel", "--remove", name], capture_output=True, check=False)


def _copy_modules(modules: list[str], target: Path) -> Path:
    for module in modules:
        shutil.copytree(REPO / "modules" / module, target / module)
    subprocess.run(["chmod", "-R", "a+rX", str(target)], check=True)
    return target


def _read_passwords(path: Path) -> dict[str, str]:
    """The passwords prepare_hub.py made for the throwaway accounts (``name password`` lines)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split(" ", 1) for line in lines if line.strip())


def _wait_until_up(base_url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterHub exited early:\n{log.read_text()[-4000:]}")
        try:
            if requests.get(f"{base_url}/hub/api/", timeout=5).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.5)
    tail = log.read_text()[-4000:]
    raise RuntimeError(f"JupyterHub did not answer in {START_TIMEOUT} s:\n{tail}")


def _stop(process: subprocess.Popen) -> None:
    """Ctrl-C first (JupyterHub then stops the proxy, the service and every server), then force."""
    for sig, wait in ((signal.SIGINT, 30), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        if process.poll() is not None:
            return
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue


@contextmanager
def throwaway_hub(
    trainees: int = 3,
    trainers: int = 1,
    gradebook: str = "sqlite",
    modules: tuple[str, ...] = ("00-welcome",),
    venv_bin: Path | None = None,
    org_yaml: str = "",
) -> Iterator[TrialHub]:
    """Prepare and start a hub with fresh accounts; `gradebook` is "sqlite" or "postgresql".

    `org_yaml` is the text of an organization profile to build the course with (default profile
    if empty).
    """
    tag = secrets.token_hex(2)
    users = HubUsers(
        trainers=[f"pst{tag}-trainer{i}" for i in range(1, trainers + 1)],
        trainees=[f"pst{tag}-trainee{i}" for i in range(1, trainees + 1)],
    )
    grader = f"pst{tag}-grader"
    root = Path(tempfile.mkdtemp(prefix="pst-hub-", dir="/tmp"))
    os.chmod(root, 0o755)
    with ExitStack() as cleanup:
        cleanup.callback(shutil.rmtree, root, ignore_errors=True)
        cleanup.callback(_remove_accounts, [*users.everyone, grader])
        gradebook_url = ""
        if gradebook == "postgresql":
            from trial_postgres import private_postgres

            gradebook_url = cleanup.enter_context(private_postgres(root / "postgres"))
        users_file = root / "hub-users.yaml"
        users_file.write_text(
            f"trainers: {users.trainers}\ntrainees: {users.trainees}\n", encoding="utf-8"
        )
        env = {
            "PST_HUB_STATE": str(root / "state"),
            "PST_HUB_USERS": str(users_file),
            "PST_HUB_DOMAIN": "hub.localhost",
            "PST_MODULES": str(_copy_modules(list(modules), root / "modules")),
            "PST_EXCHANGE": str(root / "exchange"),
            "PST_HOME_ROOT": str(root / "home"),
            "PST_GRADER_USER": grader,
            "PST_HUB_PORT": str(free_port()),
            "PST_HUB_API_PORT": str(free_port()),
            "PST_PROXY_API_PORT": str(free_port()),
            "PST_FORMGRADER_PORT": str(free_port()),
            "GRADEBOOK_URL": gradebook_url,
        }
        if venv_bin:
            env["PST_VENV_BIN"] = str(venv_bin)
        if org_yaml:
            (root / "org.yaml").write_text(org_yaml, encoding="utf-8")
            os.chmod(root / "org.yaml", 0o644)
            env["PST_ORG"] = str(root / "org.yaml")
        settings = HubSettings.from_env(env)
        process_env = os.environ | env | {"PATH": f"{settings.venv_bin}:{os.environ['PATH']}"}
        process_env.pop("JUPYTER_CONFIG_PATH", None)
        process_env.pop("PST_HUB_PASSWORD", None)
        prepared = subprocess.run(
            [str(settings.venv_bin / "python"), str(HERE / "prepare_hub.py")],
            env=process_env, timeout=300, capture_output=True, text=True,
        )  # fmt: skip
        if prepared.returncode != 0:
            raise RuntimeError(f"prepare_hub.py failed:\n{prepared.stdout}{prepared.stderr}")
        passwords = _read_passwords(settings.new_passwords_file)
        log = root / "jupyterhub.log"
        with log.open("w") as log_handle:
            process = subprocess.Popen(
                ["timeout", "--kill-after=20", str(HUB_LIFETIME_SECONDS),
                 str(settings.venv_bin / "jupyterhub"), "-f", str(HERE / "jupyterhub_config.py")],
                cwd=root, env=process_env, stdout=log_handle, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        cleanup.callback(_stop, process)
        base_url = settings.public_url
        _wait_until_up(base_url, process, log)
        yield TrialHub(base_url, passwords, settings, users, root, log, gradebook_url, process_env)
