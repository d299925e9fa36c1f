"""The one result type every content checker returns: what was found, where, why, how to fix."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["issue", "note"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a checker noticed, written for a trainee.

    `severity` is "issue" for something to fix and "note" for a gentle pointer (for example a
    stigmatizing word inside someone's own quoted words). `code` is a stable id for tests and
    reports, such as "stigma:addict" or "note:missing:date". `span` counts characters from 0,
    end exclusive, when the finding points at a stretch of the text.
    """

    what: str
    where: str
    why: str
    fix: str
    code: str
    severity: Severity = "issue"
    span: tuple[int, int] | None = None

    def __str__(self) -> str:
        place = f" ({self.where})" if self.where else ""
        return f"{self.what}{place}. {self.why} {self.fix}"


def issues(findings: Iterable[Finding]) -> list[Finding]:
    """Only the findings that need fixing (severity "issue")."""
    return [finding for finding in findings if finding.severity == "issue"]


def explain(findings: Iterable[Finding]) -> str:
    """All findings as a numbered plain-language list, for assert messages and feedback."""
    return "\n".join(f"{i}. {finding}" for i, finding in enumerate(findings, start=1))
