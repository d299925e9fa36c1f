"""Secrecy promise: the helper promises to keep something secret. Peers must never promise
secrecy about safety; confidentiality has limits the person should hear about up front.

A promise that names no matter ("It'll be our secret", "I won't tell anyone") counts, because in
a conversation about risk that is what it covers. A promise about a named matter that is not a
safety risk ("I won't tell your mom about the surprise party") is ordinary privacy.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from simulator.coding.codes import PeerFlag, Speaker
from simulator.coding.peer_codes._text import (
    normalized,
    rx,
    rx_lower,
    sentence_spans,
    without_quotes,
)

WHO = (
    r"(?:anyone|anybody|a soul|no one|nobody|(?:your|the|my) (?:\w+ )?\w+|them|him|her|988|911"
    r"|a (?:crisis )?(?:line|team|hotline))"
)
PROMISE = rx_lower(
    # "I won't tell", "I'll never say a word", "I promise I won't call anyone"
    r"\bi(?: won't| will not|'m not going to| am not going to| promise (?:not to|i won't)| never"
    r"|'ll never| will never| wouldn't| would never)(?: ever)? (?:tell(?! you\b)|say (?:anything"
    r"|a word)|mention|share (?:it|this|that|any of)|report|let (?:anyone|anybody|them|\w+) know"
    r"|breathe a word|(?:call|contact|involve|inform|notify|alert) (?:anyone|anybody|9[18][18]"
    r"|the (?:police|cops|crisis|emergency|staff|nurse|doctor|team)|your (?:\w+ )?\w+|them|him"
    r"|her|a crisis|security|mobile crisis)|pass (?:it|this|that|anything|any of (?:it|this|that))"
    r" (?:on|along)|rat you out|snitch)",
    # "it stays between us", "this conversation stays private", "whatever you say here stays here"
    r"\b(?:this|it|that|everything|anything|all of this|this conversation|our conversation"
    r"|(?:what(?:ever)?|everything|anything|all) (?:that )?you (?:say|said|tell me|share|shared"
    r"|told me)(?: here| today| tonight)?) (?:stays|will stay|can stay"
    r"|is going to stay|'ll stay|is|'s|will be|'ll be)"
    r" (?:just |totally |completely |strictly |right )?"
    r"(?:between (?:us|you and me|the two of us)|here\b|in this room|with me|private|confidential"
    r"|secret)",
    r"\b(?:keep|keeping) (?:it|this|that|everything|your secret|all (?:of )?this|what you (?:told"
    r" me|said)|(?:the |your |this |that )?[\w'-]+(?: [\w'-]+)?) (?:just )?(?:between us|between"
    r" you and me|to myself|secret|quiet|confidential|private|from (?:everyone|anyone|your|the))",
    r"\b(?:our|your) (?:little )?secret(?: is safe)?\b|\b(?:it'll|it will|this will|that'll) be"
    r" (?:our|a) secret\b",
    r"\bno one (?:else )?(?:will|has to|needs to|is going to) (?:ever )?(?:know|find out)\b",
    r"\bnobody (?:else )?(?:will|has to|needs to|is going to) (?:ever )?(?:know|find out)\b",
    r"\bi (?:swear|promise) (?:it|this|everything|what you say)(?:'ll| will)? (?:stays?|remains?)"
    r" (?:between|here|private|confidential|with me|in this room)",
    r"\bi (?:swear|promise) i(?:'ll| will) keep (?:it|this|that|your secret|quiet|my mouth shut)",
    r"\b(?:none of (?:this|it|that|what you (?:say|said|tell me))|nothing(?: you (?:say|said|tell"
    r" me))?|this|it) (?:\w+ )?(?:leaves|will leave|is leaving|goes|will go|gets out|doesn't leave"
    r"|won't leave|will never leave)(?: (?:beyond|past|outside|out of|further than))? (?:this room"
    r"|here|me|these walls|the two of us)\b",
    r"\b(?:won't|will not|not going to|never) (?:write|put|document|chart|note) (?:it|this|that"
    r"|any of (?:it|this|that)|anything)(?: down)? (?:in|into) (?:my|the|your) (?:notes|chart"
    r"|record|file|report)",
    r"\bworry about me (?:telling|saying|calling|reporting|sharing|mentioning)\b",
    r"\bmy lips are sealed\b|\bmum's the word\b|\btake (?:it|this|that|your secret) to (?:my|the)"
    r" grave\b|\bi'm a vault\b",
)
LIMITS = rx(
    r"\b(?:can't|cannot|won't be able to|not able to) (?:promise|keep)",
    r"\b(?:limits?|except|unless|if you(?:'re| are) (?:in danger|not safe))\b",
    r"\bnot (?:a )?secret\b",
    r"\b(?:have|need|had|required|obligated|mandated) to (?:act|tell|share|report|bring|get|call"
    r"|let)\b|\bif (?:someone|anyone|you)(?:'re| is| are) (?:at risk|in danger|unsafe|not safe)",
    r"\bwithout your (?:permission|consent|ok|okay)\b|\binstead\b",
)
# A promise that is itself negated: "I'm not going to keep this between us".
NEGATED = re.compile(r"(?:\bnot|n't|\bnever)\s+(?:going to\s+|be able to\s+)?$", re.IGNORECASE)
# "..., okay?" at the end does not make a promise a question.
TAG_QUESTION = re.compile(r",?\s*(?:okay|ok|alright|all right|right|yeah|deal|got it)\s*\?\s*$")
# What a safety risk sounds like. A promise about something else that is named ("I won't tell
# your mom about the surprise party", "...anyone your HIV status") is ordinary privacy.
SAFETY = rx(
    r"\b(?:suicid\w*|kill\w*|die|dying|dead|death|end (?:it|things|your life)|hurt\w*|harm\w*"
    r"|cut|cutting|burn\w*|pills|overdos\w*|od|guns?|knife|knives|weapons?|rope|plan\w*"
    r"|attempt\w*|unsafe|safety|danger\w*|self-harm|jump\w*|abus\w*|hit(?:ting|s)?|beat\w*"
    r"|threat\w*|stopped eating|want to die)\b|(?:\bnot|n't) (?:\w+ )?safe\b"
)
TOPIC = re.compile(
    rf"^\s*(?:to )?(?:(?:{WHO})\s+)?(?:about|that|regarding)\b(?P<about>[^,;:—-]*)"
    rf"|^\s*(?:to )?(?:{WHO})\s+(?P<you>(?:you|your)\b[^,;:—-]*)",
    re.IGNORECASE,
)
# Words that name nothing in particular: "about this", "that you said that", "about tonight".
_VAGUE_WORDS = """
    a about all an and any anything anyone anybody are been did do everything feel feeling felt
    going happened here how i is it it's just me now of ok okay on one promise really said say
    stuff talked tell that the these thing things think thinking this those thought today tonight
    told us was we were what whole with you you're you've your
