"""Lethal means: the helper asks about, or plans safety around, the means a person could use to
act on suicidal thoughts (a gun, a stock of pills), as Counseling on Access to Lethal Means
(CALM) teaches: "Is there a gun in the house?", "Could your brother hold onto the rifle for
now?", "Let's talk with my supervisor about getting the pills out of the house tonight."

"It" and "them" count when the person's last words named the means ("My dad's rifle is in the
closet." -> "Could someone hold onto it for a while?").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from simulator.coding.codes import PeerFlag, Speaker
from simulator.coding.peer_codes._text import normalized, rx_lower, sentence_spans, without_quotes

MEANS = (
    r"(?:guns?(?! (?:show|range|club|control|laws?|violence))|firearms?|rifles?|pistols?"
    r"|handguns?|shotguns?|weapons?|ammo|ammunition"
    r"|(?:the |your |those |extra |old |leftover |saved )?pills|pill bottles?|stockpile|stash"
    r"|rope|knife|knives|razors?|blades?|lethal means|the means|old prescriptions"
    r"|(?:leftover|extra|old) (?:meds|medications?))"
)
ASKING = rx_lower(
    rf"\b(?:have|has|got|own|keep|kept|access to|get to|get hold of|near|around|in the (?:house"
    rf"|home|car|apartment|room)|at home|with you|still|where|saved|stashed|stored|any)\b"
    rf"[^.?!]{{0,40}}\b{MEANS}\b",
    rf"\b{MEANS}\b[^.?!]{{0,40}}\b(?:in the (?:house|home|car|apartment|room)|at home|with you"
    rf"|nearby|near you|around|still|kept|stored|loaded|locked|within reach|saved|stashed|hidden"
    rf"|left over)\b",
)
PLANNING = rx_lower(
    r"\b(?:lock(?:ed|ing)? (?:it|them|up)|lock ?box|gun (?:lock|safe)|safe storage"
    r"|stor(?:e|ing) (?:it|them|the \w+)|hold (?:on ?to|onto) (?:it|them|the)"
    r"|keep (?:it|them|the \w+) (?:somewhere|at|with|away|for)"
    r"|take (?:it|them|the \w+) (?:out|away|to|somewhere)|give (?:it|them|the \w+) to"
    r"|get (?:it|them|the \w+) out of|move (?:it|them|the \w+) out"
    r"|put(?:ting)? (?:it|them|the \w+) (?:somewhere|away|out of)"
    r"|out of (?:the house|reach|your (?:house|home|apartment))"
    r"|distance between you and|drop (?:it|them) off|take[- ]?back|dispos(?:e|al) of|unload(?:ed)?"
    r"|away from (?:it|them|the \w+) (?:for now|tonight|for a while))",
)
QUICK = re.compile(
    r"gun|firearm|rifle|pistol|weapon|ammo|ammunition|pill|stockpile|stash|rope|knife|knives"
    r"|razor|blade|lethal means|the means|prescription|meds|medication",
    re.IGNORECASE,
)
PLANNING_WORD = re.compile(
    r"lock|stor|hold|keep|take|give|get|move|put|out of|distance|drop"
    r"|dispos|unload|away",
    re.IGNORECASE,
)
IT = rx_lower(r"\b(?:it|them|that|those)\b")
MEANS_WORD = rx_lower(rf"\b{MEANS}\b")


def _means_named_before(context: Sequence[str]) -> bool:
    return bool(context) and bool(MEANS_WORD.search(normalized(context[-1])[1]))


def detect(text: str, speaker: Speaker, context: Sequence[str] = ()) -> PeerFlag | None:
    """A flag when a helper asks about the means, or plans to put distance between them."""
    if speaker != "helper":
        return None
    if not QUICK.search(text) and not (
        context and QUICK.search(context[-1]) and PLANNING_WORD.search(text)
    ):
        return None  # no means named here, and no plan about means named just before
    text, low = normalized(text)
    low = without_quotes(low)
    for start, end in sentence_spans(low):
        sentence = low[start:end]
        asked = sentence.rstrip().endswith("?") and ASKING.search(sentence)
        planned = PLANNING.search(sentence)
        if planned and not MEANS_WORD.search(sentence):
            planned = planned if IT.search(sentence) and _means_named_before(context) else None
        match = asked or planned
        if match:
            found = text[start + match.start() : start + match.end()].strip()
            return PeerFlag(
                "lethal_means",
                f'asks about or plans safety around the means ("{found}")',
                "Good: make the plan with the person and your supervisor or crisis team.",
            )
    return None
