"""Does a choice question's explanation reach the trainee when it should, and not before?

The check cell holds the explanation sealed, so the released cell does not give the answer
away. Practice mode shows it once the trainee's answer is right (a wrong answer gets only the
hint); exam mode keeps the live check silent and the hidden test, run at grading, states it.
Run in a real IPython kernel, as in a notebook.
"""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from grading.checks.answer_checks import GRADED_LATER, choice_key, sealed_explanation

REASON = "Not quite. Which answer is honest up front?"
WHY = "Saying the limits before she shares anything lets her choose what to tell."
SEALED = sealed_explanation("exam_q1", "B", WHY)
CHECK = f"""
from grading.checks.answer_checks import check_choice, choice_is_right
check_choice("exam_q1", ("A", "B", "C", "D"), key={choice_key("exam_q1", "B")!r},
             reason={REASON!r}, explanation={SEALED!r})
"""
HIDDEN = f'assert choice_is_right("exam_q1"), "Not quite: the answer is B. Why: {WHY}"'


def _run(mode: str, typed: str, tmp_path) -> tuple[str, str]:
    """What the check cell and the hidden test cell show for `typed` in `mode`."""
    sources = [
        f'from grading.checks.answers import setup\nsetup(choice_feedback="{mode}")',
        f"%%answer exam_q1\n{typed}\n",
        CHECK,
        HIDDEN,
    ]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    NotebookClient(
        notebook, timeout=120, allow_errors=True, resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    return _shown(notebook.cells[2]), _shown(notebook.cells[3])


def _shown(cell: nbformat.NotebookNode) -> str:
    return "".join(
        output.text if output.output_type == "stream" else f"{output.ename}: {output.evalue}"
        for output in cell.outputs
        if output.output_type in ("stream", "error")
    )


def test_a_sealed_explanation_does_not_show_its_words_or_its_answer():
    """Is the sealed text free of the explanation's words, and different for each option (so
    the released check cell gives away neither the reason nor the letter)?"""
    assert not set(WHY.lower().split()) & set(SEALED.lower().split())
    assert sealed_explanation("exam_q1", "A", WHY) != SEALED
    assert sealed_explanation("exam_q1", "b.", WHY) == SEALED


@pytest.mark.notebook
def test_practice_mode_explains_a_right_answer_at_once(tmp_path):
    """In practice mode, does a right answer come with its explanation straight away?"""
    check, hidden = _run("practice", "b", tmp_path)
    assert check.strip() == f"Right: b is the answer. Why: {WHY}"
    assert hidden == ""


@pytest.mark.notebook
def test_practice_mode_gives_a_wrong_answer_only_the_hint(tmp_path):
    """In practice mode, does a wrong answer get the hint but not the explanation (so the
    trainee can still think it through)?"""
    check, _ = _run("practice", "C", tmp_path)
    assert REASON in check and WHY not in check


@pytest.mark.notebook
def test_exam_mode_keeps_the_explanation_for_grading(tmp_path):
    """In exam mode, does the live check only say the answer was read, and the hidden test (run
    at grading) give a wrong answer the right one and why?"""
    check, hidden = _run("exam", "B", tmp_path)
    assert check.strip() == GRADED_LATER and hidden == ""
    check, hidden = _run("exam", "A", tmp_path)
    assert check.strip() == GRADED_LATER
    assert hidden == f"AssertionError: Not quite: the answer is B. Why: {WHY}"
