"""Do the organization's crisis line, warm line and local services reach the trainees?"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from typer.testing import CliRunner

from grading.cli import app
from grading.course.build import render_notebook, unused_settings
from grading.course.org import install_profile, load_org
from grading.course.workspace import setup_workspace
from tests.grading import factories as f

ROOT = Path(__file__).resolve().parents[2]
COUNTY = ROOT / "examples/org/county-behavioral-health/org.yaml"
LESSONS = {
    "linking": ROOT / "modules/02-role-clarity/1-peer-role-and-scope.ipynb",
    "crisis response": ROOT / "modules/05-wellness-and-crisis/2-warm-lines-and-crisis.ipynb",
    "advocacy and linking": ROOT
    / "modules/10-advocacy-and-linking/2-housing-benefits-work-and-linking.ipynb",
}


@pytest.fixture(scope="module")
def county():
    return load_org(COUNTY, ROOT / "modules")


def text_of(notebook: nbformat.NotebookNode) -> str:
    return "\n".join(cell.source for cell in notebook.cells)


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_local_service_is_named_where_it_is_taught(county, lesson):
    """Does the lesson list each local service with its contact, and both lines?"""
    text = text_of(render_notebook(LESSONS[lesson], county))
    assert county.local_resources
    for resource in county.local_resources:
        assert f"**{resource.name}** ({resource.contact}): {resource.description}" in text
    assert county.crisis_line in text and county.warm_line in text


def test_a_profile_without_services_says_whom_to_ask():
    """With no local_resources, does the lesson tell the trainee to ask their supervisor?"""
    org = load_org(None)
    text = text_of(render_notebook(LESSONS["linking"], org))
    assert f"ask your {org.supervisor_title} which ones you will use most" in text


def test_the_practice_notebook_in_the_workspace_names_the_services(county, tmp_path):
    """Is the free-practice notebook rendered with the course's profile when copied?"""
    course = tmp_path / "course"
    (course / "release").mkdir(parents=True)
    install_profile(county, course, always_scenarios=True)
    result = setup_workspace(course, tmp_path / "workspace", ROOT / "modules")
    practice = tmp_path / "workspace" / "practice" / "free-practice.ipynb"
    assert practice in result.added
    text = text_of(nbformat.read(practice, as_version=4))
    assert "{{" not in text and "{%" not in text
    for resource in county.local_resources:
        assert resource.name in text
    assert county.warm_line in text


def test_no_example_setting_goes_unused(county):
    """Does every setting of the example profiles reach a lesson or the grading code?"""
    lessons = sorted((ROOT / "modules").glob("*/*.ipynb"))
    rco = load_org(ROOT / "examples/org/recovery-community-center/org.yaml", ROOT / "modules")
    assert unused_settings(county, lessons) == []
    assert unused_settings(rco, lessons) == []


def test_build_warns_about_a_setting_no_lesson_uses(tmp_path):
    """Does `grading build` name each org.yaml setting that no lesson of the course uses?"""
    profile = tmp_path / "org.yaml"
    profile.write_text(
        "name: Test Center\nstate: Lakeland\nlocal_resources:\n"
        "  - name: Food pantry\n    contact: 555-0142\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app,
        [
            *("build", "--modules", str(f.FIXTURE_MODULES)),
            *("--course", str(tmp_path / "course"), "--org", str(profile)),
        ],
    )
    output = " ".join(result.output.split())
    assert result.exit_code == 0, output
    for name in ("local_resources", "state"):
        assert f"warning: the organization profile sets {name}, but no lesson uses it" in output
    assert "sets name," not in output  # used by the grading code (reports, records)
