"""Course build and release: rendering, config, atomic rebuilds, roster checks."""

from __future__ import annotations

import shutil

import nbformat
import pytest

from grading.course.build import build, release
from grading.course.org import load_org
from grading.errors import CourseBuildError
from tests.grading import factories as f

ORG_YAML = """\
name: Riverbend Recovery Community
people_served: {singular: participant, plural: participants}
crisis_line: Riverbend Crisis Team (555-0100)
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture module built for a custom organization, with a transcript in the source."""
    root = tmp_path_factory.mktemp("course")
    modules = root / "modules"
    shutil.copytree(f.FIXTURE_MODULES, modules)
    (modules / f.MODULE / "roleplay-warm-line-crisis.json").write_text("{}", encoding="utf-8")
    (root / "org.yaml").write_text(ORG_YAML, encoding="utf-8")
    course = root / "course"
    result = build(
        modules, course, load_org(root / "org.yaml"), f.roster_csv(root / "r.csv", ["ana"])
    )
    release(course)
    return root, course, result


def release_text(course) -> str:
    return (course / "release" / f.MODULE / f.NOTEBOOK).read_text(encoding="utf-8")


def test_placeholders_are_rendered_with_the_org_profile(built):
    """Does the release speak the organization's words, with no placeholder left?"""
    _, course, result = built
    text = release_text(course)
    assert "Riverbend Recovery Community" in text
    assert "Riverbend Crisis Team (555-0100)" in text and "A participant says" in text
    assert "{{" not in text and "{%" not in text
    assert result.modules == [f.MODULE] and result.trainees == 1


def test_release_keeps_an_empty_answer_and_drops_solutions_and_hidden_tests(built):
    """Does a trainee see `open_q1_choice = ""` with no solution and no hidden test?"""
    text = release_text(built[1])
    assert 'open_q1_choice = \\"\\"' in text
    assert "NotImplementedError" not in text
    assert f.SOLUTION_PROSE not in text and "HIDDEN TESTS" not in text
    assert '"B"' not in text.split("Question 1")[1].split("Question 2")[0].replace("B.", "")


def test_nbgrader_config(built):
    """Does the course config carry the stub, the exchange and the feedback clean-up?"""
    config = (built[1] / "nbgrader_config.py").read_text(encoding="utf-8")
    assert 'c.ClearSolutions.code_stub = {"python": ""}' in config
    assert "c.Exchange.path_includes_course = True" in config
    assert str(built[1] / "exchange") in config
    assert "{'01-fixture-basics': ['roleplay-warm-line-crisis.json']}" in config
    assert config.index("TidyTestOutputs") < config.index("ClearHiddenTests")


def test_release_reaches_the_exchange(built):
    """Is the module in the exchange's outbound folder for the course?"""
    outbound = built[1] / "exchange" / "peer-support" / "outbound" / f.MODULE / f.NOTEBOOK
    assert outbound.is_file()


def test_unknown_placeholder_fails_clearly_and_keeps_the_previous_build(built):
    """Does a typo in a placeholder name the cell and leave the built course untouched?"""
    root, course, _ = built
    broken = root / "broken"
    shutil.copytree(root / "modules", broken)
    path = broken / f.MODULE / f.NOTEBOOK
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[4].source = notebook.cells[4].source.replace("org.people_served", "org.peple")
    nbformat.write(notebook, path)
    before = release_text(course)
    with pytest.raises(
        CourseBuildError, match=r"basics.ipynb, cell 5 \(grade_id=crisis_q2_prompt\)"
    ):
        build(broken, course)
    assert release_text(course) == before
    assert (course / "gradebook.db").is_file()
    assert not list(root.glob(".course.building*"))


@pytest.mark.parametrize(
    ("roster", "message"),
    [("id,email\n../x,a@b.org\n", r"line 2: '../x' is not a valid trainee id"),
     ("name\nana\n", r"line 2: the id column is empty or missing")],
)  # fmt: skip
def test_bad_roster_is_refused_before_building(tmp_path, roster, message):
    """Does a roster with a bad id stop the build with the line number?"""
    (tmp_path / "roster.csv").write_text(roster, encoding="utf-8")
    with pytest.raises(CourseBuildError, match=message):
        build(f.FIXTURE_MODULES, tmp_path / "course", roster=tmp_path / "roster.csv")
    assert not (tmp_path / "course").exists()


def test_missing_modules_folder(tmp_path):
    """Is a wrong modules folder named in the error?"""
    with pytest.raises(CourseBuildError, match="no such modules folder"):
        build(tmp_path / "nowhere", tmp_path / "course")


def test_a_course_without_submissions_still_reports(built, tmp_path):
    """Does a fresh course (a trainee, nothing handed in) give a report with zero hours?"""
    from grading.report.write import report

    files = report(built[1], tmp_path / "reports")
    assert "not submitted" in files.csv_dir.joinpath("submissions.csv").read_text()
    assert files.csv_dir.joinpath("hours.csv").read_text().splitlines()[1].startswith("ana,0,0.0")
