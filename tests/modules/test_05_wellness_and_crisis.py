"""Module 05 (wellness, whole health and crisis), end to end and cell by cell.

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

MODULE = "05-wellness-and-crisis"
SCENARIOS = ("warm-line-crisis", "whole-health-diabetes")
MISSED_CUE = [
    "Hi Gene, it sounds like another long night.",
    "The house is so quiet without Bruno, and the nights are the hardest part.",
    "It sounds like you've been carrying a lot on your own since the mill closed.",
    "You miss feeling useful, the way you did at the mill.",
    "How did the Cubs do tonight?",
    "What else is on TV tonight?",
]
PARTIAL = {
    "dimension_q1": 'dimension_q1 = "social"\n',
    "health_q3": 'health_q3 = "I will quit smoking completely this week, starting Monday."\n',
    "roleplay_warm_line_crisis_utterances": (
        f"roleplay_warm_line_crisis_utterances = {json.dumps(MISSED_CUE)}\n"
    ),
}
CRISIS_CRITERIA = ("crisis_asked", "crisis_connected", "crisis_stayed", "no_missed_cue")
PARTIAL_FAILS = {
    "dimension_q1_test": "mainly about",
    "health_q3_test": "Quitting all at once",
    **roleplay_hints("warm-line-crisis", CRISIS_CRITERIA),
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
    """Are wrong answers marked down, each with a message that says what to reconsider?"""
    check_partial_messages(graded_course, MODULE, PARTIAL_FAILS)


@pytest.mark.slow
def test_a_missed_crisis_cue_is_a_supervisor_flag(graded_course):
    """Is each missed crisis step reported to the supervisor, not only marked down?"""
    flags = supervisor_flags(graded_course, MODULE, "partial")
    assert [f.kind for f in flags] == ["crisis_cue_missed"] * len(CRISIS_CRITERIA)
    assert any("Ask directly" in f.detail for f in flags)
    assert supervisor_flags(graded_course, MODULE, "solution") == []
    assert supervisor_flags(graded_course, MODULE, "blank") == []


@pytest.mark.slow
def test_feedback_hides_hidden_tests_and_flags(graded_course):
    """Does feedback leave out hidden tests, model answers and supervisor flags?"""
    check_feedback_keeps_secrets(graded_course, MODULE)


def test_model_role_play_meets_every_criterion():
    """Do the model role-plays (Gene, Luis) meet every rubric criterion when replayed?"""
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
