"""Feedback clean-up and leak search, on hand-made cells (no kernel)."""

from __future__ import annotations

from nbformat.v4 import new_code_cell, new_output

from grading.feedback import leaks_in
from grading.feedback_cleanup import TidyTestOutputs
from grading.flags import FLAG_MIME


def graded_test_cell(outputs):
    cell = new_code_cell("assert x, 'hint'\n### BEGIN HIDDEN TESTS\nassert x == 'B', 'no'\n")
    cell.metadata = {"nbgrader": {"grade": True, "grade_id": "q_test", "points": 1, "locked": True}}
    cell.outputs = outputs
    return cell


def test_a_failed_test_keeps_only_its_message():
    """Is a traceback quoting hidden lines cut down to `ErrorName: message`?"""
    error = new_output(
        "error",
        ename="AssertionError",
        evalue="Not quite. Look again at open questions.",
        traceback=["----> 3 assert x == 'B', 'no'", "AssertionError: Not quite."],
    )
    flag = new_output("display_data", data={FLAG_MIME: {"kind": "k"}, "text/plain": ""})
    cell, _ = TidyTestOutputs().preprocess_cell(graded_test_cell([error, flag]), {}, 0)
    assert [o.output_type for o in cell.outputs] == ["error"]
    assert cell.outputs[0].traceback == ["AssertionError: Not quite. Look again at open questions."]


def test_answer_cells_are_left_alone():
    """Are outputs of a trainee's own (non-graded) cell untouched?"""
    cell = new_code_cell("print(1)")
    cell.outputs = [new_output("stream", name="stdout", text="1\n")]
    assert TidyTestOutputs().preprocess_cell(cell, {}, 0)[0].outputs == cell.outputs


def test_leak_search_sees_through_html_markup():
    """Does the leak search find a hidden line even when syntax highlighting splits it?"""
    hidden = {"assert x == 'B', 'no'"}
    page = "<span>assert</span> <span>x</span> == <span>&#39;B&#39;</span>, &#39;no&#39;"
    assert leaks_in(page, hidden) == ["assert x == 'B', 'no'"]
    assert leaks_in("<p>all good</p>", hidden) == []
    assert leaks_in("### BEGIN HIDDEN TESTS", set()) == ["BEGIN HIDDEN TESTS"]
