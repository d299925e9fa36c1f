"""Isolate one untrusted process (a grading kernel) from the grader and from other trainees.

Linux, run as root (what :mod:`grading.sandboxed_kernel` does for every graded submission):

1. new **mount, PID and network namespaces** (``unshare``): the process sees its own process
   tree only and has no network interface but a down loopback (Unix sockets still work, so
   the kernel's IPC channel to nbgrader keeps working);
2. **fresh, size-capped tmpfs** over ``/tmp``, ``/var/tmp`` and ``/dev/shm``: nothing left by
   the grader or by another submission is visible, and the space is freed when the process ends;
3. **hidden folders**: an empty tmpfs is mounted over the grader's home, the course directory
   (gradebook, source notebooks, every submission) and any other folder asked for; the Python
   installation is bound back read-only when it lives under a hidden folder;
4. the work happens as a **dedicated unprivileged user id** (one per kernel, from
   :data:`UID_RANGE`, so two submissions cannot signal or read each other), with no
   supplementary groups and ``no_new_privs``, under ``setrlimit`` caps (see
   :mod:`grading.kernel_launcher`) including a per-user process count.

Without root (or off Linux) only the resource limits, a private working copy and a scrubbed
environment apply; docs/security.md lists what is and is not isolated on each platform.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWNET = 0x00020000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 0x1, 0x2, 0x4, 0x8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 0x20, 0x1000, 0x4000, 0x40000
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS = 1, 38
#: User ids for sandboxed processes (systemd's DynamicUser range; no passwd entry needed).
UID_RANGE = range(61184, 65520)
#: Environment variables a sandboxed process keeps; secrets (tokens, keys) are dropped.
KEEP_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "PYTHONPATH", "PYTHONHASHSEED")
KEEP_ENV_PREFIXES = ("JPY_", "PYDEVD_")
SANDBOX_HOME = Path("/tmp/home")
SANDBOX_WORK = Path("/tmp/submission")

_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def _mount(source: str, target: str, fstype: str | None, flags: int, data: str = "") -> None:
    _check(
        _libc.mount(
            source.encode(),
            target.encode(),
            fstype.encode() if fstype else None,
            ctypes.c_ulong(flags),
            data.encode() if data else None,
        ),
        f"mount {target}",
    )


def full_isolation_available() -> bool:
    """Whether this process can build the full sandbox (Linux, running as root)."""
    return sys.platform.startswith("linux") and os.geteuid() == 0


def sandbox_uid(pid: int | None = None) -> int:
    """The unprivileged user id for the process `pid` (distinct for concurrent kernels)."""
    return UID_RANGE[(pid or os.getpid()) % len(UID_RANGE)]


def clean_environment(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The environment a sandboxed process gets: no tokens or keys, home and temp inside."""
    environ = dict(os.environ if environ is None else environ)
    kept = {
        key: value
        for key, value in environ.items()
        if key in KEEP_ENV or key.startswith(KEEP_ENV_PREFIXES)
    }
    kept.pop("JPY_PARENT_PID", None)  # the parent is PID 1 in the sandbox; we watch it instead
    home = str(SANDBOX_HOME)
    return kept | {
        "HOME": home,
        "TMPDIR": "/tmp",
        "IPYTHONDIR": f"{home}/.ipython",
        "MPLCONFIGDIR": f"{home}/.config/matplotlib",
        "XDG_CACHE_HOME": f"{home}/.cache",
        "XDG_CONFIG_HOME": f"{home}/.config",
        "MPLBACKEND": environ.get("MPLBACKEND", "Agg"),
    }


@dataclass
class Isolation:
    """What to hide and keep, and a record of what was actually done (for logs and tests)."""

    hide: list[Path] = field(default_factory=list)
    keep: list[Path] = field(default_factory=list)
    network: bool = False
    tmp_mb: int = 512
    done: list[str] = field(default_factory=list)


def enter_namespaces(isolation: Isolation) -> None:
    """Unshare mount, PID and (unless allowed) network namespaces; mounts stay private.

    Must run as root. The calling process joins the new mount and network namespaces; its
    next child is PID 1 of the new PID namespace (see :func:`run_in_pid_namespace`).
    """
    flags = CLONE_NEWNS | CLONE_NEWPID | (0 if isolation.network else CLONE_NEWNET)
    _check(_libc.unshare(flags), "unshare")
    _mount("none", "/", None, MS_REC | MS_PRIVATE)
    isolation.done.append("namespaces: mount, pid" + ("" if isolation.network else ", network"))


