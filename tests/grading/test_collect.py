"""Importing submissions: is every bad name refused clearly while good files still arrive?"""

from __future__ import annotations

import json
import os
import pwd
import stat
import tempfile
import tracemalloc
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import nbformat
import pytest

from grading.course.build import build
from grading.course.names import UnknownNameError
from grading.errors import SubmissionError
from grading.grade.collect import collect
from grading.grade.exchange_inbound import inbound_folder, scan_inbound
from tests.grading import factories as f


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("collect")
    course = root / "course"
    build(f.FIXTURE_MODULES, course, roster=f.roster_csv(root / "roster.csv", ["ana", "ben"]))
    return course


@pytest.fixture
def notebook(course) -> str:
    return nbformat.writes(nbformat.read(course / "release" / f.MODULE / f.NOTEBOOK, as_version=4))


def make_zip(path, entries: dict[str, str]):
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return path


def test_bad_names_are_refused_and_good_files_imported(course, notebook, tmp_path):
    """Are unknown trainees and modules, path traversal and stray files each explained?"""
    archive = make_zip(
        tmp_path / "in.zip",
        {
            f"ana/{f.MODULE}/{f.NOTEBOOK}": notebook,
            f"ana/{f.MODULE}/roleplay-warm-line-crisis.json": "{}",
            f"zed/{f.MODULE}/{f.NOTEBOOK}": notebook,
            f"ben/99-unknown/{f.NOTEBOOK}": notebook,
            f"../x/{f.MODULE}/{f.NOTEBOOK}": notebook,
            f"ben/{f.MODULE}/essay.docx": "not a notebook",
            f"ben/{f.MODULE}/other.ipynb": notebook,
            "ben.ipynb": notebook,
        },
    )
    result = collect(course, archive)
    assert result.imported == [("ana", f.MODULE)]
    problems = "\n".join(result.problems)
    assert (
        "'zed' is not a trainee on the course roster. Known trainees: 'ana' and 'ben'." in problems
    )
    assert (
        "'99-unknown' is not a module of this course. Known modules: '01-fixture-basics'."
        in problems
    )
    assert f"../x/{f.MODULE}/{f.NOTEBOOK}: the path leaves the submission folder" in problems
    assert "essay.docx: not a notebook" in problems
    assert "has no notebook called 'other.ipynb'" in problems
    assert "ben.ipynb: expected <trainee>/<module>/<file>" in problems
    assert len(result.problems) == 6
    submitted = course / "submitted"
    assert sorted(p.name for p in (submitted / "ana" / f.MODULE).iterdir()) == [
        f.NOTEBOOK, "roleplay-warm-line-crisis.json", "timestamp.txt"
    ]  # fmt: skip
    assert not (submitted / "zed").exists() and not (submitted / "ben").exists()
    assert not (course.parent / "x").exists()


def test_resubmission_replaces_the_previous_one_whole(course, notebook, tmp_path):
    """Does a new import replace the trainee's folder, keeping its own timestamp?"""
    folder = tmp_path / "in" / "ben" / f.MODULE
    f.write_submission(folder, notebook, f.ON_TIME)
    (folder / "roleplay-warm-line-crisis.json").write_text("{}", encoding="utf-8")
    collect(course, tmp_path / "in")
    (folder / "roleplay-warm-line-crisis.json").unlink()
    f.write_submission(folder, notebook, f.LATE)
    assert collect(course, tmp_path / "in").imported == [("ben", f.MODULE)]
    target = course / "submitted" / "ben" / f.MODULE
    assert (target / "timestamp.txt").read_text() == f.LATE
    assert not (target / "roleplay-warm-line-crisis.json").exists()


def test_a_source_that_is_neither_folder_nor_zip(course, tmp_path):
    """Is a plain file or a missing path refused with its name?"""
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(SubmissionError, match=r"notes.txt: expected a folder or a \.zip"):
        collect(course, tmp_path / "notes.txt")
    with pytest.raises(SubmissionError, match="no such folder or zip"):
        collect(course, tmp_path / "missing")


