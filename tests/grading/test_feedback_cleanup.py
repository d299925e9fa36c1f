"""Feedback clean-up and leak search, on hand-made cells (no kernel)."""

from __future__ import annotations

import base64

from nbformat.v4 import new_code_cell, new_notebook, new_output

from grading.checks.flags import FLAG_MIME
from grading.feedback.cleanup import TidyTestOutputs
from grading.feedback.generate import leaks_in
from grading.feedback.messages import GENERIC, MAX_MESSAGE

HINT = "Not quite. Look again at open questions."
HIDDEN = "assert x == 'B', 'no'"
SOURCE = f"assert x, {HINT!r}\n### BEGIN HIDDEN TESTS\n{HIDDEN}\n### END HIDDEN TESTS\n"


def graded_test_cell(outputs, source=SOURCE):
    cell = new_code_cell(source)
    cell.metadata = {"nbgrader": {"grade": True, "grade_id": "q_test", "points": 1, "locked": True}}
    cell.outputs = outputs
    return cell


def error(evalue, ename="AssertionError"):
    return new_output(
        "error", ename=ename, evalue=evalue, traceback=[f"----> 3 {HIDDEN}", f"{ename}: {evalue}"]
    )


def tidy(cell):
    return TidyTestOutputs().preprocess(new_notebook(cells=[cell]), {})[0].cells[0]


def test_a_failed_test_keeps_only_its_message():
    """Is a traceback quoting hidden lines cut down to `ErrorName: message`?"""
    flag = new_output("display_data", data={FLAG_MIME: {"kind": "k"}, "text/plain": ""})
    cell = tidy(graded_test_cell([error(HINT), flag]))
    assert [o.output_type for o in cell.outputs] == ["error"]
    assert cell.outputs[0].traceback == [f"AssertionError: {HINT}"]


def test_output_printed_while_a_test_ran_is_dropped():
    """Does a hook's print of the test source (plain, base64, in a <script>) vanish?"""
    encoded = base64.b64encode(SOURCE.encode()).decode()
    outputs = [
        new_output("stream", name="stdout", text=SOURCE),
        new_output("stream", name="stdout", text=encoded),
        new_output("display_data", data={"text/html": f"<script>//{SOURCE}</script>"}),
    ]
    assert tidy(graded_test_cell(outputs)).outputs == []
    cell = tidy(graded_test_cell([*outputs, error(HINT)]))
    assert [o.output_type for o in cell.outputs] == ["error"]


def test_a_message_the_kernel_made_up_is_replaced():
    """Is a message the test did not write (its source, base64, a hidden answer) not shown?"""
    encoded = base64.b64encode(SOURCE.encode()).decode()
    for forged in (SOURCE, encoded, f"{HINT} {encoded}", "B"):
        cell = tidy(graded_test_cell([error(forged)]))
        assert cell.outputs[0].evalue == GENERIC, forged
    for ename in ("Bad name <script>", "X_6f70656e5f71315f63686f696365"):
        cell = tidy(graded_test_cell([error(HINT, ename=ename)]))
        assert cell.outputs[0].traceback == [f"Error: {HINT}"]
    assert tidy(graded_test_cell([error(HINT, ename="NameError")])).outputs[0].ename == "NameError"


def test_a_built_message_keeps_the_tests_own_shape():
    """Is `"Check the units of your note:\\n" + explain(problems)` shown, and an over-long or
    differently-begun one not?"""
    source = 'assert not problems, "Check the units of your note:\\n" + explain(problems)\n'
    built = "Check the units of your note:\n- 50 minutes is 3 units, not 5."
    assert tidy(graded_test_cell([error(built)], source)).outputs[0].evalue == built
    too_long = built + "x" * MAX_MESSAGE
    assert tidy(graded_test_cell([error(too_long)], source)).outputs[0].evalue == GENERIC
    other = "Check the unit of your note:\n- x"
    assert tidy(graded_test_cell([error(other)], source)).outputs[0].evalue == GENERIC


def test_messages_of_the_course_checkers_keep_their_shape():
    """Do a visible `reason=` string and a checker's f-string message come through, while a
    short visible constant (a hidden answer's letter) does not?"""
    reason = "Not quite. Which answer keeps you inside the role and still helps?"
    source = (
        "from grading.checks.answer_checks import check_choice, grade_choice\n"
        f'check_choice("scope_q1", ("A", "B", "C"), key="f159", reason={reason!r})\n'
        "### BEGIN HIDDEN TESTS\ngrade_choice('scope_q1')\n### END HIDDEN TESTS\n"
    )
    blank = (
        "scope_q1: your answer is blank. Type A, B or C under the first line of the answer "
        "cell above, then run it."
    )
    for message in (reason, blank):
        assert tidy(graded_test_cell([error(message)], source)).outputs[0].evalue == message
    for forged in ("B", "scope_q1", "f159"):
        assert tidy(graded_test_cell([error(forged)], source)).outputs[0].evalue == GENERIC


def test_a_scenario_rubric_hint_is_shown():
    """Does `score.assert_criterion(...)` keep the scenario's own hint?"""
    from simulator import load_scenario

    hint = load_scenario("warm-line-crisis").rubric[0].hint
    source = 'score_roleplay(played, "warm-line-crisis").assert_criterion("x")\n'
    assert tidy(graded_test_cell([error(hint)], source)).outputs[0].evalue == hint.strip()


def test_other_code_cells_lose_their_outputs():
    """Are a trainee's own cell outputs (where a hook could carry test text) left out?"""
    cell = new_code_cell("print(1)")
    cell.outputs = [new_output("stream", name="stdout", text=HIDDEN)]
    assert tidy(cell).outputs == []


def test_leak_search_sees_through_html_markup():
    """Does the leak search find a hidden line even when syntax highlighting splits it?"""
    hidden = {"assert x == 'B', 'no'"}
    page = "<span>assert</span> <span>x</span> == <span>&#39;B&#39;</span>, &#39;no&#39;"
    assert leaks_in(page, hidden) == ["assert x == 'B', 'no'"]
    assert leaks_in("<p>all good</p>", hidden) == []
    assert leaks_in("### BEGIN HIDDEN TESTS", set()) == ["BEGIN HIDDEN TESTS"]


def test_leak_search_fires_on_scripts_and_encodings():
    """Does the second line find hidden text in a <script>, an attribute, base64 or hex?"""
    hidden = {HIDDEN}
    encoded = base64.b64encode(f"xx{HIDDEN}yy".encode()).decode()
    for page in (
        f"<script>var t = {HIDDEN!r};</script>",
        f'<img alt="{HIDDEN}">',
        f"<pre>{encoded}</pre>",
        f"<pre>{HIDDEN.encode().hex()}</pre>",
        "<pre>assert x ==\n   'B', 'no'</pre>",
    ):
        assert leaks_in(page, hidden) == [HIDDEN], page


def test_leak_search_sees_through_quote_escapes():
    """Is a hidden line written as a JSON or repr string (quotes escaped) still found?"""
    hidden = {'assert x == "B", "no"'}
    assert leaks_in('<script>var t = "assert x == \\"B\\", \\"no\\"";</script>', hidden)
