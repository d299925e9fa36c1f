"""The trainee lab's Assignments tab, through nbgrader's own server-side code (no browser).

The real-browser walk (tests/browser/test_trainee_browser.py) clicks the same buttons; this test
checks the config `grading.course.trainee_lab` writes against nbgrader's assignment-list
manager, with the server started outside the workspace, as `make lab` starts it from the
project folder.
"""

from __future__ import annotations

import pytest

from grading.course.build import COURSE_ID, build, release
from grading.course.coursedir import trainee_ids
from grading.course.trainee_lab import SUBMISSION_CACHE, main
from grading.course.workspace import setup_workspace
from grading.grade.collect import collect
from tests.grading import factories as f


@pytest.fixture
def lab(tmp_path, monkeypatch):
    """`make lab` without JupyterLab: course, workspace, release, lab config; server cwd apart."""
    course, workspace = tmp_path / "course", tmp_path / "workspace"
    build(f.FIXTURE_MODULES, course)
    setup_workspace(course, workspace, f.FIXTURE_MODULES)
    release(course)
    main(["--course", str(course), "--workspace", str(workspace)])
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(workspace / ".jupyter"))
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)  # the server's working folder is not the workspace
    return course, workspace


def _assignments(workspace):
    from nbgrader.server_extensions.assignment_list.handlers import AssignmentList

    manager = AssignmentList()
    manager.root_dir = str(workspace)
    return manager


def test_workspace_modules_are_listed_as_fetched_and_a_submission_is_collected(lab):
    """Does the tab list the workspace's module as fetched (so it offers Submit, not Fetch), list
    each submission with its time, and does `grading collect` take the newest for this
    account?"""
    course, workspace = lab
    manager = _assignments(workspace)
    listed = manager.list_assignments(course_id=COURSE_ID)
    assert listed["success"], listed
    [module] = listed["value"]
    assert (module["assignment_id"], module["status"]) == (f.MODULE, "fetched")
    assert module["path"] == f.MODULE  # the workspace's own folder, relative to the lab's root

    for _ in range(2):
        assert manager.submit_assignment(COURSE_ID, f.MODULE) == {"success": True}
    listed = manager.list_assignments(course_id=COURSE_ID)["value"]
    [submitted] = [entry for entry in listed if entry["status"] == "submitted"]
    assert len(submitted["submissions"]) == 2
    assert all(s["timestamp"].endswith("UTC") for s in submitted["submissions"])
    assert (workspace / SUBMISSION_CACHE / COURSE_ID).is_dir()

    result = collect(course)
    [trainee] = trainee_ids(course)
    assert result.imported == [(trainee, f.MODULE)], result.problems
    assert (course / "submitted" / trainee / f.MODULE / f.NOTEBOOK).is_file()


def test_a_module_released_later_is_fetched_into_the_workspace(lab):
    """Is a module not yet in the workspace listed as released, and does Fetch put it there?"""
    workspace = lab[1]
    (workspace / f.MODULE).rename(workspace / "elsewhere")
    manager = _assignments(workspace)
    [module] = manager.list_assignments(course_id=COURSE_ID)["value"]
    assert module["status"] == "released"
    assert manager.fetch_assignment(COURSE_ID, f.MODULE) == {"success": True}
    assert (workspace / f.MODULE / f.NOTEBOOK).is_file()
    [module] = manager.list_assignments(course_id=COURSE_ID)["value"]
    assert module["status"] == "fetched"


def test_lab_setup_puts_this_account_on_the_roster_once(lab):
    """Is the account running the lab on the roster (nbgrader submits under its name), and does
    running `make lab` again leave one entry?"""
    course, workspace = lab
    main(["--course", str(course), "--workspace", str(workspace)])
    from nbgrader.utils import get_username

    assert trainee_ids(course) == [get_username()]
