"""A transparent, rule-based coder: regular expressions over the wording of an utterance.

It is the fallback when no trained model is installed, and a readable reference for what
each code means. Peer flags come from `simulator.coding.peer_codes`, as for the trained coder.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from simulator.coding.coder.miti_moves import find_move
from simulator.coding.codes import HELPER_CODES, Coding, Speaker, code_each
from simulator.coding.peer_codes import peer_flags
from simulator.coding.peer_codes._text import straighten


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


OPEN_START = _rx(
    r"^\s*(what|how|why|where|who|which|when)\b",
    r"^\s*(tell me|describe|help me understand|walk me through)\b",
    r"\b(what|how) (do|does|did|would|could|might|has|have|is|are|else)\b",
)
SUMMARY = _rx(
    r"^\s*(so )?(let me (see if i|summari[sz]e|make sure)|to sum up|so far you|in summary)",
    r"\bon (the )?one hand\b.*\bon the other\b",
)
REFLECTION_START = _rx(
    r"^\s*(so,? )?(it sounds like|sounds like|it seems|seems like|you('re| are| feel| want| have"
    r"|'ve| don't| do not| wish| wonder| were| had| need| care| really)|part of you|you\b)",
    r"^\s*(so,? )?(it's|that's) (been )?(hard|important|frustrating|scary|difficult|a lot)",
)
COMPLEX_MARKERS = _rx(
    r"\bpart of you\b",
    r"\b(on the other hand|and yet|even though|at the same time|and also)\b",
    r"\b(wonder(ing)?|afraid|scared|worried|lonely|tired|frustrated|angry|hopeful|proud|ashamed"
    r"|overwhelmed|stuck|torn|important to you|matters to you|value|care about|hurt|exhausted)\b",
    r"\b(feel|feeling)s?\b",
)
INFORMATION = _rx(
    r"\b(988|warm ?line|crisis line|program|group meets|there (is|are)|many people|some people"
    r"|research|studies)\b"
)

CHANGE = _rx(
    r"\b(i (want|wish|would like|hope) to|i('d| would) like to|i could|i can|i('m| am) able"
    r"|it would (help|be better)|i need to|i have to|i('ve| have) got to|i will|i('m| am) going to"
    r"|i('m| am) ready|this week i|i (started|stopped|cut|tried|called|went))\b"
)
SUSTAIN = _rx(
    r"\b(i (don't|do not) (want|need|think|see)|i can't|it's not (that|a) (bad|big|problem)"
    r"|it helps me|i like (it|drinking|using)|no way|not ready|what's the point|i('m| am) fine"
    r"|never going to|won't work)\b"
)
CHANGE_KINDS = [
    ("taking_steps", _rx(r"\b(this week i|i (started|stopped|cut|tried|called|went|poured))\b")),
    ("commitment", _rx(r"\b(i will|i('m| am) going to|i promise myself)\b")),
    ("activation", _rx(r"\b(i('m| am) (ready|willing|prepared)|i('d| would) be willing)\b")),
    ("desire", _rx(r"\b(i (want|wish|hope)|i('d| would) like)\b")),
    ("ability", _rx(r"\b(i could|i can|i('m| am) able|i might be able)\b")),
    ("need", _rx(r"\b(i need|i have to|i('ve| have) got to|i must)\b")),
    ("reasons", _rx(r"\b(it would (help|be better)|because|so that)\b")),
]


class RuleCoder:
    """Codes utterances with transparent wording rules."""

    name = "rules-1"

    def code(self, text: str, context: Sequence[str] = (), speaker: Speaker = "helper") -> Coding:
        """Code one utterance; `context` holds the preceding utterances, most recent last."""
        if speaker == "consumer":
            return self._code_consumer(text)
        code, reasons = self._helper_code(text, context)
        flags = peer_flags(text, "helper", context)
        if any(flag.kind == "secrecy_promise" for flag in flags):
            code, reasons = "other", ["a promise of secrecy: no MITI code, see the peer flag"]
        return Coding(
            text=text,
            speaker="helper",
            code=code,
            behaviour=HELPER_CODES[code],
            peer_flags=flags,
            confidence=0.6,
            reasons=tuple(reasons),
        )

    def code_many(
        self,
        texts: Sequence[str],
        contexts: Sequence[Sequence[str]] | None = None,
        speaker: Speaker = "helper",
    ) -> list[Coding]:
        """Code several utterances; `contexts[i]` is the context of `texts[i]`."""
        return code_each(self, texts, contexts, speaker)

    def _helper_code(self, text: str, context: Sequence[str]) -> tuple[str, list[str]]:
        stripped = text.strip()
        move = find_move(straighten(stripped).lower(), context)
        if move:  # the same MITI moves as the trained coder
            return move[0], [move[1]]
        if SUMMARY.search(stripped):
            return "summary", ["pulls together several things the person said"]
        if stripped.endswith("?"):
            if OPEN_START.search(stripped):
                return "open_question", ["a question that invites a full answer"]
            return "closed_question", ["a question that can be answered yes/no or in a word"]
        if REFLECTION_START.search(stripped):
            if COMPLEX_MARKERS.search(stripped):
                return "complex_reflection", ["adds a feeling or meaning to what was said"]
            return "simple_reflection", ["repeats or rephrases what the person said"]
        if INFORMATION.search(stripped):
            return "giving_information", ["shares information"]
        return "other", ["no MI behaviour recognized"]

    def _code_consumer(self, text: str) -> Coding:
        if SUSTAIN.search(text):
            talk, kind = "sustain", "sustain"
        elif CHANGE.search(text):
            talk = "change"
            kind = next((name for name, pattern in CHANGE_KINDS if pattern.search(text)), "desire")
        else:
            talk, kind = "neutral", "neutral"
        return Coding(
            text=text,
            speaker="consumer",
            code=kind,
            talk=talk,
            peer_flags=peer_flags(text, "consumer"),
            confidence=0.5,
        )
