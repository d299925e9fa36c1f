"""A transparent, rule-based coder: regular expressions over the wording of an utterance.

It is the fallback when no trained model is installed, and a readable reference for what
each code means. Peer flags come from `simulator.peer_codes`, as for the trained coder.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from simulator.coding import HELPER_CODES, Coding, Speaker, code_each
from simulator.peer_codes import peer_flags


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


OPEN_START = _rx(
    r"^\s*(what|how|why|where|who|which|when)\b",
    r"^\s*(tell me|describe|help me understand|walk me through)\b",
    r"\b(what|how) (do|does|did|would|could|might|has|have|is|are|else)\b",
)
CLOSED_START = _rx(
    r"^\s*(do|does|did|are|is|was|were|have|has|had|can|could|will|would|should|shall|may|might)\b",
    r"^\s*(so )?(you('re| are)|it's) .*\?\s*$",
)
PERMISSION = _rx(
    r"\b(would it be (ok|okay|alright|all right)|is it (ok|okay)|can i (share|offer|tell)|may i"
    r"|would you (like (me to|to hear)|be open to (hearing|me)|mind if)|do you mind if)\b"
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
ADVICE = _rx(
    r"\byou (should|need to|have to|must|ought to|'d better|had better|gotta)\b",
    r"\bwhy (don't|do not) you\b",
    r"^\s*(just|try|go|stop|start|call|make sure|don't)\b",
    r"\b(i think|my advice is) you\b",
    r"\bhave you (tried|thought about)\b",
)
WHY_DONT_YOU = _rx(r"^\s*(so,? )?why (don't|do not) you\b")
AUTONOMY = _rx(
    r"\b(it's|it is) (your|up to you)\b",
    r"\b(your (choice|decision|call)|up to you|you decide|you're the expert|you know (yourself|"
    r"what's best))\b",
)
AFFIRM = _rx(
    r"\b(that took (courage|strength)|you('ve| have) (worked|done|come|shown|made)|you did"
    r"|you('re| are) (clearly |really )?(strong|resourceful|determined|committed)"
    r"|i (appreciate|admire|respect)|it('s| is) (great|impressive) that you|good for you"
    r"|you care (deeply|a lot))\b"
)
CONFRONT = _rx(
    r"\b(in denial|making excuses|that's not true|you're lying|you always|you never|you're not"
    r" (serious|trying)|admit (it|that)|face (it|the facts)|you can't be serious)\b"
)
PERSUADE = _rx(
    r"\b(don't you think|you have to understand|you know (that|it's) (bad|wrong)"
    r"|if you don't\b.*\byou('ll| will)|the (research|science) (shows|says)|you're going to"
    r" (die|lose)|trust me)\b"
)
COLLABORATE = _rx(r"\b(together|we could|let's|what would you like to|where would you like to)\b")
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
        return Coding(
            text=text,
            speaker="helper",
            code=code,
            behaviour=HELPER_CODES[code],
            peer_flags=peer_flags(text, "helper", context),
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
        asked_permission = bool(context) and bool(PERMISSION.search(context[-1]))
        if CONFRONT.search(stripped):
            return "confront", ["argues with or labels the person"]
        if PERSUADE.search(stripped):
            return "persuade", ["tries to convince the person with arguments or warnings"]
        if PERMISSION.search(stripped):
            return "seek_collaboration", ["asks permission before sharing"]
        if SUMMARY.search(stripped):
            return "summary", ["pulls together several things the person said"]
        if stripped.endswith("?") and not WHY_DONT_YOU.search(stripped):
            if OPEN_START.search(stripped):
                return "open_question", ["a question that invites a full answer"]
            return "closed_question", ["a question that can be answered yes/no or in a word"]
        if ADVICE.search(stripped):
            if asked_permission or AUTONOMY.search(stripped):
                return "advise_with_permission", ["offers an idea with permission or choice"]
            return "advise_without_permission", ["tells the person what to do (righting reflex)"]
        if AUTONOMY.search(stripped):
            return "emphasize_autonomy", ["underlines the person's own choice"]
        if AFFIRM.search(stripped):
            return "affirm", ["recognizes a strength or effort"]
        if REFLECTION_START.search(stripped):
            if COMPLEX_MARKERS.search(stripped):
                return "complex_reflection", ["adds a feeling or meaning to what was said"]
            return "simple_reflection", ["repeats or rephrases what the person said"]
        if COLLABORATE.search(stripped):
            return "seek_collaboration", ["invites working together"]
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
