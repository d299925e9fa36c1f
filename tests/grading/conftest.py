"""One graded course shared by the end-to-end, feedback and report tests (built once)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from grading.course.build import build, release
from grading.feedback.generate import FeedbackResult, generate_feedback
from grading.grade.autograde import AutogradeSummary, Limits, run
from grading.grade.collect import CollectResult, collect
from grading.report.write import ReportFiles, report
from tests.grading import factories as f

TRAINEES = ["ana", "ben", "cam", "dee", "eli", "fay", "gus", "hal", "ivy", "jon"]
LIMITS = Limits(cell_timeout=4, startup_timeout=30, submission_timeout=90)


@dataclass
class GradedCourse:
    """Everything the shared pipeline produced."""

    root: Path
    course: Path
    kinds: dict[str, str]
    exchange_collect: CollectResult
    zip_collect: CollectResult
    first_run: AutogradeSummary
    second_run: AutogradeSummary
    feedback: FeedbackResult
    reports: ReportFiles


def grade_manually(course: Path, trainee: str, grade_id: str, score: float) -> None:
    """Do what a trainer does in the formgrader: give points to a prose answer."""
    from nbgrader.api import Gradebook

    from grading.course.coursedir import gradebook_url

    with Gradebook(gradebook_url(course)) as gradebook:
        grade = gradebook.find_grade(grade_id, f.NOTEBOOK.removesuffix(".ipynb"), f.MODULE, trainee)
        grade.manual_score = score
        grade.needs_manual_grade = False
        gradebook.db.commit()


@pytest.fixture(scope="session")
def graded_course(tmp_path_factory: pytest.TempPathFactory) -> GradedCourse:
    """Build, release, collect (exchange, zip), autograde twice, grade by hand, feedback, report."""
    root = tmp_path_factory.mktemp("graded")
    course = root / "course"
    build(f.FIXTURE_MODULES, course, roster=f.roster_csv(root / "roster.csv", TRAINEES))
    release(course, due=datetime.fromisoformat(f.DUE))
    f.submit_through_exchange(course, root / "home-ana", "ana", f.FULL, f.GOOD_ROLEPLAY)
    exchange_collect = collect(course)
    kinds = {"ana": "full"} | f.cohort(course / "release" / f.MODULE / f.NOTEBOOK, root / "in")
    archive = shutil.make_archive(str(root / "submissions"), "zip", root / "in")
    zip_collect = collect(course, Path(archive))
    first = run(course, workers=2, limits=LIMITS, show_progress=False)
    second = run(course, workers=2, limits=LIMITS, show_progress=False)
    for trainee in ("ana", "dee"):
        grade_manually(course, trainee, "opening_q3", 2.0)
    feedback = generate_feedback(course, return_to_trainees=True, show_progress=False)
    reports = report(course, root / "reports")
    return GradedCourse(
        root, course, kinds, exchange_collect, zip_collect, first, second, feedback, reports
    )
