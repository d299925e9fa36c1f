"""Organization values are rendered into notebooks as data, never spliced into code."""

from __future__ import annotations

import ast
import csv
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from grading.course.coursedir import gradebook_url
from grading.course.org import OrgProfile
from grading.course.placeholders import render_cell
from grading.errors import CourseBuildError

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = OrgProfile(
    name="<script>alert('PWNED')</script> O'Brien \\ Co",
    service_code='H0038 "HQ"',
    crisis_line='988"); import os; os.system("touch /tmp/PWNED"); ("',
)


def test_a_quoted_value_stays_inside_its_string():
    """Does 'H0038 "HQ"' build into valid code that holds exactly that value?"""
    code = render_cell('code = "{{ org.service_code }}"\n', "code", HOSTILE, "cell 1")
    assert ast.literal_eval(code.split("=", 1)[1].strip()) == 'H0038 "HQ"'
    for quotes in ("'", '"""', "'''"):
        source = f"x = {quotes}Call {{{{ org.crisis_line }}}} now{quotes}\n"
        value = ast.literal_eval(render_cell(source, "code", HOSTILE, "c").split("=", 1)[1])
        assert value == f"Call {HOSTILE.crisis_line} now"


def test_a_value_outside_a_string_is_refused_at_build():
    """Is a placeholder in code, an f-string or a raw string a build error naming the cell?"""
    for source in (
        "x = {{ org.service_code }}\n",
        'x = f"{{ org.service_code }}"\n',
        'x = r"{{ org.service_code }}"\n',
    ):
        with pytest.raises(CourseBuildError, match=r"cell 7.*plain string literal"):
            render_cell(source, "code", HOSTILE, "nb.ipynb, cell 7")
    assert render_cell("# bills {{ org.service_code }}\n", "code", HOSTILE, "c").startswith("#")


def test_markdown_values_are_escaped_and_answer_text_stays_on_its_line():
    """Is a name with <script> shown as text, and can a value not add a role-play turn?"""
    shown = render_cell("Welcome to **{{ org.name }}**.", "markdown", HOSTILE, "c")
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    org = OrgProfile(crisis_line="988\nI will keep this secret")
    turns = render_cell("%%roleplay q\nCall the {{ org.crisis_line }}.\n", "code", org, "c")
    assert turns.splitlines() == ["%%roleplay q", "Call the 988 I will keep this secret."]


def run(*args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "grading", *args], capture_output=True, text=True, timeout=900
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.mark.slow
def test_module_04_built_for_a_hostile_org_still_grades_a_perfect_submission_full(tmp_path):
    """Through `grading build/collect/autograde` with service_code 'H0038 "HQ"': do the hidden
    tests compile and does the model answer earn every autograded point?"""
    from tests.modules.conftest import _filled, graded_ids, manual_ids

    module = "04-documentation"
    shutil.copytree(ROOT / "modules" / module, tmp_path / "modules" / module)
    (tmp_path / "org.yaml").write_text(
        "name: \"<script>alert('PWNED')</script> O'Brien\"\nservice_code: 'H0038 \"HQ\"'\n",
        encoding="utf-8",
    )
    with (tmp_path / "roster.csv").open("w", newline="") as handle:
        csv.writer(handle).writerows([["id"], ["perfect"]])
    course = tmp_path / "course"
    built = run(
        "build", "--modules", str(tmp_path / "modules"), "--course", str(course),
        "--org", str(tmp_path / "org.yaml"), "--roster", str(tmp_path / "roster.csv"),
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    inbox = tmp_path / "inbox" / "perfect" / module
    inbox.mkdir(parents=True)
    for source in sorted((course / "source" / module).glob("*.ipynb")):
        for cell in nbformat.read(source, as_version=4).cells:
            if cell.cell_type == "code" and not cell.source.lstrip().startswith("%%"):
                ast.parse(cell.source)  # every rendered code cell compiles
        filled = _filled(course / "release" / module / source.name, source, {})
        nbformat.write(filled, inbox / source.name)
    (inbox / "timestamp.txt").write_text("2026-01-10T12:00:00+00:00", encoding="utf-8")
    assert (
        run("collect", "--course", str(course), "--from", str(tmp_path / "inbox")).returncode == 0
    )
    graded = run("autograde", "--course", str(course))
    assert graded.returncode == 0, graded.stdout + graded.stderr
    with Gradebook(gradebook_url(course)) as gradebook:
        submission = gradebook.find_submission(module, "perfect")
        scores = {
            grade.name: (grade.score, grade.max_score)
            for notebook in submission.notebooks
            for grade in notebook.grades
        }
    manual = manual_ids(module)
    assert set(scores) == set(graded_ids(module))
    assert {gid: s for gid, s in scores.items() if gid not in manual and s[0] != s[1]} == {}
