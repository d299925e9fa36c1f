"""Module 04 (documentation), end to end and cell by cell.

The course is built and graded once for modules 02-05 (`graded_course` in conftest.py).
"""

from __future__ import annotations

import pytest

from tests.modules.conftest import (
    check_answer_cells_hold_text,
    check_blank_scores_zero,
    check_curriculum_entry,
    check_feedback_keeps_secrets,
    check_model_role_plays,
    check_one_cell_per_criterion,
    check_partial_messages,
    check_release_keeps_secrets,
    check_runs_twice_tests_first,
    check_solution_full_marks,
    source_notebooks,
)

MODULE = "04-documentation"
SCENARIOS = ("young-adult-family-pressure",)
UNSIGNED_NOTE = """
Date: 03/05/2026   Start: 10:00 AM   End: 10:35 AM
Setting: public library, in person
Service: H0038   Units: 4
G: "Get my GED this year" (plan goal 1)
I: Shared how I studied for my own GED; we looked at the class schedule together.
R: Rosa said she would take the Tuesday class and felt less nervous about math.
P: Call Rosa on Tuesday afternoon.
"""
PARTIAL = {
    "units_q1": 'units_q1 = "4"\n',
    "fix_q1": 'fix_q1 = """\nDate: 03/02/2026\nG: get to appointments\n"""\n',
    "write_q1": f'write_q1 = """{UNSIGNED_NOTE}"""\n',
}
PARTIAL_FAILS = {
    "units_q1_test": "First find the minutes",
    "fix_q1_test": "looks too short",
    "write_q1_elements_test": "The signature and credential are missing",
    "write_q1_units_test": "4 unit(s) billed for 35 minutes; the rule gives 2",
}


@pytest.mark.slow
def test_generate_assignment_releases_without_secrets(graded_course):
    """Does generate_assignment release every notebook without hidden tests or solutions?"""
    check_release_keeps_secrets(graded_course, MODULE)


@pytest.mark.slow
def test_solution_earns_full_marks(graded_course):
    """Does the solution score full marks on every autograded cell?"""
    check_solution_full_marks(graded_course, MODULE)


@pytest.mark.slow
def test_blank_release_scores_zero(graded_course):
    """Does the untouched release score zero, with a message in every test cell?"""
    check_blank_scores_zero(graded_course, MODULE)


@pytest.mark.slow
def test_wrong_answers_get_helpful_messages(graded_course):
    """Are wrong notes and units marked down, naming the element and how to fix it?"""
    check_partial_messages(graded_course, MODULE, PARTIAL_FAILS)


@pytest.mark.slow
def test_feedback_hides_hidden_tests_and_flags(graded_course):
    """Does feedback leave out hidden tests, model answers and supervisor flags?"""
    check_feedback_keeps_secrets(graded_course, MODULE)


def test_model_role_play_meets_every_criterion():
    """Does the model role-play with Malik meet every rubric criterion when replayed?"""
    check_model_role_plays(MODULE, SCENARIOS)


def test_one_graded_cell_per_rubric_criterion():
    """Is every rubric criterion graded by its own cell, worth its points?"""
    check_one_cell_per_criterion(MODULE, SCENARIOS)


def test_curriculum_maps_every_graded_cell():
    """Does curriculum.yaml list every graded cell of the module with competencies?"""
    check_curriculum_entry(MODULE)


def test_answer_cells_hold_only_text():
    """Do answer cells ask for text, start blank, and stay untouched by test cells?"""
    check_answer_cells_hold_text(MODULE)


@pytest.mark.notebook
@pytest.mark.parametrize("note_format", ["BIRP", "DAP", "SOAP"])
def test_model_answers_follow_any_organization_profile(note_format, tmp_path):
    """With another note format, unit size and code, do the model answers still pass?"""
    from nbclient import NotebookClient

    from grading.course import render_notebook
    from grading.org import OrgProfile
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


@pytest.mark.notebook
@pytest.mark.parametrize("path", source_notebooks(MODULE), ids=lambda p: p.name)
def test_cells_run_twice_and_out_of_order(path, tmp_path):
    """Do the notebooks survive tests run before answers, and every cell run twice?"""
    check_runs_twice_tests_first(path, tmp_path)
