"""Crisis connect: the helper connects the person to 988, a crisis team, emergency services or a
supervisor (offering, or doing it together), as crisis protocols ask. Handing over a number and
leaving in the same turn is a cold referral (`cold_referral`), not a connection."""

from __future__ import annotations

import re
from collections.abc import Sequence

from simulator.coding.codes import PeerFlag, Speaker
from simulator.coding.peer_codes._text import normalized, rx, sentences, straighten, without_quotes
from simulator.coding.peer_codes.cold_referral import LEAVING, STAYING

CRISIS_SUPPORT = (
    r"(?:988|(?:the )?(?:suicide (?:and|&) crisis )?lifeline|(?:the |a |our )?(?:mobile )?crisis"
    r" (?:line|team|center|centre|counsel(?:or|l?or)s?|services?|unit|worker|clinician)"
    r"|(?:the )?(?:emergency (?:room|department|services)|\ber\b|911|ambulance)"
    r"|(?:my|our|the) (?:supervisor|clinical supervisor|on-call (?:clinician|counselor|worker"
    r"|nurse)|clinician on call|crisis clinician))"
)
ACTION = (
    r"(?:call|calling|text|texting|dial|reach|reaching|contact|contacting|connect|connecting"
    r"|bring in|bring|loop in|get|getting|talk to|talk with|speak (?:to|with)|involve"
    r"|reach out to|take you to|go to|go with you to|walk(?:ed)? you(?: over)? to"
    r"|hand you over to|warm hand-?off to"
    r"|patch (?:you )?through to|transfer you to|put you through to|ask)"
)
CONNECTING = rx(
    rf"\b{ACTION}\b(?: \w+){{0,4}} {CRISIS_SUPPORT}",
    rf"{CRISIS_SUPPORT}\b(?: \w+){{0,6}} (?:is|are) (?:there|available|open|ready|free)\b",
    rf"{CRISIS_SUPPORT}\b(?: \w+){{0,3}} (?:has|have) (?:people|someone|counsel\w+|staff)",
    rf"\b{CRISIS_SUPPORT} (?:can|could|will) (?:help|talk|be with|come|support|stay)",
)
# Cheap first check: without one of these words there is nothing to connect to.
SUPPORT_WORD = re.compile(
    r"988|lifeline|crisis|emergency|\ber\b|911|ambulance|supervisor|on-call|on call", re.IGNORECASE
)
HISTORY = re.compile(
    r"\b(?:have you (?:ever|already)|did you (?:ever|already)?|when you)\s+(?:call|called|text"
    r"|texted|contact|contacted|reach|reached|go|went)|\bmy supervisor (?:said|says|wants me)"
    r"|\b(?:doesn't|don't|won't|not|never) (?:need|have) to go\b|\bneeding to go\b",
    re.IGNORECASE,
)


def detect(text: str, speaker: Speaker, context: Sequence[str] = ()) -> PeerFlag | None:
    """A flag when a helper connects (or offers to connect) the person to crisis support."""
    if speaker != "helper" or not SUPPORT_WORD.search(text):
        return None
    for sentence in sentences(without_quotes(straighten(text))):
        match = CONNECTING.search(sentence)
        if match and not HISTORY.search(sentence):
            low = normalized(text)[1]
            if LEAVING.search(low) and not STAYING.search(low):
                return None  # a cold referral ("Call 988. I have to go.") connects no one
            return PeerFlag(
                "crisis_connect",
                f'connects to crisis support ("{match.group(0)}")',
                "Stay with the person while the connection is made, and follow up afterwards.",
            )
    return None
