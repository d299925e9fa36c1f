"""A warm parent for grading kernels: it imports once and forks one sandboxed kernel per notebook.

Each autograde worker starts one (:class:`ForkServer`). The server imports ipykernel and the
course's heavy modules (:data:`WARM_MODULES`) and loads the MI coder's model once, then waits
on a Unix socket in a folder only the grading account can enter (and loads the scenarios
while no kernel is asked for). For every notebook, the kernelspec's command
(:mod:`grading.grade.kernel_stub`) connects and the server forks a child straight away; the server
itself never reads a request and never runs trainee code, so every child starts from a state
no trainee touched: imports and files read by our own code. The child (the *watcher*) reads
the request and forks the *launcher*, which runs :func:`grading.grade.sandboxed_kernel.main`
exactly as a cold start would (cgroup, namespaces, private root, own user id, limits,
descriptors closed). The watcher ties the launcher to the stub: signals the stub gets
(interrupt, terminate) reach the launcher's process group, the launcher is killed when the
stub dies (nbgrader kills kernels with SIGKILL), and the stub ends with the launcher's exit
status.

Run (by the worker):
``python -I -c "...; from grading.grade.fork_server import main; main()" SOCKET``.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import traceback
from pathlib import Path

from grading.grade.sandbox import PR_SET_PDEATHSIG, SANDBOX_HOME, _libc, clean_environment
from grading.grade.sandboxed_kernel import main as launch
from grading.grade.sandboxed_kernel import project_command

#: What a kernel and a module notebook import (slow: about 2.5 s together, more under load);
#: a child finds them loaded. The debugger modules are what ipykernel's start-up imports.
WARM_MODULES = (
    "ipykernel.kernelapp",
    "ipykernel.debugger",
    "IPython.core.debugger",
    "grading.checks.answers",
    "grading.checks.answer_checks",
    "grading.checks.findings",
    "grading.checks.language",
    "grading.checks.mi",
    "grading.checks.notes",
    "grading.checks.roleplay",
    "grading.checks.flags",
    "grading.checks.plain_errors",
    "simulator",
    "simulator.faces.widgets",
)
MAX_REQUEST = 1 << 20


class ForkServer:
    """A server started for this process's kernels (it dies with this process).

    Its environment is the kernels' clean one (no tokens) with a home of its own beside the
    socket; its log lines go to this process's stderr. It imports while the caller goes on:
    call :meth:`wait_ready` before the first kernel starts.
    """

    def __init__(self, socket_path: Path) -> None:
        home = socket_path.parent / "home"
        home.mkdir(exist_ok=True)
        environment = {
            key: value.replace(str(SANDBOX_HOME), str(home))
            for key, value in clean_environment().items()
        }
        self.process = subprocess.Popen(
            [*project_command("grading.grade.fork_server"), str(socket_path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            env=environment,
            text=True,
        )

    def wait_ready(self) -> None:
        """Return once the server accepts connections; raise if it ended instead."""
        assert self.process.stdout is not None
        if self.process.stdout.readline().strip() != "ready":
            self.process.kill()
            raise RuntimeError(f"the warm kernel parent did not start (exit {self.process.wait()})")
        self.process.stdout.close()


def warm() -> None:
    """Import what the module notebooks import; load the data files their checks read."""
    for name in WARM_MODULES:
        try:
            importlib.import_module(name)
        except ImportError as error:  # the kernel imports it itself (and reports) if it can
            print(f"fork server: not preloaded: {name} ({error})", file=sys.stderr, flush=True)
    try:
        _load_course_data()
    except Exception as error:  # a kernel that needs the file loads it and reports the problem
        print(f"fork server: course data not preloaded ({error})", file=sys.stderr, flush=True)


def _load_course_data() -> None:
    """The MI coder's model and the stigma lexicon (each loaded once per process and cached
    by the code that reads it)."""
    from grading.checks.mi import _default_coder
    from simulator.coding.stigma import load_lexicon

    _default_coder()
    load_lexicon()


def load_while_idle(listener: socket.socket) -> None:
    """Load the packaged scenarios (cached by path and modification time), one at a time
    while no kernel is asked for: 0.1-0.5 s each, so the first kernels need not wait."""
    from simulator.engine.scenario import SCENARIO_DIR, load_scenario

    for path in sorted(SCENARIO_DIR.glob("*.yaml")):
        if select.select([listener], [], [], 0)[0]:
            return
        try:
            load_scenario(path)
        except Exception as error:  # the kernel that uses it reports the problem
            print(f"fork server: {path.name} not preloaded ({error})", file=sys.stderr, flush=True)


def _peer_is_us(connection: socket.socket) -> bool:
    """Whether the connecting process runs as this server's user (Linux checks; the socket's
    folder is private to that user everywhere)."""
    if not hasattr(socket, "SO_PEERCRED"):
        return True
    credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)
    _, uid, _ = struct.unpack("3i", credentials)
    return uid == os.getuid()


def watch(connection: socket.socket) -> None:
    """In the forked child: read the request, fork the launcher, tie it to the stub; exit."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    message, descriptors, _, _ = socket.recv_fds(connection, MAX_REQUEST, 1)
    if not message or len(descriptors) != 1:
        os._exit(2)
    request = json.loads(message)
    launcher = os.fork()
    if launcher == 0:
        connection.close()
        os.setpgid(0, 0)
        os.fchdir(descriptors[0])
        os.close(descriptors[0])
        os.environ.clear()
        os.environ.update(request["environ"])
        try:
            launch(request["argv"])
        except BaseException:
            traceback.print_exc()
            os._exit(1)
        os._exit(0)
    os.close(descriptors[0])
    with contextlib.suppress(OSError):
        os.setpgid(launcher, launcher)
    connection.sendall(str(launcher).encode())
    while True:
        readable, _, _ = select.select([connection], [], [], 0.2)
        if readable and not connection.recv(64):  # the stub is gone: so is its kernel
            with contextlib.suppress(OSError):
                os.killpg(launcher, signal.SIGKILL)
            os.waitpid(launcher, 0)
            os._exit(0)
        pid, status = os.waitpid(launcher, os.WNOHANG)
        if pid:
            with contextlib.suppress(OSError):
                connection.sendall(str(os.waitstatus_to_exitcode(status) & 0xFF).encode())
            os._exit(0)


def main() -> None:
    """Warm up, then fork a watcher for every connection until the worker is gone."""
    socket_path = Path(sys.argv[1])
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() == 1:
        return
    warm()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    old_mask = os.umask(0o177)
    try:
        listener.bind(str(socket_path))
    finally:
        os.umask(old_mask)
    listener.listen(16)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # watchers are reaped by the system
    print("ready", flush=True)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.close(null)
    while True:
        load_while_idle(listener)
        connection, _ = listener.accept()
        if _peer_is_us(connection) and os.fork() == 0:
            listener.close()
            try:
                watch(connection)
            finally:
                os._exit(1)
        connection.close()


if __name__ == "__main__":
    main()
