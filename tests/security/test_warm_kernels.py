"""Does a kernel forked from the warm parent (grading.grade.fork_server) keep every sandbox
guarantee?

Autograde starts every notebook's kernel this way. The probes of test_sandbox.py run again
here against a forked kernel (they are collected here again, with this file's `probe`), and
the tests of this file check what forking adds: nothing one notebook did reaches the next
one forked from the same parent, the process limit and the clean-up at shutdown still hold,
and only the grading account can ask the parent for a kernel.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from grading.grade.fork_server import ForkServer
from grading.grade.kernel_stub import SOCKET_ENV
from grading.grade.sandbox import full_isolation_available
from grading.grade.sandboxed_kernel import project_command
from tests.security import test_sandbox as cold
from tests.security.test_sandbox import FULL, Probe

# The probes of test_sandbox.py, in its order (the last one spends the kernel's output budget),
# collected here again with this file's `probe`: a forked kernel.
test_kernel_works_on_a_private_copy = cold.test_kernel_works_on_a_private_copy
test_grader_secrets_are_not_in_the_environment = cold.test_grader_secrets_are_not_in_the_environment
test_gradebook_sources_and_other_trainees_are_invisible = (
    cold.test_gradebook_sources_and_other_trainees_are_invisible
)
test_no_open_descriptor_leads_out_of_the_sandbox = (
    cold.test_no_open_descriptor_leads_out_of_the_sandbox
)
test_the_kernel_holds_no_file_of_the_grader = cold.test_the_kernel_holds_no_file_of_the_grader
test_kernel_runs_as_an_unprivileged_user = cold.test_kernel_runs_as_an_unprivileged_user
test_network_and_other_processes_are_out_of_reach = (
    cold.test_network_and_other_processes_are_out_of_reach
)
test_limits_bound_memory_files_and_output = cold.test_limits_bound_memory_files_and_output


class WarmProbe(Probe):
    """A Probe whose kernels are forked from a warm parent, as autograde's are."""

    def __init__(self, root: Path, *options: str) -> None:
        super().__init__(root, *options)
        spec = root / "jupyter" / "kernels" / "python3" / "kernel.json"
        kernel = json.loads(spec.read_text(encoding="utf-8"))
        cold = len(project_command("grading.grade.sandboxed_kernel"))
        kernel["argv"] = [*project_command("grading.grade.kernel_stub"), *kernel["argv"][cold:]]
        spec.write_text(json.dumps(kernel), encoding="utf-8")


