"""Small text helpers shared by the peer-code rules: quotes, sentences, regex building."""

from __future__ import annotations

import re
import re._constants as sre_constants
import re._parser as sre_parser
from functools import lru_cache

# "double", “curly”, ‘curly single’ and 'single' quotes that open after a non-letter and close
# before one (so the apostrophes in "I'm" or "people's" are not quotes). Inside a single-quoted
# stretch an apostrophe between two letters is part of a word: 'I've been there' is one quote.
QUOTED = re.compile(
    r"\"[^\"\n]*\"|“[^”\n]*”|‘(?:[^’\n]|(?<=\w)’(?=\w))*’"
    r"|(?<![\w'’])'(?:[^'\n]|(?<=\w)'(?=\w))+'(?![\w'’])"
)
SENTENCE_END = re.compile(r"(?<=[.?!])\s+|\n+")
QUESTION_START = re.compile(
    r"^\s*(?:(?:and|but|so|okay|ok|well|now),?\s+)?(?:do|does|did|have|has|had|are|is|was|were"
    r"|can|could|would|will|should|may|might|what|how|when|where|who|why|which)\b",
    re.IGNORECASE,
)


def rx(*patterns: str) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of `patterns`."""
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE)


def rx_lower(*patterns: str) -> re.Pattern[str]:
    """One pattern matching any of `patterns` (written in lowercase), for lowercased text.

    Case-sensitive matching lets the regex engine skip ahead to possible first letters, which
    makes a long alternation about three times faster than `rx` on a long turn.
    """
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


def straighten(text: str) -> str:
    """Curly apostrophes to straight ones, so patterns need only one form."""
    return text.replace("’", "'").replace("‘", "'") if "’" in text else text


# Texting and spoken spellings, so patterns need only the standard form ("dont" -> "don't",
# "r u safe rn" -> "are you safe right now"). Only spellings that are not other English words.
_CASUAL_WORDS = {
    "dont": "don't",
    "doesnt": "doesn't",
    "didnt": "didn't",
    "wont": "won't",
    "cant": "can't",
    "isnt": "isn't",
    "wasnt": "wasn't",
    "arent": "aren't",
    "werent": "weren't",
    "wouldnt": "wouldn't",
    "couldnt": "couldn't",
    "shouldnt": "shouldn't",
    "havent": "haven't",
    "hasnt": "hasn't",
    "im": "i'm",
    "ive": "i've",
    "youre": "you're",
    "youve": "you've",
    "theyre": "they're",
    "thats": "that's",
    "whats": "what's",
    "u": "you",
    "ur": "your",
    "urself": "yourself",
    "urselves": "yourselves",
    "rn": "right now",
    "idk": "i don't know",
    "wanna": "want to",
    "gonna": "going to",
    "prob": "probably",
    "def": "definitely",
    "kms": "kill myself",
    "w/": "with",
    "yrs": "years",
}
_CASUAL = re.compile(
    r"\br u\b|(?<![\w'.-])(?:"
    + "|".join(sorted(_CASUAL_WORDS, key=len, reverse=True))
    + r")(?![\w'-]|\.\w)"
)


@lru_cache(maxsize=256)
def normalized(text: str) -> tuple[str, str]:
    """The utterance with straight apostrophes and standard spellings, and its lowercase.

    Both have the same length, so a match found in the lowercase form can be shown from the
    first. Cached: every peer rule reads the same turn.
    """
    text = straighten(text)
    low = text.lower()
    if len(low) != len(text):  # a few non-ASCII letters change length in lowercase
        text = low
    pieces, last = [], 0
    for match in _CASUAL.finditer(low):
        pieces += (text[last : match.start()], _CASUAL_WORDS.get(match.group(0), "are you"))
        last = match.end()
    if not pieces:
        return text, low
    text = "".join(pieces) + text[last:]
    return text, text.lower()


@lru_cache(maxsize=256)
def without_quotes(text: str) -> str:
    """The text with quoted stretches (someone's own words) blanked out (cached: every peer
    rule reads the same turn)."""
    return QUOTED.sub(lambda match: " " * len(match.group(0)), text)


@lru_cache(maxsize=256)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where the sentences of `text` start and end (the same split as `sentences`; cached)."""
    spans, start = [], 0
    for end in SENTENCE_END.finditer(text):
        if text[start : end.start()].strip():
            spans.append((start, end.start()))
        start = end.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return tuple(spans)


