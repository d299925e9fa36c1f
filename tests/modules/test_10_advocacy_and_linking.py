"""Module 10 (advocacy and linking to resources): what is specific to this module.

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

MODULE = "10-advocacy-and-linking"
LEGAL_ADVICE_AND_COLD_REFERRAL = [
    "What brings you here today?",
    "Legally, your landlord can't turn you down because of the eviction.",
    "Here's the number for the housing office. Good luck, I have to go.",
]
PARTIAL = {
    "adv_q1": answer_cell("adv_q1", "A"),
    "adv_q4": answer_cell(
        "adv_q4", "Hollis refuses to work on his goals, but he says he wants a job."
    ),
    "link_q5": answer_cell(
        "link_q5", "Here is the number for the housing navigator: call her on Thursday morning."
    ),
    "roleplay_housing_and_work_utterances": roleplay_cell(
        "roleplay_housing_and_work_utterances", LEGAL_ADVICE_AND_COLD_REFERRAL
    ),
}
PARTIAL_FAILS = {
    "adv_q1_test": "keeps Odette in charge",
    "adv_q4_test": "still judges Hollis",
    "link_q5_test": "cold referral",
    **roleplay_hints(
        "housing-and-work",
        (
            "complex_reflections",
            "change_talk_evoked",
            "summary_offered",
            "stays_in_role",
            "no_cold_referral",
        ),
    ),
}


@pytest.mark.slow
def test_wrong_answers_get_helpful_messages(graded_course):
    """Are wrong answers marked down, each with a message that says what to reconsider?"""
    check_partial_messages(graded_course, MODULE, PARTIAL_FAILS)


@pytest.mark.slow
def test_legal_advice_and_a_cold_referral_are_supervisor_flags(graded_course):
    """Are legal advice and a number-then-goodbye reported to the supervisor, not only marked?"""
    flags = supervisor_flags(graded_course, MODULE, "partial")
    assert sorted(f.kind for f in flags) == ["cold_referral", "scope_violation"]
    assert supervisor_flags(graded_course, MODULE, "solution") == []
    assert supervisor_flags(graded_course, MODULE, "blank") == []
