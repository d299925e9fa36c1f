"""Autograde every submission in parallel with nbgrader, safely and re-runnably.

How (measured; figures in docs/grading-internals.md): N long-lived worker processes
(:mod:`grading.grade.worker`) pull submissions from one queue and grade them with nbgrader's
API into the one SQLite gradebook; kernels use IPC transport with a per-worker absolute path,
shut down immediately, and start under :mod:`grading.grade.sandboxed_kernel` (isolated from
the course and other trainees; see docs/security.md) with memory, CPU, process, file-size
and output limits. Submissions are pre-validated (:mod:`grading.grade.validate`); a rejected,
crashed or hung submission becomes a result with a reason and never stops the others. What failed is
regraded once more by a single fresh worker. Results are kept in ``autograde-results.json``;
an unchanged submission that was graded before is not graded again unless ``force``.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from grading.course.coursedir import gradebook_url, load_config, module_ids, trainee_ids
from grading.course.names import check_course_names
from grading.grade import graded_copy
from grading.grade.limits import Limits
from grading.grade.results import (
    AutogradeSummary,
    Status,
    SubmissionResult,
    load_results,
    save_results,
)
from grading.grade.timeouts import stopped_cells
from grading.grade.validate import problems_with
from grading.grade.worker_pool import grade_all, grading_environment


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
    check_course_names(course_dir, modules, trainees)
    previous = load_results(course_dir)
    in_gradebook = _graded_in_gradebook(course_dir)
    known_trainees = set(trainee_ids(course_dir))
    results: dict[tuple[str, str], SubmissionResult] = {}
    jobs: list[SubmissionResult] = []
    for trainee, module in _submissions(course_dir, modules, trainees):
        candidate = _prepare(course_dir, trainee, module, known_trainees)
        old = previous.get((trainee, module))
        unchanged = old and (trainee, module) in in_gradebook and _still_valid(old, candidate)
        if not force and unchanged and candidate.status != "rejected":
            results[trainee, module] = old.model_copy(update={"graded_this_run": False})
        elif candidate.status == "rejected":
            results[trainee, module] = _keep_earlier(course_dir, candidate, old) or candidate
        else:
            jobs.append(candidate)
    peaks: list[tuple[float, float]] = []
    with grading_environment(limits, course_dir) as (env, workdir):
        keys = _largest_first(course_dir, [(job.trainee, job.module) for job in jobs])
        outcomes = grade_all(course_dir, keys, workers, limits, env, workdir, show_progress, peaks)
        retry = [key for key in keys if not outcomes[key]["success"]]
        retry = [key for key in retry if not outcomes[key].get("hung")]
        if retry:
            outcomes |= grade_all(course_dir, retry, 1, limits, env, workdir, show_progress, [])
        restored = [
            key for key in keys if not outcomes[key]["success"] and _restore(course_dir, key)
        ]
        if restored:  # the earlier graded submissions are back: grade them again
            again = grade_all(course_dir, restored, 1, limits, env, workdir, show_progress, [])
    for job in jobs:
        outcome = outcomes[job.trainee, job.module]
        status: Status = "graded" if outcome["success"] else "failed"
        stopped = stopped_cells(
            course_dir / "autograded" / job.trainee / job.module, limits.cell_timeout
        )
        reason = "; ".join(filter(None, [job.reason, _explain(outcome["reason"]), stopped]))
        results[job.trainee, job.module] = job.model_copy(
            update={"status": status, "reason": reason, "graded_this_run": True}
        )
        if (job.trainee, job.module) in restored:
            earlier = again[job.trainee, job.module]
            note = _earlier_note(job.trainee, job.module, f"failed ({reason})")
            results[job.trainee, job.module] = job.model_copy(
                update={
                    "status": "graded" if earlier["success"] else "failed",
                    "reason": note if earlier["success"] else _explain(earlier["reason"]),
                    "fingerprint": _fingerprint(
                        course_dir / "submitted" / job.trainee / job.module,
                        course_dir / "source" / job.module,
                    ),
                    "graded_this_run": True,
                }
            )
        elif status == "graded":
            graded_copy.drop(course_dir, job.trainee, job.module)
    _add_scores(course_dir, results)
    merged = {**previous, **results}
    summary = AutogradeSummary(
        results=[merged[key] for key in sorted(merged)],
        workers=workers,
        seconds=round(time.monotonic() - started, 2),
        worker_peak_rss_mb=[worker for worker, _ in peaks],
        fork_server_peak_rss_mb=[warm for _, warm in peaks],
    )
    save_results(course_dir, summary)
    ran = [merged[key] for key in sorted(results)]
    return summary.model_copy(update={"results": ran})


def _largest_first(course_dir: Path, keys: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The jobs, modules with the most notebook source first: the last jobs the workers pull
    are then short ones, so the workers finish at about the same time."""
    size = {
        module: sum(p.stat().st_size for p in (course_dir / "source" / module).glob("*.ipynb"))
        for module in {module for _, module in keys}
    }
    return sorted(keys, key=lambda key: (-size[key[1]], key))


def _earlier_note(trainee: str, module: str, what: str) -> str:
    return (
        f"a re-upload {what}; the earlier graded submission still counts (the re-upload is "
        f"kept in submitted/{trainee}/.{module}.rejected)"
    )


def _keep_earlier(
    course_dir: Path, rejected: SubmissionResult, old: SubmissionResult | None
) -> SubmissionResult | None:
    """For a rejected re-upload of graded work: the earlier result, its files put back."""
    key = (rejected.trainee, rejected.module)
    if old is None or old.status != "graded" or not _restore(course_dir, key):
        return None
    note = _earlier_note(*key, f"was rejected ({rejected.reason})")
    return old.model_copy(update={"reason": note, "graded_this_run": False})


def _restore(course_dir: Path, key: tuple[str, str]) -> bool:
    """Put back the graded submission kept by ``collect --replace``, if there is one."""
    if not graded_copy.graded_copy(course_dir, *key).is_dir():
        return False
    graded_copy.restore(course_dir, *key)
    return True


def _explain(reason: str) -> str:
    if reason.startswith("DeadKernelError"):
        return f"{reason} (the submission crashed its kernel or hit the memory or CPU limit)"
    return reason


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


def _graded_in_gradebook(course_dir: Path) -> set[tuple[str, str]]:
    """(trainee, module) pairs whose submission has grades in the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(gradebook_url(course_dir)) as gradebook:
        return {
            (submission.student.id, assignment.name)
            for assignment in gradebook.assignments
            for submission in assignment.submissions
            if any(notebook.grades for notebook in submission.notebooks)
        }


def _still_valid(old: SubmissionResult, new: SubmissionResult) -> bool:
    return old.status == "graded" and old.fingerprint == new.fingerprint


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
                results[key] = result.model_copy(
                    update={
                        "status": "failed",
                        "reason": "no grades in the gradebook (the run was interrupted or the "
                        "course rebuilt meanwhile); the next autograde grades it again",
                    }
                )
                continue
            results[key] = result.model_copy(
                update={
                    "score": submission.score,
                    "max_score": submission.max_score,
                    "late": submission.total_seconds_late > 0,
                    "needs_manual_grade": submission.needs_manual_grade,
                }
            )
