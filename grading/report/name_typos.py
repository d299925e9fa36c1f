"""Catch a misspelled name to hide before an export lets the real name through.

A name given with ``export --name`` that occurs in none of the files, while a word that does
occur is spelled almost the same, is most likely a typo: exporting would leave the person's
real name in every file. :func:`misspelled` finds those names and the words they resemble.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

CAPITALIZED_WORD = re.compile(r"\b[A-Z][\w'’-]+")


def misspelled(names: Iterable[str], texts: Iterable[str]) -> dict[str, list[str]]:
    """Each name found in none of `texts` -> the capitalized words of `texts` it resembles."""
    missing = {name.strip() for name in names if name.strip()}
    words: set[str] = set()
    for text in texts:
        missing = {name for name in missing if not _occurs(name, text)}
        words.update(CAPITALIZED_WORD.findall(text))
    close = {
        name: difflib.get_close_matches(name, sorted(words), n=3, cutoff=0.75)
        for name in sorted(missing)
    }
    return {name: found for name, found in close.items() if found}


def _occurs(name: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None
