"""Module 02 (role clarity and ethics): what is specific to this module.

The shared checks for modules 02-05 are in test_modules_02_to_05.py.
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

MODULE = "02-role-clarity"
DOSE_ADVICE = [
    "Have you talked to your doctor about it?",
    "You should cut your dose in half for a week and see how you feel.",
]
PARTIAL = {
    "scope_q1": answer_cell("scope_q1", "A"),
    "disclosure_q2": answer_cell("disclosure_q2", "Do you want to try that?"),
    "roleplay_medication_advice_seeker_utterances": roleplay_cell(
        "roleplay_medication_advice_seeker_utterances", DOSE_ADVICE
    ),
}
MISSED_CRITERIA = (
    "stays_in_role",
    "reflections_per_question",
    "complex_reflections",
    "more_open_than_closed",
    "no_righting_reflex",
    "change_talk_evoked",
)
PARTIAL_FAILS = {
    "scope_q1_test": "keeps you inside the role",
    "disclosure_q2_test": "Start with 'What' or 'How'",
    **roleplay_hints("medication-advice-seeker", MISSED_CRITERIA),
}


@pytest.mark.slow
def test_wrong_answers_get_helpful_messages_and_a_scope_flag(graded_course):
    """Are wrong answers marked down with hints, and dose advice reported to the supervisor?"""
    check_partial_messages(graded_course, MODULE, PARTIAL_FAILS)
    flags = supervisor_flags(graded_course, MODULE, "partial")
    assert [f.kind for f in flags] == ["scope_violation"]
    assert supervisor_flags(graded_course, MODULE, "solution") == []
