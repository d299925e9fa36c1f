"""Module 03 (stigma and recovery language), end to end and cell by cell.

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

MODULE = "03-stigma-and-language"
SCENARIOS = ("returning-to-opioid-use",)
PARTIAL = {
    "stigma_type_q1": 'stigma_type_q1 = "self"\n',
    "find_q2": 'find_q2 = "urine"\n',
    "rewrite_q1": 'rewrite_q1 = "The addict in room 2 keeps asking for a ride."\n',
    "rewrite_q2": 'rewrite_q2 = "He is a person in recovery and doing well."\n',
    "colleague_reply_q1": (
        'colleague_reply_q1 = "You are right, he is a junkie, but we should still be nice to'
        ' him because that is our job here."\n'
    ),
}
PARTIAL_FAILS = {
    "stigma_type_q1_test": "Ask who holds the belief",
    "find_q2_test": "Read the sentence again",
    "rewrite_q1_test": "still has wording to change",
    "rewrite_q2_test": "keep the meaning",
    "colleague_reply_q1_test": "still include a label",
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
def test_feedback_hides_hidden_tests_and_flags(graded_course):
    """Does feedback leave out hidden tests, model answers and supervisor flags?"""
    check_feedback_keeps_secrets(graded_course, MODULE)


def test_model_role_play_meets_every_criterion():
    """Does the model role-play with Bree meet every rubric criterion when replayed?"""
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
