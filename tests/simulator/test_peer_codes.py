"""Tests for simulator.coding.peer_codes: the rule-based peer-practice flags."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from simulator.coding.codes import PEER_FLAG_KINDS
from simulator.coding.peer_codes import DETECTORS, peer_flags

EXAMPLES = Path(__file__).parent / "data" / "peer_code_examples.yaml"
#: Floors on the project's labelled examples (the benchmark prints the measured values).
MIN_PRECISION = 0.9
MIN_RECALL = 0.85


@pytest.fixture(scope="module")
def examples() -> dict:
    return YAML(typ="safe").load(EXAMPLES.read_text(encoding="utf-8"))


def test_one_detector_per_shared_flag_kind() -> None:
    """Is there exactly one rule module for every peer flag kind in simulator.coding.codes?"""
    assert tuple(DETECTORS) == PEER_FLAG_KINDS
    package = Path(__file__).resolve().parents[2] / "simulator" / "coding" / "peer_codes"
    assert {path.stem for path in package.glob("[!_]*.py")} == set(PEER_FLAG_KINDS)


@pytest.mark.parametrize("kind", PEER_FLAG_KINDS)
def test_labelled_examples_precision_and_recall(examples: dict, kind: str) -> None:
    """Does each peer code find its positives and leave its hard negatives alone?"""
    labelled = examples[kind]
    positives, negatives = labelled["positive"], labelled["negative"]
    assert len(positives) + len(negatives) >= 40 and len(negatives) >= 15
    detect = DETECTORS[kind]
    missed = [text for text in positives if detect(text, labelled["speaker"]) is None]
    false_alarms = [text for text in negatives if detect(text, labelled["speaker"]) is not None]
    found = len(positives) - len(missed)
    precision = found / (found + len(false_alarms)) if found else 0.0
    recall = found / len(positives)
    assert precision >= MIN_PRECISION, f"{kind} false alarms: {false_alarms}"
    assert recall >= MIN_RECALL, f"{kind} missed: {missed}"


def test_medication_disclosure_is_not_advice() -> None:
    """Is "I take medication too" a self-disclosure, not a scope violation?"""
    kinds = [flag.kind for flag in peer_flags("I take medication too, and it helped me.", "helper")]
    assert kinds == ["self_disclosure"]
    advice = peer_flags("You should double your medication.", "helper")
    assert [flag.kind for flag in advice] == ["scope_violation"]
    assert "prescriber" in advice[0].suggestion


def test_quoted_own_words_are_respected() -> None:
    """Are a person's own words, quoted back by the helper, left unflagged?"""
    assert peer_flags("You said, \"I'm an addict,\" and that's your word to use.", "helper") == ()
    assert peer_flags('You asked, "What dose should I take?" Good question.', "helper") == ()
    assert peer_flags("I'm an addict and I'm tired of it.", "consumer") == ()


def test_stigma_flag_offers_the_person_first_alternative() -> None:
    """Does the stigma flag name the term, why it harms, and what to say instead?"""
    (flag,) = peer_flags("A lot of addicts come through this program.", "helper")
    assert flag.kind == "stigmatizing_language"
    assert "addicts" in flag.detail
    assert "person with a substance use disorder" in flag.suggestion


def test_flags_apply_to_the_right_speaker() -> None:
    """Is a crisis cue only read from the consumer, and a crisis ask only from the helper?"""
    assert [f.kind for f in peer_flags("I want to die.", "consumer")] == ["crisis_indicator"]
    assert peer_flags("I want to die.", "helper") == ()
    ask = "Are you thinking about suicide?"
    assert [f.kind for f in peer_flags(ask, "helper")] == ["crisis_ask"]
    assert not any(flag.kind == "crisis_ask" for flag in peer_flags(ask, "consumer"))


def test_a_crisis_response_raises_ask_and_connect_together() -> None:
    """Does one good crisis response count as both asking and connecting, in the shared order?"""
    text = "Are you thinking of killing yourself? I'd like us to call 988 together right now."
    assert [flag.kind for flag in peer_flags(text, "helper")] == ["crisis_ask", "crisis_connect"]


@pytest.mark.parametrize("text", ["", "   ", "?", "..."])
def test_empty_or_bare_utterances_raise_nothing(text: str) -> None:
    """Do empty or punctuation-only utterances pass through every rule without a flag?"""
    assert peer_flags(text, "helper") == ()
    assert peer_flags(text, "consumer") == ()


def test_texting_spellings_count_and_details_quote_the_words_as_written() -> None:
    """Is "r u safe rn?" a crisis ask, and does a flag quote the words in their own case?"""
    assert [flag.kind for flag in peer_flags("r u safe rn?", "helper")] == ["crisis_ask"]
    (flag,) = peer_flags("Honestly? I've Been There myself.", "helper")
    assert flag.kind == "self_disclosure"
    assert "I've Been There" in flag.detail
