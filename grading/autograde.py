"""Autograde every submission in parallel with nbgrader, safely and re-runnably.

How (measured in /work/shared/NBGRADER-NOTES.md): N long-lived worker processes
(:mod:`grading.autograde_worker`) pull submissions from one queue and grade them with nbgrader's
API into the one SQLite gradebook; kernels use IPC transport with a per-worker absolute path,
shut down immediately, and start under :mod:`grading.sandboxed_kernel` (isolated from the course
and other trainees; see docs/security.md) with memory, CPU, process, file-size
and output limits. Submissions are pre-validated (:mod:`grading.validate`); a rejected, crashed
or hung submission becomes a result with a reason and never stops the others. What failed is
regraded once more by a single fresh worker. Results are kept in ``autograde-results.json``;
an unchanged submission that was graded before is not graded again unless ``force``.
"""

from __future__ import annotations

import hashlib
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
from typing import Any, Literal

import psutil
from pydantic import BaseModel, Field

from grading.collect import roster
from grading.coursedir import gradebook_url, load_config, module_ids
from grading.validate import problems_with

RESULTS_FILE = "autograde-results.json"
Status = Literal["graded", "failed", "rejected"]


class Limits(BaseModel):
    """Limits applied while grading one submission."""

    cell_timeout: int = Field(30, gt=0, description="Seconds one cell may run before interrupt.")
    startup_timeout: int = Field(30, gt=0, description="Seconds a kernel may take to start.")
    submission_timeout: int = Field(600, gt=0, description="Wall seconds for one submission.")
    memory_mb: int = Field(2048, ge=0, description="Kernel address-space limit (0: none).")
    cpu_seconds: int = Field(600, ge=0, description="Kernel CPU-time limit (0: none).")
    file_mb: int = Field(64, ge=0, description="Largest file the kernel may write (0: none).")
    output_kb: int = Field(1024, ge=0, description="Text one cell may print (0: no limit).")
    processes: int = Field(64, ge=0, description="Processes and threads per kernel (0: none).")


class SubmissionResult(BaseModel):
    """The outcome for one trainee's submission of one module."""

    trainee: str
    module: str
    status: Status
    reason: str = Field("", description="Why it failed or was rejected; notes when graded.")
    score: float | None = None
    max_score: float | None = None
    late: bool = False
    needs_manual_grade: bool = False
    fingerprint: str = Field("", description="sha256 of the submission and module source.")
    graded_this_run: bool = False


class AutogradeSummary(BaseModel):
    """Everything one autograde run did, as saved to autograde-results.json."""

    results: list[SubmissionResult]
    workers: int
    seconds: float
    worker_peak_rss_mb: list[float] = Field(default_factory=list)

    def count(self, status: Status) -> int:
        """How many submissions ended with `status`."""
        return sum(result.status == status for result in self.results)