def test_unknown_module_filter(course):
    """Is an unknown --module named with the known ones?"""
    with pytest.raises(UnknownNameError, match="'02-nope' is not a module of this course"):
        collect(course, modules=["02-nope"])


def test_a_zip_bomb_is_refused_before_unpacking(course, tmp_path):
    """Is a 40 x 50 MB zip of zeros refused whole, with a clear message, in little memory?"""
    bomb = f.zip_bomb(tmp_path / "bomb.zip", "ana", 40, 50 * 2**20)
    assert bomb.stat().st_size < 3 * 2**20
    before = sorted((course / "submitted").rglob("*"))
    tracemalloc.start()
    try:
        with pytest.raises(SubmissionError, match=r"would unpack to 2000 MB \(at most 512 MB"):
            collect(course, bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 2**20
    assert sorted((course / "submitted").rglob("*")) == before


def test_too_many_zip_entries_are_refused(course, tmp_path, monkeypatch):
    """Is a zip with more entries than allowed refused before anything is read?"""
    monkeypatch.setattr("grading.grade.collect.MAX_MEMBERS", 5)
    archive = make_zip(
        tmp_path / "many.zip", {f"ana/{f.MODULE}/roleplay-{n}.json": "{}" for n in range(6)}
    )
    with pytest.raises(SubmissionError, match="holds 6 entries"):
        collect(course, archive)


def test_links_fifos_and_folders_are_refused_from_a_folder(course, notebook, tmp_path):
    """Are symlinks, hard links, FIFOs and sub-folders (a grading/ package) refused by name,
    while the regular notebook arrives?"""
    inbox = tmp_path / "in"
    folder = inbox / "ana" / f.MODULE
    folder.mkdir(parents=True)
    (folder / f.NOTEBOOK).write_text(notebook, encoding="utf-8")
    secret = tmp_path / "secret.json"
    secret.write_text("{}", encoding="utf-8")
    (folder / "roleplay-linked.json").symlink_to(secret)
    os.link(secret, folder / "roleplay-hard.json")
    os.mkfifo(folder / "roleplay-pipe.json")
    (folder / "grading").mkdir()
    (folder / "grading" / "__init__.py").write_text("raise SystemExit", encoding="utf-8")
    result = collect(course, inbox)
    problems = "\n".join(result.problems)
    assert result.imported == [("ana", f.MODULE)]
    assert "roleplay-linked.json: a symbolic link, not a regular file" in problems
    assert "roleplay-hard.json: a hard link to another file, not a regular file" in problems
    assert "roleplay-pipe.json: a FIFO (named pipe), not a regular file" in problems
    assert f"ana/{f.MODULE}/grading: a folder, not a regular file" in problems
    kept = sorted(p.name for p in (course / "submitted" / "ana" / f.MODULE).iterdir())
    assert kept == [f.NOTEBOOK, "timestamp.txt"]


def test_a_symlink_in_a_zip_is_refused(course, notebook, tmp_path):
    """Is a zip entry stored as a symbolic link refused like one in a folder?"""
    archive = tmp_path / "links.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(f"ben/{f.MODULE}/{f.NOTEBOOK}", notebook)
        link = zipfile.ZipInfo(f"ben/{f.MODULE}/roleplay-x.json")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zipped.writestr(link, "/etc/passwd")
    result = collect(course, archive)
    assert result.imported == [("ben", f.MODULE)]
    assert "roleplay-x.json: a symbolic link, not a regular file" in "\n".join(result.problems)


@pytest.fixture
def exchange_course(tmp_path):
    """A fresh course whose inbound folder each test fills like `nbgrader submit` does."""
    course = tmp_path / "course"
    build(f.FIXTURE_MODULES, course, roster=f.roster_csv(tmp_path / "roster.csv", ["ana", "ben"]))
    return course


def inbound(course, trainee: str, stamp: str, files: dict[str, str]) -> Path:
    """An inbound folder named as nbgrader names it, holding `files`."""
    folder = inbound_folder(course) / f"{trainee}+{f.MODULE}+{stamp}+Xy12"
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


NOW = "2026-01-05 10:00:00.000000 UTC"


def test_exchange_links_are_refused_and_the_victims_text_never_collected(exchange_course, notebook):
    """Is a notebook replaced by a symlink to another trainee's submission, or to the
    source notebook, refused, while the victim's own submission is collected as theirs?"""
    victim = inbound(exchange_course, "ana", NOW, {f.NOTEBOOK: notebook + " "})
    attacker = inbound(exchange_course, "ben", NOW, {})
    (attacker / f.NOTEBOOK).symlink_to(victim / f.NOTEBOOK)
    (attacker / "roleplay-a.json").symlink_to(exchange_course / "source" / f.MODULE / f.NOTEBOOK)
    os.link(exchange_course / "gradebook.db", attacker / "roleplay-b.json")
    result = collect(exchange_course)
    problems = "\n".join(result.problems)
    assert f"ben/{f.MODULE}/{f.NOTEBOOK}: a symbolic link, not a regular file" in problems
    assert f"ben/{f.MODULE}/roleplay-a.json: a symbolic link" in problems
    assert f"ben/{f.MODULE}/roleplay-b.json: a hard link to another file" in problems
    assert result.imported == [("ana", f.MODULE)]
    assert not (exchange_course / "submitted" / "ben").exists()


def test_one_bad_inbound_folder_never_stops_collect_for_everyone(exchange_course, notebook):
    """Are a malformed name, a bad timestamp, a future date, a FIFO named like the notebook
    and a symlinked folder each skipped and reported, while good submissions arrive?"""
    inbound(exchange_course, "ana", NOW, {f.NOTEBOOK: notebook})
    box = inbound_folder(exchange_course)
    (box / f"ben+{f.MODULE}+not-a-time").mkdir()
    (box / "just-a-folder").mkdir()
    future = inbound(exchange_course, "ben", "2099-01-01 00:00:00.000000 UTC", {})
    (future / f.NOTEBOOK).write_text(notebook, encoding="utf-8")
    piped = inbound(exchange_course, "ben", "2026-01-04 10:00:00.000000 UTC", {})
    os.mkfifo(piped / f.NOTEBOOK)
    (box / f"ana+{f.MODULE}+{NOW}+link").symlink_to(future)
    result = collect(exchange_course)
    problems = "\n".join(result.problems)
    assert (
        f"ben+{f.MODULE}+not-a-time: skipped: its timestamp 'not-a-time' cannot be read" in problems
    )
    assert "just-a-folder: skipped: the name is not <trainee>+<module>+<timestamp>" in problems
    assert "claims a time in the future (2099-01-01" in problems
    assert f"ben/{f.MODULE}/{f.NOTEBOOK}: a FIFO (named pipe), not a regular file" in problems
    assert "+link: skipped: not a folder" in problems
    assert result.imported == [("ana", f.MODULE)]


def test_the_server_clock_dates_an_exchange_submission(exchange_course, notebook):
    """Is the time recorded the server's (when the files arrived), not the one in the name,
    and is an unchanged submission not collected twice?"""
    inbound(exchange_course, "ana", "2020-01-01 00:00:00.000000 UTC", {f.NOTEBOOK: notebook})
    (
        inbound_folder(exchange_course)
        / f"ana+{f.MODULE}+2020-01-01 00:00:00.000000 UTC+Xy12"
        / "timestamp.txt"
    ).write_text("2020-01-01 00:00:00.000000 UTC")
    assert collect(exchange_course).imported == [("ana", f.MODULE)]
    stamp = (exchange_course / "submitted" / "ana" / f.MODULE / "timestamp.txt").read_text()
    assert datetime.fromisoformat(stamp) > datetime.now(UTC) - timedelta(minutes=5)
    assert collect(exchange_course).imported == []


def test_a_folder_owned_by_another_account_cannot_submit_as_someone_else(exchange_course, notebook):
    """On a hub, is the submitter the inbound folder's owner: a folder named for ana but
    owned by another account refused, one owned by the named account taken?"""
    forged = inbound(exchange_course, "ana", NOW, {f.NOTEBOOK: notebook})
    os.chown(forged, 65534, 65534)  # an account that is not ana's (nobody)
    own = inbound(exchange_course, "root", NOW, {f.NOTEBOOK: notebook})
    scan = scan_inbound(inbound_folder(exchange_course), [f.MODULE], collector_uid=12345)
    assert list(scan.latest) == [("root", f.MODULE)]
    assert scan.latest["root", f.MODULE].folder == own
    (problem,) = scan.problems
    assert "names trainee 'ana' but belongs to account 'nobody'" in problem


def _state(course, trainee: str) -> tuple:
    """The trainee's gradebook score and submitted files, for before/after comparisons."""
    from nbgrader.api import Gradebook

    from grading.course.coursedir import gradebook_url

    with Gradebook(gradebook_url(course)) as gradebook:
        score = gradebook.find_submission(f.MODULE, trainee).score
    folder = course / "submitted" / trainee / f.MODULE
    return score, {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_graded_work_is_never_silently_replaced(exchange_course, tmp_path):
    """Issue 17: is a re-upload over graded work refused with what would change; with
    --replace, does a rejected re-upload leave the earlier grade counting, and a clean one
    take its place?"""
    from grading.grade.autograde import Limits, run

    course = exchange_course
    release_nb = course / "release" / f.MODULE / f.NOTEBOOK
    full = nbformat.writes(f.answered(release_nb, f.FULL))
    folder = tmp_path / "in" / "ana" / f.MODULE
    f.write_submission(folder, full, f.ON_TIME)
    assert collect(course, tmp_path / "in").imported == [("ana", f.MODULE)]
    limits = Limits(cell_timeout=10)
    run(course, workers=1, limits=limits, show_progress=False)
    graded = _state(course, "ana")
    assert graded[0] == 5.0

    (folder / f.NOTEBOOK).write_text("{ damaged", encoding="utf-8")
    refused = collect(course, tmp_path / "in")
    assert refused.imported == []
    (problem,) = refused.problems
    assert "ana/01-fixture-basics: already autograded (5/7); not replaced" in problem
    assert f"would change {f.NOTEBOOK}" in problem and "--replace" in problem
    assert _state(course, "ana") == graded

    assert collect(course, tmp_path / "in", replace=True).imported == [("ana", f.MODULE)]
    (outcome,) = run(course, workers=1, limits=limits, show_progress=False).results
    assert (outcome.status, outcome.score) == ("graded", 5.0)
    assert "a re-upload was rejected" in outcome.reason
    assert "the earlier graded submission still counts" in outcome.reason
    assert _state(course, "ana") == graded
    rejected = course / "submitted" / "ana" / f".{f.MODULE}.rejected" / f.NOTEBOOK
    assert rejected.read_text(encoding="utf-8") == "{ damaged"

    crashing = dict(f.FULL, open_q1="import os\nos._exit(3)\n")
    f.write_submission(folder, nbformat.writes(f.answered(release_nb, crashing)), f.ON_TIME)
    assert collect(course, tmp_path / "in", replace=True).imported == [("ana", f.MODULE)]
    (outcome,) = run(course, workers=1, limits=limits, show_progress=False).results
    assert (outcome.status, outcome.score) == ("graded", 5.0)
    assert "a re-upload failed" in outcome.reason and "still counts" in outcome.reason
    assert _state(course, "ana") == graded

    partial = dict(f.FULL, open_q1=f.choice("open_q1_choice", "A"))
    f.write_submission(folder, nbformat.writes(f.answered(release_nb, partial)), f.ON_TIME)
    assert collect(course, tmp_path / "in", replace=True).imported == [("ana", f.MODULE)]
    (outcome,) = run(course, workers=1, limits=limits, show_progress=False).results
    assert (outcome.status, outcome.score, outcome.reason) == ("graded", 3.0, "")
    assert not (course / "submitted" / "ana" / f".{f.MODULE}.graded").exists()


def test_an_unreadable_inbound_folder_is_reported_and_skipped():
    """Collecting as an ordinary account (a hub's grader), is a submission folder it may not
    read (0700, another owner) skipped with a reason while the others are collected?"""
    with tempfile.TemporaryDirectory(dir="/tmp") as shared:  # pytest's own is root-only
        _check_unreadable_folder(Path(shared))


def _check_unreadable_folder(tmp_path: Path) -> None:
    inbox = tmp_path / "inbound"
    inbox.mkdir()
    for account, mode in (("daemon", 0o700), ("bin", 0o755)):  # trainees with own accounts
        folder = inbox / f"{account}+{f.MODULE}+{NOW}"
        folder.mkdir()
        (folder / f.NOTEBOOK).write_text("{}", encoding="utf-8")
        folder.chmod(mode)
        uid = pwd.getpwnam(account).pw_uid
        for path in (folder, folder / f.NOTEBOOK):
            os.chown(path, uid, uid)
    for path in (tmp_path, inbox):
        path.chmod(0o755)
    import nbgrader.utils  # noqa: F401 - imported while the Python files are readable

    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # the grader's account: not root, and not the folders' owner
        try:
            os.setgroups([])
            os.setresgid(65534, 65534, 65534)
            os.setresuid(65534, 65534, 65534)
            scan = scan_inbound(inbox, [f.MODULE])
            answer = [sorted(scan.latest), scan.problems]
        except BaseException as error:  # reported to the parent
            answer = [[], [repr(error)]]
        finally:
            os.write(writer, json.dumps(answer).encode())
            os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as answer:
        latest, problems = json.loads(answer.read())
    os.waitpid(child, 0)
    assert latest == [["bin", f.MODULE]], problems
    (problem,) = problems
    assert f"daemon+{f.MODULE}+{NOW}: skipped: it cannot be read (Permission denied)" in problem


def test_at_most_twenty_transcripts_per_submission_are_collected(course, notebook, tmp_path):
    """Every report replays every transcript (up to 1,000 turns, seconds each): 200 copies in
    one submission slowed every report for the whole course. The first 20 by name are
    collected, and the trainer is told how many were left out."""
    folder = tmp_path / "in" / "ana" / f.MODULE
    f.write_submission(folder, notebook, f.ON_TIME)
    for number in range(200):
        (folder / f"roleplay-{number:03}.json").write_text("{}", encoding="utf-8")
    result = collect(course, tmp_path / "in")
    assert result.imported == [("ana", f.MODULE)]
    kept = sorted(p.name for p in (course / "submitted" / "ana" / f.MODULE).glob("roleplay-*"))
    assert kept == [f"roleplay-{number:03}.json" for number in range(20)]
    assert any("200 role-play transcripts; 180 left out" in p for p in result.problems)


def test_a_file_name_too_long_for_the_disk_skips_only_that_file(course, notebook, tmp_path):
    """A zip entry named with 400 characters made the whole submission fail to import ("File
    name too long"), the notebook with it; only that file is skipped now, with its reason."""
    long_name = "roleplay-" + "x" * 400 + ".json"
    archive = make_zip(
        tmp_path / "long.zip",
        {f"ben/{f.MODULE}/{f.NOTEBOOK}": notebook, f"ben/{f.MODULE}/{long_name}": "{}"},
    )
    result = collect(course, archive, replace=True)
    assert result.imported == [("ben", f.MODULE)]
    assert any("name is longer than 255 bytes" in p for p in result.problems)


def test_a_zip_with_two_files_of_one_name_is_not_guessed_between(course, notebook, tmp_path):
    """Two entries with the same path (a notebook, then a damaged copy) silently imported the
    last one; the submission is left out, naming the file, so the trainer can choose."""
    archive = tmp_path / "twice.zip"
    with zipfile.ZipFile(archive, "w") as zipped, pytest.warns(UserWarning, match="Duplicate"):
        zipped.writestr(f"ana/{f.MODULE}/{f.NOTEBOOK}", notebook)
        zipped.writestr(f"ana/{f.MODULE}/{f.NOTEBOOK}", "not a notebook")
    result = collect(course, archive, replace=True)
    assert result.imported == []
    assert any(f"ana/{f.MODULE}: two files named {f.NOTEBOOK}" in p for p in result.problems)
