"""One grading command at a time per course: an ``fcntl`` lock on a file in the course folder.

``build``, ``collect``, ``autograde``, ``feedback`` and ``report`` all read and write the
gradebook and the course folders; run side by side they can drop trainees from the gradebook
while results still say "graded". Each takes this lock first. A second command waits up to
:data:`WAIT_SECONDS` (``$GRADING_LOCK_WAIT``), then stops with a message naming the command
holding the lock, its process id and since when. The lock is the kernel's (``flock``): it
goes away with the process, so a killed command never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from grading.errors import GradingError

LOCK_FILE = ".grading.lock"
#: Seconds a second command waits for the lock ($GRADING_LOCK_WAIT overrides it).
WAIT_SECONDS = float(os.environ.get("GRADING_LOCK_WAIT", "10"))


class CourseBusyError(GradingError):
    """Raised when another grading command holds the course lock for too long."""


def _holder(handle: int) -> str:
    try:
        os.lseek(handle, 0, os.SEEK_SET)
        info = json.loads(os.read(handle, 4096) or b"{}")
        return f"`{info['command']}` (process {info['pid']}, since {info['since']})"
    except (OSError, ValueError, KeyError):
        return "another grading command"


@contextmanager
def course_lock(
    course_dir: Path, command: str, wait_seconds: float = WAIT_SECONDS
) -> Iterator[None]:
    """Hold the course's lock while `command` runs; CourseBusyError if it stays taken."""
    course_dir = Path(course_dir)
    course_dir.mkdir(parents=True, exist_ok=True)
    flags = os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        handle, writable = (
            os.open(course_dir / LOCK_FILE, flags | os.O_RDWR | os.O_CREAT, 0o644),
            True,
        )
    except PermissionError:  # made by another account (root's autograde): flock needs no write
        handle, writable = os.open(course_dir / LOCK_FILE, flags | os.O_RDONLY), False
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise CourseBusyError(
                        f"{course_dir}: {_holder(handle)} is working on this course; "
                        f"`{command}` waited {wait_seconds:.0f} s. Run it again when that "
                        "command has finished."
                    ) from None
                time.sleep(0.2)
        since = datetime.now(UTC).isoformat(timespec="seconds")
        record = json.dumps({"command": command, "pid": os.getpid(), "since": since})
        if writable:
            os.ftruncate(handle, 0)
            os.pwrite(handle, record.encode(), 0)
        yield
    finally:
        os.close(handle)
