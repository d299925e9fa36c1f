"""Secrecy promise: the helper promises to keep something secret. Peers never promise secrecy
about a safety risk; they are honest about what they must share and with whom."""

from __future__ import annotations

from collections.abc import Sequence

from simulator.coding import PeerFlag, Speaker
from simulator.peer_codes._text import is_question, rx, sentences, straighten, without_quotes

PROMISE = rx(
    r"\bi (?:won't|will not|promise not to|would never) (?:tell|say anything to|share this with"
    r"|mention (?:it|this) to) (?:anyone|anybody|a soul|your \w+|them)\b",
    r"\b(?:this|it) (?:stays|will stay) between (?:us|you and me)\b",
    r"\b(?:our|a) (?:little )?secret\b",
    r"\bi(?:'ll| will) keep (?:it|this|that) (?:a )?(?:secret|to myself|between us)\b",
    r"\bnobody (?:else )?(?:has to|will|needs to) know\b",
)
NEGATED = rx(
    r"\b(?:can't|cannot|can not|won't be able to|not able to) (?:keep|promise)\b",
    r"\bnot (?:a )?secret\b",
)


def detect(text: str, speaker: Speaker, context: Sequence[str] = ()) -> PeerFlag | None:
    """A flag when a helper promises to keep something secret."""
    if speaker != "helper":
        return None
    for sentence in sentences(without_quotes(straighten(text))):
        match = PROMISE.search(sentence)
        if match and not NEGATED.search(sentence) and not is_question(sentence):
            return PeerFlag(
                "secrecy_promise",
                f'promises secrecy ("{match.group(0)}")',
                "Be honest instead: 'I can't keep your safety a secret, and I'll be with you "
                "when we bring in help.'",
            )
    return None
