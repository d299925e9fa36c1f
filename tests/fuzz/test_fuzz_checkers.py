"""Fuzzing: do the checkers hidden tests call ever crash on what a trainee typed?

A checker returns its findings or verdict, or raises AssertionError with a message for the
trainee. Anything else would show a traceback in the trainee's feedback.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from grading.checks.findings import Finding
from grading.checks.language import check_language
from grading.checks.mi import check_open_question, check_reflection
from grading.checks.notes import check_note
from grading.checks.roleplay import score_roleplay
from simulator import load_scenario
from tests.fuzz.strategies import FUZZ, hostile_text, json_like

SCENARIO = load_scenario(
    Path(__file__).resolve().parents[1] / "fixtures" / "scenarios" / "practice-mini.yaml"
)
NOTE_PIECES = st.sampled_from(
    [
        "Date: 03/14/2026",
        "Date: 02/30/2026",
        "Start: 9:00 AM",
        "End: 8:59 AM",
        "Start time: 25:61",
        "Units: 99",
        "Units: -1",
        "Service code: H0038",
        "Setting: recovery center",
        "Goal: find housing",
        "Intervention: shared my own experience",
        "Response: member said they would call",
        "Plan: meet Tuesday",
        "Signed: Ana P., CPS",
        "Date written: 01/01/1900",
        "G:",
        "I: the addict was noncompliant",
        "Time: 11:30 PM - 12:15 AM",
    ]
)
notes = st.one_of(
    hostile_text,
    st.lists(st.one_of(NOTE_PIECES, hostile_text), max_size=12).map("\n".join),
)
answers = st.one_of(hostile_text, json_like)


def _is_message(error: AssertionError) -> bool:
    return bool(str(error).strip())


@FUZZ
@given(text=hostile_text)
def test_language_checker_never_crashes(text: str) -> None:
    """Does the person-first language checker return findings for any text?"""
    findings = check_language(text, where="your answer")
    assert all(isinstance(finding, Finding) for finding in findings)


@FUZZ
@given(note=notes)
def test_note_checker_never_crashes(note: str) -> None:
    """Does the progress-note checker return findings for any note, however malformed?"""
    findings = check_note(note)
    assert all(isinstance(finding, Finding) and str(finding) for finding in findings)


@FUZZ
@given(answer=answers, original=hostile_text)
def test_mi_checkers_never_crash(answer: object, original: str) -> None:
    """Do the open-question and reflection checkers give a verdict for any answer value?"""
    for check in (check_open_question, check_reflection):
        verdict = check(answer, original)
        assert str(verdict).strip()


@FUZZ
@given(
    utterances=st.one_of(
        st.lists(hostile_text, max_size=6),
        st.lists(json_like, max_size=4),
        hostile_text,
    )
)
def test_roleplay_scoring_never_crashes(utterances: object) -> None:
    """Does scoring a typed role-play list score it or explain what to type?"""
    try:
        score = score_roleplay(utterances, SCENARIO)
    except AssertionError as error:
        assert _is_message(error)
    else:
        assert score.criteria
