"""Module 09 (trauma-informed care and cultural humility): what is specific to this module.

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

MODULE = "09-trauma-informed-care-and-cultural-humility"
ROWAN_LEFT_WITH_A_NUMBER = [
    "Is your legal name on the form?",
    "You should call your mom and make up with her.",
    # A named service, not "the number": still a referral and a goodbye.
    "You could try the Trevor Project's line sometime. I have to go now, good luck.",
]
PARTIAL = {
    "trauma_q2": answer_cell("trauma_q2", "C"),
    "retraum_q1": answer_cell(
        "retraum_q1", "You need to tell me what happened, but take your time, okay?"
    ),
    "intro_q1": answer_cell(
        "intro_q1", "Hi, I'm Gideon. I'm one of the peer specialists here. What's your name?"
    ),
    "roleplay_lgbtq_young_adult_rejected_utterances": roleplay_cell(
        "roleplay_lgbtq_young_adult_rejected_utterances", ROWAN_LEFT_WITH_A_NUMBER
    ),
}
PARTIAL_FAILS = {
    "trauma_q2_test": "digs for the story",
    "retraum_q1_test": "still tells the person they must share",
    "intro_q1_test": "Share your own pronouns first",
    **roleplay_hints(
        "lgbtq-young-adult-rejected",
        (
            "reflections_per_question",
            "complex_reflections",
            "more_open_than_closed",
            "no_righting_reflex",
            "change_talk_evoked",
            "affirms_strengths",
            "no_cold_referral",
        ),
    ),
}


@pytest.mark.slow
def test_wrong_answers_get_helpful_messages(graded_course):
    """Are wrong answers marked down, each with a message that says what to reconsider?"""
    check_partial_messages(graded_course, MODULE, PARTIAL_FAILS)


@pytest.mark.slow
def test_leaving_rowan_with_a_number_is_a_supervisor_flag(graded_course):
    """Is a number-and-goodbye to Rowan reported to the supervisor, not only marked down?"""
    flags = supervisor_flags(graded_course, MODULE, "partial")
    assert [f.kind for f in flags] == ["cold_referral"]
    assert "I have to go" in flags[0].detail
    assert supervisor_flags(graded_course, MODULE, "solution") == []
    assert supervisor_flags(graded_course, MODULE, "blank") == []
