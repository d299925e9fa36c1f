"""Corpus cases on the execution and input side: the exchange, planted code, zip bombs.

Used by :mod:`tests.security.corpus` for cases whose ``make`` is in :data:`MAKES`:

- ``exchange``: the trainee's files (``files``) are submitted with nbgrader's real
  ``ExchangeSubmit``; then ``tamper`` changes the inbound folder as a trainee with write
  access to ``inbound`` could (a link in place of the notebook, a FIFO, a hard link to the
  gradebook, a second folder dated in the future or with a broken timestamp, the folder given
  to another account); then ``collect`` from the exchange.
- ``plant``: the files are put straight into ``submitted/`` after collection, as if they had
  got there by any path: what the grader then starts must never run them.
- ``zipbomb``: a 2 MB zip of 40 zero-filled 50 MB transcripts, imported with ``collect``.

The ``payload`` file content, if it ever ran, would write ``{project}/pwned-by-trainee.txt``,
add a table to the gradebook and overwrite the control submission: :func:`damage` and the
corpus's own checks look for each.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import nbformat

from grading.errors import SubmissionError
from grading.grade.collect import CollectResult, collect
from grading.grade.exchange_inbound import inbound_folder
from tests.grading import factories as f

MAKES = {"exchange", "plant", "zipbomb"}
PROJECT = Path(__file__).resolve().parents[2]
FUTURE = "2099-01-01 00:00:00.000000 UTC"
PAYLOAD = """\
import sqlite3
for step in (
    lambda: open("{project}/pwned-by-trainee.txt", "w").write("ran"),
    lambda: sqlite3.connect("{course}/gradebook.db").execute("CREATE TABLE pwned (x)"),
    lambda: open("{course}/submitted/control-full/01-fixture-basics/basics.ipynb", "w").write(""),
):
    try:
        step()
    except Exception:
        pass
"""


def leave_inbox(folder: Path) -> None:
    """Remove the inbox folder the corpus made for a case that arrives another way."""
    shutil.rmtree(folder.parent)


def _file_content(name: str, course: Path, wrong: bool = False) -> bytes:
    if name == "payload":
        return PAYLOAD.format(project=PROJECT, course=course).encode()
    if name == "payload-pth":
        return f'import os; open("{PROJECT}/pwned-by-trainee.txt", "w").write("ran")\n'.encode()
    if name == "answered":
        release_nb = course / "release" / f.MODULE / f.NOTEBOOK
        choice = "A" if wrong else "B"
        answers = {"open_q1": f.choice("open_q1_choice", choice), "crisis_q2": f.FULL["crisis_q2"]}
        return nbformat.writes(f.answered(release_nb, answers)).encode()
    raise ValueError(f"unknown corpus content {name!r}")


def _write_files(folder: Path, files: dict[str, str], course: Path, wrong: bool = False) -> None:
    for name, content in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_file_content(content, course, wrong))


def _submit(course: Path, root: Path, trainee: str, files: dict[str, str]) -> Path:
    """Submit `files` as `trainee` with nbgrader's own ExchangeSubmit; the inbound folder."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange.default import ExchangeSubmit
    from traitlets.config import Config

    from grading.course.build import COURSE_ID

    home = root / "homes" / trainee
    _write_files(home / COURSE_ID / f.MODULE, files, course)
    config = Config()
    config.Exchange.root = str(course / "exchange")
    config.Exchange.path_includes_course = True
    config.Exchange.assignment_dir = str(home)
    config.CourseDirectory.course_id = COURSE_ID
    config.CourseDirectory.root = str(home)
    config.CourseDirectory.student_id = trainee
    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id = f.MODULE
    authenticator = Authenticator(config=config)
    ExchangeSubmit(coursedir=coursedir, authenticator=authenticator, config=config).start()
    return next(inbound_folder(course).glob(f"{trainee}+{f.MODULE}+*"))


def _tamper(how: str, folder: Path, course: Path, trainee: str) -> None:
    notebook = folder / f.NOTEBOOK
    if how == "symlink-to-other-trainee":
        notebook.unlink()
        notebook.symlink_to(course / "submitted" / "control-full" / f.MODULE / f.NOTEBOOK)
    elif how == "symlink-to-source":
        notebook.unlink()
        notebook.symlink_to(course / "source" / f.MODULE / f.NOTEBOOK)
    elif how == "hardlink-to-gradebook":
        os.link(course / "gradebook.db", folder / "roleplay-stolen.json")
    elif how == "fifo-notebook":
        notebook.unlink()
        os.mkfifo(notebook)
    elif how in ("future-folder", "broken-timestamp-folder"):
        stamp = FUTURE if how == "future-folder" else "yesterday-ish"
        decoy = folder.parent / f"{trainee}+{f.MODULE}+{stamp}"
        decoy.mkdir()
        _write_files(decoy, {f.NOTEBOOK: "answered"}, course, wrong=True)
    elif how == "foreign-owner":
        for path in [folder, *folder.rglob("*")]:
            os.lchown(path, 65534, 65534)
    elif how != "none":
        raise ValueError(f"unknown tamper {how!r}")


def collect_and_plant(cases: list, course: Path, root: Path) -> list[CollectResult]:
    """Submit, tamper with and collect the exchange cases; import the zip bombs; plant."""
    results = []
    for canary in (course / "reports", root / "reports-earlier"):  # reports a trainer kept
        canary.mkdir(exist_ok=True)
        (canary / "canary.html").write_text("other trainees' grades", encoding="utf-8")
    exchange_cases = [case for case in cases if case.make == "exchange"]
    for case in exchange_cases:
        folder = _submit(course, root, case.id, case.spec["files"])
        _tamper(case.spec.get("tamper", "none"), folder, course, case.id)
    if exchange_cases:
        collected = collect(course)
        for problem in list(collected.problems):
            owner = next((c.id for c in exchange_cases if f": {c.id}+{f.MODULE}+" in problem), None)
            if owner:
                collected.problems.append(f"{owner}/{f.MODULE}: {problem}")
        results.append(collected)
    for case in cases:
        if case.make == "zipbomb":
            bomb = root / f"{case.id}.zip"
            f.zip_bomb(bomb, case.id)
            try:
                results.append(collect(course, bomb))
            except SubmissionError as error:
                results.append(CollectResult(problems=[f"{case.id}/{f.MODULE}: {error}"]))
        elif case.make == "plant":
            target = course / "submitted" / case.id / f.MODULE
            target.mkdir(parents=True)
            (target / "timestamp.txt").write_text(f.ON_TIME, encoding="utf-8")
            _write_files(target, case.spec["files"], course)
    return results


def damage(course: Path) -> list[str]:
    """What a payload would have left behind if any trainee file ever ran outside a kernel."""
    lost = []
    with sqlite3.connect(course / "gradebook.db") as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    if "pwned" in tables:
        lost.append("gradebook.db has a table written by trainee code")
    return lost
