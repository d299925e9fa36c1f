"""Secrecy promise: the helper promises to keep something secret. Peers must never promise
secrecy about safety; confidentiality has limits the person should hear about up front."""

from __future__ import annotations

from collections.abc import Sequence

from simulator.coding import PeerFlag, Speaker
from simulator.peer_codes._text import rx, sentences, straighten, without_quotes

PROMISE = rx(
    r"\bi(?: won't| will not|'m not going to| am not going to| promise (?:not to|i won't)| never)"
    r" (?:tell|say (?:anything|a word)|mention (?:it|this)|share (?:it|this|that)|report"
    r"|let anyone know|breathe a word)",
    r"\b(?:this|it|that|everything|what you (?:say|said|tell me)) (?:stays|will stay|can stay"
    r"|is going to stay|'ll stay) (?:just )?(?:between (?:us|you and me|the two of us)|here|in"
    r" this room|with me)",
    r"\b(?:keep|keeping) (?:it|this|that|everything|your secret) (?:just )?(?:between us"
    r"|between you and me|to myself|secret|quiet|from (?:everyone|anyone|your|the))",
    r"\b(?:our|your) (?:little )?secret(?: is safe)?\b",
    r"\bno one (?:will|has to|needs to|is going to) (?:ever )?know\b",
    r"\bnobody (?:else )?(?:will|has to|needs to|is going to) (?:ever )?(?:know|find out)\b",
    r"\bi (?:swear|promise) (?:it|this|i)(?:'ll| will)? (?:stay|keep)",
)
LIMITS = rx(
    r"\b(?:can't|cannot|won't be able to|not able to) (?:promise|keep)",
    r"\b(?:limits?|except|unless|if you(?:'re| are) (?:in danger|not safe))\b",
    r"\bnot (?:a )?secret\b",
)


def detect(text: str, speaker: Speaker, context: Sequence[str] = ()) -> PeerFlag | None:
    """A flag when a helper promises to keep what the person says secret."""
    if speaker != "helper":
        return None
    for sentence in sentences(without_quotes(straighten(text))):
        match = PROMISE.search(sentence)
        if match and not LIMITS.search(sentence) and not sentence.rstrip().endswith("?"):
            return PeerFlag(
                "secrecy_promise",
                f'promises secrecy ("{match.group(0)}")',
                "Be honest instead: 'I can't keep your safety a secret, and I'll be with you"
                " when we bring in help.'",
            )
    return None
