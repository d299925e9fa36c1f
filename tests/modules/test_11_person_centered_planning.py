"""Module 11 (person-centered planning and shared decision-making): what is specific to it.

The shared checks for modules 02 onward are in test_modules_02_to_05.py.
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

MODULE = "11-person-centered-planning"
QUESTIONS_ORDERS_AND_LEGAL_ADVICE = [
    "What brings you in today?",
    "Did you get your ID yet?",
    "Your parole officer can't violate you for missing one appointment.",
    "You should just apply to more restaurants.",
]
PARTIAL = {
    "pcp_q1": answer_cell("pcp_q1", "A"),
    "pcp_q2": answer_cell(
        "pcp_q2", "Soraya will attend groups at church every week to reduce her isolation."
    ),
    "sdm_q1": answer_cell("sdm_q1", "B"),
    "roleplay_reentry_after_prison_utterances": roleplay_cell(
        "roleplay_reentry_after_prison_utterances", QUESTIONS_ORDERS_AND_LEGAL_ADVICE
    ),
}
PARTIAL_FAILS = {
    "pcp_q1_test": "in Soraya's own words",
    "pcp_q2_test": "in the first person",
    "sdm_q1_test": "leaves the decision with him",
    **roleplay_hints(
        "reentry-after-prison",
        (
            "reflections_per_question",
            "complex_reflections",
            "more_open_than_closed",
            "no_righting_reflex",
            "change_talk_evoked",
            "offers_naloxone",
            "never_use_alone",
            "stays_in_role",
        ),
    ),
}


@pytest.mark.slow
def test_wrong_answers_get_helpful_messages(graded_course):
    """Are wrong answers marked down, each with a message that says what to reconsider?"""
    check_partial_messages(graded_course, MODULE, PARTIAL_FAILS)


@pytest.mark.slow
def test_legal_advice_about_parole_is_a_supervisor_flag(graded_course):
    """Is legal advice about parole reported to the supervisor, not only marked down?"""
    flags = supervisor_flags(graded_course, MODULE, "partial")
    assert [f.kind for f in flags] == ["scope_violation"]
    assert "parole" in flags[0].detail
    assert supervisor_flags(graded_course, MODULE, "solution") == []
    assert supervisor_flags(graded_course, MODULE, "blank") == []
