"""What the kernel knows about a notebook's answers: each answer cell's last good run, its last
failure, and the cell running now. Written by :mod:`grading.checks.answers`, read by the checks
and by :mod:`grading.checks.plain_errors`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ChoiceFeedback = Literal["practice", "exam"]


class AnswerNotReady(Exception):
    """A check cannot read an answer as it is now: never run, failed, or changed since."""


@dataclass(frozen=True)
class Recorded:
    """One successful run of an answer cell."""

    value: str | list[str]
    source: str  # the whole cell as it was run, first line included
    count: int  # the kernel's execution count of that run
    cell_id: str
    at: float  # time.time() of the run


@dataclass
class _State:
    choice_feedback: ChoiceFeedback = "practice"
    running_cell: str = ""
    running_cell_id: str = ""


STATE = _State()
RECORDED: dict[str, Recorded] = {}
FAILED: dict[str, tuple[int, str]] = {}  # name -> (execution count, what went wrong)
