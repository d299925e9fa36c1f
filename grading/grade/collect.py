"""Gather submissions into the course's ``submitted/<trainee>/<module>/`` folders.

Three sources, one rule. Submissions come from the nbgrader exchange (trainees pressed
*Submit*; see :mod:`grading.grade.exchange_inbound` for who and when), or from a folder or zip laid
out as ``<trainee>/<module>/<file>`` (for example exported from a learning platform). Every
file from every source passes :func:`check_entry`: the path stays inside the folder and has
exactly three parts; the trainee is on the roster; the module exists; the file is a regular
file (no symbolic link, hard link, FIFO, device or folder); it is one of the module's
notebooks, another file released with the module, a role-play transcript
(``roleplay-*.json``), ``timestamp.txt`` (folder and zip only: an exchange submission's
time is the server's) or nbgrader's ``submission_secret.txt`` (exchange only); it is at most
50 MB. Files are opened
with ``O_NOFOLLOW`` and checked again once open, so a file swapped for a link in between is
refused too. A zip is refused whole, before anything is unpacked, when it holds more than
:data:`MAX_MEMBERS` entries or would unpack to more than :data:`MAX_ARCHIVE_BYTES`. A problem
with one file or folder is reported and never stops the others.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import os
import shutil
import stat
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from grading.course.build import TRANSCRIPT_GLOB
from grading.course.coursedir import module_ids, trainee_ids
from grading.course.names import check_course_names, check_module_id, check_trainee_id, unknown_name
from grading.errors import SubmissionError
from grading.grade import graded_copy
from grading.grade.exchange_inbound import inbound_folder, scan_inbound
from grading.grade.results import load_results

MAX_FILE_BYTES = 50 * 2**20
#: A zip whose entries would unpack to more than this is refused before unpacking.
MAX_ARCHIVE_BYTES = 512 * 2**20
#: A zip with more entries than this is refused before unpacking.
MAX_MEMBERS = 10_000
#: Longest file name a Linux file system stores.
MAX_NAME_BYTES = 255
#: Role-play transcripts per submission (every report replays each one).
MAX_TRANSCRIPTS = 20
TIMESTAMP = "timestamp.txt"
#: nbgrader's own file in an exchange submission: it keys the feedback returned to the trainee.
SUBMISSION_SECRET = "submission_secret.txt"
_KINDS = {
    stat.S_IFLNK: "a symbolic link",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


@dataclass
class CollectResult:
    """Which submissions were imported and which files were refused, with reasons."""

    imported: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Entry:
    """One file offered for collection, from any source, before it is checked."""

    parts: tuple[str, ...]
    kind: str  # "file", or what else it is ("a symbolic link", "a hard link", ...)
    size: int
    modified: datetime
    open: Callable[[], BinaryIO]
    exchange: bool = False


def collect(
    course_dir: Path = Path("course"),
    source: Path | None = None,
    modules: list[str] | None = None,
    replace: bool = False,
) -> CollectResult:
    """Collect from the exchange (`source` None) or import a folder or zip of submissions.

    A submission that would replace one already graded (by autograde or by hand) is left out
    and reported with what would change, unless `replace`; then the graded one keeps counting
    until the new one grades cleanly (:mod:`grading.grade.graded_copy`).
    """
    course_dir = Path(course_dir).resolve()
    check_course_names(course_dir, modules)
    known = module_ids(course_dir)
    chosen = modules or known
    with contextlib.ExitStack() as stack:
        if source is None:
            entries, problems, received = _exchange_entries(course_dir, chosen)
        else:
            entries, problems, received = _source_entries(Path(source), stack), [], {}
        return _import(course_dir, entries, problems, received, known, chosen, replace)


def _exchange_entries(
    course_dir: Path, chosen: list[str]
) -> tuple[list[Entry], list[str], dict[tuple[str, str], datetime]]:
    scan = scan_inbound(inbound_folder(course_dir), chosen)
    entries: list[Entry] = []
    received = {}
    for (trainee, module), found in sorted(scan.latest.items()):
        stored = course_dir / "submitted" / trainee / module / TIMESTAMP
        if stored.is_file() and stored.read_text(encoding="utf-8") == found.received.isoformat():
            continue  # collected before, unchanged
        received[trainee, module] = found.received
        for entry in _folder_entries(found.folder, (trainee, module)):
            if entry.parts[2:] != (TIMESTAMP,):  # the server's time counts, not the trainee's
                entries.append(dataclasses.replace(entry, exchange=True))
    return entries, scan.problems, received


def _source_entries(source: Path, stack: contextlib.ExitStack) -> list[Entry]:
    if source.is_dir():
        return list(_folder_entries(source, ()))
    if zipfile.is_zipfile(source):
        return _zip_entries(source, stack.enter_context(zipfile.ZipFile(source)))
    if source.exists():
        raise SubmissionError(f"{source}: expected a folder or a .zip file of submissions.")
    raise SubmissionError(f"{source}: no such folder or zip file.")


def _folder_entries(folder: Path, prefix: tuple[str, ...]) -> Iterator[Entry]:
    """Every file under `folder`, as <trainee>/<module>/<file> parts; no link followed.

    Folders are entered only down to the third part; anything deeper is offered as a folder
    (and refused by the rule).
    """
    for item in sorted(os.scandir(folder), key=lambda item: item.name):
        parts = (*prefix, item.name)
        info = item.stat(follow_symlinks=False)
        if stat.S_ISDIR(info.st_mode) and len(parts) < 3:
            yield from _folder_entries(Path(item.path), parts)
            continue
        kind = _KINDS.get(stat.S_IFMT(info.st_mode), "a special file")
        if stat.S_ISREG(info.st_mode):
            kind = "file" if info.st_nlink == 1 else "a hard link to another file"
        modified = datetime.fromtimestamp(info.st_mtime, UTC)
        path = Path(item.path)
        yield Entry(parts, kind, info.st_size, modified, functools.partial(_open_regular, path))


def _open_regular(path: Path) -> BinaryIO:
    """Open a file that must still be a regular, single-linked file, never through a link."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
    parent = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        handle = os.open(path.name, flags, dir_fd=parent)
    finally:
        os.close(parent)
    info = os.fstat(handle)
    if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
        os.close(handle)
        raise SubmissionError(f"{path}: changed into something other than a regular file.")
    return os.fdopen(handle, "rb")