def run(
    course_dir: Path = Path("course"),
    modules: list[str] | None = None,
    trainees: list[str] | None = None,
    workers: int | None = None,
    limits: Limits | None = None,
    force: bool = False,
    show_progress: bool = True,
) -> AutogradeSummary:
    """Autograde the course's submissions (optionally only some modules or trainees).

    Example: ``run(Path("course"), workers=2)`` grades everything in ``course/submitted``.
    """
    started = time.monotonic()
    course_dir = Path(course_dir).resolve()
    limits = limits or Limits()
    workers = max(1, workers or os.cpu_count() or 1)
    load_config(course_dir)  # fails clearly when this is not a course
    previous = load_results(course_dir)
    known_trainees = set(roster(course_dir))
    results: dict[tuple[str, str], SubmissionResult] = {}
    jobs: list[SubmissionResult] = []
    for trainee, module in _submissions(course_dir, modules, trainees):
        candidate = _prepare(course_dir, trainee, module, known_trainees)
        old = previous.get((trainee, module))
        if not force and old and candidate.status != "rejected" and _still_valid(old, candidate):
            results[trainee, module] = old.model_copy(update={"graded_this_run": False})
        elif candidate.status == "rejected":
            results[trainee, module] = candidate
        else:
            jobs.append(candidate)
    peaks: list[float] = []
    with _grading_environment(limits, course_dir) as (env, workdir):
        outcomes = _grade_all(course_dir, jobs, workers, limits, env, workdir, show_progress, peaks)
        retry = [job for job in jobs if not outcomes[job.trainee, job.module]["success"]]
        retry = [job for job in retry if not outcomes[job.trainee, job.module].get("hung")]
        if retry:
            outcomes |= _grade_all(course_dir, retry, 1, limits, env, workdir, show_progress, [])
    for job in jobs:
        outcome = outcomes[job.trainee, job.module]
        status: Status = "graded" if outcome["success"] else "failed"
        reason = "; ".join(filter(None, [job.reason, _explain(outcome["reason"])]))
        results[job.trainee, job.module] = job.model_copy(
            update={"status": status, "reason": reason, "graded_this_run": True}
        )
    _add_scores(course_dir, results)
    merged = {**previous, **results}
    summary = AutogradeSummary(
        results=[merged[key] for key in sorted(merged)],
        workers=workers,
        seconds=round(time.monotonic() - started, 2),
        worker_peak_rss_mb=peaks,
    )
    save_results(course_dir, summary)
    ran = [merged[key] for key in sorted(results)]
    return summary.model_copy(update={"results": ran})


def _explain(reason: str) -> str:
    if reason.startswith("DeadKernelError"):
        return f"{reason} (the submission crashed its kernel or hit the memory or CPU limit)"
    return reason


def load_results(course_dir: Path) -> dict[tuple[str, str], SubmissionResult]:
    """Results of earlier runs, by (trainee, module); empty when there are none."""
    path = Path(course_dir) / RESULTS_FILE
    if not path.is_file():
        return {}
    summary = AutogradeSummary.model_validate_json(path.read_text(encoding="utf-8"))
    return {(r.trainee, r.module): r for r in summary.results}


def save_results(course_dir: Path, summary: AutogradeSummary) -> None:
    """Write autograde-results.json atomically."""
    path = Path(course_dir) / RESULTS_FILE
    partial = path.with_suffix(".json.partial")
    partial.write_text(summary.model_dump_json(indent=2), encoding="utf-8")
    partial.replace(path)


def _submissions(
    course_dir: Path, modules: list[str] | None, trainees: list[str] | None
) -> Iterator[tuple[str, str]]:
    known = module_ids(course_dir)
    for folder in sorted((course_dir / "submitted").glob("*/*")):
        trainee, module = folder.parent.name, folder.name
        if not folder.is_dir() or module not in known or folder.name.startswith("."):
            continue
        if (modules is None or module in modules) and (trainees is None or trainee in trainees):
            yield trainee, module


def _prepare(course_dir: Path, trainee: str, module: str, roster_ids: set[str]) -> SubmissionResult:
    submission, source = course_dir / "submitted" / trainee / module, course_dir / "source" / module
    result = SubmissionResult(
        trainee=trainee,
        module=module,
        status="graded",
        fingerprint=_fingerprint(submission, source),
    )
    if trainee not in roster_ids:
        problems = [f"{trainee!r} is not on the course roster"]
    else:
        problems = problems_with(submission, source)
    if problems:
        return result.model_copy(update={"status": "rejected", "reason": "; ".join(problems)})
    missing = [p.name for p in sorted(source.glob("*.ipynb")) if not (submission / p.name).exists()]
    if missing:
        result.reason = f"not submitted, scored 0: {', '.join(missing)}"
    return result


def _fingerprint(*folders: Path) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _still_valid(old: SubmissionResult, new: SubmissionResult) -> bool:
    return old.status == "graded" and old.fingerprint == new.fingerprint