def _covering(path: Path, hidden: Iterable[Path]) -> bool:
    return any(path == folder or folder in path.parents for folder in hidden)


def replace_filesystem_view(isolation: Isolation) -> None:
    """Mount fresh tmpfs over the temp folders and the hidden folders; bind kept paths back.

    Shallower paths go first, so a kept path inside a hidden one (Python under the home
    folder) is bound back, and a hidden path inside a kept one (modules/ in the project) is
    hidden again.
    """
    temp = [Path(p) for p in ("/tmp", "/var/tmp", "/dev/shm") if Path(p).is_dir()]
    hidden = [p.resolve() for p in isolation.hide if p.exists()]
    keep = [p.resolve() for p in isolation.keep if p.exists()]
    # Open every kept path before anything covers it; bind it back from the open handle.
    handles = {p: os.open(p, os.O_PATH) for p in keep if _covering(p, [*temp, *hidden])}
    steps = [(len(p.parts), "hide", p) for p in hidden]
    steps += [(len(p.parts), "keep", p) for p in handles]
    shown_hidden = []
    try:
        size = f"size={isolation.tmp_mb}m,mode=1777"
        for folder in temp:
            _mount("tmpfs", str(folder), "tmpfs", MS_NOSUID | MS_NODEV, size)
        for _, step, path in sorted(steps):
            if step == "hide":
                if path.exists():  # else it went with the old /tmp
                    _mount("tmpfs", str(path), "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755")
                    shown_hidden.append(path)
                continue
            source = f"/proc/self/fd/{handles[path]}"
            if os.path.isdir(source):
                path.mkdir(parents=True, exist_ok=True)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.touch()
            _mount(source, str(path), None, MS_BIND | MS_REC)
    finally:
        for handle in handles.values():
            os.close(handle)
    isolation.done.append(f"private tmpfs: {', '.join(map(str, temp))}")
    isolation.done.append(f"hidden: {', '.join(map(str, shown_hidden)) or 'nothing'}")
    isolation.done.append(f"kept: {', '.join(map(str, sorted(handles))) or 'nothing extra'}")


def run_in_pid_namespace(child: Callable[[], None]) -> NoReturn:
    """Fork PID 1 of the new namespace, which runs `child` in a grandchild and reaps orphans.

    The calling process waits and exits with the child's status. When it is killed, PID 1 is
    killed too (parent-death signal), and the kernel then kills every process left inside the
    namespace: a fork bomb or a background process cannot outlive the grading of its notebook.
    """
    parent = os.getppid()
    init = os.fork()
    if init:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # interrupts are for the kernel
        for forwarded in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(forwarded, lambda *_: os.kill(init, signal.SIGKILL))
        while True:  # like ipykernel's parent poller: end the kernel if the grader is gone
            pid, status = os.waitpid(init, os.WNOHANG)
            if pid:
                os._exit(os.waitstatus_to_exitcode(status) & 0xFF)
            if os.getppid() != parent:
                os.kill(init, signal.SIGKILL)
            time.sleep(0.2)
    _check(_libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "prctl(PDEATHSIG)")
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)
    with contextlib.suppress(OSError):  # refused in some containers; then /proc shows more
        _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    worker = os.fork()
    if worker == 0:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            child()
        finally:
            os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        pid, status = os.wait()
        if pid == worker:
            os._exit(os.waitstatus_to_exitcode(status) & 0xFF)


def own(uid: int, *paths: Path) -> None:
    """Give `paths` (recursively) to `uid`, so the sandboxed process can write them."""
    for top in paths:
        os.chown(top, uid, uid)
        for root, folders, files in os.walk(top):
            for name in folders + files:
                os.chown(os.path.join(root, name), uid, uid, follow_symlinks=False)


def drop_privileges(uid: int, processes: int) -> None:
    """Become `uid` for good (no groups, no new privileges), at most `processes` tasks."""
    if processes > 0:
        resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(NO_NEW_PRIVS)")


def copy_workdir(source: Path, target: Path) -> None:
    """Copy the submission folder (files only, no symlinks followed) to a private place."""
    shutil.copytree(source, target, symlinks=True, dirs_exist_ok=True)
