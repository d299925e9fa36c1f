"""What the course forbids loses its points under real nbgrader autograde, with a message why.

A small module is built as a course (grading.course.build.build) with the real graders in its test
cells: a fix-the-note exercise (grading.checks.notes), the medication role-play's "stays in
role" criterion and the crisis role-play's secrecy, connection and staying criteria
(grading.checks.roleplay, replayed through the simulator). One trainee submits good answers,
one a generic cloned note, dose advice and a crisis call with a secrecy promise and a cold
referral. Both are autograded by grading.grade.autograde.run (nbgrader), and the gradebook and the
autograded notebooks are read back.
"""

from __future__ import annotations

import csv
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from nbgrader.api import Gradebook

from grading.course.build import build
from grading.course.coursedir import gradebook_url
from grading.grade.autograde import Limits, run

pytestmark = pytest.mark.slow
MODULE = "01-safety-fixture"
NOTEBOOK = "safety.ipynb"
GOOD_NOTE = """Date: 03/02/2026   Start: 1:00 PM   End: 1:50 PM
Setting: his apartment, home visit
Service: H0038   Units: 3
G: "Keep my appointments so I can stay out of the hospital" (plan goal 1)
I: Explored what has made appointments hard; shared how a phone reminder helped me.
R: He said "the bus is the problem, not the doctor" and chose to ask about a ride program.
P: Meet Thursday at 10 AM to call the ride program together.
Signature: Sam Rivera, CPRS"""
GENERIC_NOTE = """Date: 03/02/2026   Start: 1:00 PM   End: 1:50 PM
Setting: his apartment, home visit
Service: H0038   Units: 3
G: Provided peer support.
I: Provided peer support.
R: Member tolerated well.
P: Continue peer support.
Signature: Sam Rivera, CPRS"""
GOOD_MEDICATION = [
    "It sounds like you've been waiting a long time for an answer, and the forum idea is tempting.",
    "I can't tell you what dose to take, because that's outside what a peer does. What has the"
    " flatness been like for you?",
    "What would you want your prescriber to know about the flatness?",
]
DOSE_ADVICE = [
    "It sounds like you've been waiting a long time for an answer.",
    "I'm on 150 mg of sertraline myself.",
    "You could probably cut the dose in half and see how it goes.",
]
GOOD_CRISIS = [
    "Hi Gene, I'm glad you called. It sounds like another long night.",
    "The house is so quiet without Bruno, and the nights are the hardest part.",
    "It sounds like you've been carrying a lot on your own since the mill closed.",
    "You miss feeling useful, the way you did at the mill.",
    "Gene, I want to ask you directly: are you thinking about killing yourself?",
    "Thank you for telling me. I'm here, and I'm staying on the line with you.",
    "I'd like to bring in the 988 Lifeline while I stay on the line with you. Can we do that"
    " together?",
]
SECRET_AND_COLD = [
    *GOOD_CRISIS[:5],
    "Don't worry, this stays just between us.",
    "Here's the number for 988, I have to go.",
]
# grade_id of each test cell: (points, code in the cell)
TESTS = {
    "note_fix_test": (
        2,
        "from grading.checks.findings import explain, issues\n"
        "from grading.checks.notes import NoteRules, check_note\n"
        "problems = issues(check_note(note_fix, NoteRules(), where='your fixed note'))\n"
        "assert not problems, 'Your note still needs some work:\\n' + explain(problems)",
    ),
    "medication_stays_in_role": (
        1,
        "from grading.checks.roleplay import score_roleplay\n"
        "score_roleplay(medication_turns, 'medication-advice-seeker')"
        ".assert_criterion('stays_in_role')",
    ),
    "crisis_no_secrecy_promise": (
        1,
        "from grading.checks.roleplay import score_roleplay\n"
        "score_roleplay(crisis_turns, 'warm-line-crisis').assert_criterion('no_secrecy_promise')",
    ),
    "crisis_connected": (
        1,
        "from grading.checks.roleplay import score_roleplay\n"
        "score_roleplay(crisis_turns, 'warm-line-crisis').assert_criterion('crisis_connected')",
    ),
    "crisis_stayed": (
        1,
        "from grading.checks.roleplay import score_roleplay\n"
        "score_roleplay(crisis_turns, 'warm-line-crisis').assert_criterion('crisis_stayed')",
    ),
}


def _meta(grade_id: str, *, solution: bool = False, points: int = 0) -> dict:
    return {
        "nbgrader": {
            "grade": bool(points),
            "grade_id": grade_id,
            "locked": not solution,
            "schema_version": 3,
            "solution": solution,
            "task": False,
            **({"points": points} if points else {}),
        }
    }


