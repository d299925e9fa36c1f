"""Module 06 (ethics in depth): what is specific to this module.

The shared checks for the graded modules are in test_modules_02_to_05.py.
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

MODULE = "06-ethics-in-depth"
SECRECY_PROMISED = [
    "I promise it stays between us. You can tell me anything.",
    "You've been carrying something heavy, and part of you is scared for Mateo.",
    "What's been happening at home?",
    "You love Mateo, and part of you is terrified about what happens next.",
    "How has Mateo been since Thursday?",
    "He thinks it was his fault, and that breaks your heart.",
    "So let me see if I have it: Dale hurt Mateo on Thursday, you're scared of losing him, and "
    "you want him to feel safe at home. What did I miss?",
]
PARTIAL = {
    "values_q1": answer_cell("values_q1", "A"),
    "subpoena_q1": answer_cell("subpoena_q1", "A"),
    "proceedings_q1": answer_cell("proceedings_q1", "B"),
    "dating_q1": answer_cell(
        "dating_q1",
        "Thank you so much, I'm really glad you're doing well and I appreciate you thinking "
        "of me. Maybe sometime later, once things settle down, we can see.",
    ),
    "limits_q1": answer_cell(
        "limits_q1",
        "Everything you share with me stays private and confidential, and I keep my notes short. "
        "The only time I would need to bring in my supervisor is if your safety or someone "
        "else's life were in danger; I would tell you first. What questions do you have about "
        "how this works here?",
    ),
    "decide_q1": answer_cell(
        "decide_q1",
        "My code of ethics says no dual relationships. I could accept, or I could decline. I "
        "would decline and tell Hank: thank you, that is generous, but I can't take work from "
        "someone I support.",
    ),
    "roleplay_parent_discloses_harm_at_home_utterances": roleplay_cell(
        "roleplay_parent_discloses_harm_at_home_utterances", SECRECY_PROMISED
    ),
}
PARTIAL_FAILS = {
    "values_q1_test": "Reporting behind the person's back",
    "subpoena_q1_test": "a subpoena alone does not allow any disclosure",
    "proceedings_q1_test": "kept the protection against using records in proceedings",
    "dating_q1_test": "Say no clearly",
    "limits_q1_test": "Name the reporting limit too",
    "decide_q1_test": "Step 3: say whom you would consult",
    **roleplay_hints("parent-discloses-harm-at-home", ("explains_limits", "no_secrecy_promise")),
}


@pytest.mark.slow
def test_wrong_answers_get_helpful_messages(graded_course):
    """Are wrong answers marked down, each with a message that says what to reconsider?"""
    check_partial_messages(graded_course, MODULE, PARTIAL_FAILS)


@pytest.mark.slow
def test_a_secrecy_promise_is_a_supervisor_flag(graded_course):
    """Is a promise to keep a child's harm secret reported to the supervisor, not only marked
    down, and does the solution raise no flag?"""
    flags = supervisor_flags(graded_course, MODULE, "partial")
    assert [f.kind for f in flags] == ["secrecy_promise"]
    assert "I promise it stays between us" in flags[0].detail
    assert supervisor_flags(graded_course, MODULE, "solution") == []
    assert supervisor_flags(graded_course, MODULE, "blank") == []
