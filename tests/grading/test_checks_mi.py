"""Checking written MI answers (open questions, reflections) with the MI coder."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from grading.checks import mi
from grading.checks.mi import NEEDS_PERSON, check_open_question, check_reflection
from simulator.coding.codes import Coding, Speaker


class FixedCoder:
    """A coder that gives every utterance the same code, to steer the checks."""

    name = "fixed-test-coder"

    def __init__(self, code: str, confidence: float = 0.9, reasons: Sequence[str] = ()) -> None:
        self.result = (code, confidence, tuple(reasons))
        self.seen: list[tuple[str, tuple[str, ...]]] = []

    def code(self, text: str, context: Sequence[str] = (), speaker: Speaker = "helper") -> Coding:
        self.seen.append((text, tuple(context)))
        code, confidence, reasons = self.result
        return Coding(text, speaker, code, confidence=confidence, reasons=reasons)

    def code_many(self, texts, contexts=None, speaker: Speaker = "helper") -> list[Coding]:
        return [self.code(text, speaker=speaker) for text in texts]


class ExplodingCoder(FixedCoder):
    """A coder that must not be asked."""

    def code(self, text: str, context: Sequence[str] = (), speaker: Speaker = "helper") -> Coding:
        raise AssertionError("the coder should not be called for this answer")


@pytest.fixture
def raised_flags(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    flags: list[tuple[str, str]] = []
    monkeypatch.setattr(
        mi, "flag_for_supervisor", lambda kind, detail: flags.append((kind, detail))
    )
    return flags


CLOSED = "Are you still going to your meetings?"
STATEMENT = "I know I should call my sponsor, but I hate bothering people."


def test_confident_open_question_is_accepted_with_the_coders_reasons(raised_flags):
    """Is an answer the coder is sure is an open question accepted, showing why?"""
    coder = FixedCoder("open_question", reasons=["starts with 'what' and invites a story"])
    verdict = check_open_question("What are the meetings like for you?", CLOSED, coder=coder)
    assert verdict.status == "accepted" and verdict.passed
    assert "an open question" in str(verdict)
    assert "starts with 'what' and invites a story" in str(verdict)
    assert raised_flags == []


def test_confident_closed_question_is_sent_back_with_what_to_try(raised_flags):
    """Is a confidently closed question marked 'try again', with advice and the coder's reasons?"""
    coder = FixedCoder("closed_question", reasons=["can be answered yes or no"])
    verdict = check_open_question("Do you still go to them?", CLOSED, coder=coder)
    assert verdict.status == "try_again" and not verdict.passed
    assert "'What'" in verdict.advice and "yes, no or one fact" in verdict.advice
    assert "can be answered yes or no" in str(verdict)
    assert raised_flags == []


@pytest.mark.parametrize("code", ["closed_question", "open_question"])
def test_unsure_coder_keeps_the_point_and_asks_a_person(raised_flags, code):
    """Does a low-confidence coding go to a person instead of being marked wrong?"""
    answer = "Could you say what the meetings mean to you?"
    verdict = check_open_question(answer, CLOSED, coder=FixedCoder(code, confidence=0.3))
    assert verdict.status == "needs_person" and verdict.passed
    assert "not marked wrong" in verdict.advice
    assert [kind for kind, _ in raised_flags] == [NEEDS_PERSON]
    assert answer in raised_flags[0][1] and "30%" in raised_flags[0][1]


def test_unrecognized_behaviour_goes_to_a_person(raised_flags):
    """Is an answer the coder cannot place at all ('other') read by a person rather than failed?"""
    verdict = check_reflection(
        "Mm, sponsors and phone calls.", STATEMENT, coder=FixedCoder("other", confidence=0.9)
    )
    assert verdict.status == "needs_person" and verdict.passed
    assert len(raised_flags) == 1


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("", "between the quotes"),
        ("   ", "between the quotes"),
        (["What", "now?"], "between the quotes"),
        ("Why?", "at least 3 words"),
        ("Are you still going to your meetings?", "repeats the original"),
        ("are you STILL going to your meetings", "repeats the original"),
    ],
)
def test_blank_short_or_copied_answers_get_a_clear_message(raised_flags, answer, expected):
    """Are blank, too short or copied answers sent back before the coder is asked?"""
    verdict = check_open_question(answer, CLOSED, coder=ExplodingCoder("open_question"))
    assert verdict.status == "try_again"
    assert expected in verdict.advice
    assert raised_flags == []


def test_reflection_check_passes_the_statement_as_context():
    """Does the coder see what the person said when it codes a reflection?"""
    coder = FixedCoder("complex_reflection")
    verdict = check_reflection("You don't want to be a burden to anyone.", STATEMENT, coder=coder)
    assert verdict.status == "accepted"
    assert coder.seen == [("You don't want to be a burden to anyone.", (STATEMENT,))]


def test_simple_reflection_counts_and_suggests_going_deeper():
    """Does a simple reflection earn the point with a nudge toward a complex one?"""
    coder = FixedCoder("simple_reflection")
    verdict = check_reflection("You hate bothering people.", STATEMENT, coder=coder)
    assert verdict.passed and "a simple reflection" in str(verdict)
    assert "complex reflection" in verdict.advice


@pytest.mark.parametrize(
    ("code", "advice"),
    [
        ("closed_question", "that is a question"),
        ("open_question", "that is a question"),
        ("advise_without_permission", "righting reflex"),
        ("persuade", "righting reflex"),
    ],
)
def test_wrong_kind_of_reflection_answer_says_what_to_try(raised_flags, code, advice):
    """Is a question or advice, written where a reflection was asked for, sent back with a tip?"""
    verdict = check_reflection("Why don't you just call him?", STATEMENT, coder=FixedCoder(code))
    assert verdict.status == "try_again"
    assert advice in verdict.advice and "'You" in verdict.advice


def test_shipped_coder_tells_open_from_closed_and_reflections_from_questions(raised_flags):
    """Does the real shipped coder accept clear answers and send back clear mistakes?"""
    accepted = check_open_question("What have the meetings been like for you lately?", CLOSED)
    refused = check_open_question("Do you still go every week?", CLOSED)
    reflection = check_reflection(
        "It sounds like you don't want to be a burden, even though part of you knows the call "
        "could help.",
        STATEMENT,
    )
    question = check_reflection("What stops you from calling your sponsor?", STATEMENT)
    assert accepted.status == "accepted"
    assert refused.status == "try_again"
    assert reflection.status == "accepted"
    assert question.status == "try_again"
    for verdict in (accepted, refused, reflection, question):
        assert verdict.reasons, f"the shipped coder gave no reasons for: {verdict}"


def test_a_reflection_that_labels_the_person_is_sent_back_with_an_alternative(raised_flags):
    """Is a well-formed reflection that uses a stigmatizing label sent back, naming better words?"""
    coder = FixedCoder("complex_reflection")
    verdict = check_reflection("It sounds like being an addict is hard for you.", STATEMENT, coder)
    assert verdict.status == "try_again"
    assert "'addict'" in verdict.advice and "person" in verdict.advice
    assert raised_flags == []


def test_the_persons_own_quoted_words_are_respected():
    """Is quoting the person's own word for themselves not counted against the trainee?"""
    coder = FixedCoder("complex_reflection")
    verdict = check_reflection(
        'You called yourself "an addict", and that word weighs on you.', "I'm an addict.", coder
    )
    assert verdict.status == "accepted"
