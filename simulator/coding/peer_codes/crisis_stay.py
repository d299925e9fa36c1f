"""Crisis stay: the helper says they will stay with the person (on the line, in the room) while
help is found — the first step of every crisis protocol the course teaches."""

from __future__ import annotations

from collections.abc import Sequence

from simulator.coding.codes import PeerFlag, Speaker
from simulator.coding.peer_codes._text import normalized, rx, sentences, straighten, without_quotes
from simulator.coding.peer_codes.cold_referral import LEAVING

STAYING = rx(
    r"\bi(?:'m| am| will|'ll)? (?:going to |gonna )?(?:stay|staying|be staying|remain)"
    r" (?:right )?(?:here |on the (?:line|phone) )?(?:with you|on the (?:line|phone)|right here"
    r"|here|until|while|the whole time)",
    r"\bi(?:'m| am) (?:not going anywhere|right here(?: with you)?|here with you|staying"
    r" (?:right )?here|still here|with you)\b",
    r"\bi(?:'m| am) not (?:leaving|hanging up|going to (?:leave|hang up))",
    r"\bi won't (?:leave|hang up|go anywhere)",
    r"\bi(?:'ll| will) be (?:right )?here\b(?! (?:on|at|next|tomorrow|every|until \d))",
    r"\b(?:we'll|we will|let's) (?:stay|keep talking) (?:on the (?:line|phone) )?(?:together"
    r"|until|while)",
    r"\bi can (?:stay|be) (?:on the (?:line|phone)|with you|here)",
    r"\byou(?:'re| are) not alone(?: right now| in this| tonight)?\b",
    r"\b(?:with you|beside you) (?:right now|through this|the whole (?:time|way))",
    r"\bwe(?:'ll| will| can) (?:get through|do) this together\b",
    r"\bi(?:'ve| have) got (?:all )?the time (?:you need|in the world)\b",
)
NOT_STAYING = rx(
    r"\b(?:stayed|i was there|when i stay)\b",
    r"\bnot alone(?: in (?:feeling|thinking|having|wanting|that)|,? (?:a lot of|many|lots of|most)"
    r" people)",
    r"\bstay(?:ing)? with (?:your|my|his|her)",
    r"\b(?:i have to go|i need to go|i(?:'ll| will) let you go|call (?:me|us) back)\b",
)


def detect(text: str, speaker: Speaker, context: Sequence[str] = ()) -> PeerFlag | None:
    """A flag when a helper tells the person they will stay with them."""
    if speaker != "helper":
        return None
    for sentence in sentences(without_quotes(straighten(text))):
        match = STAYING.search(sentence)
        if match and not NOT_STAYING.search(sentence):
            if LEAVING.search(normalized(text)[1]):
                return None  # "I'm here for you. Gotta go, bye." does not stay
            return PeerFlag(
                "crisis_stay",
                f'stays with the person ("{match.group(0)}")',
                "Keep your word: stay until the person is connected to help.",
            )
    return None
