"""Module 06 (ethics in depth): what is specific to this module.

The shared checks for the graded modules are in test_modules_02_to_05.py.
"""

from __future__ import annotations

import pytest

from tests.modules.conftest import answer_cell, check_partial_messages

MODULE = "06-ethics-in-depth"
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
}
PARTIAL_FAILS = {
    "values_q1_test": "Reporting behind the person's back",
    "subpoena_q1_test": "a subpoena alone does not allow any disclosure",
    "proceedings_q1_test": "kept the protection against using records in proceedings",
    "dating_q1_test": "Say no clearly",
    "limits_q1_test": "Name the reporting limit too",
    "decide_q1_test": "Step 3: say whom you would consult",
}


@pytest.mark.slow
def test_wrong_answers_get_helpful_messages(graded_course):
    """Are wrong answers marked down, each with a message that says what to reconsider?"""
    check_partial_messages(graded_course, MODULE, PARTIAL_FAILS)

