"""Small text helpers shared by the peer-code rules: quotes, sentences, regex building."""

from __future__ import annotations

import re

# "double", “curly”, ‘curly single’ and 'single' quotes that open after a non-letter and close
# before one (so the apostrophes in "I'm" or "people's" are not quotes).
QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”|‘[^’\n]*’|(?<![\w'’])'[^'\n]+'(?![\w'’])")
SENTENCE_END = re.compile(r"(?<=[.?!])\s+|\n+")
QUESTION_START = re.compile(
    r"^\s*(?:(?:and|but|so|okay|ok|well|now),?\s+)?(?:do|does|did|have|has|had|are|is|was|were"
    r"|can|could|would|will|should|may|might|what|how|when|where|who|why|which)\b",
    re.IGNORECASE,
)


def rx(*patterns: str) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of `patterns`."""
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE)


def straighten(text: str) -> str:
    """Curly apostrophes to straight ones, so patterns need only one form."""
    return text.replace("’", "'").replace("‘", "'") if "’" in text else text


def without_quotes(text: str) -> str:
    """The text with quoted stretches (someone's own words) blanked out."""
    return QUOTED.sub(lambda match: " " * len(match.group(0)), text)


def sentences(text: str) -> list[str]:
    """The text split into sentences (roughly: after . ? ! and at line breaks)."""
    return [part for part in SENTENCE_END.split(text) if part.strip()]


def is_question(sentence: str) -> bool:
    """Whether a sentence asks something: it ends with '?' or starts like a question."""
    return sentence.rstrip().endswith("?") or bool(QUESTION_START.match(sentence))
