"""Crisis ask: the helper asks directly and calmly about suicide, self-harm or safety."""

from __future__ import annotations

import re
from collections.abc import Sequence

from simulator.coding.codes import PeerFlag, Speaker
from simulator.coding.peer_codes._text import (
    is_question,
    normalized,
    rx,
    rx_lower,
    sentence_spans,
    without_quotes,
)

SAFETY_TOPIC = rx_lower(
    r"\bsuicid\w*",
    r"\bkill(?:ing)? yourself\b",
    r"\b(?:end|ending|take|taking) your (?:own )?life\b",
    r"\b(?:hurt|hurting|harm|harming|cut|cutting|burn|burning|hit|hitting|punish|punishing"
    r"|starve|starving) yourself\b",
    r"\b(?:cutting|burning|self[- ]harming|hurting yourself|harming yourself) (?:again|lately"
    r"|still|these days)\b|\bself[- ]harm\w*",
    r"\b(?:think|thinking|thought|thoughts|urges?) (?:about|of) (?:jumping|overdosing|hanging"
    r"|dying|drowning|crashing|taking (?:all )?(?:the|your|those) pills|not waking up)\b",
    r"\bact(?:ed|ing)? on (?:those |these |the |your |any |that )?(?:suicidal )?(?:thoughts|urges"
    r"|feelings|impulses|plan)\b",
    r"\bin danger\b(?! of (?!hurting|harming|being (?:hurt|harmed)|dying))"
    r"|\bat risk of (?:hurting|harming|killing)",
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
    r"\b(?:pills|guns?|rope|weapons?|knife|knives)\b (?:still )?(?:with you|on you|nearby|near you"
    r"|at home|in (?:the|your) (?:house|home|room|car|apartment))",
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
CLAUSE = re.compile(r"[^;]+")  # "You're not suicidal; what's been hard?" asks about the second
YOU = re.compile(r"\byou(?:'re|'ve|r)?\b", re.IGNORECASE)
# Questions about the means need no "you": "Is the gun still in the house?"
MEANS = rx(
    r"\b(?:guns?|firearms?|weapons?|rope|knife|knives|pills)\b(?! (?:show|range|club|control"
    r"|laws?|violence))[^.?!]{0,30}\b(?:still )?(?:in|at"
    r"|with|on|near|around|locked|loaded|put away)\b"
)
# Someone else's question, or the person's denial, is not the helper asking: "Your sister asked
# you if you were suicidal?", "Thank you for telling me you're not suicidal; what's been hard?"
NOT_ASKING = rx(
    r"\b(?:asked|asks|was asking|has asked|had asked) (?:you|her|him|them|me)?\s*(?:if|whether"
    r"|about)\b[^?;]{0,40}$",
    r"\b(?:did|does|has|have) (?:your \w+|the \w+|anyone|anybody|someone|somebody|they|she|he)"
    r" (?:ever |already )?(?:ask|asked) (?:you )?(?:if|whether|about)\b[^?;]{0,40}$",
    r"\b(?:telling me|told me|you said|you say|you've said|heard|glad|happy|good|relieved)"
    r"(?: to hear)? (?:that )?you(?:'re| are| were|'ve been| have been)? (?:not|never|no longer)"
    r" (?:\w+ ){0,3}$",
)


def detect(text: str, speaker: Speaker, context: Sequence[str] = ()) -> PeerFlag | None:
    """A flag when a helper asks the person directly about suicide or safety."""
    if speaker != "helper":
        return None
    text, low = normalized(text)
    low = without_quotes(low)
    spans = [
        clause.span()
        for start, end in sentence_spans(low)
        for clause in CLAUSE.finditer(low, start, end)
    ]
    parts = [low[start:end] for start, end in spans]
    for (start, _), sentence, following in zip(spans, parts, [*parts[1:], ""], strict=False):
        match = SAFETY_TOPIC.search(sentence)
        if match is None or NOT_ASKING.search(sentence[: match.start()]):
            continue
        question = is_question(sentence)
        asks = ASKING.match(sentence) or (
            question and (YOU.search(sentence) or MEANS.search(sentence))
        )
        if asks or FOLLOW_UP.match(following):
            found = text[start + match.start() : start + match.end()]
            return PeerFlag(
                "crisis_ask",
                f'asks directly about safety ("{found}")',
                "Good: asking directly does not plant the idea. Stay calm and listen.",
            )
    return None
