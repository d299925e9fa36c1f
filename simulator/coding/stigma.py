"""Find stigmatizing terms in text with the one shared lexicon
(`simulator/coding/lexicons/stigma.yaml`).

    >>> [m.term for m in find_stigmatizing_terms("He is an addict who relapsed.")]
    ['addict', 'relapse']

Someone's own words are respected: a term inside quotation marks ("I'm an addict," she said) or a
self-description ("I'm an alcoholic", "describes herself as an addict") is not returned unless
`include_own_words=True`, and then it is marked `own_words` so a checker can mention it gently.
Spans count characters from 0, end exclusive, like Python slices.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ruamel.yaml import YAML, YAMLError

__all__ = [
    "DEFAULT_LEXICON",
    "KINDS",
    "Lexicon",
    "LexiconEntry",
    "LexiconError",
    "StigmaMatch",
    "find_stigmatizing_terms",
    "load_lexicon",
]

DEFAULT_LEXICON = Path(__file__).with_name("lexicons") / "stigma.yaml"
KINDS = ("person", "test", "event", "behaviour", "condition", "treatment", "substance", "slur")
_FIELDS = ("term", "pattern", "why", "alternatives", "kind")

# Quoted stretches: fenced blocks (```), triple-quoted strings, "double", “curly”, ‘curly
# single’, `backticks`, and 'single' quotes that open after a non-letter and close before one
# (so the apostrophes in "I'm" or "people's" are not quotes). Only the first two span lines.
_QUOTED = re.compile(
    r"```.*?```|\"\"\".*?\"\"\"|'''.*?'''"
    r"|\"[^\"\n]*\"|“[^”\n]*”|‘[^’\n]*’|`[^`\n]*`|(?<![\w'])'[^'\n]+'(?![\w'])",
    re.DOTALL,
)
# A description of oneself just before the term: "I'm a", "we are", "describes herself as an".
_SELF_BEFORE = re.compile(
    r"(?:\b(?:i|we)(?:\s+am|\s+are|\s+was|\s+were|\s+have|\s+had|'m|’m|'re|’re|'ve|’ve|'d|’d)"
    r"|\b(?:describ\w*|call\w*|refer\w*\s+to|identif\w*|introduc\w*|see\w*|think\w*\s+of)"
    r"\s+(?:him|her|them|my|your|our)sel(?:f|ves)\s+as)"
    r"(?:\s+(?:still|now|just|only|also|really|a|an|proud|grateful|recovering))*\s*$",
    re.IGNORECASE,
)
_FIRST_PERSON_START = re.compile(r"(?:i|we)\b", re.IGNORECASE)


class LexiconError(ValueError):
    """The lexicon file is missing or not valid YAML, or an entry lacks a field or has a bad one."""


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One stigmatizing term, why it harms, and what to say instead."""

    term: str
    pattern: re.Pattern[str]
    why: str
    alternatives: tuple[str, ...]
    kind: str


@dataclass(frozen=True, slots=True)
class StigmaMatch:
    """One place where a lexicon term occurs in a text."""

    term: str
    text: str  # the words as written
    span: tuple[int, int]
    why: str
    alternatives: tuple[str, ...]
    kind: str
    quoted: bool = False  # inside quotation marks: someone's own words (or a mention of the word)
    self_description: bool = False  # the speaker or writer describing themselves

    @property
    def own_words(self) -> bool:
        """Whether this is someone's own choice of words, which the checkers respect."""
        return self.quoted or self.self_description


@dataclass(frozen=True, slots=True)
class Lexicon:
    """A list of entries, searched in order."""

    entries: tuple[LexiconEntry, ...]
    source: str = ""

    def __len__(self) -> int:
        return len(self.entries)

    def extended(self, other: Lexicon) -> Lexicon:
        """This lexicon followed by `other`'s entries, e.g. an organization's extra guidance."""
        return Lexicon(self.entries + other.entries, f"{self.source} + {other.source}")


def _entry_from(raw: object, where: str) -> LexiconEntry:
    if not isinstance(raw, dict):
        raise LexiconError(f"{where}: expected a mapping with fields {', '.join(_FIELDS)}")
    missing = [name for name in _FIELDS if not raw.get(name)]
    if missing:
        raise LexiconError(f"{where}: missing or empty field(s): {', '.join(missing)}")
    for name in ("term", "pattern", "why", "kind"):
        if not isinstance(raw[name], str):
            raise LexiconError(f"{where}.{name}: expected a string, got {raw[name]!r}")
    if raw["kind"] not in KINDS:
        raise LexiconError(f"{where}.kind: {raw['kind']!r} is not one of {', '.join(KINDS)}")
    alternatives = raw["alternatives"]
    if not isinstance(alternatives, list) or not all(isinstance(a, str) for a in alternatives):
        raise LexiconError(f"{where}.alternatives: expected a list of strings")
    try:
        pattern = re.compile(raw["pattern"], re.IGNORECASE)
    except re.error as error:
        raise LexiconError(f"{where}.pattern: not a valid regular expression: {error}") from error
    return LexiconEntry(raw["term"], pattern, raw["why"], tuple(alternatives), raw["kind"])


def lexicon_from_entries(raw_entries: list, source: str) -> Lexicon:
    """Build a lexicon from parsed YAML entries; errors name `source` and the entry index."""
    return Lexicon(
        tuple(_entry_from(raw, f"{source}: terms[{i}]") for i, raw in enumerate(raw_entries)),
        source,
    )


@cache
def load_lexicon(path: Path | str | None = None) -> Lexicon:
    """Load (once) and validate a lexicon file; the shared default when `path` is None."""
    path = Path(path) if path is not None else DEFAULT_LEXICON
    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise LexiconError(f"{path}: cannot read the lexicon: {error.strerror}") from error
    except YAMLError as error:
        raise LexiconError(f"{path}: not valid YAML: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        raise LexiconError(f"{path}: expected a mapping with a list under 'terms'")
    return lexicon_from_entries(data["terms"], str(path))


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in _QUOTED.finditer(text)]


def _is_self_description(text: str, start: int, matched: str) -> bool:
    if _FIRST_PERSON_START.match(matched):
        return True
    return bool(_SELF_BEFORE.search(text[max(0, start - 80) : start]))


def find_stigmatizing_terms(
    text: str, *, lexicon: Lexicon | None = None, include_own_words: bool = False
) -> list[StigmaMatch]:
    """Every stigmatizing term in `text`, in reading order, without overlaps.

    Terms inside quotation marks or in a self-description are left out unless
    `include_own_words` is true (then they come back with `quoted` / `self_description` set).
    """
    lexicon = lexicon or load_lexicon()
    found: list[tuple[re.Match[str], LexiconEntry]] = [
        (match, entry) for entry in lexicon.entries for match in entry.pattern.finditer(text)
    ]
    found.sort(key=lambda pair: (pair[0].start(), -(pair[0].end() - pair[0].start())))
    quoted = _quoted_spans(text) if found else []
    results: list[StigmaMatch] = []
    taken_until = -1
    for match, entry in found:
        start, end = match.span()
        if start < taken_until:
            continue
        taken_until = end
        in_quotes = any(q_start <= start and end <= q_end for q_start, q_end in quoted)
        self_description = _is_self_description(text, start, match.group(0))
        if (in_quotes or self_description) and not include_own_words:
            continue
        results.append(
            StigmaMatch(
                term=entry.term,
                text=match.group(0),
                span=(start, end),
                why=entry.why,
                alternatives=entry.alternatives,
                kind=entry.kind,
                quoted=in_quotes,
                self_description=self_description,
            )
        )
    return results
