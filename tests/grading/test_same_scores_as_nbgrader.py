"""Does our autograde (workers, kernels forked from a warm parent, cheaper nbgrader steps) give
every cell of a real module the score plain `nbgrader autograde` gives it?

One real module, three trainees (the solution, the blank release, partly wrong answers), built
twice as the module tests build courses; one copy graded by plain sequential nbgrader, the
other by `grading.grade.autograde.run`. benchmarks/autograde.py compares the same way on the whole
curriculum and reuses the helpers below.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from grading.course.coursedir import gradebook_url, module_ids
from grading.grade.autograde import run
from tests.modules.conftest import _partial_answers, course_with_submissions

MODULE = "03-stigma-and-language"


def cell_scores(course: Path) -> dict[tuple[str, str, str, str], float | None]:
    """(module, trainee, notebook, grade id) -> automatic score, from the course's gradebook."""
    with Gradebook(gradebook_url(course)) as gradebook:
        return {
            (assignment.name, submission.student.id, notebook.name, grade.name): grade.auto_score
            for assignment in gradebook.assignments
            for submission in assignment.submissions
            for notebook in submission.notebooks
            for grade in notebook.grades
        }


def plain_autograde(course: Path) -> None:
    """`nbgrader autograde MODULE` for each module in turn, in the course folder."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    for module in module_ids(course):
        done = subprocess.run(
            [sys.executable, "-m", "nbgrader", "autograde", module, "--log-level=ERROR"],
            cwd=course,
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise RuntimeError(f"nbgrader autograde {module} failed:\n{done.stderr[-3000:]}")


def curriculum_answers(module: str, kind: str) -> dict[str, str]:
    """The cells a trainee of `kind` overwrites: the wrong answers the module's tests declare
    for "partial" (none where a module declares none), nothing otherwise."""
    if kind != "partial":
        return {}
    try:
        return _partial_answers(module)
    except (ModuleNotFoundError, AttributeError):
        return {}


@pytest.mark.slow
def test_every_cell_scores_as_with_plain_nbgrader(tmp_path: Path) -> None:
    """Same score for every graded cell of every trainee, and the three kinds of work differ
    (so the comparison covers full, partial and zero scores)?"""
    plain = course_with_submissions(tmp_path / "plain", (MODULE,), curriculum_answers)
    ours = tmp_path / "ours" / "course"
    shutil.copytree(plain.parent, ours.parent)
    plain_autograde(plain)
    summary = run(ours, workers=2, show_progress=False)
    assert [r.status for r in summary.results] == ["graded"] * 3, summary.results
    expected, got = cell_scores(plain), cell_scores(ours)
    assert got == expected and len(expected) >= 10
    totals = {r.trainee: r.score for r in summary.results}
    assert totals["solution"] > totals["partial"] > totals["blank"] == 0
