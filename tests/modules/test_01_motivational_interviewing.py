"""The Motivational Interviewing module, end to end: build, release, autograde, feedback.

One module-scoped course is built from the module and graded once, with three trainees: the
solution (who played the first role-play in the real chat widget and typed the second as a
list), the blank release, and a partly correct submission. The shared checks come from
tests/modules/conftest.py; this file adds what is particular to MI: the coder-checked written
answers (and the ones that go to a person), the role-play saved by the widget, the
organization's words and the language check.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from grading.checks.findings import issues
from grading.checks.language import check_language
from grading.checks.mi import NEEDS_PERSON
from grading.course.build import render_notebook
from grading.course.org import default_org
from grading.feedback.generate import generate_feedback, visible_text
from grading.grade.autograde import run as autograde
from simulator import load_scenario
from simulator.faces.widgets import RolePlay
from tests.modules.conftest import (
    TRAINEES,
    answer_cell,
    autograded_errors,
    autograded_outputs,
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
    course_with_submissions,
    grades,
    roleplay_cell,
    solution_utterances,
    source_notebooks,
    supervisor_flags,
)

ROOT = Path(__file__).resolve().parents[2]
MODULE = "01-motivational-interviewing"
NOTEBOOKS = source_notebooks(MODULE)
ROLEPLAYS = ("alcohol-ambivalence", "medication-stopping")
CHAT_PLAYED = {
    "roleplay_alcohol_ambivalence_utterances": roleplay_cell(
        "roleplay_alcohol_ambivalence_utterances", []
    )
}
choice = answer_cell


RIGHTING_REFLEX_PLAY = [
    "Do you drink every night?",
    "You need to stop drinking before it ruins your health.",
    "Just stop buying wine. It's that simple.",
]
UNSURE_REFLECTION = "That must be hard."
PARTIAL = {
    "questions_q1": choice("questions_q1", "open"),
    "reflect_write_q1": choice("reflect_write_q1", UNSURE_REFLECTION),
    "open_rewrite_q1": choice("open_rewrite_q1", "Do you still go to the meetings every week?"),
    "reflect_write_q2": choice("reflect_write_q2", "What stops you from calling an old friend?"),
    "talk_q1": choice("talk_q1", "change"),
    "darn_q3": choice("darn_q3", "commitment"),
    "miti_q1": choice("miti_q1", "B"),
    "roleplay_alcohol_ambivalence_utterances": roleplay_cell(
        "roleplay_alcohol_ambivalence_utterances", RIGHTING_REFLEX_PLAY
    ),
    "roleplay_medication_stopping_utterances": roleplay_cell(
        "roleplay_medication_stopping_utterances", []
    ),
}
PARTIAL_FAILS = {
    "questions_q1_test": "yes or no",
    "open_rewrite_q1_test": "yes, no or one fact",
    "reflect_write_q2_test": "that is a question",
    "talk_q1_test": "Listen for the reason",
    "darn_q3_test": "past tense",
    "miti_q1_test": "Work it out in two steps",
    **{
        f"roleplay_alcohol_ambivalence_{criterion.id}": criterion.hint
        for criterion in load_scenario("alcohol-ambivalence").rubric
        if criterion.id != "person_first_language"
    },
    **{
        f"roleplay_medication_stopping_{criterion.id}": "No role-play found"
        for criterion in load_scenario("medication-stopping").rubric
    },
}


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A course built from this module alone, with three graded submissions and feedback."""
    course_dir = course_with_submissions(
        tmp_path_factory.mktemp("mi-course"),
        (MODULE,),
        lambda module, trainee: PARTIAL if trainee == "partial" else CHAT_PLAYED,
    )
    chat = RolePlay(
        "alcohol-ambivalence",
        save_to=course_dir
        / "submitted"
        / "solution"
        / MODULE
        / "roleplay-alcohol-ambivalence.json",
    )
    for utterance in solution_utterances(MODULE, "alcohol-ambivalence"):
        chat.send(utterance)
    chat.end()
    summary = autograde(course_dir, workers=2, show_progress=False)
    assert [r.status for r in summary.results] == ["graded"] * len(TRAINEES), summary.results
    feedback = generate_feedback(course_dir, show_progress=False)
    assert not feedback.problems, feedback.problems
    return course_dir


@pytest.mark.slow
def test_solution_earns_every_autograded_point(course):
    """Does the solution score full marks on every autograded cell, leaving prose for a person?"""
    check_solution_full_marks(course, MODULE)


@pytest.mark.slow
def test_blank_release_scores_zero(course):
    """Does the untouched release score zero everywhere, each check saying what to do?"""
    check_blank_scores_zero(course, MODULE)
    errors = autograded_errors(course, MODULE, "blank")
    assert "your answer is blank" in errors["questions_q1_test"]
    assert "No role-play found" in errors["roleplay_alcohol_ambivalence_summary_offered"]


