"""Module 02 (role clarity and ethics), end to end and cell by cell.

The course is built and graded once for modules 02-05 (`graded_course` in conftest.py).
"""

from __future__ import annotations

import json

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
    roleplay_hints,
    source_notebooks,
    supervisor_flags,
)

MODULE = "02-role-clarity"
SCENARIOS = ("medication-advice-seeker",)
DOSE_ADVICE = [
    "Have you talked to your doctor about it?",
    "You should cut your dose in half for a week and see how you feel.",
]
PARTIAL = {
    "scope_q1": 'scope_q1 = "A"\n',
    "disclosure_q2": 'disclosure_q2 = "Do you want to try that?"\n',
    "roleplay_medication_advice_seeker_utterances": (
        f"roleplay_medication_advice_seeker_utterances = {json.dumps(DOSE_ADVICE)}\n"
    ),
}
MISSED_CRITERIA = (
    "stays_in_role",
    "reflections_per_question",
    "complex_reflections",
    "more_open_than_closed",
    "no_righting_reflex",
    "change_talk_evoked",
)
PARTIAL_FAILS = {
    "scope_q1_test": "keeps you inside the role",
    "disclosure_q2_test": "Start with 'What' or 'How'",
    **roleplay_hints("medication-advice-seeker", MISSED_CRITERIA),
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
def test_wrong_answers_get_helpful_messages_and_a_scope_flag(graded_course):
    """Are wrong answers marked down with hints, and dose advice reported to the supervisor?"""
    check_partial_messages(graded_course, MODULE, PARTIAL_FAILS)
    flags = supervisor_flags(graded_course, MODULE, "partial")
    assert [f.kind for f in flags] == ["scope_violation"]
    assert supervisor_flags(graded_course, MODULE, "solution") == []


@pytest.mark.slow
def test_feedback_hides_hidden_tests_and_flags(graded_course):
    """Does feedback leave out hidden tests, model answers and supervisor flags?"""
    check_feedback_keeps_secrets(graded_course, MODULE)


def test_model_role_play_meets_every_criterion():
    """Does the model role-play with Alex meet every rubric criterion when replayed?"""
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
@pytest.mark.parametrize("path", source_notebooks(MODULE), ids=lambda p: p.name)
def test_cells_run_twice_and_out_of_order(path, tmp_path):
    """Do the notebooks survive tests run before answers, and every cell run twice?"""
    check_runs_twice_tests_first(path, tmp_path)
