"""Supervisor flags of one submission: each event reaches the supervisor once."""

from __future__ import annotations

from pathlib import Path

import nbformat

from grading.flags import FLAG_MIME, collect_flags
from tests.grading.factories import MISSED_CRISIS_CUE, roleplay_transcript


def notebook_with_flag(path: Path, kind: str, detail: str) -> None:
    """An autograded notebook whose test cell raised a supervisor flag."""
    cell = nbformat.v4.new_code_cell("score.assert_criterion('crisis_asked')")
    output = nbformat.v4.new_output(
        "display_data", data={FLAG_MIME: {"kind": kind, "detail": detail}}
    )
    cell.outputs = [output]
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)


def submission(tmp_path: Path) -> Path:
    """autograded/gene-fan/05-wellness-and-crisis with a transcript that missed a crisis cue."""
    folder = tmp_path / "autograded" / "gene-fan" / "05-wellness-and-crisis"
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
    notebook_with_flag(
        folder / "2-warm-lines-and-crisis.ipynb", "crisis_cue_missed", "Ask directly."
    )
    flags = collect_flags(folder)
    assert [(f.kind, f.detail, f.source) for f in flags] == [
        ("crisis_cue_missed", "Ask directly.", "2-warm-lines-and-crisis.ipynb")
    ]
