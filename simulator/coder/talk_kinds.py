"""The DARN-CAT kind of a consumer's change or sustain talk, by rules on its wording."""

from __future__ import annotations

from simulator.peer_codes._text import rx, straighten

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
        rx(r"\bi (?:will|'ll|am going to|'m going to|promise|intend|plan to|'m gonna|won't)\b"),
        "a commitment",
    ),
    (
        "activation",
        rx(r"\bi(?:'m| am) (?:ready|willing|prepared|thinking about|considering|open to)\b"),
        "readiness (activation)",
    ),
    (
        "need",
        rx(r"\bi (?:need|have to|'ve got to|got to|gotta|must|can't keep)\b", r"\bi should\b"),
        "a need",
    ),
    (
        "ability",
        rx(r"\bi (?:can|could|'m able|am able|know how|managed)\b", r"\bi can't\b"),
        "ability",
    ),
    (
        "desire",
        rx(r"\bi (?:want|'d like|would like|wish|hope|don't want|do not want)\b"),
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
