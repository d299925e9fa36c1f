"""Bound the memory and process count of a grading kernel's whole process tree with cgroups.

``setrlimit`` caps each process on its own: six subprocesses of 600 MB each stay under a
1 GB ``RLIMIT_AS``, and files in a tmpfs count for nobody. A memory cgroup counts every
page the tree uses, tmpfs (``/tmp``, ``/var/tmp``, ``/dev/shm``) included, and the kernel's
OOM killer ends the tree's largest process when the budget is reached; a pids cgroup caps
the number of tasks. Both cgroup v2 (``memory.max``, ``pids.max``, when the grader's own
cgroup delegates those controllers) and v1 (``memory.limit_in_bytes``, ``pids.max``) are
used; where neither can be written (not root, no cgroup file system) :func:`create` returns
``None`` and the caller falls back to per-process limits (see docs/security.md).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
PREFIX = "grading-kernel-"


@dataclass(frozen=True)
class ResourceGroup:
    """One kernel's cgroup, held by open handles on its parent folders.

    Handles, not paths: the launcher moves into a private root where /sys/fs/cgroup is gone,
    and still reads the peak and removes the group after the kernel ends.
    """

    name: str
    parents: tuple[int, ...]
    memory_parent: int

    def _write(self, parent: int, relative: str, value: str) -> None:
        handle = os.open(relative, os.O_WRONLY, dir_fd=parent)
        try:
            os.write(handle, value.encode("ascii"))
        finally:
            os.close(handle)

    def join(self) -> None:
        """Move this process into the group; the processes it starts follow."""
        for parent in self.parents:
            self._write(parent, f"{self.name}/cgroup.procs", str(os.getpid()))

    def leave(self) -> None:
        """Move this process back to the parent group (so the group can be removed)."""
        for parent in self.parents:
            with contextlib.suppress(OSError):
                self._write(parent, "cgroup.procs", str(os.getpid()))

    def peak_mb(self) -> float | None:
        """The most memory the group used (v1 max_usage or v2 memory.peak), in MB."""
        for name in ("memory.max_usage_in_bytes", "memory.peak"):
            with contextlib.suppress(OSError, ValueError):
                handle = os.open(f"{self.name}/{name}", os.O_RDONLY, dir_fd=self.memory_parent)
                try:
                    return int(os.read(handle, 64)) / 2**20
                finally:
                    os.close(handle)
        return None

    def remove(self, wait_seconds: float = 5.0) -> None:
        """Remove the group once its processes are gone (retrying while they exit)."""
        deadline = time.monotonic() + wait_seconds
        for parent in self.parents:
            while True:
                try:
                    os.rmdir(self.name, dir_fd=parent)
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.05)
            os.close(parent)


def _own_cgroups() -> dict[str, str]:
    """Controller (or "" for v2) -> this process's cgroup path, from /proc/self/cgroup."""
    found = {}
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/cgroup").read_text(encoding="ascii").splitlines():
            _, controllers, path = line.split(":", 2)
            for controller in controllers.split(",") if controllers else [""]:
                found[controller] = path
    return found


def _parent_folders() -> dict[str, Path]:
    """Writable parent folder per controller ("memory", "pids"), v1 first, else v2."""
    own = _own_cgroups()
    parents: dict[str, Path] = {}
    for controller in ("memory", "pids"):
        if controller in own and (CGROUP_ROOT / controller).is_dir():
            parents[controller] = CGROUP_ROOT / controller / own[controller].lstrip("/")
    if "" in own and len(parents) < 2:
        unified = CGROUP_ROOT / own[""].lstrip("/")
        with contextlib.suppress(OSError):
            delegated = (unified / "cgroup.subtree_control").read_text().split()
            for controller in ("memory", "pids"):
                if controller in delegated:
                    parents.setdefault(controller, unified)
    return parents


def _peak_mb(folder: Path) -> float | None:
    for name in ("memory.max_usage_in_bytes", "memory.peak"):
        with contextlib.suppress(OSError, ValueError):
            return int((folder / name).read_text()) / 2**20
    return None


def sweep(parent: Path | None = None) -> list[tuple[str, float | None]]:
    """Remove empty groups left by kernels that were killed (nbgrader stops kernels with
    SIGKILL); their names and memory peaks, for the logs. Busy groups are left alone."""
    parents = [parent] if parent else list(dict.fromkeys(_parent_folders().values()))
    removed = []
    for folder in parents:
        for stale in sorted(folder.glob(f"{PREFIX}*")):
            peak = _peak_mb(stale)
            with contextlib.suppress(OSError):
                stale.rmdir()
                removed.append((stale.name, peak))
    return removed


def create(memory_mb: int, processes: int) -> ResourceGroup | None:
    """A new cgroup capping memory (tmpfs included) and tasks; None where unavailable."""
    if os.geteuid() != 0:
        return None
    parents = _parent_folders()
    if "memory" not in parents:
        return None
    name = f"{PREFIX}{os.getpid()}"
    made: list[Path] = []
    try:
        for parent in dict.fromkeys(parents.values()):
            for stale, peak in sweep(parent):
                if peak is not None:
                    sys.stderr.write(f"sandbox: {stale} ended; memory peak {peak:.0f} MB\n")
            (parent / name).mkdir()
            made.append(parent / name)
        limits = {"memory": memory_mb * 2**20, "pids": processes}
        files = {"memory": ("memory.max", "memory.limit_in_bytes"), "pids": ("pids.max",)}
        for controller, value in limits.items():
            if value <= 0 or controller not in parents:
                continue
            folder = parents[controller] / name
            target = next(folder / f for f in files[controller] if (folder / f).exists())
            target.write_text(str(value), encoding="ascii")
    except (OSError, StopIteration):
        for folder in made:
            with contextlib.suppress(OSError):
                folder.rmdir()
        return None
    handles = {
        folder.parent: os.open(folder.parent, os.O_RDONLY | os.O_DIRECTORY) for folder in made
    }
    return ResourceGroup(name, tuple(handles.values()), handles[parents["memory"]])
