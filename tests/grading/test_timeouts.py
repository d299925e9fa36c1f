"""Does a result say which cell the time limit stopped, and do worker logs name the trainee?"""

from __future__ import annotations

from tests.grading import factories as f
from tests.grading.conftest import LIMITS


def test_a_stopped_cell_is_named_in_the_reason(graded_course):
    """Is hal's hung cell named, with the limit, while the submission still counts as graded?"""
    hal = next(r for r in graded_course.first_run.results if r.trainee == "hal")
    assert hal.status == "graded"
    assert f"stopped after the {LIMITS.cell_timeout} s cell time limit" in hal.reason
    assert f"{f.NOTEBOOK} cell " in hal.reason
    others = [r for r in graded_course.first_run.results if r.trainee in ("ana", "ben")]
    assert others and all("time limit" not in r.reason for r in others)


def test_worker_logs_name_each_trainee_and_module(graded_course):
    """Can a trainer find a trainee's grading in the worker logs?"""
    logs = graded_course.course / ".grading" / "logs"
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(logs.glob("worker-*.log")))
    assert f"== grading hal/{f.MODULE}" in text
    assert f"== ana/{f.MODULE} graded" in text
