"""Autograde edge cases: the wall-time backstop and submissions from outside the roster."""

from __future__ import annotations

import psutil
import pytest

from grading.autograde import Limits, load_results, run
from grading.course import build
from tests.grading import factories as f


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """Rostered ana (full answers) and sol (a 60 s answer cell), plus a stranger (full answers)."""
    root = tmp_path_factory.mktemp("autograde")
    course = root / "course"
    build(f.FIXTURE_MODULES, course, roster=f.roster_csv(root / "roster.csv", ["ana", "sol"]))
    notebook = f.answered(course / "release" / f.MODULE / f.NOTEBOOK, f.FULL)
    for trainee in ("ana", "stranger"):
        f.write_submission(course / "submitted" / trainee / f.MODULE, notebook, f.ON_TIME)
    slow = dict(f.FULL, open_q1="import time\ntime.sleep(60)\nopen_q1_choice = 'B'\n")
    slow_notebook = f.answered(course / "release" / f.MODULE / f.NOTEBOOK, slow)
    f.write_submission(course / "submitted" / "sol" / f.MODULE, slow_notebook, f.ON_TIME)
    return course


def grading_kernels(course) -> list[int]:
    """Process ids of kernels still running for `course` (launched with --output-kb and it)."""
    found = []
    for process in psutil.process_iter(["cmdline"]):
        cmdline = " ".join(process.info["cmdline"] or [])
        if "--output-kb=" in cmdline and str(course) in cmdline:
            found.append(process.pid)
    return found


def test_wall_time_backstop_stops_the_worker_and_its_kernel(course):
    """Is a submission over its wall time stopped, recorded, not retried, and no kernel left?"""
    limits = Limits(cell_timeout=120, submission_timeout=8)
    summary = run(course, trainees=["sol"], limits=limits, workers=1, show_progress=False)
    (outcome,) = summary.results
    assert outcome.status == "failed"
    assert "still running after 8 s; stopped" in outcome.reason
    assert grading_kernels(course) == []


def test_a_trainee_outside_the_roster_is_rejected_and_the_rest_graded(course):
    """Is a stranger's submission refused by name while the rostered trainee is graded?"""
    summary = run(course, trainees=["ana", "stranger"], workers=2, show_progress=False)
    outcome = {r.trainee: r for r in summary.results}
    assert outcome["stranger"].status == "rejected"
    assert outcome["stranger"].reason == "'stranger' is not on the course roster"
    assert (outcome["ana"].status, outcome["ana"].score) == ("graded", 5.0)
    assert {"ana", "stranger"} <= {trainee for trainee, _ in load_results(course)}
