"""MITI summary: counts and ratios a trainee and a grader rely on."""

from __future__ import annotations

from simulator import Session
from simulator.metrics import summarize


def test_counts_and_ratios(mini_scenario):
    """Are R:Q, % complex reflections and % open questions computed as MITI defines them?"""
    utterances = [
        "What brings you in today?",  # open question
        "Do you smoke every day?",  # closed question
        "You smoke to relax.",  # simple reflection
        "Part of you is tired of feeling stuck.",  # complex reflection
        "Let me see if I have this: it relaxes you, and you want to breathe easier.",  # summary
    ]
    transcript = Session.from_utterances(mini_scenario, utterances, seed=0).transcript
    codes = [turn.coding.code for turn in transcript.turns]
    assert codes == [
        "open_question",
        "closed_question",
        "simple_reflection",
        "complex_reflection",
        "summary",
    ]
    summary = summarize(transcript)
    assert summary.reflection_to_question == 1.5
    assert summary.percent_complex_reflections == round(100 * 2 / 3, 1)
    assert summary.percent_open_questions == 50.0
    assert summary.level("reflection_to_question") == "fair"
    assert summary.level("percent_complex_reflections") == "good"


def test_no_questions_counts_reflections(mini_scenario):
    """With reflections but no questions, is R:Q the number of reflections (no division error)?"""
    transcript = Session.from_utterances(mini_scenario, ["You smoke to relax."] * 2).transcript
    assert summarize(transcript).reflection_to_question == 2.0


def test_empty_session_is_all_zero(mini_scenario):
    """Does a session with no turns summarize to zeros without errors?"""
    summary = summarize(Session(mini_scenario).end())
    assert summary.helper_turns == 0 and summary.reflection_to_question == 0.0
    assert summary.level("percent_complex_reflections") == "below"
