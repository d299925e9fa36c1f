"""Isolate one untrusted process (a grading kernel) from the grader and from other trainees.

Linux, run as root (what :mod:`grading.grade.sandboxed_kernel` does for every graded submission):

1. new **mount, PID and network namespaces** (``unshare``): the process sees its own process
   tree only and has no network interface but a down loopback (Unix sockets still work, so
   the kernel's IPC channel to nbgrader keeps working);
2. a **private root file system** built from nothing (an allow-list): a size-capped tmpfs
   holds ``/tmp``, ``/var/tmp``, ``/dev/shm`` and the copy of the submission; the system
   folders (``/usr``, a few files of ``/etc``: :data:`ETC_ENTRIES`), the Python installation
   and the ``grading`` and
   ``simulator`` package code are bound in **read-only**; a few harmless devices
   (``/dev/null``, ``/dev/urandom``, ...) are bound in. Everything else — the project
   checkout (solutions, ``modules/``, data), the course directory (gradebook, every
   submission), reports, the exchange, every home folder — simply does not exist there;
3. the work happens as a **dedicated unprivileged user id** (one per kernel, from
   :data:`UID_RANGE`, so two submissions cannot signal or read each other), with no
   supplementary groups and ``no_new_privs``, under ``setrlimit`` caps (see
   :mod:`grading.grade.kernel_launcher`) and a cgroup for the whole process tree
   (:mod:`grading.grade.resource_group`).

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
import stat
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWNET = 0x00020000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 0x1, 0x2, 0x4, 0x8
MS_REMOUNT, MS_BIND, MS_MOVE, MS_REC, MS_PRIVATE = 0x20, 0x1000, 0x2000, 0x4000, 0x40000
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS = 1, 38
#: User ids for sandboxed processes (systemd's DynamicUser range; no passwd entry needed).
UID_RANGE = range(61184, 65520)
#: Environment variables a sandboxed process keeps; secrets (tokens, keys) and every
#: ``PYTHON*`` setting (a path or start-up file that would run code) are dropped.
KEEP_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ")
KEEP_ENV_PREFIXES = ("JPY_", "PYDEVD_")
SANDBOX_HOME = Path("/tmp/home")
SANDBOX_WORK = Path("/tmp/submission")
#: System folders bound read-only into the private root (symbolic links are recreated).
SYSTEM_FOLDERS = ("usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32")
#: What of /etc the kernel gets (read-only): what the dynamic linker, time zones, user names
#: and fonts need. Nothing else of /etc, where a service's world-readable settings may live.
ETC_ENTRIES = (
    "alternatives",
    "ca-certificates",
    "debian_version",
    "fonts",
    "group",
    "host.conf",
    "hosts",
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "locale.alias",
    "localtime",
    "mime.types",
    "nsswitch.conf",
    "os-release",
    "passwd",
    "ssl",
    "timezone",
)
#: Devices bound into the private root; no disk, terminal or kernel interface is.
DEVICES = ("null", "zero", "full", "random", "urandom")
#: Files a kernel never gets in its copy of the submission: code Python could import, and
#: notebooks (the kernel receives its cells from nbgrader; the notebook file on disk at that
#: moment holds the test cells nbgrader restored, hidden tests included).
NOT_COPIED_SUFFIXES = (".py", ".pyc", ".pyo", ".pth", ".so", ".pyd", ".ipynb")

#: What a kernel can still do when it runs with limits only (not root, or ``--limits-only``).
LIMITS_ONLY_GAPS = (
    "NOT protected without full isolation: the kernel runs as the grading account, so it can "
    "read and change whatever that account can (the gradebook, other trainees' submissions, "
    "the project's solutions, reports, your home folder) and reach the network; memory is "
    "limited per process only (not for the whole process tree or tmpfs), and there is no "
    "process-count limit. Protected: a private copy of the submission, a cleaned environment "
    "(no PYTHON* variables, no tokens), -I start-up (no trainee file is imported), CPU, "
    "memory, file-size and output limits, timeouts. Grade as root on Linux for full isolation."
)

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
    """What to bring into the private root, and a record of what was done (logs and tests)."""

    keep: list[Path] = field(default_factory=list)
    writable: list[Path] = field(default_factory=list)
    hide: list[Path] = field(default_factory=list)
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


def _bind(source: str, target: Path, readonly: bool) -> None:
    _mount(source, str(target), None, MS_BIND | MS_REC)
    if readonly:
        flags = MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV
        _mount("none", str(target), None, flags)


def _make_target(root: Path, path: Path, folder: bool) -> Path:
    target = root / path.relative_to("/")
    if folder:
        target.mkdir(parents=True, exist_ok=True)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.touch()
    return target


def _system_skeleton(root: Path, isolation: Isolation) -> None:
    """System folders read-only, devices, empty /proc, and the shared temp folders."""
    (root / "etc").mkdir()
    for name in [*SYSTEM_FOLDERS, *(f"etc/{entry}" for entry in ETC_ENTRIES)]:
        host = Path("/") / name
        if host.is_symlink():
            (root / name).symlink_to(os.readlink(host))
        elif host.exists():
            _bind(str(host), _make_target(root, host, folder=host.is_dir()), readonly=True)
    (root / "dev").mkdir()
    for name in DEVICES:
        if Path("/dev", name).exists():
            _bind(f"/dev/{name}", _make_target(root, Path("/dev", name), folder=False), False)
    links = {"fd": "/proc/self/fd", "stdin": "0", "stdout": "1", "stderr": "2"}
    for name, target in links.items():
        (root / "dev" / name).symlink_to(target if "/" in target else f"/proc/self/fd/{target}")
    (root / "proc").mkdir()
    for shared in ("tmp", "var/tmp", "dev/shm"):
        (root / shared).mkdir(parents=True, exist_ok=True)
        (root / shared).chmod(0o1777)
    isolation.done.append(
        f"private root: one {isolation.tmp_mb} MB tmpfs for /tmp, /var/tmp, /dev/shm and the "
        "submission; system folders and the listed /etc files read-only"
    )


def build_private_root(isolation: Isolation, submission: Path) -> None:
    """Switch to a new root holding only what the kernel needs; copy the submission in.

    Must run in a new mount namespace (:func:`enter_namespaces`). The new root is a tmpfs of
    ``isolation.tmp_mb`` mounted over ``/tmp`` (so the host's temp files are gone too), then
    moved onto ``/`` with ``chroot`` into it. Kept paths are opened before anything covers
    them and bound in from the open handle, read-only unless listed in ``writable``.
    """
    keep = {p.resolve(): True for p in isolation.keep if p.exists()}
    keep |= {p.resolve(): False for p in isolation.writable if p.exists()}
    handles = {path: os.open(path, os.O_PATH) for path in keep}
    source = os.open(submission, os.O_RDONLY | os.O_DIRECTORY)
    root = Path("/tmp")
    try:
        _mount("tmpfs", str(root), "tmpfs", MS_NOSUID | MS_NODEV, f"size={isolation.tmp_mb}m")
        root.chmod(0o755)
        _system_skeleton(root, isolation)
        for path in sorted(keep, key=lambda p: len(p.parts)):
            from_handle = f"/proc/self/fd/{handles[path]}"
            target = _make_target(root, path, folder=os.path.isdir(from_handle))
            _bind(from_handle, target, readonly=keep[path])
        hidden = [p for p in isolation.hide if (root / p.resolve().relative_to("/")).is_dir()]
        for path in hidden:
            target = root / path.resolve().relative_to("/")
            _mount("tmpfs", str(target), "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755")
        copy_submission(Path(f"/proc/self/fd/{source}"), root / SANDBOX_WORK.relative_to("/"))
    finally:
        for handle in [*handles.values(), source]:
            os.close(handle)
    os.chdir(root)
    _mount(str(root), "/", None, MS_MOVE)
    os.chroot(".")
    os.chdir("/")
    readonly = sorted(str(p) for p, ro in keep.items() if ro)
    isolation.done.append(f"read-only: {', '.join(readonly) or 'nothing extra'}")
    isolation.done.append(f"writable: {', '.join(str(p) for p, ro in keep.items() if not ro)}")
    isolation.done.append("everything else (project, course, homes, reports) absent")


def run_in_pid_namespace(
    child: Callable[[], None], on_exit: Callable[[], None] = lambda: None
) -> NoReturn:
    """Fork PID 1 of the new namespace, which runs `child` in a grandchild and reaps orphans.

    The calling process waits, calls `on_exit` and exits with the child's status. When it is
    killed, PID 1 is killed too (parent-death signal), and the kernel then kills every process
    left inside the namespace: a fork bomb or a background process cannot outlive the grading
    of its notebook.
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
                on_exit()
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


def copy_submission(source: Path, target: Path) -> None:
    """Copy a submission folder as data: regular files and folders, no links, code or notebooks.

    Symbolic links, devices, FIFOs, Python code (``.py``, ``.pth``, ...) and notebooks are left
    behind, so nothing the trainee sent can be imported or followed to another file, and the
    restored hidden tests cannot be read from disk.
    """

    def ignored(folder: str, names: list[str]) -> set[str]:
        def data(name: str) -> bool:
            path = os.path.join(folder, name)
            kind = os.lstat(path).st_mode
            return (stat.S_ISREG(kind) and not name.endswith(NOT_COPIED_SUFFIXES)) or stat.S_ISDIR(
                kind
            )

        return {name for name in names if not data(name)}

    shutil.copytree(source, target, ignore=ignored, dirs_exist_ok=True)
