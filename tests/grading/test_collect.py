"""Importing submissions: is every bad name refused clearly while good files still arrive?"""

from __future__ import annotations

import zipfile

import nbformat
import pytest

from grading.collect import collect
from grading.course import build
from grading.errors import SubmissionError
from grading.names import UnknownNameError
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
    assert "'zed' is not on the course roster" in problems
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
