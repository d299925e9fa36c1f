"""Module 03 (stigma and recovery language): what is specific to this module.

The shared checks for modules 02-05 are in test_modules_02_to_05.py.
"""

from __future__ import annotations

import pytest

from tests.modules.conftest import (
    answer_cell,
    check_partial_messages,
)

MODULE = "03-stigma-and-language"
PARTIAL = {
    "stigma_type_q1": answer_cell("stigma_type_q1", "self"),
    "find_q2": answer_cell("find_q2", "urine"),
    "rewrite_q1": answer_cell("rewrite_q1", "The addict in room 2 keeps asking for a ride."),
    "rewrite_q2": answer_cell("rewrite_q2", "He is a person in recovery and doing well."),
    "colleague_reply_q1": answer_cell(
        "colleague_reply_q1",
        "You are right, he is a junkie, but we should still be nice to him because that is "
        "our job here.",
    ),
}
PARTIAL_FAILS = {
    "stigma_type_q1_test": "Ask who holds the belief",
    "find_q2_test": "Read the sentence again",
    "rewrite_q1_test": "still has wording to change",
    "rewrite_q2_test": "keep the meaning",
    "colleague_reply_q1_test": "still include a label",
}


@pytest.mark.slow
def test_wrong_answers_get_helpful_messages(graded_course):
    """Are wrong answers marked down, each with a message that says what to reconsider?"""
    check_partial_messages(graded_course, MODULE, PARTIAL_FAILS)