@pytest.mark.slow
def test_partly_correct_submission_gets_partial_marks_and_the_right_messages(course):
    """Are exactly the wrong answers marked down, each with a hint about what to reconsider?"""
    check_partial_messages(course, MODULE, PARTIAL_FAILS)
    scores = grades(course, MODULE, "partial")
    earned = sum(score for score, _ in scores.values() if score)
    assert 0 < earned < sum(top for _, top in scores.values())


@pytest.mark.slow
def test_answer_the_coder_is_unsure_about_keeps_its_point_and_goes_to_a_trainer(course):
    """Is a low-confidence written answer kept, flagged for a trainer, and the flag hidden?"""
    assert grades(course, MODULE, "partial")["reflect_write_q1_test"] == (1, 1)
    flags = supervisor_flags(course, MODULE, "partial")
    assert [flag.kind for flag in flags if UNSURE_REFLECTION in flag.detail] == [NEEDS_PERSON]
    shown = "".join(
        output.get("text", "")
        for output in autograded_outputs(course, MODULE, "partial")["reflect_write_q1_test"]
    )
    assert "a trainer will read it" in shown
    page = course / "feedback" / "partial" / MODULE / "1-spirit-and-oars.html"
    assert "Please read this written answer" not in visible_text(page.read_text(encoding="utf-8"))


@pytest.mark.slow
def test_role_play_saved_from_the_chat_is_graded_from_its_file(course):
    """Is a role-play played and saved in the chat widget graded from its file (list left empty)?"""
    scores = grades(course, MODULE, "solution")
    role_play = {gid: s for gid, s in scores.items() if gid.startswith("roleplay_alcohol")}
    assert len(role_play) == len(load_scenario("alcohol-ambivalence").rubric)
    assert all(score == top for score, top in role_play.values()), role_play
    saved = course / "autograded" / "solution" / MODULE / "roleplay-alcohol-ambivalence.json"
    assert saved.is_file()


@pytest.mark.slow
def test_release_holds_no_hidden_tests_or_solutions(course):
    """Does no released notebook contain a hidden test, a model answer or an nbgrader marker?"""
    check_release_keeps_secrets(course, MODULE)


@pytest.mark.slow
def test_feedback_holds_no_hidden_tests_or_solutions_but_keeps_the_hints(course):
    """Does feedback show the hints and what the coder heard, without hidden tests or flags?"""
    check_feedback_keeps_secrets(course, MODULE)
    page = course / "feedback" / "partial" / MODULE / "1-spirit-and-oars.html"
    text = visible_text(page.read_text(encoding="utf-8"))
    assert PARTIAL_FAILS["questions_q1_test"] in text
    assert "MI coder heard" in text


def test_every_text_in_the_module_passes_the_language_checker():
    """Is every cell of the module free of stigmatizing language, by our own checker?"""
    found = [
        str(finding)
        for path in NOTEBOOKS
        for number, cell in enumerate(render_notebook(path, default_org()).cells, start=1)
        for finding in issues(check_language(cell.source, where=f"{path.name}, cell {number}"))
    ]
    assert found == []


def test_organization_words_fill_the_lessons():
    """Do an organization's own words (people served, supervisor title) appear in the lessons?"""
    org = default_org().model_copy(
        update={
            "people_served": default_org().people_served.model_copy(
                update={"singular": "member", "plural": "members"}
            ),
            "supervisor_title": "peer practice lead",
        }
    )
    text = "\n".join(cell.source for path in NOTEBOOKS for cell in render_notebook(path, org).cells)
    assert "simulated members" in text and "members we support" in text
    assert "your peer practice lead" in text
    assert "org." not in text


def test_every_answer_cell_says_exactly_what_to_type():
    """Does each answer cell tell the trainee what to type, and hold only text, never code?"""
    check_answer_cells_hold_text(MODULE)


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_running_every_cell_twice_and_tests_first_does_no_harm(path, tmp_path):
    """Do the solution notebooks still pass when every cell runs twice, tests before answers?"""
    check_runs_twice_tests_first(path, tmp_path)


def test_role_play_checks_cover_each_scenarios_rubric():
    """Is there one graded cell per rubric criterion of each role-play, worth its points?"""
    check_one_cell_per_criterion(MODULE, ROLEPLAYS)


def test_model_role_plays_meet_every_criterion_with_either_coder():
    """Does each model role-play meet every criterion when replayed, with either coder?"""
    check_model_role_plays(MODULE, ROLEPLAYS)


def test_curriculum_lists_every_graded_cell_of_the_module():
    """Does curriculum.yaml map every graded cell of the module, with points, to competencies?"""
    check_curriculum_entry(MODULE)
