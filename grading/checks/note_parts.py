"""Read the parts of a peer progress note written as plain text: labelled lines, sections, times.

A note is free text such as::

    Date: 03/14/2026    Start: 10:05 AM   End: 10:50 AM
    Setting: recovery center, in person
    Service: H0038, 3 units
    G: "I want my own apartment" (plan goal 2, housing)
    I: Shared how I made a budget when I moved out; explored options together.
    R: Said "that makes it feel possible" and chose two listings to call.
    P: Meet Thursday to call landlords together.
    Signature: Jordan Lee, CPS

Section headers are a word or its first letter followed by a colon ("Goal:", "G:", "**Plan**:").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

#: Every section a supported note format may have, with the header words that name it.
SECTION_NAMES: dict[str, tuple[str, ...]] = {
    "goal": ("goal", "goals", "g"),
    "behaviour": ("behavior", "behaviour", "b"),
    "data": ("data", "d"),
    "subjective": ("subjective", "s"),
    "objective": ("objective", "o"),
    "assessment": ("assessment", "a"),
    "intervention": ("intervention", "interventions", "i"),
    "response": ("response", "r"),
    "plan": ("plan", "p", "next steps", "next step"),
}
_HEADER_TO_SECTION = {word: name for name, words in SECTION_NAMES.items() for word in words}

#: Labels of the note's header fields (not sections), mapped to one name each.
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "date": ("date", "date of service", "service date", "dos"),
    "start": ("start", "start time", "time in", "began"),
    "end": ("end", "end time", "time out", "ended"),
    "time": ("time", "times", "session time"),
    "duration": ("duration", "length", "total time", "minutes", "total minutes"),
    "setting": ("setting", "location", "place of service", "pos", "place", "where"),
    "service": ("service", "service code", "code", "hcpcs", "billing code", "service type"),
    "units": ("units", "unit", "units billed", "billed units"),
    "person": ("person", "person served", "name", "participant", "member", "client"),
    "signature": ("signature", "signed", "signed by", "electronically signed by", "staff"),
    "written": ("date written", "written", "written on", "date signed", "entered", "note written"),
}
_LABEL_TO_FIELD = {word: name for name, words in FIELD_NAMES.items() for word in words}

_LABELLED_LINE = re.compile(
    r"^[ \t]*(?:[-*•>#]+[ \t]*)*(?:\*\*|__)?(?P<label>[A-Za-z][A-Za-z ./()&]{0,40}?)"
    r"(?:\*\*|__)?[ \t]*(?::|[ \t][-–—][ \t])[ \t]*(?:\*\*|__)?[ \t]*(?P<value>.*)$"
)
_FIELD_ANYWHERE = re.compile(
    r"(?P<label>date of service|service date|date written|date signed|written on|start time|"
    r"end time|time in|time out|start|end|time|setting|location|units)\s*:\s*"
    r"(?P<value>.+?)(?=\s{2,}|\t|\s*[|;]\s*|$)",
    re.IGNORECASE | re.MULTILINE,
)

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
DATE = re.compile(
    r"\b(?:(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})"
    r"|(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"
    r"|(?P<tm>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\.?\s+(?P<td>\d{1,2})"
    r"(?:st|nd|rd|th)?,?\s+(?P<ty>\d{4}))\b",
    re.IGNORECASE,
)
TIME = re.compile(
    r"\b(?P<h>\d{1,2})(?::(?P<min>\d{2}))?\s*(?P<ampm>[ap]\.?\s?m\b\.?)?", re.IGNORECASE
)
_TIME_RANGE = re.compile(
    r"\b(?P<a>\d{1,2}(?::\d{2})?\s*(?:[ap]\.?\s?m\b\.?)?)\s*(?:-|–|—|to|until)\s*"
    r"(?P<b>\d{1,2}(?::\d{2})?\s*(?:[ap]\.?\s?m\b\.?)?)",
    re.IGNORECASE,
)


@dataclass
class NoteParts:
    """What was found in a note; None or empty when a part is absent."""

    text: str
    fields: dict[str, str] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    body_lines: list[tuple[int, str]] = field(default_factory=list)  # (line number, text)
    heads: dict[str, str] = field(default_factory=dict)  # each section's first line only


def _normal_label(label: str) -> str:
    label = re.sub(r"\([^)]*\)", " ", label.lower())
    return " ".join(re.sub(r"[^a-z ]", " ", label).split())


def parse_note(text: str) -> NoteParts:
    """Split a note into header fields, sections and the remaining body lines (numbered from 1)."""
    parts = NoteParts(text)
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        labelled = _LABELLED_LINE.match(line)
        label = _normal_label(labelled["label"]) if labelled else ""
        if label in _HEADER_TO_SECTION:
            current = _HEADER_TO_SECTION[label]
            parts.heads.setdefault(current, labelled["value"])
            parts.sections[current] = parts.sections.get(current, "") + " " + labelled["value"]
            continue
        if label in _LABEL_TO_FIELD:
            current = None
            parts.fields.setdefault(_LABEL_TO_FIELD[label], labelled["value"].strip())
            for extra in _FIELD_ANYWHERE.finditer(labelled["value"]):
                name = _LABEL_TO_FIELD.get(_normal_label(extra["label"]))
                if name:
                    parts.fields.setdefault(name, extra["value"].strip())
            continue
        if current is not None and line.strip():
            parts.sections[current] += " " + line.strip()
            continue
        if line.strip():
            parts.body_lines.append((number, line))
    for extra in _FIELD_ANYWHERE.finditer(text):
        name = _LABEL_TO_FIELD.get(_normal_label(extra["label"]))
        if name:
            parts.fields.setdefault(name, extra["value"].strip())
    parts.sections = {name: " ".join(value.split()) for name, value in parts.sections.items()}
    return parts


def parse_date(text: str) -> date | None:
    """The first date in `text` (MM/DD/YYYY, YYYY-MM-DD or 'March 14, 2026'), or None."""
    match = DATE.search(text or "")
    if not match:
        return None
    try:
        if match["m"]:
            year = int(match["y"]) + (2000 if len(match["y"]) == 2 else 0)
            return date(year, int(match["m"]), int(match["d"]))
        if match["iy"]:
            return date(int(match["iy"]), int(match["im"]), int(match["id"]))
        return date(int(match["ty"]), _MONTHS.index(match["tm"][:3].lower()) + 1, int(match["td"]))
    except ValueError:
        return None


def _clock(text: str) -> tuple[int, str] | None:
    """Minutes after midnight-or-noon and the am/pm marker ('' when none) of one time."""
    match = TIME.fullmatch(text.strip()) or TIME.match(text.strip())
    if not match or (match["min"] is None and match["ampm"] is None):
        return None
    hour, minute = int(match["h"]), int(match["min"] or 0)
    if hour > 23 or minute > 59:
        return None
    ampm = (match["ampm"] or "").lower().replace(".", "").replace(" ", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    if ampm == "am" and hour == 12:
        hour = 0
    return hour * 60 + minute, ampm


def session_minutes(parts: NoteParts) -> tuple[int, int] | None:
    """Start and end (minutes after midnight) from labelled start/end or a time range."""
    start_text, end_text = parts.fields.get("start"), parts.fields.get("end")
    if not (start_text and end_text):
        ranges = (
            span
            for candidate in (parts.fields.get("time", ""), parts.text)
            for span in _TIME_RANGE.finditer(candidate)
            if _clock(span["a"]) and _clock(span["b"])
        )
        span = next(ranges, None)
        if span:
            start_text, end_text = span["a"], span["b"]
    start = _clock(start_text or "")
    end = _clock(end_text or "")
    if not (start and end):
        return None
    (start_min, start_ampm), (end_min, end_ampm) = start, end
    if not start_ampm and end_ampm == "pm" and start_min + 12 * 60 <= end_min:
        start_min += 12 * 60  # "1:30 - 2:15 pm"
    if end_min < start_min and not end_ampm and end_min + 12 * 60 > start_min:
        end_min += 12 * 60  # "11:30 - 12:15" without am/pm
    return start_min, end_min
