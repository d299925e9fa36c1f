"""Read the nbgrader exchange's inbound folder without trusting what a trainee controls there.

``nbgrader submit`` copies a trainee's module folder to
``EXCHANGE/<course>/inbound/<trainee>+<module>+<timestamp>[+<random>]``. On a shared machine
(JupyterHub with real accounts) every trainee can write into ``inbound``, so everything in a
folder's *name* is a claim, not a fact. :func:`scan_inbound` decides:

- **who** submitted: the folder's owner account. A folder owned by another account than the
  trainee it names is refused and reported (writing into ``inbound`` is not enough to submit
  as someone else). Folders owned by the collecting account itself (a single-user course,
  where the trainer's account also submits) are taken by name.
- **when**: the server's clock, not the name: the newest status-change time (``ctime``) of the
  folder and its files, which no account can set back. A folder whose name claims a time in
  the future is ignored and reported, so it cannot block later real submissions.
- **what is unusable**: symbolic links in place of folders, names that do not parse, folders
  that cannot be read — each is skipped and reported, and collection goes on for everyone
  else. What the folder *contains* is checked by :mod:`grading.grade.collect`, by the same rule as a
  folder or zip import.

The newest usable folder per (trainee, module) wins. ``python -m grading collect`` calls this;
a hub's collector can call :func:`scan_inbound` directly.
"""

from __future__ import annotations

import os
import pwd
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

#: How far a folder's claimed time may run ahead of this machine's clock (clock skew).
FUTURE_SLACK = timedelta(minutes=5)
FOLDER_NAME = re.compile(r"^(?P<trainee>[^+]+)\+(?P<module>[^+]+)\+(?P<stamp>[^+]+)(\+[^+]*)?$")


@dataclass(frozen=True)
class InboundSubmission:
    """One usable inbound folder: who (by owner), which module, when (server time)."""

    trainee: str
    module: str
    folder: Path
    received: datetime
    owner: str


@dataclass
class InboundScan:
    """The newest usable folder per (trainee, module), and every folder refused, with why."""

    latest: dict[tuple[str, str], InboundSubmission] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def inbound_folder(course_dir: Path) -> Path:
    """The course's inbound folder, from its nbgrader configuration."""
    from grading.course.coursedir import load_config

    config = load_config(course_dir)
    return Path(config.Exchange.root) / config.CourseDirectory.course_id / "inbound"


def _claimed_time(stamp: str) -> datetime:
    from nbgrader.utils import parse_utc

    try:
        claimed = parse_utc(stamp)
    except (ValueError, OverflowError, TypeError) as error:
        raise ValueError(f"its timestamp {stamp!r} cannot be read ({error})") from None
    if claimed.tzinfo is None:
        claimed = claimed.replace(tzinfo=UTC)
    return claimed


def _account(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def _received(folder: Path) -> datetime:
    """The newest ctime of the folder and the files directly in it (no link followed).

    Deeper files are never collected, so they are not visited (a trainee cannot slow collect
    down with a deep tree).
    """
    newest = os.lstat(folder).st_ctime
    with os.scandir(folder) as entries:
        for entry in entries:
            newest = max(newest, entry.stat(follow_symlinks=False).st_ctime)
    return datetime.fromtimestamp(newest, UTC)


def _examine(
    entry: os.DirEntry[str], known: set[str], collector_uid: int, now: datetime
) -> InboundSubmission | None:
    """The usable submission in one inbound entry; ValueError says why it is not."""
    match = FOLDER_NAME.match(entry.name)
    if not match:
        raise ValueError("the name is not <trainee>+<module>+<timestamp>")
    trainee, module = match["trainee"], match["module"]
    if module not in known:
        return None
    info = entry.stat(follow_symlinks=False)
    if not stat.S_ISDIR(info.st_mode):
        raise ValueError("not a folder (a symbolic link or a special file)")
    if _claimed_time(match["stamp"]) > now + FUTURE_SLACK:
        raise ValueError(f"it claims a time in the future ({match['stamp']}); ignored")
    owner = _account(info.st_uid)
    if info.st_uid != collector_uid and owner != trainee:
        raise ValueError(
            f"it names trainee {trainee!r} but belongs to account {owner!r}; only "
            f"{trainee!r}'s own account may submit as {trainee!r}"
        )
    try:
        received = _received(Path(entry.path))
    except OSError as error:
        raise ValueError(
            f"it cannot be read ({error.strerror}); ask the trainee to resubmit"
        ) from None
    return InboundSubmission(trainee, module, Path(entry.path), min(received, now), owner)


def scan_inbound(
    inbound: Path,
    modules: Iterable[str],
    now: datetime | None = None,
    collector_uid: int | None = None,
) -> InboundScan:
    """The newest usable submission per (trainee, module) of `modules` in `inbound`.

    `collector_uid` (default: this process's) is the account whose folders are taken by name.
    Nothing here raises for one bad folder: it is reported in ``problems`` and skipped.
    """
    now = now or datetime.now(UTC)
    collector_uid = os.geteuid() if collector_uid is None else collector_uid
    known = set(modules)
    scan = InboundScan()
    try:
        entries = sorted(os.scandir(inbound), key=lambda entry: entry.name)
    except FileNotFoundError:
        return scan
    except OSError as error:
        scan.problems.append(f"exchange: {inbound} cannot be listed ({error.strerror}).")
        return scan
    for entry in entries:
        try:
            found = _examine(entry, known, collector_uid, now)
        except (ValueError, OSError) as problem:
            scan.problems.append(f"exchange: {entry.name}: skipped: {problem}")
            continue
        if found is None:
            continue
        key = (found.trainee, found.module)
        if key not in scan.latest or found.received >= scan.latest[key].received:
            scan.latest[key] = found
    return scan
