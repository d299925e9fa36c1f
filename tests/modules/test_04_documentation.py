"""Module 04 (documentation): what is specific to this module.

The shared checks for modules 02-05 are in test_modules_02_to_05.py.
"""

from __future__ import annotations

import pytest

from tests.modules.conftest import (
    answer_cell,
    check_partial_messages,
    source_notebooks,
)

MODULE = "04-documentation"
UNSIGNED_NOTE = """
Date: 03/05/2026   Start: 10:00 AM   End: 10:35 AM
Setting: public library, in person
Service: H0038   Units: 4
G: "Get my GED this year" (plan goal 1)
I: Shared how I studied for my own GED; we looked at the class schedule together.
R: Carmen said she would take the Tuesday class and felt less nervous about math.
P: Call Carmen on Tuesday afternoon.
"""
PARTIAL = {
    "units_q1": answer_cell("units_q1", "4"),
    "fix_q1": answer_cell("fix_q1", "Date: 03/02/2026\nG: get to appointments"),
    "write_q1": answer_cell("write_q1", UNSIGNED_NOTE),
}
PARTIAL_FAILS = {
    "units_q1_test": "First find the minutes",
    "fix_q1_test": "looks too short",
    "write_q1_elements_test": "The signature and credential are missing",
    "write_q1_units_test": "4 unit(s) billed for 35 minutes; the rule gives 2",
}


@pytest.mark.slow
def test_wrong_answers_get_helpful_messages(graded_course):
    """Are wrong notes and units marked down, naming the element and how to fix it?"""
    check_partial_messages(graded_course, MODULE, PARTIAL_FAILS)


@pytest.mark.notebook
@pytest.mark.parametrize("note_format", ["BIRP", "DAP", "SOAP"])
def test_model_answers_follow_any_organization_profile(note_format, tmp_path):
    """With another note format, unit size and code, do the model answers still pass?"""
    from nbclient import NotebookClient

    from grading.course.build import render_notebook
    from grading.course.org import OrgProfile
    from tests.modules.conftest import nbgrader_meta

    org = OrgProfile(
        note_format=note_format, unit_minutes=30, min_minutes_for_unit=16, service_code="H2015"
    )
    for path in source_notebooks(MODULE):
        notebook = render_notebook(path, org)
        notebook.cells = [
            c
            for c in notebook.cells
            if not nbgrader_meta(c).get("grade_id", "").startswith("roleplay_")
        ]
        client = NotebookClient(
            notebook, timeout=120, resources={"metadata": {"path": str(tmp_path)}}
        )
        client.allow_errors = True
        client.execute()
        errors = [
            (nbgrader_meta(cell).get("grade_id"), output.evalue)
            for cell in notebook.cells
            for output in cell.get("outputs", [])
            if output.output_type == "error"
        ]
        assert errors == [], (path.name, errors)
        assert "H2015" in notebook.cells[-1].source or any(
            "H2015" in c.source for c in notebook.cells
        )
