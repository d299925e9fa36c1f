"""``python -m grading purge``: delete role-play transcripts older than the retention period.

Transcripts may hold personal stories, so a course keeps them only as long as it needs them.
The period is ``--older-than DAYS`` or, when not given, ``retention_days`` in the course's
organization profile (``org.json``, written by ``python -m grading build --org org.yaml``).
A file's age is the time since it was last written. Grades in the gradebook are kept.

Example::

    python -m grading purge --course course --older-than 365 --dry-run
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from grading.course.build import TRANSCRIPT_GLOB
from grading.course.names import check_course_names
from grading.errors import GradingError

#: Course folders that hold copies of trainees' transcripts.
COURSE_FOLDERS = ("submitted", "autograded", "exchange", "feedback")


class RetentionError(GradingError):
    """No retention period was given, or it is not a whole number of days of at least 1."""


@dataclass
class PurgeResult:
    """Transcripts deleted (or that would be, in a dry run) and how many were kept."""

    deleted: list[Path] = field(default_factory=list)
    kept: int = 0


def retention_days(course_dir: Path) -> int | None:
    """``retention_days`` from the course's org.json, if the profile sets it."""
    profile = Path(course_dir) / "org.json"
    if not profile.is_file():
        return None
    try:
        value = json.loads(profile.read_text(encoding="utf-8")).get("retention_days")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, int) else None


def purge(
    course_dir: Path = Path("course"),
    older_than_days: int | None = None,
    extra_folders: list[Path] | None = None,
    dry_run: bool = False,
    now: float | None = None,
    trainees: list[str] | None = None,
) -> PurgeResult:
    """Delete ``roleplay-*.json`` transcripts older than the retention period.

    Looks in the course's submitted/, autograded/, exchange/ and feedback/ folders and in
    `extra_folders` (e.g. a trainee workspace); with `trainees`, the course folders are searched
    only in those trainees' folders (``<trainee>/…`` and the exchange's ``<trainee>+<module>+…``).
    """
    if trainees:
        check_course_names(course_dir, trainees=trainees)
    days = older_than_days if older_than_days is not None else retention_days(course_dir)
    if days is None:
        raise RetentionError(
            f"{course_dir}: no retention period: give --older-than DAYS, or set retention_days "
            "in the organization profile and rebuild the course."
        )
    if days < 1:
        raise RetentionError(f"the retention period must be at least 1 day (got {days}).")
    cutoff = (now if now is not None else time.time()) - days * 86400
    course_folders = [Path(course_dir) / name for name in COURSE_FOLDERS]
    folders = course_folders + list(extra_folders or [])
    result = PurgeResult()
    seen: set[Path] = set()
    for folder in folders:
        for path in sorted(folder.rglob(TRANSCRIPT_GLOB)) if folder.is_dir() else []:
            if path in seen or not path.is_file() or path.is_symlink():
                continue
            if trainees and folder in course_folders and not _belongs_to(path, folder, trainees):
                continue
            seen.add(path)
            if path.stat().st_mtime < cutoff:
                if not dry_run:
                    path.unlink()
                result.deleted.append(path)
            else:
                result.kept += 1
    return result


def _belongs_to(path: Path, folder: Path, trainees: list[str]) -> bool:
    """Is `path` in a folder of one of `trainees` (``<trainee>/`` or ``<trainee>+<module>+…``)?"""
    folders = path.relative_to(folder).parts[:-1]
    return any(part.split("+", 1)[0] in trainees for part in folders)
