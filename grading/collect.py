"""Gather submissions into the course's ``submitted/<trainee>/<module>/`` folders.

Two sources: the nbgrader exchange (trainees pressed *Submit*), or a folder or zip laid out as
``<trainee>/<module>/<notebook>.ipynb`` (for example exported from a learning platform). Every
name is checked: the trainee must be on the roster, the module must exist, paths may not leave
the folder, and only the module's notebooks, role-play transcripts and ``timestamp.txt`` are
taken. A problem with one file is reported and never stops the others.
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath

from grading.course import TRANSCRIPT_GLOB
from grading.coursedir import failure_reason, module_ids, open_api, trainee_ids
from grading.errors import SubmissionError
from grading.names import check_course_names, check_module_id, check_trainee_id

MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass
class CollectResult:
    """Which submissions were imported and which files were refused, with reasons."""

    imported: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Entry:
    parts: tuple[str, ...]
    read: Callable[[], bytes]
    size: int
    modified: datetime


def roster(course_dir: Path) -> list[str]:
    """Trainee ids known to the course's gradebook."""
    return trainee_ids(course_dir)


def collect(
    course_dir: Path = Path("course"),
    source: Path | None = None,
    modules: list[str] | None = None,
) -> CollectResult:
    """Collect from the exchange (`source` None) or import a folder or zip of submissions."""
    course_dir = Path(course_dir).resolve()
    check_course_names(course_dir, modules)
    known_modules = module_ids(course_dir)
    if source is None:
        return _collect_from_exchange(course_dir, modules or known_modules)
    return _import(course_dir, Path(source), known_modules, modules or known_modules)


def _collect_from_exchange(course_dir: Path, modules: list[str]) -> CollectResult:
    api = open_api(course_dir)
    result = CollectResult()
    trainees = set(roster(course_dir))
    for module in modules:
        before = _timestamps(course_dir, module)
        outcome = api.collect(module, update=True)
        if not outcome["success"]:
            result.problems.append(f"{module}: collect failed: {failure_reason(outcome)}")
        for trainee, stamp in sorted(_timestamps(course_dir, module).items()):
            if before.get(trainee) == stamp:
                continue
            if trainee in trainees:
                result.imported.append((trainee, module))
            else:
                result.problems.append(
                    f"exchange: {trainee}/{module}: {trainee!r} is not on the roster; "
                    "it will not be graded until the trainee is added (build --roster)."
                )
    return result


def _timestamps(course_dir: Path, module: str) -> dict[str, str]:
    """Trainee -> timestamp.txt of their collected submission of `module`."""
    return {
        stamp.parent.parent.name: stamp.read_text(encoding="utf-8")
        for stamp in (course_dir / "submitted").glob(f"*/{module}/timestamp.txt")
    }


def _import(
    course_dir: Path, source: Path, known_modules: list[str], chosen: list[str]
) -> CollectResult:
    groups: dict[tuple[str, str], list[_Entry]] = {}
    result = CollectResult()
    trainees = roster(course_dir)
    for entry in _entries(source):
        shown = "/".join(entry.parts)
        try:
            _check_path(entry.parts, shown)
            trainee = check_trainee_id(entry.parts[0], where=f"{shown}: ")
            if trainee not in trainees:
                raise SubmissionError(
                    f"{shown}: {trainee!r} is not on the course roster; add the trainee "
                    "with `python -m grading build --roster FILE` first."
                )
            module = check_module_id(entry.parts[1], known_modules, where=f"{shown}: ")
            if module not in chosen:
                continue  # another module's file: not asked for this time
            _check_file(course_dir, module, entry, shown)
        except SubmissionError as problem:
            result.problems.append(str(problem))
            continue
        groups.setdefault((trainee, module), []).append(entry)
    for (trainee, module), entries in sorted(groups.items()):
        _write_submission(course_dir / "submitted" / trainee / module, entries)
        result.imported.append((trainee, module))
    return result


def _entries(source: Path) -> Iterator[_Entry]:
    if source.is_dir():
        for path in sorted(source.rglob("*")):
            if path.is_symlink():
                yield _Entry(path.relative_to(source).parts, bytes, 0, datetime.now(UTC))
            elif path.is_file():
                stat = path.stat()
                modified = datetime.fromtimestamp(stat.st_mtime, UTC)
                yield _Entry(
                    path.relative_to(source).parts, path.read_bytes, stat.st_size, modified
                )
    elif zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                modified = datetime(*info.date_time, tzinfo=UTC)
                parts = tuple(info.filename.replace("\\", "/").split("/"))
                data = archive.read(info) if info.file_size <= MAX_FILE_BYTES else b""
                yield _Entry(parts, lambda data=data: data, info.file_size, modified)
    elif source.exists():
        raise SubmissionError(f"{source}: expected a folder or a .zip file of submissions.")
    else:
        raise SubmissionError(f"{source}: no such folder or zip file.")


def _check_path(parts: tuple[str, ...], shown: str) -> None:
    if any(part in ("..", ".", "") for part in parts) or PurePosixPath(shown).is_absolute():
        raise SubmissionError(f"{shown}: the path leaves the submission folder; it was skipped.")
    if len(parts) != 3:
        raise SubmissionError(
            f"{shown}: expected <trainee>/<module>/<file>, e.g. "
            "alex/01-motivational-interviewing/reflections.ipynb."
        )


def _check_file(course_dir: Path, module: str, entry: _Entry, shown: str) -> None:
    name = entry.parts[2]
    notebooks = sorted(p.name for p in (course_dir / "release" / module).glob("*.ipynb"))
    if entry.size > MAX_FILE_BYTES:
        raise SubmissionError(f"{shown}: larger than {MAX_FILE_BYTES // 2**20} MB; skipped.")
    if name.endswith(".ipynb"):
        if name not in notebooks:
            raise SubmissionError(
                f"{shown}: {module} has no notebook called {name!r} (expected one of {notebooks})."
            )
    elif not (fnmatch(name, TRANSCRIPT_GLOB) or name == "timestamp.txt"):
        raise SubmissionError(
            f"{shown}: not a notebook; submit the module's notebooks ({', '.join(notebooks)}) "
            "and any role-play transcripts (roleplay-*.json)."
        )


def _write_submission(target: Path, entries: list[_Entry]) -> None:
    """Replace the trainee's submission folder with `entries`, in one rename."""
    staging = target.parent / f".{target.name}.importing"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for entry in entries:
        (staging / entry.parts[2]).write_bytes(entry.read())
    if not (staging / "timestamp.txt").is_file():
        latest = max(entry.modified for entry in entries)
        (staging / "timestamp.txt").write_text(latest.isoformat(), encoding="utf-8")
    retired = target.parent / f".{target.name}.replaced"
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)