@pytest.fixture(scope="module")
def warm_parent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A running warm parent, named in the environment kernels start with; its socket."""
    folder = tmp_path_factory.mktemp("warm")
    folder.chmod(0o700)
    server = ForkServer(folder / "socket")
    server.wait_ready()
    mp = pytest.MonkeyPatch()
    mp.setenv(SOCKET_ENV, str(folder / "socket"))
    yield folder / "socket"
    mp.undo()
    server.process.kill()
    server.process.wait()


@pytest.fixture(scope="module")
def probe(tmp_path_factory: pytest.TempPathFactory, warm_parent: Path) -> Iterator[Probe]:
    """One forked kernel for the probes imported from test_sandbox.py."""
    root = tmp_path_factory.mktemp("sandbox-warm")
    mp = pytest.MonkeyPatch()
    mp.setenv("JUPYTER_PATH", str(root / "jupyter"))
    mp.setenv("GRADER_SECRET_TOKEN", "do-not-leak")
    kernel = WarmProbe(root)
    kernel.start()
    yield kernel
    kernel.manager.shutdown_kernel(now=True)
    mp.undo()


def _started(root: Path, monkeypatch: pytest.MonkeyPatch, *options: str) -> WarmProbe:
    monkeypatch.setenv("JUPYTER_PATH", str(root / "jupyter"))
    kernel = WarmProbe(root, *options)
    kernel.start()
    return kernel


@pytest.mark.parametrize("mode", ["isolated", "limits-only"])
def test_nothing_one_notebook_did_reaches_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warm_parent: Path, mode: str
) -> None:
    """Does a kernel forked after another one see none of its globals, its changes to the
    preloaded modules (a monkeypatched checker), its files or its environment?"""
    if mode == "isolated" and not full_isolation_available():
        pytest.skip("full isolation needs root on Linux")
    options = ["--limits-only"] if mode == "limits-only" else []
    first = _started(tmp_path / "first", monkeypatch, *options)
    try:
        out = first.run(
            "import sys\n"
            "print('preloaded' if 'grading.checks.mi' in sys.modules else 'cold')\n"
            "import os, grading.checks.mi as mi, grading.checks.answers as answers\n"
            "LEFT_BEHIND = 'ana'\n"
            "mi.check_reflection = lambda *a, **k: None\n"
            "answers.STATE.choice_feedback = 'tampered'\n"
            "sys.modules['simulator'].planted = True\n"
            "os.environ['LEFT_BEHIND'] = '1'\n"
            "import tempfile; open(tempfile.gettempdir() + '/left-behind', 'w').write('x')\n"
        )
        assert "preloaded" in out
    finally:
        first.manager.shutdown_kernel(now=True)
    second = _started(tmp_path / "second", monkeypatch, *options)
    try:
        out = second.run(
            "import json, os, sys, tempfile\n"
            "import grading.checks.mi as mi, grading.checks.answers as answers\n"
            "import simulator\n"
            "temp = tempfile.gettempdir()\n"
            "print(json.dumps([\n"
            "    'LEFT_BEHIND' in globals(), mi.check_reflection.__name__,\n"
            "    answers.STATE.choice_feedback == 'tampered', hasattr(simulator, 'planted'),\n"
            "    'LEFT_BEHIND' in os.environ, os.path.exists(temp + '/left-behind')]))\n"
        )
    finally:
        second.manager.shutdown_kernel(now=True)
    assert json.loads(out) == [False, "check_reflection", False, False, False, False]


@FULL
def test_a_forked_kernel_is_bounded_and_nothing_outlives_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warm_parent: Path
) -> None:
    """Is a fork bomb in a forked kernel stopped at the process limit, is its memory capped,
    and is every process it started gone once nbgrader kills the kernel?"""
    kernel = _started(tmp_path, monkeypatch)
    uid = int(kernel.run("import os; print(os.getuid())"))
    assert "MemoryError" in kernel.run("x = bytearray(2 * 2**30)")
    bomb = kernel.run(cold.FORK_BOMB)
    assert "stopped after" in bomb and int(bomb.split()[2]) < 64
    kernel.manager.shutdown_kernel(now=True)
    cold.assert_all_gone(uid)


def test_an_interrupt_reaches_the_forked_kernel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warm_parent: Path
) -> None:
    """Does jupyter_client's interrupt (a signal to the process it started) stop a running
    cell of the forked kernel, which then runs the next cell (a hung cell's timeout)?"""
    kernel = _started(tmp_path, monkeypatch)
    try:
        asked = kernel.client.execute("import time; time.sleep(60)")
        time.sleep(2)
        started = time.monotonic()
        kernel.manager.interrupt_kernel()
        reply = kernel.client.get_shell_msg(timeout=20)
        assert reply["parent_header"]["msg_id"] == asked
        assert reply["content"]["ename"] == "KeyboardInterrupt"
        assert time.monotonic() - started < 20
        _wait_until_idle(kernel, asked)  # as nbclient does before it runs the next cell
        assert "still here" in kernel.run("print('still here')")
    finally:
        kernel.manager.shutdown_kernel(now=True)


def _wait_until_idle(kernel: WarmProbe, request: str) -> None:
    """Read the kernel's broadcasts until it says it is idle after `request`."""
    while True:
        message = kernel.client.get_iopub_msg(timeout=20)
        done = message["msg_type"] == "status" and message["content"]["execution_state"] == "idle"
        if done and message["parent_header"].get("msg_id") == request:
            return


def test_only_the_grading_account_can_ask_for_a_kernel(warm_parent: Path) -> None:
    """Is the parent's socket in a folder no other user can enter, and refused to them?"""
    assert warm_parent.parent.stat().st_mode & 0o077 == 0
    assert warm_parent.stat().st_mode & 0o077 == 0
    if os.geteuid() != 0:
        pytest.skip("changing user needs root")
    attempt = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, socket, sys\n"
            "os.setgid(65000); os.setuid(65000)\n"
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)\n"
            f"s.connect({str(warm_parent)!r})\n",
        ],
        capture_output=True,
        text=True,
    )
    assert attempt.returncode != 0 and "PermissionError" in attempt.stderr
