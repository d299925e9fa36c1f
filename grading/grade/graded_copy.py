"""Keep a graded submission counting until its replacement grades cleanly.

``collect --replace`` keeps the graded folder as ``submitted/<trainee>/.<module>.graded``
before putting the new submission in its place. ``autograde`` then either drops that copy
(the new submission was graded) or puts it back (the new one was rejected or failed), moving
the re-upload to ``submitted/<trainee>/.<module>.rejected`` for the trainer to look at.
"""

from __future__ import annotations

import shutil
from pathlib import Path


def graded_copy(course_dir: Path, trainee: str, module: str) -> Path:
    """Where the graded submission waits while its replacement is graded."""
    return Path(course_dir) / "submitted" / trainee / f".{module}.graded"


def rejected_copy(course_dir: Path, trainee: str, module: str) -> Path:
    """Where a re-upload that did not grade is kept."""
    return Path(course_dir) / "submitted" / trainee / f".{module}.rejected"


def keep(course_dir: Path, trainee: str, module: str) -> None:
    """Copy the graded submission aside (once: an earlier kept copy is the graded one)."""
    copy = graded_copy(course_dir, trainee, module)
    if not copy.exists():
        shutil.copytree(copy.parent / module, copy, symlinks=True)


def restore(course_dir: Path, trainee: str, module: str) -> Path:
    """Put the graded submission back; the re-upload moves to the rejected folder."""
    copy, rejected = (
        graded_copy(course_dir, trainee, module),
        rejected_copy(course_dir, trainee, module),
    )
    shutil.rmtree(rejected, ignore_errors=True)
    (copy.parent / module).rename(rejected)
    copy.rename(copy.parent / module)
    return rejected


def drop(course_dir: Path, trainee: str, module: str) -> None:
    """Forget the kept copy: the replacement was graded."""
    shutil.rmtree(graded_copy(course_dir, trainee, module), ignore_errors=True)
