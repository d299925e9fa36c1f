"""Rules for trainee and module names, checked wherever a name comes from outside."""

from __future__ import annotations

import re

from grading.errors import SubmissionError

TRAINEE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
MODULE_ID = re.compile(r"\d\d-[a-z0-9]+(?:-[a-z0-9]+)*")


def check_trainee_id(name: str, where: str = "") -> str:
    """Return `name` if it is a safe trainee id, else raise SubmissionError saying why."""
    if not TRAINEE_ID.fullmatch(name) or ".." in name:
        raise SubmissionError(
            f"{where}{name!r} is not a valid trainee id: use letters, digits, '.', '_' or '-' "
            "(up to 64 characters, no '..', no slashes), starting with a letter or digit."
        )
    return name


def check_module_id(name: str, known: list[str], where: str = "") -> str:
    """Return `name` if it is one of the course's modules, else raise SubmissionError."""
    if name not in known:
        hint = f" Known modules: {', '.join(known)}." if known else " The course has no modules."
        raise SubmissionError(f"{where}{name!r} is not a module of this course.{hint}")
    return name
