"""Stigmatizing language: a label that harms, found with THE shared lexicon
(`simulator/coding/lexicons/stigma.yaml`, read by `simulator.coding.stigma`), with a
person-first alternative.

The person's own words are respected: quoted words and self-descriptions ("I'm an addict")
are not flagged. Only helper utterances are checked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from simulator.coding.codes import PeerFlag, Speaker
from simulator.coding.peer_codes._text import Prefiltered


@cache
def _any_term() -> re.Pattern[str] | Prefiltered:
    """All lexicon patterns as one: a quick first check before the full, quote-aware search.

    It runs on the lowercased turn. When the lexicon's patterns are all lowercase (as shipped),
    each is searched only if a word it needs occurs (`Prefiltered`: about three times faster at
    the 95th percentile of AnnoMI's turns than one joined pattern); a pattern with a capital
    letter keeps one slower case-insensitive check.
    """
    from simulator.coding.stigma import load_lexicon  # reads YAML: loaded on first use only

    patterns = [entry.pattern.pattern for entry in load_lexicon().entries]
    if all(pattern == pattern.lower() for pattern in patterns):
        return Prefiltered(*patterns)
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE)


def detect(text: str, speaker: Speaker, context: Sequence[str] = ()) -> PeerFlag | None:
    """A flag naming the first stigmatizing term a helper used and what to say instead."""
    if speaker != "helper" or not _any_term().search(text.lower()):
        return None
    from simulator.coding.stigma import find_stigmatizing_terms

    found = find_stigmatizing_terms(text)
    if not found:
        return None
    if len(found) == 1:
        (only,) = found
        return PeerFlag(
            "stigmatizing_language",
            f'"{only.text}": {only.why}',
            f'Say "{only.alternatives[0]}" instead.' if only.alternatives else "",
        )
    return PeerFlag(  # every term named, each with its reason and what to say instead
        "stigmatizing_language",
        " ".join(f'"{match.text}": {match.why}' for match in found),
        " ".join(
            f'Say "{match.alternatives[0]}" instead of "{match.text}".'
            for match in found
            if match.alternatives
        ),
    )
