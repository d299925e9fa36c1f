"""Naloxone: the helper offers naloxone (Narcan) or tells the person how to get it — a
harm-reduction move that can reverse an opioid overdose (SAMHSA, Opioid Overdose Prevention
Toolkit, 2018; naloxone nasal spray is sold without a prescription in the US since 2023).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from simulator.coding.codes import PeerFlag, Speaker
from simulator.coding.peer_codes._text import normalized, rx_lower, without_quotes

NALOXONE = rx_lower(
    r"\b(?:naloxone|narcan|kloxxado|zimhi|rextovy|overdose (?:reversal|rescue) (?:kit|spray"
    r"|medication|drug))\b"
)
QUICK = re.compile(r"nalox|narcan|kloxx|zimhi|rextovy|overdose", re.IGNORECASE)
PAST = rx_lower(
    r"^\W*(?:did|were|was|had) (?:they|you|someone|anyone|the \w+|your \w+) [^.?!]{0,30}"
    r"(?:naloxone|narcan)"
)


def detect(text: str, speaker: Speaker, context: Sequence[str] = ()) -> PeerFlag | None:
    """A flag when a helper offers naloxone or says how to get or carry it."""
    if speaker != "helper" or not QUICK.search(text):
        return None
    text, low = normalized(text)
    low = without_quotes(low)
    found = NALOXONE.search(low)
    if not found or PAST.search(low):
        return None
    return PeerFlag(
        "naloxone",
        f'offers naloxone ("{text[found.start() : found.end()]}")',
        "Good: offer a kit, show how it's used, and check that someone nearby knows where it is.",
    )
