"""Check cells' plain messages: choice questions, and answers a trainer's grading decides.

A choice question's visible check calls :func:`check_choice`. In the organization's "practice"
mode (org.yaml ``choice_feedback``, the default) it says at once whether the answer is right,
and why not; in "exam" mode it only says the answer was read and is marked at grading. The
right option is stored as a short hash (:func:`choice_key`), so the check cell does not show it.
The hidden test calls :func:`grade_choice`: silent when right, the reason when wrong.

A question may carry an explanation of why the right answer is right (the practice exam's items
do). The check cell holds it *sealed* (:func:`sealed_explanation`): readable only with the right
option, so the released cell does not give the answer away, and shown in practice mode as soon as
the trainee's answer is right. For exam mode, the hidden test states it in its own message
(``assert choice_is_right("q1"), "… Why: …"``), which feedback shows for a wrong answer, since
hidden tests are written before grading and run only then.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence

from grading.checks.answers import STATE, answer

QUESTIONS: dict[str, tuple[tuple[str, ...], str, str, str]] = {}  # options, key, reason, why
GRADED_LATER = (
    "Your answer is read. This question is marked when your trainer grades the notebook, "
    "so right or wrong is not shown yet."
)


def choice_key(name: str, option: str) -> str:
    """The key a check cell stores for the right `option` of question `name`."""
    return hashlib.sha256(f"{name}:{_normal(option)}".encode()).hexdigest()[:12]


def _normal(text: str) -> str:
    return " ".join(text.split()).strip(" .").lower()


def check_choice(
    name: str,
    options: Sequence[str],
    key: str,
    reason: str,
    *,
    explanation: str = "",
    practice: bool | None = None,
) -> None:
    """Check choice question `name`: one of `options`, right when its key is `key`.

    `explanation` is why the right answer is right, sealed with :func:`sealed_explanation`; in
    practice mode it is shown once the answer is right. `practice` overrides the organization's
    mode (the welcome notebook always practises).
    """
    QUESTIONS[name] = (tuple(options), key, reason, explanation)
    typed = _typed_choice(name)
    right = choice_key(name, typed) == key
    if practice if practice is not None else STATE.choice_feedback == "practice":
        assert right, reason
        why = f" Why: {_unsealed(name, typed, explanation)}" if explanation else ""
        print(f"Right: {typed.strip()} is the answer.{why}")
    else:
        print(GRADED_LATER)


def grade_choice(name: str) -> None:
    """The hidden test of a choice question checked above: silent when right, else the reason."""
    assert choice_is_right(name), QUESTIONS[name][2]


def choice_is_right(name: str) -> bool:
    """Whether the answer to choice question `name` (checked above) is the right option."""
    _options, key, _reason, _explanation = QUESTIONS[name]
    return choice_key(name, _typed_choice(name)) == key


def sealed_explanation(name: str, option: str, text: str) -> str:
    """`text` sealed for the check cell of question `name`, readable only with the right
    `option` (as ``key`` is stored as :func:`choice_key`, not as the letter)."""
    return base64.b64encode(_xor(name, option, text.encode())).decode()


def _unsealed(name: str, option: str, sealed: str) -> str:
    return _xor(name, option, base64.b64decode(sealed)).decode()


def _xor(name: str, option: str, data: bytes) -> bytes:
    blocks = (
        hashlib.sha256(f"why:{name}:{_normal(option)}:{n}".encode()).digest()
        for n in range(len(data) // 32 + 1)
    )
    stream = b"".join(blocks)[: len(data)]
    return bytes(a ^ b for a, b in zip(data, stream, strict=True))


def _typed_choice(name: str) -> str:
    options = QUESTIONS[name][0]
    typed = str(answer(name))
    listed = ", ".join(options[:-1]) + f" or {options[-1]}"
    if not typed.strip():
        raise AssertionError(
            f"{name}: your answer is blank. Type {listed} under the first line of the answer "
            "cell above, then run it."
        )
    if _normal(typed) not in {_normal(option) for option in options}:
        raise AssertionError(
            f"{name}: type just one of {listed} under the first line of the answer cell above "
            f"(you typed: {typed.strip()[:40]}), then run it again."
        )
    return typed


NUMBER_MEANINGS = {
    "reflections_per_question": "You made {value:.2g} reflection(s) for each question you asked.",
    "complex_reflections": "{value:.0f}% of your reflections were complex.",
    "no_righting_reflex": "Turns that confronted or persuaded without permission: {value:g}.",
    "change_talk_evoked": "Times the person spoke in favour of change: {value:g}.",
    "summary_offered": "Summaries you offered: {value:g}.",
    "person_first_language": "Turns with a label or a stigmatizing word: {value:g}.",
}


def explain_number(criterion: str, value: float) -> str:
    """A role-play check's number in one sentence that says what it counts."""
    if criterion == "more_open_than_closed":
        if value == 0:
            return "You asked as many open questions as closed ones."
        more, fewer = ("open", "closed") if value > 0 else ("closed", "open")
        return f"You asked {abs(value):g} more {more} question(s) than {fewer} ones."
    return NUMBER_MEANINGS.get(criterion, "Your number: {value:g}.").format(value=value)
