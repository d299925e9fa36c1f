"""Module 08 (recovery foundations and the peer movement): what is specific to this module.

The shared checks (release, full marks, blank zero, feedback, role-plays, curriculum) are in
test_modules_02_to_05.py.
"""

from __future__ import annotations

import pytest

from tests.modules.conftest import (
    answer_cell,
    check_partial_messages,
    roleplay_cell,
    roleplay_hints,
    supervisor_flags,
)

MODULE = "08-recovery-foundations"
COLD_REFERRAL = [
    "What happened to you over there in Iraq?",
    "You need to quit drinking.",
    "Here is the Veterans Crisis Line number, 988 then press 1. I have to go now, good luck.",
]
PARTIAL = {
    "principles_q1": answer_cell("principles_q1", "A"),
    "voluntary_q2": answer_cell(
        "voluntary_q2",
        "I will talk to Lupe and tell her she has to come to the sessions because the rules "
        "say so and her housing depends on it.",
    ),
    "capital_q1": answer_cell(
        "capital_q1",
        "Her aunt drives her to appointments and lets her live there. Her friends call her "
        "sometimes and she is close to her family.",
    ),
    "roleplay_veteran_ptsd_alcohol_utterances": roleplay_cell(
        "roleplay_veteran_ptsd_alcohol_utterances", COLD_REFERRAL
    ),
}
PARTIAL_FAILS = {
    "principles_q1_test": "who defines recovery",
    "voluntary_q2_test": "cannot be a condition of her housing",
    "capital_q1_test": "at least three different kinds",
    **roleplay_hints(
        "veteran-ptsd-alcohol",
        (
            "reflections_per_question",
            "complex_reflections",
            "no_righting_reflex",
            "change_talk_evoked",
            "no_cold_referral",
        ),
    ),
}


@pytest.mark.slow
def test_wrong_answers_get_helpful_messages(graded_course):
    """Are wrong answers marked down, each with a message that says what to reconsider?"""
    check_partial_messages(graded_course, MODULE, PARTIAL_FAILS)


@pytest.mark.slow
def test_a_cold_referral_is_a_supervisor_flag(graded_course):
    """Is a number-and-goodbye to Curtis reported to the supervisor, not only marked down?"""
    flags = supervisor_flags(graded_course, MODULE, "partial")
    assert [f.kind for f in flags] == ["cold_referral"]
    assert "I have to go" in flags[0].detail
    assert supervisor_flags(graded_course, MODULE, "solution") == []
    assert supervisor_flags(graded_course, MODULE, "blank") == []
