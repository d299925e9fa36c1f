"""The role-play engine: does the person react the way real people do, and deterministically?"""

from __future__ import annotations

import pytest

from simulator import Session, SimulatorError, list_scenarios, replay
from simulator.coding.rule_coder import RuleCoder
from simulator.engine.metrics import summarize
from tests.factories import ADVICE_HEAVY, REFLECTIVE

SCENARIOS = list_scenarios()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_reflection_beats_advice_on_every_scenario(scenario):
    """Does a reflective session end with more rapport and change talk than an advice-heavy one?"""
    for seed in range(3):
        good = summarize(Session.from_utterances(scenario, REFLECTIVE, seed=seed).transcript)
        poor = summarize(Session.from_utterances(scenario, ADVICE_HEAVY, seed=seed).transcript)
        assert good.final_rapport > poor.final_rapport + 0.2, (scenario.id, seed)
        assert good.change_talk > poor.change_talk, (scenario.id, seed)
        assert poor.sustain_talk + poor.mi_non_adherent > good.sustain_talk


ASKING_PERMISSION = [
    *REFLECTIVE[:5],
    "Would it be okay if I shared something that has helped other people?",
    "Some people find it helps to pick one small step and try it for a week.",
    "What do you make of that?",
    *REFLECTIVE[5:],
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_asking_permission_beats_the_righting_reflex_on_every_scenario(scenario):
    """Does a reflective conversation that asks permission before informing end with more
    rapport and change talk than a righting-reflex one, over five seeds?"""
    for seed in range(5):
        good = Session.from_utterances(scenario, ASKING_PERMISSION, seed=seed).transcript
        poor = Session.from_utterances(scenario, ADVICE_HEAVY, seed=seed).transcript
        good_summary, poor_summary = summarize(good), summarize(poor)
        assert good_summary.final_rapport > poor_summary.final_rapport + 0.2, (scenario.id, seed)
        assert good_summary.change_talk > poor_summary.change_talk, (scenario.id, seed)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_same_seed_and_words_give_the_same_session(scenario):
    """Are two sessions with the same seed and utterances identical, turn for turn?"""
    first = Session.from_utterances(scenario, REFLECTIVE + ADVICE_HEAVY, seed=7).transcript
    second = Session.from_utterances(scenario, REFLECTIVE + ADVICE_HEAVY, seed=7).transcript
    assert first.model_dump_json() == second.model_dump_json()


def test_different_seeds_vary_the_replies(mini_scenario):
    """Does the seed change which lines the person chooses (so practice does not feel scripted)?"""
    replies = {
        tuple(
            t.reply
            for t in Session.from_utterances(mini_scenario, REFLECTIVE, seed=s).transcript.turns
        )
        for s in range(5)
    }
    assert len(replies) > 1


def test_replay_reproduces_replies_and_scores_exactly(tmp_path, mini_scenario):
    """Does a saved transcript replay to exactly the same turns and summary?"""
    session = Session.from_utterances(mini_scenario, REFLECTIVE[:6], seed=3)
    path = session.transcript.save(tmp_path / "t.json")
    from simulator import Transcript

    loaded = Transcript.load(path)
    again = replay(loaded, mini_scenario)
    assert again == session.transcript
    assert summarize(again) == summarize(session.transcript)


def test_stigmatizing_word_costs_trust(mini_scenario):
    """Does calling the person an addict hurt rapport and bring a hurt reply?"""
    plain = Session(mini_scenario, seed=0).respond("It sounds like smoking is your break.")
    hurt = Session(mini_scenario, seed=0).respond("It sounds like you're an addict.")
    assert hurt.reply_kind == "hurt"
    assert hurt.state.rapport < plain.state.rapport
    assert "person" in hurt.coach or "Try" in hurt.coach


def test_playing_doctor_confuses_the_person(mini_scenario):
    """Does dose advice bring a confused reply and a scope coach note?"""
    turn = Session(mini_scenario, seed=0).respond("You should double your dose of the patch.")
    assert turn.coding.has_flag("scope_violation")
    assert turn.reply_kind == "role_confusion"
    assert "outside the peer role" in turn.coach


def test_brief_disclosure_builds_trust(mini_scenario):
    """Does a short, purposeful self-disclosure build more rapport than a neutral remark?"""
    shared = Session(mini_scenario, seed=0).respond(
        "In my own recovery, quitting took a few tries, so I get how hard it is."
    )
    neutral = Session(mini_scenario, seed=0).respond("Okay.")
    assert shared.coding.has_flag("self_disclosure")
    assert shared.state.rapport > neutral.state.rapport


def test_crisis_cue_then_ask_then_connect(mini_scenario):
    """After the cue, does asking directly and connecting to 988 move the crisis forward?"""
    session = Session(mini_scenario, seed=0)
    for text in REFLECTIVE[:3]:
        turn = session.respond(text)
    assert turn.reply_kind == "crisis:cue"
    asked = session.respond("Are you thinking about killing yourself?")
    assert asked.reply_kind == "crisis:asked" and asked.state.crisis == "asked"
    connected = session.respond("I'm here with you. Can we call 988 together right now?")
    assert connected.reply_kind == "crisis:connected"
    summary = summarize(session.end())
    assert (summary.crisis_asked, summary.crisis_connected, summary.crisis_stayed) == (1, 1, 1)
    assert summary.crisis_missed == 0


def test_ignored_crisis_cue_is_counted_as_missed(mini_scenario):
    """When the helper talks past a crisis cue, is it recorded as missed?"""
    session = Session.from_utterances(mini_scenario, REFLECTIVE[:6], seed=0)
    kinds = [turn.reply_kind for turn in session.transcript.turns]
    assert kinds[2] == "crisis:cue" and "crisis:ignored" in kinds
    assert summarize(session.transcript).crisis_missed == 1


def test_empty_utterance_and_ended_session_are_refused(mini_scenario):
    """Are an empty utterance and talking after the end refused with a clear message?"""
    session = Session(mini_scenario, seed=0, coder=RuleCoder())
    with pytest.raises(SimulatorError, match="empty"):
        session.respond("   ")
    session.end()
    with pytest.raises(SimulatorError, match="ended"):
        session.respond("Hello")


def test_person_stays_on_the_crisis_until_connected(mini_scenario):
    """After an honest answer, does the person keep talking about the crisis until connected?"""
    session = Session(mini_scenario, seed=0)
    for text in REFLECTIVE[:3]:
        session.respond(text)
    session.respond("Are you thinking about killing yourself?")
    still = session.respond("That sounds really heavy.")
    assert still.reply_kind == "crisis:asked"
    assert still.reply == "I don't really know what to do with it."
    assert session.respond("Can we call 988 together?").reply_kind == "crisis:connected"
