"""Check a trainee's written MI answer (an open question, a reflection) with the MI coder.

The coder's verdict and its reasons are shown to the trainee. Three outcomes:

* ``accepted``: the coder is sure the answer is what was asked for;
* ``try_again``: the coder is sure it is something else, or the answer labels the person
  (checked with :mod:`grading.checks.language`); the advice says what to try;
* ``needs_person``: the coder is not sure (low confidence, or no behaviour it recognizes,
  coded "other"). The answer is *not* marked wrong: it keeps its point
  for now and a supervisor flag (kind :data:`NEEDS_PERSON`) asks a trainer to read it. The flag
  is hidden from the trainee's feedback and listed in the trainer's reports.

Used by the hidden and visible test cells of ``modules/01-motivational-interviewing``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from grading.checks.findings import issues
from grading.checks.flags import flag_for_supervisor
from grading.checks.language import check_language
from simulator.coding.codes import Coder, Coding

#: Below this coder confidence an answer goes to a person instead of being marked. The trained
#: coder gives its rule-decided codes 0.6; below that the model itself is unsure.
MIN_CONFIDENCE = 0.6
#: Supervisor-flag kind for answers a trainer should read.
NEEDS_PERSON = "mi_answer_needs_review"
MIN_WORDS = 3

Status = Literal["accepted", "try_again", "needs_person"]

HEARD = {
    "open_question": "an open question",
    "closed_question": "a closed question",
    "simple_reflection": "a simple reflection",
    "complex_reflection": "a complex reflection",
    "summary": "a summary",
    "giving_information": "giving information",
    "advise_with_permission": "advice given with permission",
    "advise_without_permission": "advice given without permission",
    "persuade": "persuading",
    "persuade_with_permission": "persuading with permission",
    "confront": "confronting",
    "affirm": "an affirmation",
    "emphasize_autonomy": "emphasizing the person's choice",
    "seek_collaboration": "an invitation to work together",
    "other": "something that is neither a question nor a reflection",
}

QUESTION_CODES = frozenset({"open_question", "closed_question"})
REFLECTION_CODES = frozenset({"simple_reflection", "complex_reflection", "summary"})
INPUT_CODES = frozenset(
    {
        "giving_information",
        "advise_with_permission",
        "advise_without_permission",
        "persuade",
        "persuade_with_permission",
        "confront",
    }
)


@dataclass(frozen=True)
class MIAnswerVerdict:
    """What the coder made of one written answer, and what the trainee should do next."""

    status: Status
    heard: str
    confidence: float
    reasons: tuple[str, ...]
    advice: str

    @property
    def passed(self) -> bool:
        """True unless the coder is sure the answer is not yet what was asked for."""
        return self.status != "try_again"

    def __str__(self) -> str:
        lines = [f"The MI coder heard {self.heard} (confidence {self.confidence:.0%})."]
        lines += [f"  - why: {reason}" for reason in self.reasons]
        lines.append(self.advice)
        return "\n".join(lines)


def check_open_question(
    answer: object, closed_question: str, coder: Coder | None = None
) -> MIAnswerVerdict:
    """Is `answer` an open question (a rewrite of `closed_question`)?"""
    problem = _format_problem(answer, closed_question, "question")
    if problem:
        return problem
    coding = (coder or _default_coder()).code(str(answer).strip(), speaker="helper")
    if coding.code == "open_question":
        return _verdict(
            coding,
            "accepted",
            "Well done: this invites the person to tell their story.",
            str(answer),
        )
    if coding.code == "closed_question":
        advice = (
            "Not yet: it can still be answered with yes, no or one fact. Try starting with "
            "'What', 'How' or 'Tell me about', and ask about the person's own experience."
        )
    elif coding.code in REFLECTION_CODES:
        advice = (
            "Not yet: that sounds like a reflection (a statement). Here we want an open "
            "question: try starting with 'What' or 'How'."
        )
    elif coding.code in INPUT_CODES:
        advice = (
            "Not yet: that sounds like advice or information. Turn it into a question that "
            "invites the person's own view, for example starting with 'What' or 'How'."
        )
    else:
        advice = (
            "Not yet: the coder could not hear a question in it. Try starting with 'What', "
            "'How' or 'Tell me about'."
        )
    return _verdict(coding, "try_again", advice, str(answer))


def check_reflection(answer: object, statement: str, coder: Coder | None = None) -> MIAnswerVerdict:
    """Is `answer` a reflection of what the person said in `statement`?"""
    problem = _format_problem(answer, statement, "reflection")
    if problem:
        return problem
    coding = (coder or _default_coder()).code(
        str(answer).strip(), context=[statement], speaker="helper"
    )
    if coding.code == "complex_reflection":
        advice = "Well done: a complex reflection adds the meaning or feeling underneath."
        return _verdict(coding, "accepted", advice, str(answer))
    if coding.code in REFLECTION_CODES:
        advice = (
            "That counts as a reflection. For extra practice, try adding the feeling or "
            "meaning you guess is underneath, to make it a complex reflection."
        )
        return _verdict(coding, "accepted", advice, str(answer))
    if coding.code in QUESTION_CODES:
        advice = (
            "Not yet: that is a question. A reflection is a statement of what you heard: try "
            "'It sounds like ...' or 'You ...', and end it with a full stop, not a question mark."
        )
    elif coding.code in INPUT_CODES:
        advice = (
            "Not yet: that sounds like advice or an argument for change (the righting reflex). "
            "Say back what you heard instead, for example 'You're worried that ...'."
        )
    else:
        advice = (
            "Not yet: the coder did not hear a reflection. Say the heart of what the person told "
            "you in your own words, starting with 'You ...' or 'It sounds like ...'."
        )
    return _verdict(coding, "try_again", advice, str(answer))


def _format_problem(answer: object, original: str, kind: str) -> MIAnswerVerdict | None:
    """A try-again verdict for a blank, too short or copied answer, else None."""
    if not isinstance(answer, str) or not answer.strip():
        advice = f"Type your {kind} between the quotes in the answer cell, then run it again."
    elif len(answer.split()) < MIN_WORDS:
        advice = f"Write your {kind} as a full sentence of at least {MIN_WORDS} words."
    elif _words(answer) == _words(original):
        advice = f"That repeats the original. Write your {kind} in your own words."
    else:
        return None
    return MIAnswerVerdict("try_again", "no answer it could code yet", 1.0, (), advice)


def _verdict(coding: Coding, status: Status, advice: str, answer: str) -> MIAnswerVerdict:
    heard = HEARD.get(coding.code, coding.code.replace("_", " "))
    labels = issues(check_language(answer, where="your answer"))
    if labels:
        advice = f"Not yet: the words matter too. {labels[0]}"
        return MIAnswerVerdict("try_again", heard, coding.confidence, coding.reasons, advice)
    if coding.confidence < MIN_CONFIDENCE or coding.code == "other":
        tip = (
            f" A tip while you wait: {advice[len('Not yet: ') :]}" if status == "try_again" else ""
        )
        status = "needs_person"
        advice = "The coder is not sure, so this is not marked wrong: a trainer will read it." + tip
        flag_for_supervisor(
            NEEDS_PERSON,
            f"Please read this written answer: {answer!r}. The coder heard {heard} with low "
            f"confidence ({coding.confidence:.0%}); the point was kept provisionally.",
        )
    return MIAnswerVerdict(status, heard, coding.confidence, coding.reasons, advice)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


@cache
def _default_coder() -> Coder:
    from simulator.engine.session import default_coder

    return default_coder()
