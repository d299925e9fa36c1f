"""Stigmatizing language: a label that harms, found with THE shared lexicon
(`simulator/lexicons/stigma.yaml`, read by `simulator.stigma`), with a person-first alternative.

The person's own words are respected: quoted words and self-descriptions ("I'm an addict")
are not flagged. Only helper utterances are checked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from simulator.coding import PeerFlag, Speaker


@cache
def _any_term() -> re.Pattern[str]:
    """All lexicon patterns as one: a quick first check before the full, quote-aware search.

    It runs on the lowercased turn: when the lexicon's patterns are all lowercase (as shipped),
    case-sensitively, which lets the regex engine skip ahead (about five times faster on a long
    turn); a pattern with a capital letter keeps the slower case-insensitive check.
    """
    from simulator.stigma import load_lexicon  # reads YAML: loaded on first use only

    joined = "|".join(f"(?:{entry.pattern.pattern})" for entry in load_lexicon().entries)
    return re.compile(joined, 0 if joined == joined.lower() else re.IGNORECASE)


def detect(text: str, speaker: Speaker, context: Sequence[str] = ()) -> PeerFlag | None:
    """A flag naming the first stigmatizing term a helper used and what to say instead."""
    if speaker != "helper" or not _any_term().search(text.lower()):
        return None
    from simulator.stigma import find_stigmatizing_terms

    found = find_stigmatizing_terms(text)
    if not found:
        return None
    first = found[0]
    others = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return PeerFlag(
        "stigmatizing_language",
        f'"{first.text}"{others}: {first.why}',
        f'Say "{first.alternatives[0]}" instead.' if first.alternatives else "",
    )
