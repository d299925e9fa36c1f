"""Module 13 (certification, teams and a practice exam): what is specific to this module.

The shared checks for the modules graded by the shared course are in test_modules_02_to_05.py.
The practice exam is also graded once in an organization's *exam* mode, where its explanations
must reach the trainee at grading and not before.
"""

from __future__ import annotations

import csv
import re
import shutil
from collections import Counter
from pathlib import Path

import nbformat
import pytest

from tests.modules.conftest import (
    ROOT,
    answer_cell,
    answer_cells,
    autograded_errors,
    autograded_outputs,
    check_partial_messages,
    grades,
    nbgrader_meta,
    roleplay_cell,
    roleplay_hints,
    solved,
    supervisor_flags,
)

MODULE = "13-certification-and-teams"
EXAM = "3-practice-exam.ipynb"
#: Mei asks whether it gets back to her parents, and hears a promise instead of the limits.
PROMISES_SECRECY = [
    "I promise, nothing you say here leaves this room.",
    "What brought you in today?",
    "It sounds like that panic attack really scared you.",
    "How often do you vape?",
    "So part of you likes having something that's yours, and part of you hates needing it.",
    "It sounds like needing it before a test is the part you hate most.",
    "What would you like to be different about the vaping?",
    "It sounds like using the pen every school night is more than you want.",
]
PARTIAL = {
    "cert_q1": answer_cell("cert_q1", "A"),
    "minor_q2": answer_cell(
        "minor_q2", "Don't worry, what you tell me stays between us. I won't tell anyone."
    ),
    "teams_q4": answer_cell(
        "teams_q4",
        "A peer specialist helps people with appointments and paperwork at the clinic and makes "
        "sure they get to every appointment on time each week.",
    ),
    "exam_q2": answer_cell("exam_q2", "B"),
    "roleplay_student_under_18_utterances": roleplay_cell(
        "roleplay_student_under_18_utterances", PROMISES_SECRECY
    ),
}
ROLEPLAY_MISSES = ("confidentiality_limits_explained", "no_secrecy_promise", "supports_her_choices")
PARTIAL_FAILS = {
    "cert_q1_test": "falsifying a record",
    "minor_q2_test": "Your words promise to keep things secret",
    "teams_q4_test": "Say what makes the role a peer role",
    "exam_q2_test": "a long story moves the focus to you",
    **roleplay_hints("student-under-18", ROLEPLAY_MISSES),
}


@pytest.mark.slow
def test_wrong_answers_get_helpful_messages(graded_course):
    """Are wrong answers marked down, each with a message that says what to reconsider?"""
    check_partial_messages(graded_course, MODULE, PARTIAL_FAILS)


@pytest.mark.slow
def test_a_promise_of_secrecy_to_a_minor_is_a_supervisor_flag(graded_course):
    """Is a promise of secrecy to Mei reported to the supervisor, and nothing for the solution
    or the blank release?"""
    flags = supervisor_flags(graded_course, MODULE, "partial")
    assert [f.kind for f in flags] == ["secrecy_promise"]
    assert supervisor_flags(graded_course, MODULE, "solution") == []
    assert supervisor_flags(graded_course, MODULE, "blank") == []


def test_the_practice_exam_has_twenty_items_five_per_domain_with_explanations():
    """Does the practice exam hold 20 four-option choice items, five per IC&RC domain, spread
    over the answer letters, each with an explanation in its check?"""
    from grading.course.curriculum import load_curriculum

    cells = nbformat.read(ROOT / "modules" / MODULE / EXAM, as_version=4).cells
    tests = [c for c in cells if nbgrader_meta(c).get("grade")]
    assert len(tests) == 20
    assert all('("A", "B", "C", "D")' in c.source and "explanation=" in c.source for c in tests)
    key, options = exam_key(), exam_options()
    assert list(options) == list(key)
    assert all(list(letters) == list("ABCD") for letters in options.values()), options
    assert sorted(key.values()) == sorted("ABCD" * 5)
    entry = load_curriculum(ROOT / "modules" / "curriculum.yaml").module(MODULE)
    domains = [e.icrc[0] for e in entry.exercises if e.grade_id.startswith("exam_q")]
    assert {d: domains.count(d) for d in domains} == {
        "Advocacy": 5,
        "Mentoring and Education": 5,
        "Recovery/Wellness Support": 5,
        "Ethical Responsibility": 5,
    }


def answer_cells_of(notebook: str) -> dict[str, str]:
    """grade_id -> source of the answer cells of one of this module's source notebooks."""
    return answer_cells(nbformat.read(ROOT / "modules" / MODULE / notebook, as_version=4))


#: An option line of a practice exam item's prompt: ``* **B.** Ask what she wants to say, ...``
OPTION = re.compile(r"^\* \*\*([A-D])\.\*\* (.+)$", re.MULTILINE)


def exam_key() -> dict[str, str]:
    """Item (``exam_q1`` ...) -> the right letter, as its model answer holds it."""
    return {
        name: solved(source).split("\n", 1)[1].strip()
        for name, source in answer_cells_of(EXAM).items()
    }


def exam_options() -> dict[str, dict[str, str]]:
    """Item (``exam_q1`` ...) -> letter -> the option's text, as the item's prompt lists it."""
    cells = nbformat.read(ROOT / "modules" / MODULE / EXAM, as_version=4).cells
    prompts = (nbgrader_meta(cell).get("grade_id", "") for cell in cells)
    return {
        grade_id.removesuffix("_prompt"): dict(OPTION.findall(cell.source))
        for grade_id, cell in zip(prompts, cells, strict=True)
        if grade_id.startswith("exam_q") and grade_id.endswith("_prompt")
    }


