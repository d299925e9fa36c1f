"""Tests for grading.checks.peer_moves: written answers heard as role-play turns are."""

from __future__ import annotations

import pytest

from grading.checks.peer_moves import peer_moves
from simulator import Session


@pytest.mark.parametrize(
    ("text", "heard", "not_heard"),
    [
        (
            "I can't promise nobody will come. Emergency services only come if your life is in "
            "immediate danger, and I'd tell you first.",
            {"emergency_honesty"},
            {"secrecy_promise", "scope_violation"},
        ),
        ("Don't worry, I won't tell anyone.", {"secrecy_promise"}, {"emergency_honesty"}),
        (
            "If you do use again, please don't use alone, and keep naloxone where Dwayne can "
            "find it.",
            {"naloxone", "never_use_alone"},
            {"scope_violation"},
        ),
        ("Just take half the strip tomorrow.", {"scope_violation"}, {"naloxone"}),
        ("What would you like to ask your doctor at the clinic?", set(), {"scope_violation"}),
    ],
)
def test_a_written_line_is_heard_by_the_peer_codes(text, heard, not_heard):
    """Does a written answer raise the peer codes its words carry, and not the wrong ones?"""
    moves = peer_moves(text)
    assert heard <= moves and not moves & not_heard, moves
    if not heard:
        assert moves == set()


def test_the_persons_words_before_give_it_its_meaning():
    """Is "Could your brother hold onto it?" a lethal-means plan only after the rifle is named?"""
    plan = "Could your brother hold onto it for a while?"
    assert "lethal_means" in peer_moves(plan, context="Dad's rifle is in the basement.")
    assert "lethal_means" not in peer_moves(plan)


def test_a_written_line_and_a_role_play_turn_agree():
    """Is a line judged the same whether it is written or said in a role-play?"""
    line = "We have free naloxone kits here; would you like to take one home?"
    turn = Session("ed-after-overdose", seed=0).respond(line)
    assert {flag.kind for flag in turn.coding.peer_flags} == peer_moves(line)
    assert "naloxone" in peer_moves(line)
