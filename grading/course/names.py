"""Rules for trainee and module names, checked wherever a name comes from outside.

Every command that takes ``--trainee`` or ``--module`` checks them here first: an unknown name
stops the command before anything is written, with a did-you-mean and the names the course
knows, in plain words.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from grading.errors import GradingError, SubmissionError

TRAINEE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
MODULE_ID = re.compile(r"\d\d-[a-z0-9]+(?:-[a-z0-9]+)*")
LISTED_AT_MOST = 30


class UnknownNameError(GradingError):
    """A trainee or module name given to a command is not part of the course."""


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
        raise SubmissionError(where + unknown_name("module", name, known))
    return name


def in_words(names: Sequence[str], joiner: str = "and") -> str:
    """``'a'``, ``'a' and 'b'``, ``'a', 'b' and 'c'``; long lists end with "and N more"."""
    quoted = [f"'{name}'" for name in names[:LISTED_AT_MOST]]
    if len(names) > LISTED_AT_MOST:
        return f"{', '.join(quoted)} {joiner} {len(names) - LISTED_AT_MOST} more"
    if len(quoted) < 2:
        return "".join(quoted)
    return f"{', '.join(quoted[:-1])} {joiner} {quoted[-1]}"


def unknown_name(kind: str, name: str, known: Sequence[str]) -> str:
    """One sentence for an unknown `kind` ("trainee" or "module"): did-you-mean, known names."""
    where = "on the course roster" if kind == "trainee" else "of this course"
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    hint = f" Did you mean {in_words(close, 'or')}?" if close else ""
    if known:
        listing = f" Known {kind}s: {in_words(sorted(known))}."
    else:
        listing = f" The course has no {kind}s yet."
    return f"'{name}' is not a {kind} {where}.{hint}{listing}"


def check_known(kind: str, names: Iterable[str] | None, known: Sequence[str]) -> None:
    """Raise UnknownNameError naming every name in `names` that is not in `known`."""
    unknown = [name for name in dict.fromkeys(names or []) if name not in known]
    if unknown:
        raise UnknownNameError(" ".join(unknown_name(kind, name, known) for name in unknown))


def check_course_names(
    course_dir: Path,
    modules: Iterable[str] | None = None,
    trainees: Iterable[str] | None = None,
) -> None:
    """Check ``--module`` names against the course's modules and ``--trainee`` names against
    its roster; raise UnknownNameError before anything is changed."""
    from grading.course.coursedir import load_config, module_ids, trainee_ids

    load_config(course_dir)  # not a course: say so first
    check_known("module", modules, module_ids(course_dir))
    if trainees:
        check_known("trainee", trainees, trainee_ids(course_dir))