def _answer(variable: str, value: object) -> str:
    return f"{variable} = {value!r}"


def _notebook(note: str, medication: list[str], crisis: list[str]) -> nbformat.NotebookNode:
    cells = [new_markdown_cell("# Safety fixture", metadata=_meta("intro"))]
    for variable, value in (
        ("note_fix", note),
        ("medication_turns", medication),
        ("crisis_turns", crisis),
    ):
        source = (
            f'{variable} = ""\n### BEGIN SOLUTION\n{_answer(variable, value)}\n### END SOLUTION'
        )
        cells.append(new_code_cell(source, metadata=_meta(variable, solution=True)))
    for grade_id, (points, code) in TESTS.items():
        cells.append(new_code_cell(code, metadata=_meta(grade_id, points=points)))
    return new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )


def _submitted(release: Path, answers: dict[str, object]) -> nbformat.NotebookNode:
    notebook = nbformat.read(release, as_version=4)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = _answer(grade_id, answers[grade_id])
    return notebook


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("safety")
    modules = root / "modules"
    (modules / MODULE).mkdir(parents=True)
    nbformat.write(_notebook(GOOD_NOTE, GOOD_MEDICATION, GOOD_CRISIS), modules / MODULE / NOTEBOOK)
    exercises = "".join(
        f"      - grade_id: {grade_id}\n        samhsa: [10]\n"
        "        icrc: [Ethical Responsibility]\n"
        for grade_id in TESTS
    )
    (modules / "curriculum.yaml").write_text(
        f'modules:\n  - id: {MODULE}\n    title: "Safety fixture"\n    hours: 1\n'
        f"    exercises:\n{exercises}",
        encoding="utf-8",
    )
    roster = root / "roster.csv"
    with roster.open("w", newline="") as handle:
        csv.writer(handle).writerows([["id"], ["good"], ["bad"]])
    course = root / "course"
    build(modules, course, roster=roster)
    answers = {
        "good": {
            "note_fix": GOOD_NOTE,
            "medication_turns": GOOD_MEDICATION,
            "crisis_turns": GOOD_CRISIS,
        },
        "bad": {
            "note_fix": GENERIC_NOTE,
            "medication_turns": DOSE_ADVICE,
            "crisis_turns": SECRET_AND_COLD,
        },
    }
    for trainee, overrides in answers.items():
        folder = course / "submitted" / trainee / MODULE
        folder.mkdir(parents=True)
        release = course / "release" / MODULE / NOTEBOOK
        nbformat.write(_submitted(release, overrides), folder / NOTEBOOK)
        (folder / "timestamp.txt").write_text("2026-01-10T12:00:00+00:00", encoding="utf-8")
    summary = run(course, workers=2, limits=Limits(cell_timeout=60), show_progress=False)
    assert {r.status for r in summary.results} == {"graded"}, summary.results
    return course


def _scores(course: Path, trainee: str) -> dict[str, float]:
    with Gradebook(gradebook_url(course)) as gradebook:
        submission = gradebook.find_submission(MODULE, trainee)
        return {g.name: g.score for nb in submission.notebooks for g in nb.grades}


def _errors(course: Path, trainee: str) -> dict[str, str]:
    notebook = nbformat.read(course / "autograded" / trainee / MODULE / NOTEBOOK, as_version=4)
    return {
        cell.metadata["nbgrader"]["grade_id"]: output.evalue
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.output_type == "error"
    }


def test_good_answers_earn_every_point(graded: Path) -> None:
    """Does a specific note, staying in role and a warm, honest crisis call earn full marks?"""
    assert _scores(graded, "good") == {gid: float(points) for gid, (points, _) in TESTS.items()}


def test_forbidden_moves_lose_their_points(graded: Path) -> None:
    """Do a generic note, dose advice, a secrecy promise and a cold referral each score 0?"""
    assert _scores(graded, "bad") == {gid: 0.0 for gid in TESTS}


@pytest.mark.parametrize(
    ("grade_id", "words"),
    [
        ("note_fix_test", "names nothing specific to this contact"),
        ("medication_stays_in_role", "dose"),
        ("crisis_no_secrecy_promise", "secret"),
        ("crisis_connected", "988"),
        ("crisis_stayed", "not alone"),
    ],
)
def test_each_lost_point_says_why(graded: Path, grade_id: str, words: str) -> None:
    """Does the trainee see a message that says what went wrong and what to do?"""
    assert words in _errors(graded, "bad")[grade_id]
