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
    """All lexicon patterns as one: a quick first check before the full, quote-aware search."""
    from simulator.stigma import load_lexicon  # reads YAML: loaded on first use only

    entries = load_lexicon().entries
    return re.compile("|".join(f"(?:{entry.pattern.pattern})" for entry in entries), re.I)


def detect(text: str, speaker: Speaker, context: Sequence[str] = ()) -> PeerFlag | None:
    """A flag naming the first stigmatizing term a helper used and what to say instead."""
    if speaker != "helper" or not _any_term().search(text):
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