def _zip_entries(source: Path, archive: zipfile.ZipFile) -> list[Entry]:
    """The archive's files, after checking its size and entry count from the directory."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise SubmissionError(
            f"{source}: holds {len(members)} entries (at most {MAX_MEMBERS}); nothing imported."
        )
    unpacked = sum(info.file_size for info in members)
    if unpacked > MAX_ARCHIVE_BYTES:
        raise SubmissionError(
            f"{source}: would unpack to {unpacked / 2**20:.0f} MB (at most "
            f"{MAX_ARCHIVE_BYTES // 2**20} MB; a zip bomb or not just submissions); "
            "nothing imported."
        )
    entries = []
    for info in members:
        if info.is_dir():
            continue
        kind = "a symbolic link" if stat.S_ISLNK(info.external_attr >> 16) else "file"
        modified = datetime(*info.date_time, tzinfo=UTC)
        parts = tuple(info.filename.replace("\\", "/").split("/"))
        opener = functools.partial(archive.open, info)
        entries.append(Entry(parts, kind, info.file_size, modified, opener))
    return entries


def check_entry(
    course_dir: Path, entry: Entry, trainees: list[str], known: list[str]
) -> tuple[str, str]:
    """The (trainee, module) a file belongs to; SubmissionError says why it is refused.

    The one rule for every source: exchange, folder and zip.
    """
    shown = "/".join(entry.parts)
    if any(part in ("..", ".", "") for part in entry.parts) or PurePosixPath(shown).is_absolute():
        raise SubmissionError(f"{shown}: the path leaves the submission folder; it was skipped.")
    if len(entry.parts) != 3:
        raise SubmissionError(
            f"{shown}: expected <trainee>/<module>/<file>, e.g. "
            "alex/01-motivational-interviewing/reflections.ipynb."
        )
    trainee = check_trainee_id(entry.parts[0], where=f"{shown}: ")
    if trainee not in trainees:
        raise SubmissionError(
            f"{shown}: {unknown_name('trainee', trainee, sorted(trainees))} A new trainee is "
            "added with `python -m grading build --roster FILE` first."
        )
    module = check_module_id(entry.parts[1], known, where=f"{shown}: ")
    name = entry.parts[2]
    released = sorted(p.name for p in (course_dir / "release" / module).iterdir() if p.is_file())
    notebooks = [name for name in released if name.endswith(".ipynb")]
    if entry.kind != "file":
        raise SubmissionError(
            f"{shown}: {entry.kind}, not a regular file; skipped (only the module's notebooks "
            "and role-play transcripts are collected, never through links)."
        )
    if len(name.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES:
        raise SubmissionError(
            f"{shown[:120]}...: the name is longer than {MAX_NAME_BYTES} bytes; skipped."
        )
    if entry.size > MAX_FILE_BYTES:
        raise SubmissionError(f"{shown}: larger than {MAX_FILE_BYTES // 2**20} MB; skipped.")
    if name.endswith(".ipynb"):
        if name not in notebooks:
            raise SubmissionError(
                f"{shown}: {module} has no notebook called {name!r} "
                f"(expected one of: {', '.join(notebooks)})."
            )
    elif not (
        fnmatch(name, TRANSCRIPT_GLOB)
        or name in (TIMESTAMP, *released)
        or (entry.exchange and name == SUBMISSION_SECRET)
    ):
        raise SubmissionError(
            f"{shown}: not a notebook; submit the module's notebooks ({', '.join(notebooks)}) "
            "and any role-play transcripts (roleplay-*.json)."
        )
    return trainee, module


def _import(
    course_dir: Path,
    entries: list[Entry],
    problems: list[str],
    received: dict[tuple[str, str], datetime],
    known: list[str],
    chosen: list[str],
    replace: bool = False,
) -> CollectResult:
    groups: dict[tuple[str, str], list[Entry]] = {}
    result = CollectResult(problems=list(problems))
    trainees = trainee_ids(course_dir)
    for entry in entries:
        try:
            key = check_entry(course_dir, entry, trainees, known)
        except SubmissionError as problem:
            result.problems.append(str(problem))
            continue
        if key[1] in chosen:  # else another module's file: not asked for this time
            groups.setdefault(key, []).append(entry)
    for (trainee, module), group in sorted(groups.items()):
        target = course_dir / "submitted" / trainee / module
        if not any(entry.parts[2].endswith(".ipynb") for entry in group):
            result.problems.append(
                f"{trainee}/{module}: no notebook of the module arrived; nothing collected "
                "(an earlier submission, if any, is kept)."
            )
            continue
        names = [entry.parts[2] for entry in group]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            result.problems.append(
                f"{trainee}/{module}: two files named {', '.join(twice)} (a zip can hold the "
                "same path twice); nothing collected. Keep one and collect again."
            )
            continue
        transcripts = sorted(e.parts[2] for e in group if fnmatch(e.parts[2], TRANSCRIPT_GLOB))
        if len(transcripts) > MAX_TRANSCRIPTS:
            left_out = set(transcripts[MAX_TRANSCRIPTS:])
            group = [entry for entry in group if entry.parts[2] not in left_out]
            result.problems.append(
                f"{trainee}/{module}: {len(transcripts)} role-play transcripts; "
                f"{len(left_out)} left out (at most {MAX_TRANSCRIPTS} per submission are "
                f"collected, the first by name: every report replays each one)."
            )
        graded = _graded_as(course_dir, trainee, module) if target.is_dir() else ""
        if graded:
            changes = _changes(target, group)
            if not changes:
                continue  # the graded files again: nothing to do
            if not replace:
                result.problems.append(
                    f"{trainee}/{module}: already {graded}; not replaced. The new submission "
                    f"would {'; '.join(changes)}. Collect again with --replace to grade it "
                    "instead: the graded one keeps counting until the new one grades cleanly."
                )
                continue
            graded_copy.keep(course_dir, trainee, module)
        try:
            _write_submission(target, group, received.get((trainee, module)))
        except (SubmissionError, OSError) as problem:
            result.problems.append(f"{trainee}/{module}: not collected: {problem}")
            continue
        result.imported.append((trainee, module))
    return result


def _graded_as(course_dir: Path, trainee: str, module: str) -> str:
    """How the trainee's current submission was graded ("" when it was not)."""
    from nbgrader.api import Gradebook, MissingEntry

    from grading.course.coursedir import gradebook_url

    how = []
    result = load_results(course_dir).get((trainee, module))
    if result and result.status == "graded":
        score = "" if result.score is None else f" ({result.score:g}/{result.max_score:g})"
        how.append(f"autograded{score}")
    with Gradebook(gradebook_url(course_dir)) as gradebook:
        try:
            submission = gradebook.find_submission(module, trainee)
        except MissingEntry:
            submission = None
        if submission and any(
            grade.manual_score is not None
            for notebook in submission.notebooks
            for grade in notebook.grades
        ):
            how.append("graded by hand")
    return " and ".join(how)