def sentences(text: str) -> list[str]:
    """The text split into sentences (roughly: after . ? ! and at line breaks)."""
    return [part for part in SENTENCE_END.split(text) if part.strip()]


def is_question(sentence: str) -> bool:
    """Whether a sentence asks something: it ends with '?' or starts like a question."""
    return sentence.rstrip().endswith("?") or bool(QUESTION_START.match(sentence))


# Opcodes of Python's own regex parser, used to find the words a pattern cannot match without.
_LITERAL, _SUBPATTERN = sre_constants.LITERAL, sre_constants.SUBPATTERN
_BRANCH = sre_constants.BRANCH
_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT)


def required_factors(items: sre_parser.SubPattern | list) -> frozenset[str] | None:
    """Strings of which every match of the parsed pattern contains at least one (or None).

    Of the literal runs and groups in sequence, the one with the longest shortest string (then
    the fewest strings of three letters or less) is kept, so the check is as selective as the
    pattern allows.
    """
    best: frozenset[str] | None = None

    def selectivity(found: frozenset[str]) -> tuple[int, int]:
        return min(map(len, found)), -sum(len(string) <= 3 for string in found)

    def consider(found: frozenset[str] | None) -> None:
        nonlocal best
        if found and (best is None or selectivity(found) > selectivity(best)):
            best = found

    run = ""
    for op, arg in items:
        if op is _LITERAL:
            run += chr(arg)
            continue
        consider(frozenset({run}) if run else None)
        run = ""
        if op is _SUBPATTERN:
            consider(required_factors(arg[-1]))
        elif op is _BRANCH:
            branches = [required_factors(branch) for branch in arg[1]]
            if all(branches):
                consider(frozenset().union(*branches))  # type: ignore[arg-type]
        elif op in _REPEATS and arg[0] >= 1:
            consider(required_factors(arg[2]))
    consider(frozenset({run}) if run else None)
    return best


def _split(pattern: str) -> list[str]:
    r"""`\b(?:a|b|c)` as `\b(?:a)`, `\b(?:b)`, `\b(?:c)`: each alternative gets its own, more
    selective, strings to look for (the leftmost match is the same). Other patterns are kept."""
    if not (pattern.startswith(r"\b(?:") and pattern.endswith(")")):
        return [pattern]
    inner, parts, depth, start, index, in_class = pattern[5:-1], [], 0, 0, 0, False
    while index < len(inner):
        char = inner[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return [pattern]  # the group closes before the end: not one alternation
        elif char == "|" and depth == 0:
            parts.append(inner[start:index])
            start = index + 1
        index += 1
    parts.append(inner[start:])
    return [rf"\b(?:{part})" for part in parts]


class Prefiltered:
    """Alternative patterns (lowercase, for lowercased text), each searched only when a string
    it cannot match without occurs in the text.

    `search` gives the same match as one `rx_lower(*patterns)` would (the leftmost; at the same
    place, the earlier alternative), several times faster on long turns: a substring test is
    far cheaper than a regex scan, and most alternatives are ruled out by it.
    """

    def __init__(self, *patterns: str) -> None:
        self.pattern = "|".join(f"(?:{pattern})" for pattern in patterns)
        self.rules: list[tuple[frozenset[str], re.Pattern[str]]] = []
        for pattern in (alternative for whole in patterns for alternative in _split(whole)):
            factors = required_factors(sre_parser.parse(pattern)) or frozenset({""})
            self.rules.append((factors, re.compile(pattern)))
        #: Every string some alternative needs (see `present`).
        self.factors = frozenset().union(*(factors for factors, _ in self.rules))

    def search(
        self,
        text: str,
        pos: int = 0,
        endpos: int | None = None,
        present: frozenset[str] | set[str] | None = None,
    ) -> re.Match[str] | None:
        """The leftmost match of any alternative in text[pos:endpos], or None.

        `present`, when given, is the set of this pattern's `factors` that occur in `text`
        (worked out once for several patterns, which is cheaper than testing each).
        """
        end = len(text) if endpos is None else endpos
        if present is None:
            present = {factor for factor in self.factors if factor in text}
        best: re.Match[str] | None = None
        for factors, pattern in self.rules:
            if not factors.isdisjoint(present):
                match = pattern.search(text, pos, end)
                if match and (best is None or match.start() < best.start()):
                    best = match
        return best
