"""The kernelspec command of autograde workers: a sandboxed kernel forked from the warm parent.

jupyter_client starts this small process in the submission's folder with the kernel's
arguments. It hands the folder (as an open handle), the arguments and its environment,
cleaned as the sandbox cleans it (no tokens or keys ever reach the warm parent, so no trace of
them is in a kernel's memory), to the worker's
:mod:`grading.grade.fork_server`, which forks the launcher that runs
:func:`grading.grade.sandboxed_kernel.main` with them. This process then stands in for the kernel:
the signals jupyter_client sends it (interrupt, terminate) go to the launcher's process group,
killing it kills the kernel (the server's watcher sees the connection close), and it exits
with the launcher's status.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sys

from grading.grade.sandbox import clean_environment

#: The environment variable naming the warm parent's socket (set by the autograde worker).
SOCKET_ENV = "GRADING_FORK_SERVER"


def main() -> None:
    """Ask the warm parent for a kernel with this process's arguments; wait for its end."""
    path = os.environ.get(SOCKET_ENV)
    if not path:
        sys.exit(f"kernel_stub: {SOCKET_ENV} is not set (no warm kernel parent to ask)")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        server.connect(path)
    except OSError as error:
        sys.exit(f"kernel_stub: cannot reach the warm kernel parent at {path}: {error}")
    request = json.dumps({"argv": sys.argv[1:], "environ": clean_environment()}).encode()
    folder = os.open(".", os.O_RDONLY | os.O_DIRECTORY)
    socket.send_fds(server, [request], [folder])
    os.close(folder)
    answer = server.recv(64)
    if not answer:
        sys.exit("kernel_stub: the warm kernel parent closed the connection")
    launcher = int(answer)

    def forward(signum: int, _frame: object) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(launcher, signum)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, forward)
    status = server.recv(64)
    sys.exit(int(status) if status else 1)


if __name__ == "__main__":
    main()
