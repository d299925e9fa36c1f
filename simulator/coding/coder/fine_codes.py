"""Finer MITI codes for helper utterances: the move the words make first, then the model's class.

`refine(text, context, behaviour)` returns the MITI code and short plain-language reasons for
trainees. When the words make an MI-adherent or MI-non-adherent move (confront, persuade, advice,
seek collaboration, emphasize autonomy, affirm; `miti_moves.find_move`), that move is the code,
whatever form it takes: "Would it be okay if I shared something?" is a question in form and
seeks collaboration; "Do you want to end up in the hospital again?" is a confrontation.
Otherwise the code follows the model's behaviour (AnnoMI's four classes, which describe the
form): open or closed question, simple or complex reflection or summary, giving information,
or other. The behaviour itself is left as the model gave it: AnnoMI's annotators label form,
and moving "Would it be okay if...?" out of "question" measurably lowered agreement with them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from simulator.coding.coder.miti_moves import find_move
from simulator.coding.peer_codes._text import rx, sentences, straighten

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


# Said to the person about their feelings ("You're frustrated that..."): a reflection, even when
# the model reads a statement as information.
FEELING_REFLECTION = rx(
    r"^\W*(?:so,? )?(?:it sounds like |sounds like |it seems like )?you(?:'re| are| feel| sound)"
    r" (?:really |so |pretty |kind of )?(?:afraid|scared|worried|frustrated|angry|tired|lonely"
    r"|ashamed|overwhelmed|stuck|torn|hurt|exhausted|fed up|sad|guilty|anxious|nervous|hopeless)"
)
# "can i ask u something real quick", "do you want to talk about it": a question typed without
# its question mark (one sentence, no full stop).
UNMARKED_QUESTION = rx(
    r"^\W*(?:(?:so|and|but|okay|ok|well),?\s+)?(?:can|could|may|do|did|are|have|would|will|is)"
    r" (?:i|you|u|we|it)\b[^.!?]*$"
)
# "You're planning to stop the Zoloft next week": the person's plan said back, a reflection.
PLAN_REFLECTION = rx(
    r"^\W*(?:so,? )?(?:it sounds like |sounds like )?you(?:'re| are) (?:planning|thinking"
    r"|considering|hoping|getting ready|wanting|wondering) (?:to|about|on|of|if|whether)\b"
)
# "Tell me about...", "Help me understand...": open questions without a question mark.
INVITATION_START = rx(
    r"^\W*(?:(?:so|okay|ok|well|and),?\s+)?(?:tell me|help me understand|walk me through"
    r"|describe|say more)\b"
)


def _first_words(text: str, count: int = 2) -> str:
    return " ".join(text.strip().split()[:count]).rstrip(",.?!")


def _question_part(text: str) -> str:
    """The sentence that asks: the last one ending in '?', else the last one; no fillers."""
    parts = sentences(text) or [text]
    asking = [part for part in parts if part.rstrip().endswith("?")] or parts
    return FILLER.sub("", asking[-1]) or asking[-1]


def question_code(text: str) -> tuple[str, list[str]]:
    """Open or closed question, by the form of the asking sentence, with the reason."""
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


def reflection_code(text: str) -> tuple[str, list[str]]:
    """Simple or complex reflection, or summary, by its wording, with the reason."""
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


def refine(text: str, context: Sequence[str], behaviour: str) -> tuple[str, list[str]]:
    """The fine MITI code and the reasons for one helper utterance the model read as `behaviour`."""
    text = straighten(text)
    move = find_move(text.lower(), context)
    if move:
        code, reason = move
        return code, [reason]
    if INVITATION_START.match(text) or UNMARKED_QUESTION.match(text):
        behaviour = "question"  # for the code only: the model's class is kept
    elif behaviour == "therapist_input" and (
        SUMMARY.search(text) or FEELING_REFLECTION.search(text) or PLAN_REFLECTION.search(text)
    ):
        behaviour = "reflection"
    if behaviour == "question":
        return question_code(text)
    if behaviour == "reflection":
        return reflection_code(text)
    if behaviour == "therapist_input":
        return "giving_information", ["gives information"]
    return "other", []
