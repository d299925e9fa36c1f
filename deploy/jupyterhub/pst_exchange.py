"""A submit step that keeps a trainee's submission private to the trainee and the grader.

nbgrader's default submit copies the files into ``inbound/<trainee>+<module>+<time>+<random>/``
with the folder's mode copied from the trainee's folder (often 0755) during the copy, then leaves
it world-writable with world-readable files (nbgrader #1225). Here the submission folder is
created 0700 before anything is copied into it, files are written 0600 without following links
(symbolic links in the trainee's folder are left out), and only when everything is in place is
the folder opened to the grader's group (0770, files 0640): the inbound folder is set-group-id
and owned by the grader's group, so the grader reaches the files through the group; other
trainees never can, at any moment, whatever they know of the folder's name.

Enabled in the trainees' nbgrader config:
``c.ExchangeFactory.submit = "pst_exchange.PrivateSubmit"``.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat

from nbgrader.exchange.default.submit import ExchangeSubmit
from nbgrader.utils import ignore_patterns

SHARED_FOLDER = stat.S_IRWXU | stat.S_IRWXG
SHARED_FILE = stat.S_IRUSR | stat.S_IWUSR | stat.S_IRGRP


class PrivateSubmit(ExchangeSubmit):
    """nbgrader's submit, but the submission is never open to anyone but its owner and grader."""

    def _copy_privately(self, target: str) -> list[str]:
        """Copy the assignment into `target` (made 0700 here); return what was written."""
        if self.get_size(self.src_path) > 1000 * self.coursedir.max_dir_size:
            raise RuntimeError(
                f"The submission is larger than {self.coursedir.max_dir_size} KB; remove large "
                "files from the assignment folder and submit again."
            )
        ignore = ignore_patterns(
            exclude=self.coursedir.ignore,
            include=self.coursedir.include,
            max_file_size=self.coursedir.max_file_size,
            log=self.log,
        )
        os.mkdir(target, 0o700)
        written = [target]
        for folder, subfolders, files in os.walk(self.src_path):
            skipped = ignore(folder, subfolders + files)
            relative = os.path.relpath(folder, self.src_path)
            destination = os.path.normpath(os.path.join(target, relative))
            for name in [s for s in subfolders if s not in skipped]:
                if os.path.islink(os.path.join(folder, name)):
                    continue
                os.mkdir(os.path.join(destination, name), 0o700)
                written.append(os.path.join(destination, name))
            subfolders[:] = [s for s in subfolders if s not in skipped]
            for name in files:
                source = os.path.join(folder, name)
                if name in skipped or not stat.S_ISREG(os.lstat(source).st_mode):
                    continue
                written.append(self._write(os.path.join(destination, name), source))
        return written

    @staticmethod
    def _write(path: str, source: str | None = None, text: str = "") -> str:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        with os.fdopen(os.open(path, flags, 0o600), "wb") as out:
            if source is None:
                out.write(text.encode("utf-8"))
            else:
                with open(source, "rb") as inp:
                    shutil.copyfileobj(inp, out)
        return path

    def copy_files(self) -> None:
        self.init_release()
        target = os.path.join(self.inbound_path, self.assignment_filename)
        self.log.info("Source: %s", self.src_path)
        self.log.info("Destination: %s", target)
        self.check_filename_diff()
        secret = secrets.token_hex(64)
        written = self._copy_privately(target)
        written.append(self._write(os.path.join(target, "timestamp.txt"), text=self.timestamp))
        written.append(self._write(os.path.join(target, "submission_secret.txt"), text=secret))
        for path in reversed(written):  # files first, the top folder last
            os.chmod(path, SHARED_FOLDER if os.path.isdir(path) else SHARED_FILE)
        name = self.assignment_filename
        cache = os.path.join(
            self.cache_path, name.rsplit("+", 1)[0] if self.add_random_string else name
        )
        os.makedirs(self.cache_path, exist_ok=True)
        self.do_copy(self.src_path, cache)
        for name, text in (("timestamp.txt", self.timestamp), ("submission_secret.txt", secret)):
            with open(os.path.join(cache, name), "w", encoding="utf-8") as stream:
                stream.write(text)
        self.log.info(
            "Submitted as: %s %s %s",
            self.coursedir.course_id,
            self.coursedir.assignment_id,
            self.timestamp,
        )
