"""Confidentiality limits: the helper says honestly what they cannot keep private, and when: a
risk to the person's safety or someone else's, or someone hurting them (abuse or neglect, which
peers must report). Said up front, before the person shares, it lets them choose what to tell;
with a minor it is the honest alternative to promising secrecy.

"What you tell me stays between us, except if you're in danger or someone is hurting you; then
I'd have to tell someone, and I'd tell you first."
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from simulator.coding.codes import PeerFlag, Speaker
from simulator.coding.peer_codes._text import normalized, rx_lower, sentence_spans, without_quotes

#: When confidentiality ends: safety, harm, abuse or neglect.
WHEN = rx_lower(
    r"\b(?:safe|safety|unsafe|danger\w*|hurt\w*|harm\w*|abus\w*|neglect\w*|kill\w*|suicid\w*"
    r"|die|dying|at risk|risk to)\b"
)
#: The helper's own duty to pass it on ("I'd have to tell someone"), not advice to the person.
DUTY = rx_lower(
    r"\b(?:i|we)(?:'d| would|'ll| will)? (?:have|need|be required|be obligated|am required"
    r"|'m required|am obligated|are required|must) (?:to )?(?:tell(?! you\b)|share|report"
    r"|let (?:someone|somebody|others|people|my|the|your|them|an adult|a) [\w ]{0,20}know"
    r"|bring in|get (?:help|someone|somebody|support|others|my|the|an? )"
    r"|call (?:someone|somebody|for help|988|911|my|the|your|cps)|involve|contact"
    r"|break (?:confidentiality|that|it))",
    r"\bi (?:can't|cannot|won't|couldn't|am not able to|'m not able to) (?:keep|promise)",
    r"\b(?:i'm|i am|we're|we are) (?:required|obligated|mandated) to (?:tell|share|report|let|call"
    r"|contact|involve)",
    r"\bmandated reporter\b",
)
#: "…stays private, except…": a named limit on keeping things private.
EXCEPTION = rx_lower(
    r"\b(?:except|unless|the only (?:time|exception)|exceptions?|limits? (?:to|of|on)"
    r"|(?:has|have) (?:some )?limits)\b"
)
PRIVATE = rx_lower(
    r"\b(?:private|confidential\w*|between us|between you and me|stays? (?:here|with me)"
    r"|secrets?|keep (?:it|this|what you)|what (?:you tell me|you say|we talk about)"
    r"|won't (?:tell|share)|tell (?:anyone|anybody)|hear (?:it|what we)|to myself)"
)
QUICK = re.compile(r"safe|danger|hurt|harm|abus|neglect|kill|suicid|die|dying|risk", re.IGNORECASE)


def detect(text: str, speaker: Speaker, context: Sequence[str] = ()) -> PeerFlag | None:
    """A flag when a helper says honestly which safety matters they cannot keep private."""
    if speaker != "helper" or not QUICK.search(text):
        return None
    text, low = normalized(text)
    low = without_quotes(low)
    # Statements only: "Are you safe at home?" asks, it does not tell the limits.
    said = " ".join(
        low[start:end]
        for start, end in sentence_spans(low)
        if not low[start:end].rstrip().endswith("?")
    )
    if not WHEN.search(said):
        return None
    found = DUTY.search(said) or (PRIVATE.search(said) and EXCEPTION.search(said))
    if not found:
        return None
    return PeerFlag(
        "confidentiality_limits",
        f'says what cannot stay private ("{found.group(0)}")',
        "Good: say it before the person shares, and say you would tell them first.",
    )
