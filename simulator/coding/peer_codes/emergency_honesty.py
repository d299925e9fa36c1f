"""Emergency honesty: the helper tells the person honestly when emergency services would be
involved ("I can't promise the police won't come. If you were in immediate danger we'd call
911, and I'd tell you first."), instead of a promise that nobody will come.

An answer counts when it names emergency services and a limit or a condition: only if, unless,
immediate danger, "I can't promise", "I'll tell you first". A bare reassurance ("The police
won't come, don't worry") does not.
"""

from __future__ import annotations

from collections.abc import Sequence

from simulator.coding.codes import PeerFlag, Speaker
from simulator.coding.peer_codes._text import normalized, rx_lower, without_quotes

SERVICES = rx_lower(
    r"\b(?:police|cops|officers?|911|ems|ambulance|paramedics|emergency (?:services|room|team"
    r"|responders)|mobile crisis|crisis team|(?:someone|anyone|somebody|nobody|no one)(?:'s| is"
    r"| will| would)? (?:ever )?(?:to )?(?:come|coming|show up|knock)|send (?:someone|somebody"
    r"|anyone)|to your door)\b"
)
HONEST = rx_lower(
    r"\bonly (?:\w+ ){0,2}(?:if|when)\b|\bunless\b",
    r"\b(?:immediate|imminent|right-now|serious|real) (?:danger|risk)\b|\bin danger\b"
    r"|\byour life (?:is|was) at risk\b|\bnot (?:safe|able to stay safe)\b",
    r"\bi (?:can't|cannot|won't) (?:promise|guarantee|lie)\b|\bi want to be (?:honest|straight)"
    r"|\b(?:not going to|won't) promise\b|\bi(?:'ll| will) be honest\b"
    r"|\bto be (?:honest|straight) with you\b|\bi(?:'ll| will| would|'d) (?:always )?(?:tell you"
    r"|let you know) (?:first|before|what)|\bwithout telling you\b|\bbefore anything (?:like that"
    r" )?happens\b|\bmost (?:calls|of the time|people)\b",
)


def detect(text: str, speaker: Speaker, context: Sequence[str] = ()) -> PeerFlag | None:
    """A flag when a helper says honestly when emergency services get involved."""
    if speaker != "helper" or not SERVICES.search(text.lower()):
        return None
    text, low = normalized(text)
    low = without_quotes(low)
    honest = SERVICES.search(low) and HONEST.search(low)
    if not honest:
        return None
    return PeerFlag(
        "emergency_honesty",
        f'is honest about when emergency services get involved ("{honest.group(0).strip()}")',
        "Good: honesty about the limits keeps trust; say what you will do and that you'll stay.",
    )
