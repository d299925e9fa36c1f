"""Pre-validation: is each kind of corrupt submission caught with a clear reason?"""

from __future__ import annotations

import nbformat
import pytest

from grading.grade.validate import problems_with
from tests.grading import factories as f

SOURCE = f.FIXTURE_MODULES / f.MODULE


@pytest.fixture
def submission(tmp_path):
    folder = tmp_path / "ana" / f.MODULE
    folder.mkdir(parents=True)
    return folder


def test_an_intact_notebook_passes(submission):
    """Does the source notebook itself pass (nothing deleted, no type changed)?"""
    nbformat.write(nbformat.read(SOURCE / f.NOTEBOOK, as_version=4), submission / f.NOTEBOOK)
    assert problems_with(submission, SOURCE) == []


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"cells": [', "not valid notebook JSON"),
        (b"\xff\xfe\x00binary", "not a text file"),
        (b"[1, 2, 3]", "cannot be read as a notebook"),
    ],
)
def test_damaged_files(submission, content, reason):
    """Are broken JSON, binary files and foreign JSON refused by name?"""
    (submission / f.NOTEBOOK).write_bytes(content)
    assert problems_with(submission, SOURCE) == [f"{f.NOTEBOOK}: {reason}"] or reason in str(
        problems_with(submission, SOURCE)
    )


def test_changed_cell_type_and_deleted_cell(submission):
    """Are a changed cell type (nbgrader #1941) and a deleted grade cell both reported?"""
    notebook = nbformat.read(SOURCE / f.NOTEBOOK, as_version=4)
    notebook.cells[2] = nbformat.v4.new_raw_cell("B", metadata=notebook.cells[2].metadata)
    del notebook.cells[8]
    nbformat.write(notebook, submission / f.NOTEBOOK)
    assert problems_with(submission, SOURCE) == [
        f"{f.NOTEBOOK}: cell grade_id=open_q1 was changed from code to raw "
        "(nbgrader cannot grade a changed cell type)",
        f"{f.NOTEBOOK}: cell grade_id=opening_q3 was deleted",
    ]


def test_no_notebook_at_all(submission):
    """Is a submission without the module's notebook refused?"""
    (submission / "timestamp.txt").write_text(f.ON_TIME)
    assert problems_with(submission, SOURCE) == [
        f"no notebook of the module was submitted (expected {f.NOTEBOOK})"
    ]


def test_a_deeply_nested_notebook_is_refused_before_parsing(submission):
    """Is a 200 KB notebook of nested brackets a located reason, not a RecursionError text?"""
    (submission / f.NOTEBOOK).write_bytes(b'{"cells": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    (problem,) = problems_with(submission, SOURCE)
    assert f.NOTEBOOK in problem and "nested 100001 levels deep; the limit is 64" in problem
    assert "recursion" not in problem
