"""Crisis ask: the helper asks directly and calmly about suicide, self-harm or safety."""

from __future__ import annotations

import re
from collections.abc import Sequence

from simulator.coding import PeerFlag, Speaker
from simulator.peer_codes._text import is_question, rx, sentences, straighten, without_quotes

SAFETY_TOPIC = rx(
    r"\bsuicid\w*",
    r"\bkill(?:ing)? yourself\b",
    r"\b(?:end|ending|take|taking) your (?:own )?life\b",
    r"\b(?:hurt|hurting|harm|harming|cut|cutting) yourself\b",
    r"\bthoughts? (?:of|about) (?:dying|death|ending (?:it|things|your life)|not being here)",
    r"\bwant(?:ing)? to die\b",
    r"\b(?:a|any) plan (?:to (?:hurt|harm|kill|end|die|take)|for (?:how|when|ending|suicide"
    r"|killing|hurting|dying))",
    r"\b(?:guns?|firearms?|weapons?)\b",
    r"\bsafe (?:right now|tonight|today|at the moment|where you are)|\b(?:are you|you're|you are)"
    r" safe\b|\bkeep yourself safe\b",
    r"\b(?:hurt|hurting|harm|harming|kill|killing) (?:anyone|someone|somebody|him|her|them"
    r"|your (?:\w+ )?(?:brother|sister|mom|mother|dad|father|partner|ex|wife|husband|boss"
    r"|landlord|kids?|son|daughter|neighbou?r))(?: else)?\b",
    r"\b(?:pills|guns?|rope|weapons?|knife|knives)\b (?:with you|on you|nearby|near you|at home"
    r"|in (?:the|your) (?:house|home|room|car|apartment))",
    r"\baccess to (?:the |a |any )?(?:pills|gun|guns|firearms?|weapons?|means|rope)",
    r"\bend(?:ing)? (?:it|things|your life)(?: all)?\b",
    r"\bnot (?:wanting to )?(?:be|being) (?:here|alive|around)",
)
ASKING = re.compile(
    r"^\s*(?:(?:so|and|but|okay|ok),?\s+)?(?:i (?:want|need|have|would like|'d like) to ask"
    r"|i'm going to ask|i am going to ask|can i ask|may i ask|let me ask|i'm wondering if"
    r"|i wonder if|i'm asking)",
    re.IGNORECASE,
)
# "Some people in your place think about suicide. Is that happening for you?"
FOLLOW_UP = re.compile(
    r"\s*(?:is|does|has|have|are|do) (?:that|this|it|any of that|something like that)\b.*"
    r"\byou\b.*\?\s*$",
    re.IGNORECASE,
)
YOU = re.compile(r"\byou(?:'re|'ve|r)?\b", re.IGNORECASE)


def detect(text: str, speaker: Speaker, context: Sequence[str] = ()) -> PeerFlag | None:
    """A flag when a helper asks the person directly about suicide or safety."""
    if speaker != "helper":
        return None
    parts = sentences(without_quotes(straighten(text)))
    for sentence, following in zip(parts, [*parts[1:], ""], strict=False):
        match = SAFETY_TOPIC.search(sentence)
        asks = ASKING.match(sentence) or (is_question(sentence) and YOU.search(sentence))
        if match and (asks or FOLLOW_UP.match(following)):
            return PeerFlag(
                "crisis_ask",
                f'asks directly about safety ("{match.group(0)}")',
                "Good: asking directly does not plant the idea. Stay calm and listen.",
            )
    return None
