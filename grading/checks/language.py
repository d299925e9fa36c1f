"""Person-first language: find stigmatizing terms in prose and say why and what to write instead.

Built on the shared lexicon (`simulator.coding.stigma`), so the role-play coder and the graders
agree.
Someone's own words (inside quotation marks, or a self-description such as "I'm an alcoholic")
are never an issue; they come back as a gentle note unless `include_own_words=False`.
"""

from __future__ import annotations

from grading.checks.findings import Finding
from grading.course.org import active_profile
from simulator.coding.stigma import Lexicon, StigmaMatch, find_stigmatizing_terms

_EXCERPT_CHARS = 30


def _place(text: str, match: StigmaMatch, where: str) -> str:
    start, end = match.span
    line = text.count("\n", 0, start) + 1
    before = text[:start].split("\n")[-1]
    after = text[end:].split("\n")[0]
    lead = "…" if len(before) > _EXCERPT_CHARS else ""
    trail = "…" if len(after) > _EXCERPT_CHARS else ""
    excerpt = f"{lead}{before[-_EXCERPT_CHARS:]}[{text[start:end]}]{after[:_EXCERPT_CHARS]}{trail}"
    prefix = f"{where}, " if where else ""
    return f"{prefix}line {line}: {excerpt}"


def _alternatives(match: StigmaMatch) -> str:
    return " or ".join(f"'{alternative}'" for alternative in match.alternatives[:3])


def _finding(text: str, match: StigmaMatch, where: str) -> Finding:
    place = _place(text, match, where)
    code = f"stigma:{match.term}"
    if not match.own_words:
        return Finding(
            what=f"'{match.text}' is stigmatizing language ({match.term})",
            where=place,
            why=match.why,
            fix=f"Try {_alternatives(match)}.",
            code=code,
            span=match.span,
        )
    whose = "inside quotation marks" if match.quoted else "part of someone describing themselves"
    return Finding(
        what=f"'{match.text}' is {whose}, so it is treated as their own words",
        where=place,
        why="People may describe themselves however they choose; that is their right.",
        fix=(
            f"Keep it if the exact words matter. In your own sentences, use {_alternatives(match)}."
        ),
        code=code,
        severity="note",
        span=match.span,
    )


def check_language(
    text: str, *, where: str = "", lexicon: Lexicon | None = None, include_own_words: bool = True
) -> list[Finding]:
    """Findings for every stigmatizing term in `text`, in reading order.

    Each names the term, why it harms and at least one alternative. Quoted words and
    self-descriptions are "note" findings (or left out when `include_own_words` is false).
    `where` names the text for the reader, e.g. "your rewrite of sentence 2". Without a
    `lexicon`, the shared one plus the course's organization profile's extra_language is used.
    """
    lexicon = lexicon or active_profile().lexicon()
    matches = find_stigmatizing_terms(text, lexicon=lexicon, include_own_words=include_own_words)
    return [_finding(text, match, where) for match in matches]
