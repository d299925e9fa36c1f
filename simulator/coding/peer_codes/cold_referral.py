"""Cold referral: the helper hands over a number or a service and leaves ("Here's the number, I
have to go"). It is neither staying with the person nor connecting them: a warm hand-off stays
on the line until the person is connected.
"""

from __future__ import annotations

from collections.abc import Sequence

from simulator.coding.codes import PeerFlag, Speaker
from simulator.coding.peer_codes._text import normalized, rx_lower, without_quotes

REFERRAL = rx_lower(
    r"\b(?:988|911|211|lifeline|hotline|helpline|crisis (?:line|text line|team|center)|warm ?line"
    r"|the number|a number|their number|this number|that number|phone number"
    r"|call (?:them|someone|the)|text (?:them|home|start))\b",
    # Named services given by name, not by "the number": "Try the Trevor Project", "the
    # Trevor Project's line", "the Vet Center", "Trans Lifeline", "the LGBTQ+ center".
    r"\b(?:trevor|trans lifeline|vet centers?|samhsa'?s? (?:national )?helpline|findtreatment)\b",
    r"\b(?:lgbtq\+?|pride|community|health|recovery|drop-in) (?:center|clinic)\b",
    r"\b\d{3}[-. ]\d{3}(?:[-. ]\d{4})?\b|'s (?:line|number|website|chat|text line)\b",
    r"\b(?:reach out to|try (?:the|calling|texting)|check out the|look (?:them|it) up)\b",
)
LEAVING = rx_lower(
    r"\bi (?:have|need|got|gotta) to (?:go|run|hang up|get off|leave|take another)",
    r"\b(?:i(?:'ve)? )?gotta (?:go|run)\b|\b(?:have|need) to run\b",
    r"\bi(?:'ve| have)? got to (?:go|run|hang up)\b|\bi(?:'ve| have) got (?:another|a) call\b",
    r"\bi(?:'ll| will| should| need to) let you go\b",
    r"\b(?:i'm|i am) (?:going to have to go|off (?:shift|the clock))\b",
    r"\b(?:we(?:'re| are)|i'm|i am) (?:almost )?out of time\b",
    r"\b(?:good ?bye|bye(?:-bye)?|good luck)\b",
    r"\btake care\W*$",  # a sign-off at the end of the turn, not "take care of yourself"
)
STAYING = rx_lower(
    r"\b(?:stay(?:ing)? (?:on the line|with you|right here)|i(?:'m| am) not going anywhere"
    r"|i won't hang up|together|(?:until|while) (?:they|someone|you)(?:'re| are)? (?:pick|answer"
    r"|on the line|connected|there)"
    r"|(?:go|walk|come|sit|ride|call|text|be there) (?:\w+ )?(?:over |along )?with you"
    r"|i'll be (?:right )?here while)"
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
