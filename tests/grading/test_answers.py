"""Do plain-text answers, checks that read them as they are now, and plain errors work in a kernel?

The magics and the error display run in a real IPython kernel (nbclient), as in a notebook.
"""

from __future__ import annotations

import json

import nbformat
import pytest
from nbclient import NotebookClient

from grading.checks.answer_checks import choice_key, explain_number
from grading.checks.answers import answer_text, roleplay_turns
from grading.checks.plain_errors import DETAILS_METADATA
from grading.course.trainee_lab import write_lab_config

SETUP = "from grading.checks.answers import setup\nsetup()"


def _execute(sources: list[str], tmp_path, env_cell: str = "") -> nbformat.NotebookNode:
    cells = [nbformat.v4.new_code_cell(source) for source in [SETUP, *sources]]
    notebook = nbformat.v4.new_notebook(cells=cells)
    client = NotebookClient(
        notebook, timeout=120, allow_errors=True, resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    return notebook


def _shown(cell: nbformat.NotebookNode) -> str:
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type == "error":
            parts.append("\n".join(output.traceback))
    return "".join(parts)


def test_answer_text_keeps_quotes_and_lines_and_prefers_the_model_answer():
    """Is text under the first line kept as typed, and does a source notebook's model answer
    replace the text around it?"""
    assert answer_text('He said "no".\nI\'d ask again.\n') == 'He said "no".\nI\'d ask again.'
    source = "flawed note\n### BEGIN SOLUTION\nfixed note\n### END SOLUTION\n"
    assert answer_text(source) == "fixed note"
    assert roleplay_turns("\nWhat brings you in?\n\n  It's hard.  \n") == [
        "What brings you in?",
        "It's hard.",
    ]


@pytest.mark.notebook
def test_magics_checks_and_plain_errors_in_a_kernel(tmp_path):
    """In a kernel: is a quoted multi-line answer read exactly; does a check after a broken
    answer cell say to run it again; are errors one plain line with details only when
    unexpected?"""
    typed = 'You hate being a "bother",\nand you\'d still like help.'
    notebook = _execute(
        [
            f"%%answer reflect_q1\n{typed}\n",
            "from grading.checks.answers import answer\nprint(repr(answer('reflect_q1')))",
            'reflect_q1 = "You hate being a "bother" to people."',
            "from grading.checks.answers import answer\nanswer('reflect_q1')",
            "from grading.checks.answers import answer\nanswer('never_run')",
            "%%roleplay turns_q1\nWhat brings you in?\nIt sounds hard.\n",
            "print(turns_q1)",
            "1 / 0",
            "%%answr q9\nB",
        ],
        tmp_path,
    )
    cells = notebook.cells
    assert _shown(cells[2]).strip() == repr(typed)
    assert "first line must stay exactly as it was given" in _shown(cells[3])
    assert _shown(cells[4]).startswith("Run the answer cell above again")
    assert _shown(cells[5]).startswith("Run the answer cell just above this one first")
    assert _shown(cells[7]).strip() == "['What brings you in?', 'It sounds hard.']"
    assert "setup has not run yet" in _shown(cells[9])
    for cell in cells[3:]:
        errors = [o for o in cell.outputs if o.output_type == "error"]
        for error in errors:
            assert len(error.traceback) == 1 and "Traceback" not in error.traceback[0]
    details = [o for o in cells[8].outputs if o.get("metadata", {}).get(DETAILS_METADATA)]
    assert len(details) == 1 and "ZeroDivisionError" in details[0]["data"]["text/html"]
    assert [o.ename for o in cells[8].outputs if o.output_type == "error"] == ["ZeroDivisionError"]
    for cell in cells[3:6]:
        assert not [o for o in cell.outputs if o.get("metadata", {}).get(DETAILS_METADATA)]


@pytest.mark.notebook
def test_a_check_notices_an_answer_changed_and_saved_but_not_run_again(tmp_path):
    """When the saved notebook holds a different answer cell than the one last run, does the
    check say so instead of grading the old answer?"""
    saved = tmp_path / "saved.ipynb"
    notebook = _execute(
        [
            "%%answer q1\nB\n",
            f"import os\nos.environ['JPY_SESSION_NAME'] = {str(saved)!r}",
            "from grading.checks.answers import answer\nprint(answer('q1'))",
            "",  # replaced below: write the notebook as JupyterLab saves it, answer edited
            "from grading.checks.answers import answer\nanswer('q1')",
        ],
        tmp_path,
    )
    assert _shown(notebook.cells[3]).strip() == "B", "saved nothing yet: the run counts"
    edited = json.loads(nbformat.writes(notebook))
    edited["cells"][1]["source"] = "%%answer q1\nC\n"
    client = NotebookClient(notebook, timeout=120, allow_errors=True)
    with client.setup_kernel():
        for index in (0, 1, 2):
            client.execute_cell(notebook.cells[index], index)
        saved.write_text(json.dumps(edited))  # saved after the run, with the answer changed
        client.execute_cell(notebook.cells[5], 5)
    assert "You changed the answer cell above after you last ran it" in _shown(notebook.cells[5])


def test_choice_keys_and_numbers_read_plainly():
    """Do choice keys ignore case and a full stop, and is a negative count explained?"""
    assert choice_key("q1", "b.") == choice_key("q1", "B")
    assert choice_key("q1", "B") != choice_key("q2", "B")
    assert explain_number("more_open_than_closed", -3) == (
        "You asked 3 more closed question(s) than open ones."
    )
    assert "40" in explain_number("complex_reflections", 40.0)


def test_trainee_lab_config_turns_trainer_tools_off(tmp_path):
    """Does the workspace config point the Assignments tab at the course exchange and switch
    formgrader, course list, create-assignment and validate off, without touching global
    config?"""
    config = write_lab_config(tmp_path / "course", tmp_path / "workspace")
    assert config == (tmp_path / "workspace" / ".jupyter").resolve()
    nbgrader = (config / "nbgrader_config.py").read_text()
    assert repr(str((tmp_path / "course" / "exchange").resolve())) in nbgrader
    assert "path_includes_course = False" in nbgrader
    server = json.loads((config / "jupyter_server_config.json").read_text())
    assert server["ServerApp"]["jpserver_extensions"] == {
        "nbgrader.server_extensions.formgrader": False,
        "nbgrader.server_extensions.course_list": False,
        "nbgrader.server_extensions.validate_assignment": False,
    }
    page = json.loads((config / "labconfig" / "page_config.json").read_text())
    assert set(page["disabledExtensions"]) == {
        "@jupyter/nbgrader:formgrader",
        "@jupyter/nbgrader:course-list",
        "@jupyter/nbgrader:create-assignment",
        "@jupyter/nbgrader:validate-assignment",
    }
    assert (
        "grading.checks.answers" in (config / "profile_default" / "ipython_config.py").read_text()
    )
