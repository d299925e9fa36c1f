"""Crisis stay: the helper tells the person they will stay with them (on the line, in the room)
while they are in crisis, as crisis protocols ask."""

from __future__ import annotations

from collections.abc import Sequence

from simulator.coding import PeerFlag, Speaker
from simulator.peer_codes._text import rx, sentences, straighten, without_quotes

STAYING = rx(
    r"\bi(?:'m| am) (?:right )?(?:here|staying|not going anywhere|not leaving|with you)\b"
    r"(?! (?:on|every|at|from|until|till|most|mon|tue|wed|thu|fri|sat|sun|in the)\b)",
    r"\bi(?:'ll| will) (?:stay|be here|be right here|stay on the (?:line|phone)|not hang up"
    r"|not leave)\b",
    r"\b(?:stay|staying) (?:with you|on the (?:line|phone)(?: with you)?|right here)\b",
    r"\byou(?:'re| are) not alone(?: (?:in|with) this| right now)?\b",
    r"\bwe(?:'ll| will) (?:get through|do) this together\b",
    r"\b(?:i've|i have) got (?:all )?the time (?:you need|in the world)\b",
)
LEAVING = rx(r"\b(?:i have to go|i need to go|i(?:'ll| will) let you go|call (?:me|us) back)\b")


def detect(text: str, speaker: Speaker, context: Sequence[str] = ()) -> PeerFlag | None:
    """A flag when a helper says they will stay with the person."""
    if speaker != "helper":
        return None
    for sentence in sentences(without_quotes(straighten(text))):
        match = STAYING.search(sentence)
        if match and not LEAVING.search(sentence):
            return PeerFlag(
                "crisis_stay",
                f'stays with the person ("{match.group(0)}")',
                "Keep staying: listen, and stay until the person is connected with support.",
            )
    return None
