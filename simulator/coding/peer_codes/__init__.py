"""Peer-practice codes found by rules and lexicons, one module per code.

    >>> [flag.kind for flag in peer_flags("I've been there myself, and 988 is there 24/7.")]
    ['self_disclosure', 'crisis_connect']

Each module has `detect(text, speaker, context) -> PeerFlag | None`; `peer_flags` runs them all
in the order of `simulator.coding.codes.PEER_FLAG_KINDS`.
"""

from __future__ import annotations

from collections.abc import Sequence

from simulator.coding.codes import PeerFlag, Speaker
from simulator.coding.peer_codes import (
    cold_referral,
    confidentiality_limits,
    crisis_ask,
    crisis_connect,
    crisis_indicator,
    crisis_stay,
    emergency_honesty,
    lethal_means,
    naloxone,
    never_use_alone,
    scope_violation,
    secrecy_promise,
    self_disclosure,
    stigmatizing_language,
)

__all__ = ["DETECTORS", "peer_flags"]

#: The detector of each peer code, by kind (same order as PEER_FLAG_KINDS).
DETECTORS = {
    "self_disclosure": self_disclosure.detect,
    "scope_violation": scope_violation.detect,
    "stigmatizing_language": stigmatizing_language.detect,
    "crisis_indicator": crisis_indicator.detect,
    "crisis_ask": crisis_ask.detect,
    "crisis_connect": crisis_connect.detect,
    "crisis_stay": crisis_stay.detect,
    "secrecy_promise": secrecy_promise.detect,
    "lethal_means": lethal_means.detect,
    "emergency_honesty": emergency_honesty.detect,
    "cold_referral": cold_referral.detect,
    "naloxone": naloxone.detect,
    "never_use_alone": never_use_alone.detect,
    "confidentiality_limits": confidentiality_limits.detect,
}


def peer_flags(text: str, speaker: Speaker, context: Sequence[str] = ()) -> tuple[PeerFlag, ...]:
    """Every peer flag the rules raise for one utterance."""
    found = (detect(text, speaker, context) for detect in DETECTORS.values())
    return tuple(flag for flag in found if flag is not None)
