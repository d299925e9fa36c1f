"""Module 05 (wellness, whole health and crisis): what is specific to this module.

The shared checks for modules 02-05 are in test_modules_02_to_05.py.
"""

from __future__ import annotations

import pytest

from tests.grading.factories import MISSED_CRISIS_CUE as MISSED_CUE
from tests.modules.conftest import (
    answer_cell,
    check_partial_messages,
    roleplay_cell,
    roleplay_hints,
    supervisor_flags,
)

MODULE = "05-wellness-and-crisis"
PARTIAL = {
    "dimension_q1": answer_cell("dimension_q1", "social"),
    "health_q3": answer_cell(
        "health_q3", "I will quit smoking completely this week, starting Monday."
    ),
    "roleplay_warm_line_crisis_utterances": roleplay_cell(
        "roleplay_warm_line_crisis_utterances", MISSED_CUE
    ),
}
CRISIS_CRITERIA = (
    "crisis_asked",
    "crisis_connected",
    "crisis_stayed",
    "no_missed_cue",
    "lethal_means_safety",
)
PARTIAL_FAILS = {
    "dimension_q1_test": "mainly about",
    "health_q3_test": "Quitting all at once",
    **roleplay_hints("warm-line-crisis", (*CRISIS_CRITERIA, "honest_about_emergency_services")),
}


@pytest.mark.slow
def test_wrong_answers_get_helpful_messages(graded_course):
    """Are wrong answers marked down, each with a message that says what to reconsider?"""
    check_partial_messages(graded_course, MODULE, PARTIAL_FAILS)


@pytest.mark.slow
def test_a_missed_crisis_cue_is_a_supervisor_flag(graded_course):
    """Is each missed crisis step reported to the supervisor, not only marked down?"""
    flags = supervisor_flags(graded_course, MODULE, "partial")
    assert [f.kind for f in flags] == ["crisis_cue_missed"] * len(CRISIS_CRITERIA)
    assert any("Ask directly" in f.detail for f in flags)
    assert supervisor_flags(graded_course, MODULE, "solution") == []
    assert supervisor_flags(graded_course, MODULE, "blank") == []
