"""Reports: do the numbers equal the gradebook's, and do the files open?"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from nbgrader.api import Gradebook, MissingEntry
from openpyxl import load_workbook

from grading.course.coursedir import gradebook_url
from grading.feedback.generate import visible_text
from grading.report.files import html_table
from tests.grading import factories as f


def gradebook_scores(course) -> dict[str, float]:
    """Scores straight from nbgrader's gradebook, by trainee."""
    scores = {}
    with Gradebook(gradebook_url(course)) as gradebook:
        for student in gradebook.students:
            try:
                scores[student.id] = gradebook.find_submission(f.MODULE, student.id).score
            except MissingEntry:
                continue
    return scores


@pytest.fixture(scope="module")
def csv(graded_course):
    folder = graded_course.reports.csv_dir
    return {name: pd.read_csv(folder / f"{name}.csv") for name in ("submissions", "hours", "flags")}


def test_csv_scores_equal_the_gradebook(graded_course, csv):
    """Is every score in the CSV exactly the gradebook's score?"""
    expected = gradebook_scores(graded_course.course)
    reported = csv["submissions"].dropna(subset=["score"]).set_index("trainee")["score"].to_dict()
    assert reported == expected
    assert len(expected) == 7  # six graded + the crashed one nbgrader recorded at zero


def test_excel_scores_equal_the_gradebook(graded_course):
    """Does the Excel workbook open and hold the gradebook's scores?"""
    workbook = load_workbook(graded_course.reports.excel, read_only=True)
    assert {"submissions", "scores", "cohort", "manual", "hours", "competencies", "flags"} <= set(
        workbook.sheetnames
    )
    rows = list(workbook["scores"].iter_rows(values_only=True))
    reported = {row[0]: row[1] for row in rows[1:] if row[1] is not None}
    assert reported == gradebook_scores(graded_course.course)


def test_html_report_shows_the_gradebook_numbers_and_figures(graded_course):
    """Does the HTML report open as one file with figures and the same numbers?"""
    page = graded_course.reports.html.read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") >= 3
    text = visible_text(page)
    cohort = pd.read_csv(graded_course.reports.csv_dir / "cohort.csv").iloc[0]
    for value in (cohort["mean"], cohort["median"], cohort["max"]):
        assert f"{value:g}" in text
    scores_table = page[page.index('id="submissions"') :]
    for trainee, score in gradebook_scores(graded_course.course).items():
        row = rf"<td>{trainee}</td>\s*<td>[^<]+</td>\s*<td>[^<]+</td>\s*<td>{score:g}</td>"
        assert re.search(row, scores_table), trainee


def test_hours_and_completion_follow_passing_marks(csv):
    """Do only trainees at or above the passing mark (after manual grading) earn the hours?"""
    hours = csv["hours"].set_index("trainee")
    assert hours.loc["ana", "hours"] == 1.5 and bool(hours.loc["ana", "completed"])
    assert hours.loc["dee", "hours"] == 1.5
    assert hours.loc["ben", "hours"] == 0 and not bool(hours.loc["ben", "completed"])


def test_competency_coverage(graded_course):
    """Is a competency met only by graded work that earned points (fixture minimum: 1 point)?"""
    table = pd.read_csv(graded_course.reports.csv_dir / "competencies.csv", dtype=str)
    covered = table[table["met"] == "True"]
    ana = set(covered.loc[covered["trainee"] == "ana", "competency"])
    ben = set(covered.loc[covered["trainee"] == "ben", "competency"])
    assert ana == {"1", "2", "4", "10", "Mentoring and Education", "Ethical Responsibility",
                   "Recovery/Wellness Support"}  # fmt: skip
    assert ben == {"2", "4", "Mentoring and Education"}


def test_items_awaiting_manual_grading(graded_course):
    """Are prose answers nobody has graded yet listed, and graded ones not?"""
    manual = pd.read_csv(graded_course.reports.csv_dir / "manual.csv")
    pending = set(zip(manual["trainee"], manual["grade_id"], strict=True))
    assert ("hal", "opening_q3") in pending
    assert ("ana", "opening_q3") not in pending


def test_supervisor_flags_from_tests_transcripts_and_grading(csv):
    """Do flags from hidden tests, role-play transcripts and the grader all reach the report?"""
    flags = set(zip(csv["flags"]["trainee"], csv["flags"]["kind"], strict=True))
    assert ("ben", "crisis_cue_missed") in flags  # hidden test and transcript
    assert ("ben", "scope_violation") in flags  # transcript: advised a medication dose
    assert ("ivy", "crisis_cue_missed") in flags
    assert ("dee", "late_submission") in flags
    assert {("eli", "submission_rejected"), ("jon", "submission_failed")} <= flags
    assert not any(trainee == "ana" for trainee, _ in flags)


def test_roleplay_metrics_are_reported(graded_course):
    """Are MITI metrics read from the trainees' saved transcripts?"""
    roleplay = pd.read_csv(graded_course.reports.csv_dir / "roleplay.csv")
    assert sorted(roleplay["trainee"]) == ["ana", "ben"]
    assert set(roleplay["scenario"]) == {"warm-line-crisis"}


def test_completion_records_are_written_as_html_and_pdf(graded_course):
    """Does every trainee get an HTML and a PDF completion record?"""
    folder = graded_course.reports.html.parent / "completion"
    assert (folder / "ana.pdf").read_bytes().startswith(b"%PDF")
    ana = visible_text((folder / "ana.html").read_text(encoding="utf-8"))
    assert "All required modules are passed" in ana and "Fixture module" in ana
    ben = visible_text((folder / "ben.html").read_text(encoding="utf-8"))
    assert "Not yet complete" in ben
    rule = "A competency counts as met with at least 1 point earned on at least 1 exercise"
    assert rule in ana and rule in ben
    assert "1. Engages peers in collaborative and caring relationshipsnot yet met (0 of 1" in ben
    assert "2. Provides supportmet (2 of 1 points)01-fixture-basics: open_q1_test (2 pt)" in ben
    assert "not yet met" not in ana
    assert len(list(folder.glob("*.pdf"))) == 10


def test_report_tables_are_escaped():
    """Is text from submissions shown as text, never run as HTML?"""
    table = html_table(pd.DataFrame({"detail": ["<script>alert(1)</script>"]}))
    assert "<script>" not in table and "&lt;script&gt;" in table
