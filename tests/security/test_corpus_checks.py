"""Do the corpus's own leak and damage checks fire when something is planted for them?

A check that cannot fail proves nothing: the old hidden-test check searched a graded notebook's
raw JSON for text containing `"`, which the file stores as `\\"`, so it never fired.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pandas as pd

from tests.grading import factories as f
from tests.security.corpus import Case, _judge
from tests.security.corpus_output import markup_problems, page_leaks, report_damage


def graded_notebook(folder: Path, text: str) -> Path:
    """An autograded basics.ipynb whose answer cell printed `text`."""
    cell = nbformat.v4.new_code_cell('open_q1_choice = "B"')
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    path = folder / "autograded" / "leaky" / f.MODULE / f.NOTEBOOK
    path.parent.mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)
    return path


def judged(tmp_path: Path, printed: str, **spec) -> list[str]:
    graded_notebook(tmp_path, printed)
    case = Case(
        id="leaky",
        what="",
        make="answer",
        expect={"status": "graded"},
        spec=spec,
    )
    _judge(case, SimpleNamespace(status="graded", reason="", score=5), [], tmp_path)
    return case.problems


def test_the_old_raw_json_search_could_not_fire(tmp_path):
    """Is the hidden assert, printed plainly, stored escaped in the file (why it never fired)?"""
    path = graded_notebook(tmp_path, f.HIDDEN_ASSERT)
    assert f.HIDDEN_ASSERT not in path.read_text(encoding="utf-8")
    assert (
        f.HIDDEN_ASSERT
        in json.loads(path.read_text(encoding="utf-8"))["cells"][0]["outputs"][0]["text"]
    )


def test_a_planted_hidden_test_leak_is_found(tmp_path):
    """Does the corpus judge report a hidden assert printed plainly, in base64 or in hex?"""
    for printed in (
        f.HIDDEN_ASSERT,
        base64.b64encode(f.HIDDEN_ASSERT.encode()).decode(),
        f.HIDDEN_ASSERT.encode().hex(),
    ):
        problems = judged(tmp_path / printed[:8].replace("/", "_"), printed)
        assert any("graded notebook shows" in p and "open_q1_choice" in p for p in problems)


def test_a_case_that_reads_its_own_tests_may_show_them_only_to_the_trainer(tmp_path):
    """Is a hook case's own test text allowed in the graded notebook, solutions never?"""
    assert judged(tmp_path / "a", f.HIDDEN_ASSERT, sees_own_tests=True) == []
    problems = judged(tmp_path / "b", f.SOLUTION_PROSE, sees_own_tests=True)
    assert problems


def test_a_planted_leak_or_script_in_a_feedback_page_is_found():
    """Do the feedback checks fire on hidden text in a <script> and on an event handler?"""
    page = f"<script>var x = {json.dumps(f.HIDDEN_ASSERT)};</script>"
    assert page_leaks(page, set()) == [f.HIDDEN_ASSERT]
    assert markup_problems("<img src=x onerror=\"alert('PWNED')\">")
    assert markup_problems('<a href="javascript:alert(1)">x</a>')
    assert markup_problems("<p>safe &lt;script&gt;PWNED&lt;/script&gt;</p>") == []


def test_a_planted_formula_in_a_report_is_found(tmp_path):
    """Does the report check fire on a formula cell in a CSV file and in the workbook?"""
    csv_dir = tmp_path / "csv"
    csv_dir.mkdir()
    pd.DataFrame({"kind": ['=HYPERLINK("x")']}).to_csv(csv_dir / "flags.csv", index=False)
    excel = tmp_path / "report.xlsx"
    pd.DataFrame({"kind": ["=1+1"]}).to_excel(excel, index=False)
    page = tmp_path / "report.html"
    page.write_text("<p>ok</p>", encoding="utf-8")
    reports = SimpleNamespace(csv_dir=csv_dir, excel=excel, html=page, completion_records=[])
    damage = report_damage(reports)
    assert any("flags.csv" in d for d in damage) and any("report.xlsx" in d for d in damage)