@contextmanager
def _grading_environment(limits: Limits, course_dir: Path) -> Iterator[tuple[dict[str, str], Path]]:
    """A private Jupyter path whose python3 kernelspec applies the limits, and a socket folder."""
    workdir = Path(tempfile.mkdtemp(prefix="grading-"))
    try:
        spec_dir = workdir / "jupyter" / "kernels" / "python3"
        spec_dir.mkdir(parents=True)
        argv = [sys.executable, "-m", "grading.sandboxed_kernel", f"--hide={course_dir}"]
        argv += [f"--processes={limits.processes}"]
        argv += [f"--memory-mb={limits.memory_mb}", f"--cpu-seconds={limits.cpu_seconds}"]
        argv += [f"--file-mb={limits.file_mb}", f"--output-kb={limits.output_kb}"]
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


class _Worker:
    """One autograde_worker process and the thread that reads its answers."""

    def __init__(self, course_dir: Path, overrides: dict[str, Any], env: dict[str, str], log: Path):
        self._log = log.open("a", encoding="utf-8")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "grading.autograde_worker",
                str(course_dir),
                json.dumps(overrides),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            env=env,
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

    def peak_rss_mb(self) -> float:
        """Resident memory of the worker process, in MB (0 once it has ended)."""
        try:
            return psutil.Process(self.process.pid).memory_info().rss / 2**20
        except psutil.Error:
            return 0.0

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


def _grade_all(
    course_dir: Path,
    jobs: list[SubmissionResult],
    workers: int,
    limits: Limits,
    env: dict[str, str],
    workdir: Path,
    show_progress: bool,
    peaks: list[float],
) -> dict[tuple[str, str], dict[str, Any]]:
    """Grade `jobs` with `workers` processes pulling from one queue; answers by key."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    todo: queue.Queue[dict[str, str]] = queue.Queue()
    for job in jobs:
        todo.put({"module": job.module, "trainee": job.trainee})
    done: queue.Queue[dict[str, Any]] = queue.Queue()
    logs = course_dir / ".grading" / "logs"
    logs.mkdir(parents=True, exist_ok=True)

    def serve(slot: int) -> None:
        worker = None
        peak = 0.0
        try:
            while True:
                try:
                    job = todo.get_nowait()
                except queue.Empty:
                    return
                if worker is None or not worker.alive():
                    sockets = workdir / f"w{slot}-{time.monotonic_ns()}" / "kernel"
                    sockets.parent.mkdir()
                    overrides = _overrides(limits, sockets)
                    worker = _Worker(course_dir, overrides, env, logs / f"worker-{slot}.log")
                    ready = worker.answers.get(timeout=limits.startup_timeout + 120)
                    if not ready:
                        done.put(
                            {**job, "success": False, "reason": "the grading process did not start"}
                        )
                        continue
                done.put(worker.grade(job, limits.submission_timeout))
                peak = max(peak, worker.peak_rss_mb())
        finally:
            if worker is not None:
                worker.close()
            peaks.append(round(peak, 1))

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
    for job in jobs:
        outcomes.setdefault(
            (job.trainee, job.module),
            {"success": False, "reason": "not graded: the grading process stopped early"},
        )
    return outcomes


def _add_scores(course_dir: Path, results: dict[tuple[str, str], SubmissionResult]) -> None:
    """Fill score, max_score, late and needs_manual_grade from the gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(gradebook_url(course_dir)) as gradebook:
        for key, result in results.items():
            if result.status != "graded":
                continue
            try:
                submission = gradebook.find_submission(result.module, result.trainee)
            except MissingEntry:
                continue
            results[key] = result.model_copy(
                update={
                    "score": submission.score,
                    "max_score": submission.max_score,
                    "late": submission.total_seconds_late > 0,
                    "needs_manual_grade": submission.needs_manual_grade,
                }
            )