def test_choosing_the_longest_option_does_not_pass_the_exam():
    """Does the test-wise habit of choosing the longest option (or the shortest) score no better
    than chance, and is no answer letter's option the longest in most items?"""
    key, options = exam_key(), exam_options()
    by_length = {
        name: sorted(letters, key=lambda letter: len(letters[letter]))
        for name, letters in options.items()
    }
    longest = {name: letters[-1] for name, letters in by_length.items()}
    shortest = {name: letters[0] for name, letters in by_length.items()}
    # Chance is 5 of 20; one more is allowed, since the right answer can be longest now and then.
    assert sum(longest[name] == key[name] for name in key) <= 6, longest
    assert sum(shortest[name] == key[name] for name in key) <= 6, shortest
    assert max(Counter(longest.values()).values()) <= 8, Counter(longest.values())


@pytest.fixture(scope="module")
def exam_mode_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The practice exam built for an organization in exam mode, submitted right (solution) and
    with items 1 and 2 wrong (wrong), autograded, feedback written."""
    from grading.course.build import build
    from grading.course.org import default_org
    from grading.feedback.generate import generate_feedback
    from grading.grade.autograde import run as autograde

    base = tmp_path_factory.mktemp("exam-mode")
    (base / "modules").mkdir()
    shutil.copytree(ROOT / "modules" / MODULE, base / "modules" / MODULE)
    roster = base / "roster.csv"
    with roster.open("w", newline="") as handle:
        csv.writer(handle).writerows([["id"], ["solution"], ["wrong"]])
    course = base / "course"
    org = default_org().model_copy(update={"choice_feedback": "exam"})
    build(base / "modules", course, org=org, roster=roster)
    release = course / "release" / MODULE / EXAM
    model = answer_cells_of(EXAM)
    for trainee, wrong in (("solution", {}), ("wrong", {"exam_q1": "A", "exam_q2": "B"})):
        notebook = nbformat.read(release, as_version=4)
        for cell in notebook.cells:
            grade_id = nbgrader_meta(cell).get("grade_id")
            if grade_id in model:
                typed = wrong.get(grade_id)
                cell.source = answer_cell(grade_id, typed) if typed else solved(model[grade_id])
        folder = course / "submitted" / trainee / MODULE
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / EXAM)
        (folder / "timestamp.txt").write_text("2026-01-10T12:00:00+00:00", encoding="utf-8")
    summary = autograde(course, workers=1, show_progress=False)
    assert {r.status for r in summary.results} == {"graded"}, summary.results
    assert not generate_feedback(course, show_progress=False).problems
    return course


def test_the_release_does_not_give_the_explanations_away():
    """Do the released check cells hold each explanation sealed, never in plain words, and does
    the sealed text open, with the right letter, to the same explanation the hidden test gives?"""
    from grading.checks.answer_checks import sealed_explanation

    key = exam_key()
    cells = nbformat.read(ROOT / "modules" / MODULE / EXAM, as_version=4).cells
    for cell in cells:
        if not nbgrader_meta(cell).get("grade"):
            continue
        name = nbgrader_meta(cell)["grade_id"].removesuffix("_test")
        visible, _, hidden = cell.source.partition("### BEGIN HIDDEN TESTS")
        why = re.search(r"Why: (.+?)['\"]\n\)", hidden).group(1)
        assert why not in visible, name
        sealed = re.search(r'explanation="(.+?)"', visible).group(1)
        assert sealed == sealed_explanation(name, key[name], why), name


@pytest.mark.slow
def test_exam_mode_explains_a_wrong_answer_at_grading(exam_mode_course):
    """In exam mode, does the live check only say the answer was read, the solution earn every
    point, and each wrong item lose its point with the right answer and why?"""
    from grading.checks.answer_checks import GRADED_LATER

    course = exam_mode_course
    shown = {
        grade_id: "".join(o.get("text", "") for o in outputs)
        for grade_id, outputs in autograded_outputs(course, MODULE, "solution").items()
    }
    assert all(shown[f"exam_q{n}_test"].strip() == GRADED_LATER for n in range(1, 21))
    for trainee, wrong in (("solution", set()), ("wrong", {"exam_q1_test", "exam_q2_test"})):
        scores = grades(course, MODULE, trainee)  # only the exam notebook was submitted
        lost = {g for g, (score, top) in scores.items() if g.startswith("exam_") and score < top}
        assert lost == wrong, trainee
    errors = autograded_errors(course, MODULE, "wrong")
    assert errors["exam_q1_test"].startswith("Not quite: the answer is B. Why: Peers advocate")
    assert errors["exam_q2_test"].startswith("Not quite: the answer is C. Why: Purposeful")


@pytest.mark.slow
def test_exam_mode_feedback_carries_the_explanations(exam_mode_course):
    """Does the trainee's feedback page show the right answer and why for a wrong item, and no
    hidden test code?"""
    from grading.feedback.generate import visible_text

    page = next((exam_mode_course / "feedback" / "wrong" / MODULE).glob("*.html"))
    text = visible_text(page.read_text(encoding="utf-8"))
    assert "Not quite: the answer is B. Why: Peers advocate with people" in text
    assert "assert choice_is_right" not in text
