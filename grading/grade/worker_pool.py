"""The autograde worker pool: long-lived processes grading submissions pulled from one queue.

Each worker is a :mod:`grading.grade.worker` process. Kernels start from a private Jupyter
kernelspec (``python3`` overridden) whose command (:mod:`grading.grade.kernel_stub`) has the
worker's warm parent (:mod:`grading.grade.fork_server`) fork
:mod:`grading.grade.sandboxed_kernel` with the limits, use IPC transport under a per-worker
absolute path and shut down immediately (see docs/grading-internals.md for the measurements).
A submission that outlives its wall time is stopped by killing its worker and kernels; the next
job gets a fresh worker.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psutil

from grading.grade.kernel_stub import SOCKET_ENV
from grading.grade.resource_group import sweep
from grading.grade.sandboxed_kernel import project_command

if TYPE_CHECKING:
    from grading.grade.limits import Limits


@contextmanager
def grading_environment(limits: Limits, course_dir: Path) -> Iterator[tuple[dict[str, str], Path]]:
    """A private Jupyter path whose python3 kernelspec applies the limits, and a socket folder."""
    workdir = Path(tempfile.mkdtemp(prefix="grading-"))
    try:
        spec_dir = workdir / "jupyter" / "kernels" / "python3"
        spec_dir.mkdir(parents=True)
        stub = project_command("grading.grade.kernel_stub")  # forked from the worker's warm parent
        argv = [*stub, f"--hide={course_dir}", f"--processes={limits.processes}"]
        argv += [f"--memory-mb={limits.memory_mb}", f"--cpu-seconds={limits.cpu_seconds}"]
        argv += [f"--file-mb={limits.file_mb}", f"--output-kb={limits.output_kb}"]
        argv += [f"--tmp-mb={limits.tmp_mb}"]
        argv += ["--limits-only"] if limits.limits_only else []
        argv += ["-f", "{connection_file}"]
        spec = {"argv": argv, "display_name": "Python 3 (graded)", "language": "python"}
        (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
        env = dict(os.environ)
        env["JUPYTER_PATH"] = os.pathsep.join(
            filter(None, [str(workdir / "jupyter"), env.get("JUPYTER_PATH")])
        )
        env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
        env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
        yield env, workdir
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        _log_kernel_peaks(course_dir / ".grading" / "logs" / "kernels.log")


def _log_kernel_peaks(log: Path) -> None:
    """Record the memory peaks of the run's last kernel groups as they are removed."""
    time.sleep(0.5)  # the last kernels' processes are still being reaped
    lines = [
        f"sandbox: {name} ended; memory peak {peak:.0f} MB\n" for name, peak in sweep() if peak
    ]
    if lines:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as out:
            out.writelines(lines)


class _Worker:
    """One autograde_worker process and the thread that reads its answers."""

    def __init__(
        self,
        course_dir: Path,
        overrides: dict[str, Any],
        output_bytes: int,
        env: dict[str, str],
        log: Path,
        warm_socket: Path,
    ):
        self._log = log.open("a", encoding="utf-8")
        self.fork_server_pid = 0
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "grading.grade.worker",
                str(course_dir),
                json.dumps(overrides),
                str(output_bytes),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            env={**env, SOCKET_ENV: str(warm_socket)},
        )
        self.answers: queue.Queue[dict[str, Any] | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.answers.put(json.loads(line))
        self.answers.put(None)

    def grade(self, job: dict[str, str], timeout: float) -> dict[str, Any]:
        """Grade one submission; a hang or a dead worker becomes a failed answer."""
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(job) + "\n")
            self.process.stdin.flush()
            answer = self.answers.get(timeout=timeout)
        except queue.Empty:
            self.kill()
            return {
                **job,
                "success": False,
                "hung": True,
                "reason": f"still running after {timeout:.0f} s; stopped",
            }
        except OSError:
            answer = None
        if answer is None:
            return {
                **job,
                "success": False,
                "reason": f"the grading process died (exit {self.process.poll()})",
            }
        return answer

    def rss_mb(self) -> tuple[float, float]:
        """Resident memory of the worker process and of its warm kernel parent, in MB (0 once
        ended)."""
        sizes = []
        for pid in (self.process.pid, self.fork_server_pid):
            try:
                sizes.append(psutil.Process(pid).memory_info().rss / 2**20 if pid else 0.0)
            except psutil.Error:
                sizes.append(0.0)
        return sizes[0], sizes[1]

    def alive(self) -> bool:
        """Whether the worker can take another job."""
        return self.process.poll() is None

    def close(self) -> None:
        """Let the worker finish and exit; kill it if it will not."""
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.kill()
        self._log.close()

    def kill(self) -> None:
        """Kill the worker and every process it started (kernels run in their own session)."""
        try:
            family = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.Error:
            family = []
        for process in [*family, self.process]:
            with suppress(psutil.Error, ProcessLookupError):
                process.kill()
        self.process.wait()


