"""Staying with a person in crisis, and never promising secrecy: are both recognised?"""

from __future__ import annotations

import pytest

from simulator.coding.peer_codes import peer_flags

STAYS = [
    "I'm here with you.",
    "I'm not going anywhere.",
    "I'll stay on the line with you while we call.",
    "You're not alone in this.",
    "I will stay with you until the crisis counselor picks up.",
    "We'll get through this together, one minute at a time.",
    "I've got all the time you need.",
    "I am right here.",
]
NOT_STAYS = [
    "I have to go now, call back tomorrow.",
    "She's not here today.",
    "Stay hydrated this week.",
    'You said "I\'m here" felt like a lie.',
    "I'm here on Tuesdays.",
]
PROMISES = [
    "I won't tell anyone, I promise.",
    "This stays between us.",
    "It'll be our little secret.",
    "I'll keep it to myself.",
    "Nobody else has to know.",
    "I promise not to tell your sister.",
]
NOT_PROMISES = [
    "I can't keep your safety a secret, and I'll be with you when we bring in help.",
    "What you share stays confidential, except when someone's safety is at risk.",
    "It's not a secret that the group meets on Fridays.",
    "Did someone tell you to keep it a secret?",
]


@pytest.mark.parametrize("text", STAYS)
def test_staying_is_recognised(text):
    """Is a promise to stay with the person flagged as crisis_stay?"""
    assert "crisis_stay" in [flag.kind for flag in peer_flags(text, "helper")]


@pytest.mark.parametrize("text", NOT_STAYS)
def test_other_uses_of_here_are_not(text):
    """Are leaving, other people, and quoted words left alone?"""
    assert "crisis_stay" not in [flag.kind for flag in peer_flags(text, "helper")]


@pytest.mark.parametrize("text", PROMISES)
def test_secrecy_promise_is_recognised(text):
    """Is a promise to keep something secret flagged?"""
    assert "secrecy_promise" in [flag.kind for flag in peer_flags(text, "helper")]


@pytest.mark.parametrize("text", NOT_PROMISES)
def test_honesty_about_limits_is_not_a_promise(text):
    """Is being honest about confidentiality limits left unflagged?"""
    assert "secrecy_promise" not in [flag.kind for flag in peer_flags(text, "helper")]


def test_consumer_words_are_not_helper_codes():
    """Does the person saying 'I'm here' never count as the helper staying?"""
    assert peer_flags("I'm here, I guess.", "consumer") == ()
