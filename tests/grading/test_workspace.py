"""The trainee workspace: are released modules copied in without ever overwriting work?"""

from __future__ import annotations

import nbformat
import pytest

from grading.course.workspace import setup_workspace
from grading.errors import CourseBuildError


@pytest.fixture
def course(tmp_path):
    module = tmp_path / "course" / "release" / "01-motivational-interviewing"
    module.mkdir(parents=True)
    (module / "lesson.ipynb").write_text("released v1")
    (module / "data.csv").write_text("a,b")
    return tmp_path / "course"


def test_release_is_copied_into_the_workspace(course, tmp_path):
    """Does a first run copy every released file, keeping the module folders?"""
    result = setup_workspace(course, tmp_path / "workspace", modules_dir=tmp_path / "none")
    names = sorted(p.relative_to(tmp_path / "workspace").as_posix() for p in result.added)
    assert names == [
        "01-motivational-interviewing/data.csv",
        "01-motivational-interviewing/lesson.ipynb",
    ]


def test_trainee_work_is_never_overwritten(course, tmp_path):
    """After the trainee answers, does a rebuild keep their notebook and add only new files?"""
    workspace = tmp_path / "workspace"
    setup_workspace(course, workspace, modules_dir=tmp_path / "none")
    answered = workspace / "01-motivational-interviewing" / "lesson.ipynb"
    answered.write_text("my answers")
    (course / "release" / "01-motivational-interviewing" / "lesson.ipynb").write_text("v2")
    (course / "release" / "01-motivational-interviewing" / "extra.ipynb").write_text("new")
    result = setup_workspace(course, workspace, modules_dir=tmp_path / "none")
    assert answered.read_text() == "my answers"
    assert [p.name for p in result.added] == ["extra.ipynb"]
    assert answered in result.kept


def test_free_practice_folder_is_included(course, tmp_path):
    """Is modules/practice copied beside the released modules?"""
    practice = tmp_path / "modules" / "practice"
    practice.mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(), practice / "free-practice.ipynb")
    setup_workspace(course, tmp_path / "workspace", modules_dir=tmp_path / "modules")
    assert (tmp_path / "workspace" / "practice" / "free-practice.ipynb").exists()


def test_unbuilt_course_says_what_to_run(tmp_path):
    """Without a built course, does the error say to build it first?"""
    with pytest.raises(CourseBuildError, match="python -m grading build"):
        setup_workspace(tmp_path / "nothing", tmp_path / "workspace")
