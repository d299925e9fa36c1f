"""Cold referral: the helper hands over a number or a service and leaves ("Here's the number, I
have to go"). It is neither staying with the person nor connecting them: a warm hand-off stays
on the line until the person is connected.
"""

from __future__ import annotations

from collections.abc import Sequence

from simulator.coding import PeerFlag, Speaker
from simulator.peer_codes._text import normalized, rx_lower, without_quotes

REFERRAL = rx_lower(
    r"\b(?:988|911|lifeline|hotline|crisis (?:line|text line|team|center)|warm ?line|the number"
    r"|a number|their number|this number|that number|phone number|call (?:them|someone|the)"
    r"|text (?:them|home))\b"
)
LEAVING = rx_lower(
    r"\bi (?:have|need|got|gotta) to (?:go|run|hang up|get off|leave|take another)",
    r"\b(?:i(?:'ve)? )?gotta (?:go|run)\b|\b(?:have|need) to run\b",
    r"\bi(?:'ve| have)? got to (?:go|run|hang up)\b|\bi(?:'ve| have) got (?:another|a) call\b",
    r"\bi(?:'ll| will| should| need to) let you go\b",
    r"\b(?:i'm|i am) (?:going to have to go|off (?:shift|the clock))\b",
    r"\b(?:we(?:'re| are)|i'm|i am) (?:almost )?out of time\b",
    r"\b(?:good ?bye|bye(?:-bye)?|good luck)\b",
)
STAYING = rx_lower(
    r"\b(?:stay(?:ing)? (?:on the line|with you|right here)|i(?:'m| am) not going anywhere"
    r"|i won't hang up|together|(?:until|while) (?:they|someone|you)(?:'re| are)? (?:pick|answer"
    r"|on the line|connected|there))"
)


def detect(text: str, speaker: Speaker, context: Sequence[str] = ()) -> PeerFlag | None:
    """A flag when a helper gives a referral and ends the contact in the same turn."""
    if speaker != "helper" or not LEAVING.search(text.lower().replace("’", "'")):
        return None
    text, low = normalized(text)
    low = without_quotes(low)
    leaving = LEAVING.search(low)
    if not leaving or not REFERRAL.search(low) or STAYING.search(low):
        return None
    return PeerFlag(
        "cold_referral",
        f'gives a referral and leaves ("{text[leaving.start() : leaving.end()]}")',
        "Stay on the line and connect them together (a warm hand-off): 'Let's call 988 now —"
        " I'll stay with you until someone answers.'",
    )
