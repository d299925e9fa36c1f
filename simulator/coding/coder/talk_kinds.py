"""The DARN-CAT kind of a consumer's change or sustain talk, by rules on its wording."""

from __future__ import annotations

from simulator.coding.peer_codes._text import rx, straighten

# "I", "I'm", "I'd", "I've", with an optional adverb: the start of a first-person statement.
SPEAKER_I = (
    r"\bi(?:'m| am| will| would|'d|'ve| have)?(?: really| just| do| totally| definitely| still)?"
)

# Mobilizing kinds first: "I'm going to" outranks "I want to" in the same sentence.
KINDS = (
    (
        "taking_steps",
        rx(
            r"\bi(?:'ve| have)? (?:already |just )?(?:started|stopped|cut (?:down|back)|called"
            r"|went to|signed up|threw (?:out|away)|poured|made an appointment|booked|quit|joined"
            r"|haven't had|have not had|didn't (?:drink|use)|switched)\b",
            r"\bthis (?:week|morning) i\b",
        ),
        "taking steps",
    ),
    (
        "commitment",
        rx(
            rf"{SPEAKER_I} (?:will|going to|promise|intend|plan to|gonna|won't|not going to)\b",
            r"\bi'll\b",
        ),
        "a commitment",
    ),
    (
        "activation",
        rx(rf"{SPEAKER_I} (?:ready|willing|prepared|thinking about|considering|open to)\b"),
        "readiness (activation)",
    ),
    (
        "need",
        rx(rf"{SPEAKER_I} (?:need|have to|got to|gotta|must|can't keep|should)\b"),
        "a need",
    ),
    (
        "ability",
        rx(rf"{SPEAKER_I} (?:can|could|able|know how|managed|can't)\b"),
        "ability",
    ),
    (
        "desire",
        rx(rf"{SPEAKER_I} (?:want|like to|wish|hope|don't want|do not want)\b"),
        "a desire",
    ),
    (
        "reasons",
        rx(r"\b(?:because|so that|would (?:help|mean)|better for|if i (?:didn't|did|could))\b"),
        "a reason",
    ),
)


def darn_cat(text: str, talk: str) -> tuple[str, list[str]]:
    """The DARN-CAT kind of change or sustain talk, or the talk type when no rule can tell."""
    if talk not in {"change", "sustain"}:
        return "neutral", []
    text = straighten(text)
    for kind, pattern, name in KINDS:
        match = pattern.search(text)
        if match:
            direction = "towards change" if talk == "change" else "for staying the same"
            return kind, [f"'{match.group(0)}' — {name} {direction}"]
    return talk, []
