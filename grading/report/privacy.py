"""Scrub personal details from text before it leaves the trainer's machine.

Role-play transcripts, practice notes and reports may hold real stories. Everything
``python -m grading export`` writes goes through one :class:`Scrubber`, which replaces:

===================  ==========================================  =====================
what                 examples                                    becomes
===================  ==========================================  =====================
email addresses      ``ana.p@example.org``                       ``[email]``
US Social Security   ``123-45-6789``                             ``[ssn]``
phone numbers        ``(555) 123-4567``, ``+1 555.123.4567``,    ``[phone]``
                     ``555-0100``
street addresses     ``42 Oak Street, Apt 3``, ``PO Box 17``     ``[address]``
dates of birth       ``DOB: 3/14/1990``, ``born on May 2, 1988``  ``[date of birth]``
marked names         names the trainee lists (``--name Maria``)  ``[name]``
===================  ==========================================  =====================

Crisis-line numbers such as 988 are kept: they are resources, not personal details. Scrubbing
is pattern-based; it lowers the risk, it does not prove that a text is anonymous (see
docs/security.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{4}})"
)
_STREET_TYPE = (
    r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl"
    r"|terrace|ter|parkway|pkwy|highway|hwy|circle|cir|square|sq|trail|trl|alley|row)\.?"
)
_UNIT = r"(?:,?\s+(?:apt|apartment|unit|suite|ste|#)\.?\s*#?\s*\w+)?"
_CITY_ZIP = r"(?:,\s*[A-Z][A-Za-z .'-]{1,40},?\s+[A-Z]{2}\s+\d{5}(?:-\d{4})?)?"

#: (placeholder, pattern) in the order they are applied; earlier ones win.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("[email]", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    (
        "[date of birth]",
        re.compile(
            rf"(?:\b(?:DOB|D\.O\.B\.|date of birth|birth ?date|birthday)\b\s*(?:is|was|:|-)?\s*"
            rf"|\bborn\s+(?:on\s+|in\s+)?){_DATE}",
            re.IGNORECASE,
        ),
    ),
    ("[ssn]", re.compile(r"\b\d{3}-\d{2}-\d{4}\b")),
    (
        "[phone]",
        re.compile(
            r"(?<![\w/.-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])?\d{3}[\s.-]\d{4}(?![\w/-])"
            r"|(?<![\w/.+-])\+?1?\d{10}(?![\w/-])"
        ),
    ),
    (
        "[address]",
        re.compile(
            rf"\b\d{{1,6}}(?:\s+[A-Z0-9][\w'-]*){{1,4}}\s+{_STREET_TYPE}(?!\w){_UNIT}{_CITY_ZIP}"
            r"|\bP\.?\s?O\.?\s+Box\s+\d+\b",
            re.IGNORECASE,
        ),
    ),
)


@dataclass(frozen=True)
class Scrubber:
    """Replaces personal details, and the `names` a trainee marked, with placeholders."""

    names: tuple[str, ...] = ()
    _names: re.Pattern[str] | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        cleaned = sorted({n.strip() for n in self.names if n and n.strip()}, key=len, reverse=True)
        if cleaned:
            alternatives = "|".join(re.escape(name) for name in cleaned)
            pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
            object.__setattr__(self, "_names", pattern)

    def text(self, text: str) -> str:
        """`text` with every detail replaced by its placeholder."""
        for placeholder, pattern in PATTERNS:
            text = pattern.sub(placeholder, text)
        if self._names is not None:
            text = self._names.sub("[name]", text)
        return text

    def data(self, value: Any) -> Any:
        """A copy of JSON-like `value` with every string (not mapping keys) scrubbed."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list | tuple):
            return [self.data(item) for item in value]
        if isinstance(value, dict):
            return {key: self.data(item) for key, item in value.items()}
        return value


def scrub_text(text: str, names: Iterable[str] = ()) -> str:
    """`text` with phones, emails, addresses, dates of birth and `names` replaced."""
    return Scrubber(tuple(names)).text(text)


def scrub_frame(frame: Any, names: Iterable[str] = ()) -> Any:
    """A copy of a pandas DataFrame with every text cell scrubbed (for report exports)."""
    scrubber = Scrubber(tuple(names))
    return frame.map(lambda cell: scrubber.text(cell) if isinstance(cell, str) else cell)
