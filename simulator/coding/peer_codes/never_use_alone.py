"""Never use alone: the helper encourages the person not to use alone (someone nearby who can
respond and call for help, or a never-use-alone line), a harm-reduction message most overdose
prevention programs teach (SAMHSA, Opioid Overdose Prevention Toolkit, 2018).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from simulator.coding.codes import PeerFlag, Speaker
from simulator.coding.peer_codes._text import normalized, rx_lower, without_quotes

NOT_ALONE = rx_lower(
    r"\b(?:never|don't|do not|try not to|avoid|not) (?:ever )?(?:to )?(?:use|using"
    r"|get(?:ting)? high|shoot(?:ing)? up|do(?:ing)? (?:it|drugs|dope)"
    r"|be(?:ing)? alone when you use)\b"
    r"[^.?!]{0,25}\b(?:alone|by yourself|on your own)\b",
    r"\bnever use alone\b",
    r"\b(?:have|make sure|keep|let) (?:someone|somebody|a friend|people|another person"
    r"|a buddy)\b[^.?!]{0,40}\b(?:when|while|if|before) you (?:use|get high|shoot up)\b",
    r"\b(?:someone|somebody|a friend|a buddy) (?:with you|around|nearby|there) (?:when|while|if)"
    r" you (?:use|get high|shoot up)\b",
    r"\bif you (?:do )?use,? (?:\w+ ){0,3}(?:with someone|not alone|around people|someone"
    r"(?: is)? (?:nearby|around|with you|there))",
    r"\b(?:someone|somebody|a friend|a buddy) (?:\w+ ){0,3}(?:nearby|around|with you|there) (?:if"
    r"|when|while) you(?:'re| are)? (?:going to )?(?:use|get high|shoot up)\b",
)

QUICK = re.compile(r"alone|yourself|your own|someone|somebody|friend|buddy", re.IGNORECASE)


def detect(text: str, speaker: Speaker, context: Sequence[str] = ()) -> PeerFlag | None:
    """A flag when a helper encourages the person never to use alone."""
    if speaker != "helper" or not QUICK.search(text):
        return None
    text, low = normalized(text)
    found = NOT_ALONE.search(without_quotes(low))
    if not found:
        return None
    return PeerFlag(
        "never_use_alone",
        f'encourages never using alone ("{text[found.start() : found.end()]}")',
        "Good: pair it with naloxone and a plan for who will be there.",
    )
