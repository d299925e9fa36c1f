"""Rubric kinds for crisis and harm-reduction role-plays, scored by replay on a fixture scenario."""

from __future__ import annotations

from pathlib import Path

import pytest

from grading.checks.roleplay import score_roleplay
from simulator import Scenario, load_scenario

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "scenarios"
BEFORE_CUE = ["You smoke to relax.", "Part of you is tired of feeling stuck.", "Mm-hmm."]
GOOD = [
    *BEFORE_CUE,
    "Are you thinking about killing yourself?",
    "I'm staying right here with you. Let's call 988 together.",
    "Do you have pills saved up at home?",
    "Could your sister hold onto the pills for a while? My supervisor can help us plan it.",
    "I can't promise nobody will come; if you were in immediate danger we'd call 911, and I'd"
    " tell you first.",
    "Would you like a naloxone kit? And please never use alone.",
]


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(FIXTURE / "practice-mini-safety.yaml")


def test_a_session_that_does_each_safety_step_meets_every_criterion(scenario: Scenario) -> None:
    """Are lethal means, honesty about 911, staying, connecting and harm reduction credited?"""
    score = score_roleplay(GOOD, scenario)
    assert [c.id for c in score.criteria if not c.passed] == []
    assert score.supervisor_flags == []


def test_a_cold_referral_loses_connect_stay_and_its_own_point(scenario: Scenario) -> None:
    """Is "Here's the number, I have to go" neither stayed nor connected, and flagged?"""
    cold = [*BEFORE_CUE, "Are you thinking about killing yourself?"]
    score = score_roleplay([*cold, "Here's the number for 988, I have to go."], scenario)
    missed = {c.id for c in score.criteria if not c.passed}
    assert {"crisis_connected", "crisis_stayed", "no_cold_referral"} <= missed
    assert any("cold referral" in message for message in score.supervisor_flags)


def test_a_secrecy_promise_costs_a_point_and_raises_a_supervisor_flag(scenario: Scenario) -> None:
    """Does "this stays just between us" lose the point, with a message saying why?"""
    score = score_roleplay([*GOOD, "Don't worry, this stays just between us."], scenario)
    result = score.result("no_secrecy_promise")
    assert not result.passed and "secret" in result.message
    assert result.message in score.supervisor_flags
    assert score.points == score.max_points - result.points


def test_missing_lethal_means_and_naloxone_say_what_to_do(scenario: Scenario) -> None:
    """Without a question about the means or naloxone, do the hints say what to try?"""
    score = score_roleplay(GOOD[:5], scenario)
    assert "means" in score.result("lethal_means_safety").message
    assert "naloxone" in score.result("offers_naloxone").message.lower()
    assert not score.result("never_use_alone").passed
