"""Checks every module from 02 to 05 must pass, end to end and cell by cell.

The course is built and graded once (`graded_course` in conftest.py); what is specific to a
module (its partly wrong submission, its supervisor flags) lives in that module's test file.
"""

from __future__ import annotations

import pytest

from tests.modules.conftest import (
    SHARED_MODULES,
    check_answer_cells_hold_text,
    check_blank_scores_zero,
    check_curriculum_entry,
    check_feedback_keeps_secrets,
    check_model_role_plays,
    check_one_cell_per_criterion,
    check_release_keeps_secrets,
    check_runs_twice_tests_first,
    check_solution_full_marks,
    source_notebooks,
)

ROLE_PLAYS = {
    "02-role-clarity": ("medication-advice-seeker",),
    "03-stigma-and-language": ("returning-to-opioid-use",),
    "04-documentation": ("young-adult-family-pressure",),
    "05-wellness-and-crisis": ("warm-line-crisis", "whole-health-diabetes"),
    "06-ethics-in-depth": ("parent-discloses-harm-at-home",),
    "07-suicide-and-overdose-response": ("ed-after-overdose", "postpartum-on-medication"),
    "08-recovery-foundations": ("veteran-ptsd-alcohol",),
    "09-trauma-informed-care-and-cultural-humility": ("lgbtq-young-adult-rejected",),
    "10-advocacy-and-linking": ("housing-and-work",),
    "11-person-centered-planning": ("reentry-after-prison",),
    "12-self-care-and-groups": ("family-member-in-crisis",),
    "13-certification-and-teams": ("student-under-18",),
}
NOTEBOOKS = [(module, path) for module in SHARED_MODULES for path in source_notebooks(module)]


def test_every_shared_module_has_its_role_plays_listed():
    """Is every module graded by the shared fixture listed here with its role-plays?"""
    assert set(ROLE_PLAYS) == set(SHARED_MODULES)


@pytest.mark.slow
@pytest.mark.parametrize("module", SHARED_MODULES)
def test_generate_assignment_releases_without_secrets(graded_course, module):
    """Does generate_assignment release every notebook without hidden tests or solutions?"""
    check_release_keeps_secrets(graded_course, module)


@pytest.mark.slow
@pytest.mark.parametrize("module", SHARED_MODULES)
def test_solution_earns_full_marks(graded_course, module):
    """Does the solution score full marks on every autograded cell?"""
    check_solution_full_marks(graded_course, module)


@pytest.mark.slow
@pytest.mark.parametrize("module", SHARED_MODULES)
def test_blank_release_scores_zero(graded_course, module):
    """Does the untouched release score zero, with a message in every test cell?"""
    check_blank_scores_zero(graded_course, module)


@pytest.mark.slow
@pytest.mark.parametrize("module", SHARED_MODULES)
def test_feedback_hides_hidden_tests_and_flags(graded_course, module):
    """Does feedback leave out hidden tests, model answers and supervisor flags?"""
    check_feedback_keeps_secrets(graded_course, module)


@pytest.mark.parametrize("module", SHARED_MODULES)
def test_model_role_play_meets_every_criterion(module):
    """Does each model role-play meet every rubric criterion when replayed?"""
    check_model_role_plays(module, ROLE_PLAYS[module])


@pytest.mark.parametrize("module", SHARED_MODULES)
def test_one_graded_cell_per_rubric_criterion(module):
    """Is every rubric criterion graded by its own cell, worth its points?"""
    check_one_cell_per_criterion(module, ROLE_PLAYS[module])


@pytest.mark.parametrize("module", SHARED_MODULES)
def test_curriculum_maps_every_graded_cell(module):
    """Does curriculum.yaml list every graded cell of the module with competencies?"""
    check_curriculum_entry(module)


@pytest.mark.parametrize("module", SHARED_MODULES)
def test_answer_cells_hold_only_text(module):
    """Do answer cells ask for text, start blank, and stay untouched by test cells?"""
    check_answer_cells_hold_text(module)


@pytest.mark.notebook
@pytest.mark.parametrize(("module", "path"), NOTEBOOKS, ids=lambda v: getattr(v, "name", v))
def test_cells_run_twice_and_out_of_order(module, path, tmp_path):
    """Do the notebooks survive tests run before answers, and every cell run twice?"""
    check_runs_twice_tests_first(path, tmp_path)
