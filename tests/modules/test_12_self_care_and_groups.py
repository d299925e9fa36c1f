"""Module 12 (self-care and facilitating peer groups): what is specific to this module.

The shared checks for the modules graded by the shared course are in test_modules_02_to_05.py.
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

MODULE = "12-self-care-and-groups"
#: Nadia tells the peer what Omar said, and the peer talks past it: no direct question, no
#: staying, no connection, nothing about the shotgun or the pills.
MISSED_CUE = [
    "I'm glad you called, Nadia. You sound really worried about your son.",
    "What's been happening with Omar?",
    "You've been carrying a lot on your own.",
    "It sounds like you're exhausted.",
    "What does Omar like to do?",
    "You love him very much.",
]
PARTIAL = {
    "selfcare_q1": answer_cell("selfcare_q1", "A"),
    "supervision_q1": answer_cell(
        "supervision_q1",
        "Hello, I hope your week is going well. The Tuesday schedule works for me and the van is "
        "booked for Friday.",
    ),
    "groups_q2": answer_cell("groups_q2", "A"),
    "roleplay_family_member_in_crisis_utterances": roleplay_cell(
        "roleplay_family_member_in_crisis_utterances", MISSED_CUE
    ),
}
CRISIS_CRITERIA = (
    "crisis_asked",
    "crisis_stayed",
    "crisis_connected",
    "lethal_means_safety",
    "no_missed_cue",
)
PARTIAL_FAILS = {
    "selfcare_q1_test": "Abebe still likes his job",
    "supervision_q1_test": "Say what Abebe has noticed",
    "groups_q2_test": "Shaming Vince",
    **roleplay_hints("family-member-in-crisis", CRISIS_CRITERIA),
}


@pytest.mark.slow
def test_wrong_answers_get_helpful_messages(graded_course):
    """Are wrong answers marked down, each with a message that says what to reconsider?"""
    check_partial_messages(graded_course, MODULE, PARTIAL_FAILS)


@pytest.mark.slow
def test_a_missed_cue_about_a_family_member_is_a_supervisor_flag(graded_course):
    """When the peer talks past what Omar said, is each missed crisis step reported to the
    supervisor, and nothing reported for the solution or the blank release?"""
    flags = supervisor_flags(graded_course, MODULE, "partial")
    assert [f.kind for f in flags] == ["crisis_cue_missed"] * len(CRISIS_CRITERIA)
    assert any("Ask Nadia directly" in f.detail for f in flags)
    assert supervisor_flags(graded_course, MODULE, "solution") == []
    assert supervisor_flags(graded_course, MODULE, "blank") == []


def test_the_missed_cue_role_play_still_reflects_more_than_it_asks():
    """Is the partly wrong role-play marked down only for the crisis steps (so the messages
    above are about the cue, not about reflections, language or role)?"""
    from grading.checks.roleplay import score_roleplay

    score = score_roleplay(MISSED_CUE, "family-member-in-crisis")
    assert {c.id for c in score.criteria if not c.passed} == set(CRISIS_CRITERIA)
