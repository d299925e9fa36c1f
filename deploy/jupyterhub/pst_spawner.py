"""Start each person's server as their own unix account, inside per-person limits.

JupyterHub's ``LocalProcessSpawner`` runs the server as the person's account but limits
nothing: one trainee's kernel could take the machine's memory or fork until nobody else can
start a process. Before the server starts, this spawner puts it in a control group of its own
(``pst-hub/<name>``) with a memory limit and a process limit, which its kernels and terminals
inherit; and, in the child before it becomes the person, sets ``RLIMIT_NPROC`` (processes of
that account, wherever they run) and ``RLIMIT_FSIZE`` (largest file it may write, in the
exchange as anywhere). Without writable control groups (cgroup v2 or v1's ``memory`` and ``pids``
hierarchies) the memory limit falls back to ``RLIMIT_AS`` per process.
"""

from __future__ import annotations

import os
import resource
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Integer

CGROUP_ROOT = Path("/sys/fs/cgroup")
GROUP = "pst-hub"


def _write(path: Path, value: str) -> None:
    path.write_text(value, encoding="ascii")


def person_cgroups(name: str, memory_bytes: int, processes: int) -> list[Path]:
    """Create (or update) the person's control groups; return their ``cgroup.procs`` files."""
    if (CGROUP_ROOT / "cgroup.controllers").exists():  # cgroup v2
        parent = CGROUP_ROOT / GROUP
        parent.mkdir(exist_ok=True)
        _write(parent / "cgroup.subtree_control", "+memory +pids")
        group = parent / name
        group.mkdir(exist_ok=True)
        _write(group / "memory.max", str(memory_bytes))
        _write(group / "memory.swap.max", "0")
        _write(group / "pids.max", str(processes))
        return [group / "cgroup.procs"]
    memory, pids = CGROUP_ROOT / "memory" / GROUP / name, CGROUP_ROOT / "pids" / GROUP / name
    memory.mkdir(parents=True, exist_ok=True)
    pids.mkdir(parents=True, exist_ok=True)
    _write(memory / "memory.limit_in_bytes", str(memory_bytes))
    _write(pids / "pids.max", str(processes))
    return [memory / "cgroup.procs", pids / "cgroup.procs"]


class LimitedSpawner(LocalProcessSpawner):
    """``LocalProcessSpawner`` with per-person memory, process and file-size limits."""

    memory_mb = Integer(2048, help="Memory of the server and everything it starts.").tag(
        config=True
    )
    processes = Integer(256, help="Processes and threads of the account.").tag(config=True)
    file_mb = Integer(100, help="Largest file the account's processes may write.").tag(config=True)

    def make_preexec_fn(self, name: str):  # type: ignore[override]
        become_person = super().make_preexec_fn(name)
        memory_bytes = self.memory_mb * 2**20
        try:
            procs = person_cgroups(name, memory_bytes, self.processes)
        except OSError as error:
            self.log.warning("No control group for %s (%s): RLIMIT_AS only", name, error)
            procs = []
        file_bytes, processes = self.file_mb * 2**20, self.processes

        def preexec() -> None:
            pid = str(os.getpid())
            for path in procs:
                _write(path, pid)
            if not procs:
                resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
            resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_bytes, file_bytes))
            become_person()

        return preexec
