"""Finer MITI codes for helper utterances, by rules on top of the model's four behaviours.

`refine(text, context, behaviour)` returns the MITI code and short plain-language reasons
for trainees. The code always belongs to the returned behaviour (see `HELPER_CODES`), which is
the model's, with two exceptions: confronting wording ("you're in denial") is coded confront
unless it is really a question, and advice phrased as a reflection ("You should...") or as a
question ("Why don't you just stop?", "Don't you think...?") is advice or persuasion.
Other cross-family moves (autonomy, affirm, advice the model read as "other") were measured
on AnnoMI and made behaviour coding worse, so they are left to the model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from simulator.peer_codes._text import rx, sentences, straighten

WH_START = re.compile(
    r"^\s*(?:(?:so|and|but|okay|ok|well|now|then),?\s+)?(what|how|why|where|who|which|when)\b",
    re.IGNORECASE,
)
INVITATION = rx(
    r"\b(?:tell me|describe|help me understand|walk me through|say more|talk (?:to me )?about"
    r"|i(?:'m| am)? wonder(?:ing)? (?:what|how|why|where|who|which|when))\b",
    r"\b(?:what|how) (?:else|about|do you|does|did|would|could|might|has|have|is|are|was)\b",
    r"\b(?:anything else|any other|what else|on a scale|scale (?:of|from) (?:0|1|one|zero))\b",
)
FILLER = re.compile(
    r"^(?:\s*(?:(?:mm-?hmm|mhm|hmm|mm|uh-huh|uh|um|okay|ok|yeah|yes|right|alright|all right|so"
    r"|well|sure|wow|oh|great|good|and|now|then|excellent)\b[,.!\s-]*))+",
    re.IGNORECASE,
)
CLOSED_START = re.compile(
    r"^\s*(?:(?:so|and|but|okay|ok|well|now),?\s+)?(do|does|did|are|is|was|were|have|has|had"
    r"|can|could|will|would|should|shall|may|might|am|isn't|aren't|don't|doesn't|didn't"
    r"|won't|wouldn't|can't)\b",
    re.IGNORECASE,
)
PERMISSION = rx(
    r"\b(?:would it be (?:ok|okay|alright|all right)|is it (?:ok|okay|alright) (?:if|with you)"
    r"|can i (?:share|offer|tell you|make a suggestion|give you)|may i|would you (?:like|be open"
    r" to|be interested|mind if)|do you mind if|if it's (?:ok|okay) with you|with your permission"
    r"|if you(?:'d| would) like|would you want (?:to hear|me to))"
)
ASKED_FOR_ADVICE = rx(
    r"\b(?:what (?:should|do|can|could) i do|what would you do|any (?:ideas|advice|suggestions)"
    r"|can you (?:help|tell me)|should i|what do you (?:think|suggest|recommend)|sure|yes,? please"
    r"|go ahead|okay,? tell me)\b"
)
ADVICE = rx(
    r"\byou (?:should|need to|have to|must|ought to|'d better|had better|gotta|got to)\b",
    r"\bwhy (?:don't|do not) you\b",
    r"^\s*(?:just |so )?(?:try|go|stop|start|call|make sure|don't|avoid|quit|get|take|ask"
    r"|remember to|think about)\b",
    r"\b(?:i (?:think|suggest|recommend|'d recommend|would recommend|'d suggest|advise)|my"
    r" advice is|if i were you)\b",
    r"\b(?:one idea is|you (?:might|could|may) (?:want to|consider|try))\b",
)
ADVICE_OPENING = re.compile(
    r"\s*(?:(?:so|okay|well),? )?(?:you (?:should|could try|might want to|may want to|need to"
    r"|ought to)|why don't you|i (?:suggest|recommend|'d suggest|'d recommend)|try)\b",
    re.IGNORECASE,
)
# Advice or persuasion dressed as a question (the righting reflex), not an invitation to talk.
RIGHTING_QUESTION = re.compile(
    r"\s*(?:why (?:don't|do not) you (?:just )?(?!start|tell|talk|share|describe|say|walk|take a)"
    r"|why not just|don't you think|wouldn't it be (?:better|easier|smarter|best))\b",
    re.IGNORECASE,
)
SOFT_ADVICE = rx(r"\b(?:one idea is|you (?:might|could|may) (?:want to|consider|try)|some people)")
PERSUADE = rx(
    r"\b(?:don't you think|you have to (?:understand|realize|see)|you know (?:that|it's)"
    r" (?:bad|wrong|killing)|if you don't\b.*\byou(?:'ll| will)|the (?:research|science|fact)"
    r" (?:is|shows|says)|you're going to (?:die|lose|end up)|trust me|the truth is|the fact is)\b"
)
CONFRONT = rx(
    r"\b(?:in denial|making excuses|that's not true|you're lying|you always|you never|you're not"
    r" (?:serious|trying|listening)|admit (?:it|that)|face (?:it|the facts)|you can't be serious"
    r"|what (?:were|was) you thinking|you should be ashamed|you know better|no wonder)\b"
)
CONFRONT_REASON = "argues with or shames the person (confronting)"
AUTONOMY = rx(
    r"\b(?:it's|it is) (?:your (?:choice|decision|call|life)|up to you|yours to)\b",
    r"\b(?:your (?:choice|decision|call|life)|up to you|you decide|you get to decide|you're the"
    r" (?:expert|one who|best judge)|you know (?:yourself|what's best)|whatever you (?:choose"
    r"|decide)|only you can)\b",
)
AFFIRM = rx(
    r"\b(?:that took (?:real |a lot of |some )?(?:courage|strength|guts|commitment)"
    r"|you(?:'ve| have) (?:worked|done|come"
    r"|shown|made|been working)|you (?:did|followed through|stuck with|spoke up|showed up)"
    r"|you(?:'re| are) (?:clearly |really |so )?(?:strong|resourceful|determined|committed"
    r"|brave|persistent|honest)|i (?:appreciate|admire|respect)|(?:it's|that's) (?:great"
    r"|impressive|huge|a big deal) that you|good for you|well done|you care (?:deeply|a lot))"
)
COLLABORATE = rx(
    r"\b(?:together|we could|let's|where would you like to|what would you like to"
    r"|how would you like to|what do you think (?:about|of)|does that (?:fit|sound right|make"
    r" sense)|what would be most helpful|how does that sound)\b"
)
SUMMARY = rx(
    r"^\s*(?:so,? )?(?:let me (?:see if i|summari[sz]e|make sure|pull)|to sum up|so far"
    r"|in summary|let's see what we|let me try to put)",
    r"\byou(?:'ve| have) (?:told|mentioned|said) (?:me )?(?:a few|several|some) things\b",
)
COMPLEX = rx(
    r"\bpart of you\b",
    r"\bon (?:the )?one hand\b",
    r"\b(?:on the other hand|and yet|even though|at the same time|and also|but also|and still)\b",
    r"\b(?:wonder(?:ing)?|afraid|scared|worried|lonely|tired|frustrated|angry|hopeful|proud"
    r"|ashamed|overwhelmed|stuck|torn|hurt|exhausted|fed up|sad|relieved|guilty|excited|hopeless"
    r"|alone|trapped|dismissed|confused|anxious|nervous)\b",
    r"\b(?:important to you|matters to you|you value|you care about|what you want|for you)\b",
    r"\b(?:feel|feeling|feels|felt)\b",
    r"\b(?:never|always|completely|at all|nothing|everything|no way)\b",
    r"\b(?:it's like|as if|like a)\b",
)
INFORMATION_ONLY = rx(r"^\s*(?:there (?:is|are)|it's|it is|the \w+ (?:is|are|meets|has))")


def _first_words(text: str, count: int = 2) -> str:
    return " ".join(text.strip().split()[:count]).rstrip(",.?!")


def _looks_like_question(text: str) -> bool:
    return "?" in text or bool(WH_START.match(text) or CLOSED_START.match(text))


def _question_part(text: str) -> str:
    """The sentence that asks: the last one ending in '?', else the last one; no fillers."""
    parts = sentences(text) or [text]
    asking = [part for part in parts if part.rstrip().endswith("?")] or parts
    return FILLER.sub("", asking[-1]) or asking[-1]


def _question(text: str) -> tuple[str, list[str]]:
    text = _question_part(text)
    if WH_START.match(text) or INVITATION.search(text):
        return "open_question", [
            f"starts with '{_first_words(text)}' — an open question that invites the person to"
            " say more"
        ]
    if CLOSED_START.match(text):
        return "closed_question", [
            f"starts with '{_first_words(text)}' — a yes/no (closed) question"
        ]
    return "closed_question", ["a statement with a question mark — the person can answer yes or no"]


def _reflection(text: str) -> tuple[str, list[str]]:
    words = len(text.split())
    if SUMMARY.search(text) or words >= 45:
        return "summary", ["pulls several things the person said together — a summary"]
    marker = COMPLEX.search(text)
    if marker:
        return "complex_reflection", [
            f"adds meaning or feeling ('{marker.group(0)}') — a complex reflection"
        ]
    if words >= 18:
        return "complex_reflection", ["goes beyond the person's words — a complex reflection"]
    return "simple_reflection", [
        "says back what the person said, without adding much — a simple reflection"
    ]


def _permission(text: str, context: Sequence[str]) -> bool:
    if PERMISSION.search(text):
        return True
    if context and ASKED_FOR_ADVICE.search(straighten(context[-1])):
        return True
    return len(context) >= 2 and bool(PERMISSION.search(straighten(context[-2])))


def _input(text: str, context: Sequence[str]) -> tuple[str, list[str]]:
    permitted = _permission(text, context)
    persuade = PERSUADE.search(text)
    if persuade:
        if permitted:
            return "persuade_with_permission", ["argues for change after asking permission"]
        return "persuade", [
            f"'{persuade.group(0)}' — tries to talk the person into change (persuading)"
        ]
    advice = ADVICE.search(text)
    if advice:
        if permitted or SOFT_ADVICE.search(text):
            return "advise_with_permission", [
                "offers a suggestion the person asked for or can take or leave"
            ]
        return "advise_without_permission", [
            f"'{advice.group(0).strip()}' — advice given without asking permission first"
        ]
    return "giving_information", ["gives information"]


def _other(text: str) -> tuple[str, list[str]]:
    for pattern, code, reason in (
        (CONFRONT, "confront", CONFRONT_REASON),
        (AUTONOMY, "emphasize_autonomy", "emphasizes the person's choice and control"),
        (AFFIRM, "affirm", "notices the person's strength or effort — an affirmation"),
        (COLLABORATE, "seek_collaboration", "invites the person to decide together"),
    ):
        match = pattern.search(text)
        if match:
            return code, [f"'{match.group(0)}' — {reason}"]
    return "other", []


def refine(text: str, context: Sequence[str], behaviour: str) -> tuple[str, str, list[str]]:
    """The behaviour, the fine MITI code and the reasons for one helper utterance."""
    text = straighten(text)
    if behaviour == "question" and not _looks_like_question(text) and CONFRONT.search(text):
        behaviour = "other"  # "You're in denial." asks nothing, whatever the model's guess
    if behaviour == "question" and RIGHTING_QUESTION.match(_question_part(text)):
        return "therapist_input", *_input(text, context)
    confront = CONFRONT.search(text)
    if behaviour in {"reflection", "therapist_input"} and confront:
        return "other", "confront", [f"'{confront.group(0)}' — {CONFRONT_REASON}"]
    if behaviour == "reflection" and ADVICE_OPENING.match(text):
        return "therapist_input", *_input(text, context)
    if behaviour == "question":
        return behaviour, *_question(text)
    if behaviour == "reflection":
        return behaviour, *_reflection(text)
    if behaviour == "therapist_input":
        return behaviour, *_input(text, context)
    return behaviour, *_other(text)