def _digest(read: Callable[[], BinaryIO]) -> str:
    digest = hashlib.sha256()
    with read() as source:
        while chunk := source.read(2**20):
            digest.update(chunk)
    return digest.hexdigest()


def _changes(target: Path, group: list[Entry]) -> list[str]:
    """What replacing the folder `target` by `group` would change, in words."""
    old = {
        p.name: _digest(functools.partial(p.open, "rb"))
        for p in sorted(target.iterdir())
        if p.is_file() and p.name != TIMESTAMP
    }
    new = {e.parts[2]: _digest(e.open) for e in group if e.parts[2] != TIMESTAMP}
    words = []
    for verb, names in (
        ("change", sorted(n for n in old.keys() & new.keys() if old[n] != new[n])),
        ("add", sorted(new.keys() - old.keys())),
        ("remove", sorted(old.keys() - new.keys())),
    ):
        if names:
            words.append(f"{verb} {', '.join(names)}")
    return words


def _copy_capped(entry: Entry, target: Path) -> None:
    with entry.open() as source, target.open("wb") as copy:
        written = 0
        while chunk := source.read(2**20):
            written += len(chunk)
            if written > MAX_FILE_BYTES:
                raise SubmissionError(f"{'/'.join(entry.parts)}: grew past the size limit.")
            copy.write(chunk)


def _write_submission(target: Path, entries: list[Entry], received: datetime | None) -> None:
    """Replace the trainee's submission folder with `entries`, in one rename."""
    staging = target.parent / f".{target.name}.importing"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        for entry in entries:
            _copy_capped(entry, staging / entry.parts[2])
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if received is not None:
        (staging / TIMESTAMP).write_text(received.isoformat(), encoding="utf-8")
    elif not (staging / TIMESTAMP).is_file():
        latest = max(entry.modified for entry in entries)
        (staging / TIMESTAMP).write_text(latest.isoformat(), encoding="utf-8")
    retired = target.parent / f".{target.name}.replaced"
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)