def _overrides(limits: Limits, socket_prefix: Path) -> dict[str, Any]:
    return {
        "Execute": {
            "timeout": limits.cell_timeout,
            "startup_timeout": limits.startup_timeout,
            "shutdown_kernel": "immediate",
        },
        "KernelManager": {"transport": "ipc", "ip": str(socket_prefix)},
    }


def grade_all(
    course_dir: Path,
    jobs: list[tuple[str, str]],
    workers: int,
    limits: Limits,
    env: dict[str, str],
    workdir: Path,
    show_progress: bool,
    peaks: list[tuple[float, float]],
) -> dict[tuple[str, str], dict[str, Any]]:
    """Grade `jobs` ((trainee, module) pairs) with `workers` processes pulling from one queue.

    Returns each job's answer by key: ``{"success", "reason"}`` (and ``"hung"`` when stopped).
    Appends to `peaks` each worker's highest resident memory, in MB: (grading process, warm
    kernel parent).
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    todo: queue.Queue[dict[str, str]] = queue.Queue()
    for trainee, module in jobs:
        todo.put({"module": module, "trainee": trainee})
    done: queue.Queue[dict[str, Any]] = queue.Queue()
    logs = course_dir / ".grading" / "logs"
    logs.mkdir(parents=True, exist_ok=True)

    def serve(slot: int) -> None:
        worker = None
        peak = (0.0, 0.0)
        try:
            while True:
                try:
                    job = todo.get_nowait()
                except queue.Empty:
                    return
                if worker is None or not worker.alive():
                    name = f"w{slot}-{time.monotonic_ns()}"
                    sockets = workdir / name / "kernel"  # bound into the kernels' root
                    sockets.parent.mkdir()
                    warm_parent = workdir / f"{name}-warm"  # never bound into a kernel's root
                    warm_parent.mkdir(mode=0o700)
                    worker = _Worker(
                        course_dir,
                        _overrides(limits, sockets),
                        limits.output_kb * 1024,
                        env,
                        logs / f"worker-{slot}.log",
                        warm_parent / "socket",
                    )
                    ready = worker.answers.get(timeout=limits.startup_timeout + 120)
                    if not ready:
                        done.put(
                            {**job, "success": False, "reason": "the grading process did not start"}
                        )
                        continue
                    worker.fork_server_pid = ready["fork_server"]
                done.put(worker.grade(job, limits.submission_timeout))
                peak = max(peak[0], worker.rss_mb()[0]), max(peak[1], worker.rss_mb()[1])
        finally:
            if worker is not None:
                worker.close()
            peaks.append((round(peak[0], 1), round(peak[1], 1)))

    threads = [threading.Thread(target=serve, args=(slot,), daemon=True) for slot in range(workers)]
    for thread in threads:
        thread.start()
    outcomes: dict[tuple[str, str], dict[str, Any]] = {}
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, disable=not show_progress, transient=False) as progress:
        task = progress.add_task(f"Autograding with {workers} worker(s)", total=len(jobs))
        while len(outcomes) < len(jobs):
            try:
                answer = done.get(timeout=1)
            except queue.Empty:
                if not any(thread.is_alive() for thread in threads) and done.empty():
                    break
                continue
            outcomes[answer["trainee"], answer["module"]] = answer
            progress.advance(task)
    for thread in threads:
        thread.join()
    for key in jobs:
        outcomes.setdefault(
            key,
            {"success": False, "reason": "not graded: the grading process stopped early"},
        )
    return outcomes
