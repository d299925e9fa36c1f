"""Do module notebooks take plain-text answers and answer mistakes in plain words?

Each module notebook is rendered with the default organization and run by a real kernel three
times, as a trainee might leave it: (1) every written answer holds quotation marks, apostrophes
and several lines, and every choice is wrong; (2) every answer cell lost its first line and holds
Python-looking text instead (a quotation mark inside quotes, or a letter without quotes); (3)
nothing answered, and every check run before its answer. No output may show Python (a
traceback, an error name, a file and line), praise, or the same message twice.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from grading.course.build import render_notebook
from grading.course.org import default_org
from tests.modules.conftest import nbgrader_meta, solved

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "modules").glob("*/*.ipynb"))
PLAIN_TEXT = "He said \"I can't keep doing this\" and I'd say:\nit's \"hard\" — and that's okay."
PYTHON_SIGNS = re.compile(
    r"Traceback|File \"|line \d+, in|\w+Error\b|Exception\b|NotImplemented|"
    r"<module>|\bglobals\(\)|Well done|Success"
)
OPTIONS = re.compile(r"^    \(((?:\"[^\"]+\",? ?)+)\),$", re.M)


def _answer_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in notebook.cells if c.cell_type == "code" and nbgrader_meta(c).get("solution")]


def _wrong_option(notebook: nbformat.NotebookNode, name: str) -> str | None:
    """A wrong option of choice question `name` (the first one its check does not accept)."""
    for cell in notebook.cells:
        source = cell.source
        if nbgrader_meta(cell).get("grade") and f'check_choice(\n    "{name}"' in source:
            options = json.loads("[" + OPTIONS.search(source).group(1).rstrip(", ") + "]")
            from grading.checks.answer_checks import choice_key

            key = re.search(r'key="(\w+)"', source).group(1)
            return next(option for option in options if choice_key(name, option) != key)
    return None


def _run(notebook: nbformat.NotebookNode, work: Path) -> nbformat.NotebookNode:
    client = NotebookClient(
        notebook, timeout=180, allow_errors=True, resources={"metadata": {"path": str(work)}}
    )
    client.execute()
    return notebook


def _visible_texts(cell: nbformat.NotebookNode) -> list[str]:
    texts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            texts.append(output.text)
        elif output.output_type == "error":
            texts.append("\n".join(output.traceback))
        else:
            data = output.get("data", {})
            texts.append(data.get("text/html", data.get("text/plain", "")))
    return texts


def _assert_plain(notebook: nbformat.NotebookNode, name: str) -> None:
    for cell in notebook.cells:
        where = f"{name}, {nbgrader_meta(cell).get('grade_id') or cell.source[:40]!r}"
        texts = _visible_texts(cell)
        for text in texts:
            found = PYTHON_SIGNS.search(text)
            assert not found, f"{where}: shows {found.group(0)!r}: {text[:300]}"
        lines = [line for text in texts for line in text.splitlines() if len(line) > 30]
        assert len(lines) == len(set(lines)), f"{where}: a message shown twice: {lines}"


def _rendered(path: Path) -> nbformat.NotebookNode:
    return render_notebook(path, default_org())


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_plain_text_answers_with_quotes_and_wrong_choices(path, tmp_path):
    """Are answers with quotes, apostrophes and several lines read exactly as typed, and are
    wrong choices and weak answers explained without Python or praise?"""
    notebook = _rendered(path)
    typed = {}
    for cell in _answer_cells(notebook):
        first = cell.source.splitlines()[0]
        name = first.split()[1]
        wrong = _wrong_option(notebook, name)
        if first.startswith("%%roleplay"):
            typed[name] = ["What brings you in today?", *PLAIN_TEXT.splitlines()]
        else:
            typed[name] = wrong if wrong is not None else PLAIN_TEXT
        text = "\n".join(typed[name]) if isinstance(typed[name], list) else typed[name]
        cell.source = f"{first}\n{text}\n"
    probe = "import json\nfrom grading.checks.answers import RECORDED\n"
    probe += "print(json.dumps({k: r.value for k, r in RECORDED.items()}))"
    notebook.cells.append(nbformat.v4.new_code_cell(probe))
    _run(notebook, tmp_path)
    _assert_plain(notebook, path.name)
    read = json.loads(notebook.cells[-1].outputs[0].text)
    assert read == typed
    for cell in _answer_cells(notebook):
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.source
    checks = [c for c in notebook.cells if "check_choice(" in c.source]
    for cell in checks:
        shown = "\n".join(_visible_texts(cell))
        assert "Right:" not in shown, (cell.source[:80], shown)


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_answer_cells_broken_into_python_get_plain_run_again_messages(path, tmp_path):
    """When an answer cell lost its first line and holds Python-looking text (quotes inside
    quotes, or a letter without quotes), do the cell and its check say what to do, plainly?"""
    notebook = _rendered(path)
    for number, cell in enumerate(_answer_cells(notebook)):
        name = nbgrader_meta(cell)["grade_id"]
        if number % 2:
            cell.source = f"{name} = B\n"
        else:
            cell.source = f'{name} = "You hate being a "bother" to people."\n'
    _run(notebook, tmp_path)
    _assert_plain(notebook, path.name)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code" and nbgrader_meta(cell).get("solution"):
            shown = "\n".join(_visible_texts(cell))
            assert "first line must stay exactly as it was given" in shown, shown
            following = notebook.cells[index + 1]
            if nbgrader_meta(following).get("grade") and "answer(" in following.source:
                check = "\n".join(_visible_texts(following))
                assert "Run the answer cell above again" in check, check


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_checks_before_answers_and_blank_answers_say_what_to_do(path, tmp_path):
    """Run every check before its answer, then with every answer blank: is each message plain?"""
    notebook = _rendered(path)
    for cell in _answer_cells(notebook):
        cell.source = cell.source.splitlines()[0] + "\n"
    checks = [
        nbformat.from_dict(c)
        for c in notebook.cells
        if nbgrader_meta(c).get("grade")
        and not nbgrader_meta(c).get("solution")
        and c.cell_type == "code"
    ]
    notebook.cells = notebook.cells[:1] + checks + notebook.cells[1:]
    _run(notebook, tmp_path)
    _assert_plain(notebook, path.name)
    for cell in _answer_cells(notebook):
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.source
    for cell in notebook.cells[1 : 1 + len(checks)]:
        if "answer(" in cell.source or "check_choice(" in cell.source:
            shown = "\n".join(_visible_texts(cell))
            assert "Run the answer cell just above this one first" in shown, shown


def test_solved_keeps_the_first_line():
    """Does the test helper fill an answer cell the way a trainee would (first line kept)?"""
    source = "%%answer fix_q1\nflawed note\n### BEGIN SOLUTION\nfixed note\n### END SOLUTION"
    assert solved(source) == "%%answer fix_q1\nfixed note\n"