"""
VAGUE = frozenset(_VAGUE_WORDS.split())


OBJECT_VERB = re.compile(r"\b(?:mention|report|share)$", re.IGNORECASE)


def _names_something_else(verb: str, rest: str) -> bool:
    """Whether the words after a promise name a particular matter ("...about the party")."""
    if OBJECT_VERB.search(verb):  # "I won't mention the party (to your mom)"
        named = re.split(r"[,;:—-]|\bto\b", rest, maxsplit=1)[0]
    else:  # "I won't tell (your mom) about the party", "...anyone your HIV status"
        topic = TOPIC.match(rest)
        if topic is None:
            return False
        named = topic.group("about") or topic.group("you")
    words = re.findall(r"[a-z][a-z']*", named.lower())
    return any(word not in VAGUE for word in words)


def _promise(sentence: str) -> re.Match[str] | None:
    """The first promise of secrecy in a sentence, unless the sentence is about something else."""
    found = None
    for match in PROMISE.finditer(sentence):
        if NEGATED.search(sentence[max(0, match.start() - 20) : match.start()]):
            continue
        named = _names_something_else(match.group(0), sentence[match.end() :])
        if named and not SAFETY.search(sentence):
            return None
        found = found or match
    return found


def detect(text: str, speaker: Speaker, context: Sequence[str] = ()) -> PeerFlag | None:
    """A flag when a helper promises to keep what the person says secret."""
    if speaker != "helper":
        return None
    text, low = normalized(text)
    low = without_quotes(low)
    for start, end in sentence_spans(low):
        sentence = low[start:end]
        if sentence.rstrip().endswith("?"):
            sentence = TAG_QUESTION.sub(".", sentence)
        match = _promise(sentence)
        if match and not LIMITS.search(sentence) and not sentence.rstrip().endswith("?"):
            return PeerFlag(
                "secrecy_promise",
                f'promises secrecy ("{text[start + match.start() : start + match.end()]}")',
                "Be honest instead: 'I can't keep your safety a secret, and I'll be with you"
                " when we bring in help.'",
            )
    return None
