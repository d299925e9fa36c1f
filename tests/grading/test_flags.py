"""Supervisor flags of one submission: each event reaches the supervisor once."""

from __future__ import annotations

from pathlib import Path

import nbformat

from grading.checks.flags import FLAG_MIME, collect_flags
from tests.grading.factories import MISSED_CRISIS_CUE, roleplay_transcript

NOTEBOOK = "2-warm-lines-and-crisis.ipynb"


TEST_CELL = {"grade": True, "solution": False, "grade_id": "crisis_test", "points": 1}


def notebook_with_flag(path: Path, kind: str, detail: str, grade_id: str = "crisis_test") -> None:
    """An autograded notebook whose cell `grade_id` displayed a supervisor flag."""
    cell = nbformat.v4.new_code_cell("score.assert_criterion('crisis_asked')")
    cell.metadata["nbgrader"] = TEST_CELL | {"grade_id": grade_id}
    output = nbformat.v4.new_output(
        "display_data", data={FLAG_MIME: {"kind": kind, "detail": detail}}
    )
    cell.outputs = [output]
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)


def submission(tmp_path: Path) -> Path:
    """autograded/gene-fan/05-wellness-and-crisis with a transcript that missed a crisis cue;
    the course's source notebook has one test cell, crisis_test."""
    module = "05-wellness-and-crisis"
    source = tmp_path / "source" / module
    source.mkdir(parents=True)
    test = nbformat.v4.new_code_cell("score.assert_criterion('crisis_asked')")
    test.metadata["nbgrader"] = TEST_CELL
    nbformat.write(nbformat.v4.new_notebook(cells=[test]), source / NOTEBOOK)
    folder = tmp_path / "autograded" / "gene-fan" / module
    folder.mkdir(parents=True)
    roleplay_transcript(
        folder / "roleplay-warm-line-crisis.json", "warm-line-crisis", MISSED_CRISIS_CUE
    )
    return folder


def test_a_missed_crisis_cue_in_a_transcript_is_flagged(tmp_path):
    """Without a test cell's flag, does the transcript itself raise the missed cue?"""
    flags = collect_flags(submission(tmp_path))
    assert [(f.kind, f.source) for f in flags] == [
        ("crisis_cue_missed", "roleplay-warm-line-crisis.json")
    ]
    assert flags[0].trainee == "gene-fan" and flags[0].module == "05-wellness-and-crisis"


def test_an_event_a_test_cell_flagged_is_not_repeated_from_the_transcript(tmp_path):
    """Does the supervisor read the test cell's specific flag once, not a second vague one?"""
    folder = submission(tmp_path)
    notebook_with_flag(folder / NOTEBOOK, "crisis_cue_missed", "Ask directly.")
    flags = collect_flags(folder)
    assert [(f.kind, f.detail, f.source) for f in flags] == [
        ("crisis_cue_missed", "Ask directly.", NOTEBOOK)
    ]


def test_a_flag_from_a_trainee_cell_is_ignored(tmp_path):
    """Can a trainee's own cell (no test cell of the course source) add or hide a flag? No."""
    folder = submission(tmp_path)
    notebook_with_flag(folder / NOTEBOOK, "crisis_cue_missed", "all fine", grade_id="my_cell")
    flags = collect_flags(folder)
    assert [(f.kind, f.source) for f in flags] == [
        ("crisis_cue_missed", "roleplay-warm-line-crisis.json")
    ]


def test_flag_text_is_bounded_data(tmp_path):
    """Is a test-cell flag's kind and detail kept as a short plain string?"""
    folder = submission(tmp_path)
    notebook_with_flag(folder / NOTEBOOK, "=HYPERLINK(" + "x" * 200 + ")", "d" * 5000)
    (flag,) = [f for f in collect_flags(folder) if f.source == NOTEBOOK]
    assert len(flag.kind) == 60 and len(flag.detail) == 500
