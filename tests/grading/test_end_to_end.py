"""The trainer's whole path on a fixture course with ten synthetic trainees.

Built once (tests/grading/conftest.py): build → release → collect (exchange and zip) →
parallel autograde (twice) → manual grading → feedback → reports.
"""

from __future__ import annotations

import json

import nbformat
import pytest
from nbgrader.api import Gradebook

from grading.course.coursedir import gradebook_url
from grading.feedback.generate import visible_text
from grading.grade.results import RESULTS_FILE
from tests.grading import factories as f


def result(graded_course, trainee: str):
    return next(r for r in graded_course.first_run.results if r.trainee == trainee)


def test_both_collect_paths_bring_in_every_trainee(graded_course):
    """Are the exchange submission and the nine zipped ones all collected, with no problems?"""
    assert graded_course.exchange_collect.imported == [("ana", f.MODULE)]
    assert graded_course.exchange_collect.problems == []
    assert len(graded_course.zip_collect.imported) == 9
    assert graded_course.zip_collect.problems == []


@pytest.mark.parametrize(
    ("trainee", "score"),
    [("ana", 5.0), ("ben", 2.0), ("cam", 0.0), ("dee", 5.0), ("hal", 2.0), ("ivy", 2.0)],
)
def test_autograded_scores(graded_course, trainee, score):
    """Does each kind of submission get the points its answers deserve (7 possible)?"""
    outcome = result(graded_course, trainee)
    assert outcome.status == "graded", outcome.reason
    assert (outcome.score, outcome.max_score) == (score, 7.0)


def test_full_solution_would_score_full_marks_after_manual_grading(graded_course):
    """Does the full answer set reach 7/7 once the prose answer is graded by hand?"""
    with Gradebook(gradebook_url(graded_course.course)) as gradebook:
        assert gradebook.find_submission(f.MODULE, "ana").score == 7.0


def test_late_submission_is_marked_late(graded_course):
    """Is the submission handed in after the due date marked late, and only that one?"""
    late = {r.trainee for r in graded_course.first_run.results if r.late}
    assert late == {"dee"}


@pytest.mark.parametrize(
    ("trainee", "words"),
    [
        ("eli", "not valid notebook JSON"),
        ("fay", "grade_id=open_q1 was changed from code to markdown"),
        ("gus", "grade_id=crisis_q2_test was deleted"),
    ],
)
def test_corrupt_submissions_are_rejected_with_a_reason(graded_course, trainee, words):
    """Is a corrupt notebook recorded as rejected with a clear reason and kept out of grading?"""
    outcome = result(graded_course, trainee)
    assert outcome.status == "rejected"
    assert words in outcome.reason
    assert not (graded_course.course / "autograded" / trainee).exists()


def test_a_crashing_submission_fails_alone(graded_course):
    """Does a kernel crash become a failed result with a reason while the others are graded?"""
    outcome = result(graded_course, "jon")
    assert outcome.status == "failed"
    assert "DeadKernelError" in outcome.reason
    assert graded_course.first_run.count("graded") == 6


def test_a_hung_cell_is_interrupted_and_the_rest_still_grades(graded_course):
    """Is hal's endless answer cell stopped by the cell timeout, keeping the other marks?"""
    autograded = graded_course.course / "autograded" / "hal" / f.MODULE / f.NOTEBOOK
    outputs = [
        o for c in nbformat.read(autograded, as_version=4).cells for o in c.get("outputs", [])
    ]
    assert any(o.get("ename") == "CellTimeoutError" for o in outputs)


def test_tampered_tests_are_restored(graded_course):
    """Does a trainee who replaced a test with `pass` still fail it (tests come from the source)?"""
    autograded = graded_course.course / "autograded" / "ivy" / f.MODULE / f.NOTEBOOK
    assert "what tests" not in autograded.read_text(encoding="utf-8")
    assert result(graded_course, "ivy").score == 2.0


def test_rerun_is_idempotent(graded_course):
    """Does a second run grade nothing new and leave every score as it was?"""
    first = {(r.trainee, r.status, r.score) for r in graded_course.first_run.results}
    second = {(r.trainee, r.status, r.score) for r in graded_course.second_run.results}
    assert first == second
    regraded = [r.trainee for r in graded_course.second_run.results if r.graded_this_run]
    assert regraded == ["jon"]  # only the failed submission is tried again


def test_results_are_saved_as_json(graded_course):
    """Is the run summary plain JSON naming every submission?"""
    saved = json.loads((graded_course.course / RESULTS_FILE).read_text(encoding="utf-8"))
    assert sorted(r["trainee"] for r in saved["results"]) == sorted(graded_course.kinds)


def test_no_feedback_contains_hidden_tests_or_solutions(graded_course):
    """Does no feedback page show hidden test code, solution text or nbgrader markers?"""
    pages = sorted((graded_course.course / "feedback").rglob("*.html"))
    assert len(pages) == 6  # one per graded submission
    for page in pages:
        text = visible_text(page.read_text(encoding="utf-8"))
        assert f.HIDDEN_ASSERT not in text, page
        assert f.SOLUTION_PROSE not in text, page
        assert "flag_for_supervisor(" not in text.split("import flag_for_supervisor")[-1], page
        for marker in ("HIDDEN TESTS", "BEGIN SOLUTION", "END SOLUTION"):
            assert marker not in text, page
    cam = visible_text(
        (graded_course.course / "feedback/cam" / f.MODULE / "basics.html").read_text()
    )
    assert 'open_q1_choice = "B"' not in cam and 'crisis_q2_choice = "A"' not in cam


def test_failed_tests_show_the_plain_language_message(graded_course):
    """Does a wrong answer's feedback show the hint, without a traceback?"""
    page = graded_course.course / "feedback" / "ben" / f.MODULE / "basics.html"
    text = visible_text(page.read_text(encoding="utf-8"))
    assert "AssertionError: Not quite. When someone hints" in text
    assert "Traceback" not in text and "----> " not in text


def test_feedback_is_returned_through_the_exchange(graded_course):
    """Is feedback returned to the trainee who submitted through the exchange?"""
    assert graded_course.feedback.returned == [("ana", f.MODULE)]
    assert graded_course.feedback.problems == []
    returned = list(
        (graded_course.course / "exchange" / "peer-support" / "feedback").rglob("*.html")
    )
    assert len(returned) == 1
