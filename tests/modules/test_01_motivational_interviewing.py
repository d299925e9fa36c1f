"""The Motivational Interviewing module, end to end: build, release, autograde, feedback.

One module-scoped course is built from the module and graded once, with three trainees: the
solution (who played the first role-play in the real chat widget and typed the second as a
list), the blank release, and a partly correct submission. The tests then read the gradebook,
the autograded notebooks, the release and the feedback pages.
"""

from __future__ import annotations

import ast
import csv
import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbgrader.api import Gradebook

from grading.autograde import run as autograde
from grading.checks.findings import issues
from grading.checks.language import check_language
from grading.checks.mi import NEEDS_PERSON
from grading.course import build, render_notebook
from grading.coursedir import gradebook_url
from grading.curriculum import load_curriculum
from grading.feedback import generate_feedback, visible_text
from grading.flags import collect_flags
from grading.org import default_org
from simulator import Session, load_scenario
from simulator.metrics import summarize
from simulator.rule_coder import RuleCoder
from simulator.widgets import RolePlay

ROOT = Path(__file__).resolve().parents[2]
MODULE = "01-motivational-interviewing"
MODULE_DIR = ROOT / "modules" / MODULE
NOTEBOOKS = sorted(MODULE_DIR.glob("*.ipynb"))
MARKERS = (
    "### BEGIN SOLUTION",
    "### END SOLUTION",
    "### BEGIN HIDDEN TESTS",
    "### END HIDDEN TESTS",
)
ROLEPLAYS = ("alcohol-ambivalence", "medication-stopping")
TRAINEES = ("solution", "blank", "partial")
CHAT_PLAYED = {
    "roleplay_alcohol_ambivalence_utterances": "roleplay_alcohol_ambivalence_utterances = []\n"
}


def nbgrader_meta(cell: nbformat.NotebookNode) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def without_markers(source: str) -> str:
    """A solution cell as a trainee who got everything right would leave it."""
    return "\n".join(line for line in source.splitlines() if line.strip() not in MARKERS)


def between(source: str, begin: str, end: str) -> list[str]:
    """The lines inside begin/end marker pairs of a cell."""
    return re.findall(rf"{re.escape(begin)}\n(.*?)\n{re.escape(end)}", source, re.DOTALL)


HIDDEN = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
SOLUTION = ("### BEGIN SOLUTION", "### END SOLUTION")


def secret_lines(
    source_dir: Path, kinds: tuple[tuple[str, str], ...] = (HIDDEN, SOLUTION)
) -> set[str]:
    """Lines of hidden tests and solutions that must never reach a trainee, except the hints.

    Hint strings (the assert messages) are meant to be seen in feedback, so only lines holding
    code (the answer key) and solution text are collected, and only those that the visible part
    of the cell does not also hold.
    """
    secrets = set()
    for path in source_dir.glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            regions = [r for begin, end in kinds for r in between(cell.source, begin, end)]
            visible = cell.source
            for region in regions:
                visible = visible.replace(region, "")
            for region in regions:
                for line in region.splitlines():
                    line = line.strip()
                    code = len(line) >= 12 and not line.startswith(('"', "'", "(", ")"))
                    if code and line not in visible:
                        secrets.add(line)
    return secrets


def answer_cells(notebook: nbformat.NotebookNode) -> dict[str, str]:
    """grade_id -> source of every cell a trainee answers in."""
    return {
        nbgrader_meta(cell)["grade_id"]: cell.source
        for cell in notebook.cells
        if nbgrader_meta(cell).get("solution")
    }


def filled(release: Path, source: Path, overrides: dict[str, str]) -> nbformat.NotebookNode:
    """The release notebook answered with the solutions, except for `overrides` (by grade_id)."""
    notebook = nbformat.read(release, as_version=4)
    solutions = answer_cells(nbformat.read(source, as_version=4))
    for cell in notebook.cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if grade_id in overrides:
            cell.source = overrides[grade_id]
        elif grade_id in solutions:
            cell.source = without_markers(solutions[grade_id])
    return notebook


def choice(variable: str, value: str) -> str:
    return f'# Type your answer between the quotes, then run this cell.\n{variable} = "{value}"\n'


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
    "reflect_write_q2": choice("reflect_write_q2", "Why don't you call an old friend?"),
    "talk_q1": choice("talk_q1", "change"),
    "darn_q3": choice("darn_q3", "commitment"),
    "summary_q1": "YOUR ANSWER HERE",
    "miti_q1": choice("miti_q1", "B"),
    "roleplay_alcohol_ambivalence_utterances": (
        f"roleplay_alcohol_ambivalence_utterances = {json.dumps(RIGHTING_REFLEX_PLAY)}\n"
    ),
    "roleplay_medication_stopping_utterances": "roleplay_medication_stopping_utterances = []\n",
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


def solution_utterances(scenario_id: str) -> list[str]:
    """The model role-play of the source notebook, read from its solution cell."""
    variable = "roleplay_" + scenario_id.replace("-", "_") + "_utterances"
    for path in NOTEBOOKS:
        source = answer_cells(nbformat.read(path, as_version=4)).get(variable)
        if source:
            (solution,) = between(source, "### BEGIN SOLUTION", "### END SOLUTION")
            return ast.literal_eval(solution.split("=", 1)[1].strip())
    raise AssertionError(f"no solution cell {variable}")


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A course built from this module alone, with four graded submissions and feedback."""
    base = tmp_path_factory.mktemp("mi-course")
    modules = base / "modules"
    shutil.copytree(MODULE_DIR, modules / MODULE)
    roster = base / "roster.csv"
    with roster.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id"])
        writer.writerows([trainee] for trainee in TRAINEES)
    course_dir = base / "course"
    build(modules, course_dir, roster=roster)
    release, source = course_dir / "release" / MODULE, course_dir / "source" / MODULE
    for trainee in TRAINEES:
        folder = course_dir / "submitted" / trainee / MODULE
        folder.mkdir(parents=True)
        for notebook in sorted(source.glob("*.ipynb")):
            if trainee == "blank":
                shutil.copy2(release / notebook.name, folder / notebook.name)
                continue
            overrides = PARTIAL if trainee == "partial" else CHAT_PLAYED
            answered = filled(release / notebook.name, notebook, overrides)
            nbformat.write(answered, folder / notebook.name)
        (folder / "timestamp.txt").write_text("2026-01-10T12:00:00+00:00", encoding="utf-8")
    chat = RolePlay(
        "alcohol-ambivalence",
        save_to=course_dir
        / "submitted"
        / "solution"
        / MODULE
        / "roleplay-alcohol-ambivalence.json",
    )
    for utterance in solution_utterances("alcohol-ambivalence"):
        chat.send(utterance)
    chat.end()
    summary = autograde(course_dir, workers=2, show_progress=False)
    assert [r.status for r in summary.results] == ["graded"] * len(TRAINEES), summary.results
    feedback = generate_feedback(course_dir, show_progress=False)
    assert not feedback.problems, feedback.problems
    return course_dir


def grades(course_dir: Path, trainee: str) -> dict[str, tuple[float | None, float]]:
    """grade_id -> (score, max score) for every graded cell of a trainee's submission."""
    with Gradebook(gradebook_url(course_dir)) as gradebook:
        submission = gradebook.find_submission(MODULE, trainee)
        return {
            grade.name: (grade.score if grade.auto_score is not None else None, grade.max_score)
            for notebook in submission.notebooks
            for grade in notebook.grades
        }


def autograded_errors(course_dir: Path, trainee: str) -> dict[str, str]:
    """grade_id -> the error message a failed test cell showed, in the autograded notebooks."""
    errors = {}
    for path in (course_dir / "autograded" / trainee / MODULE).glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            for output in cell.get("outputs", []):
                if output.output_type == "error":
                    errors[nbgrader_meta(cell)["grade_id"]] = output.evalue
    return errors


def manual_ids() -> set[str]:
    return {
        nbgrader_meta(cell)["grade_id"]
        for path in NOTEBOOKS
        for cell in nbformat.read(path, as_version=4).cells
        if nbgrader_meta(cell).get("grade") and nbgrader_meta(cell).get("solution")
    }


@pytest.mark.slow
def test_solution_earns_every_autograded_point(course):
    """Does the solution score full marks on every autograded cell, leaving prose for a person?"""
    scores = grades(course, "solution")
    assert len(scores) >= 40
    missed = {gid: s for gid, s in scores.items() if gid not in manual_ids() and s[0] != s[1]}
    assert not missed, (missed, autograded_errors(course, "solution"))
    assert {gid for gid, (score, _) in scores.items() if score is None} == manual_ids()


@pytest.mark.slow
def test_blank_release_scores_zero(course):
    """Does the untouched release score zero everywhere, prose included?"""
    scores = grades(course, "blank")
    assert {gid: score for gid, (score, _) in scores.items() if score != 0} == {}
    errors = autograded_errors(course, "blank")
    assert "between the quotes" in errors["questions_q1_test"]
    assert "No role-play found" in errors["roleplay_alcohol_ambivalence_summary_offered"]


@pytest.mark.slow
def test_partly_correct_submission_gets_partial_marks_and_the_right_messages(course):
    """Are exactly the wrong answers marked down, each with a hint about what to reconsider?"""
    scores = grades(course, "partial")
    lost = {gid for gid, (score, top) in scores.items() if score is not None and score < top}
    assert lost == set(PARTIAL_FAILS) | {"summary_q1"}
    errors = autograded_errors(course, "partial")
    for grade_id, hint in PARTIAL_FAILS.items():
        assert hint in errors[grade_id], (grade_id, errors[grade_id])
    assert scores["summary_q1"] == (0, 3)
    earned = sum(score for score, _ in scores.values() if score)
    assert 0 < earned < sum(top for _, top in scores.values())


@pytest.mark.slow
def test_answer_the_coder_is_unsure_about_keeps_its_point_and_goes_to_a_trainer(course):
    """Is a low-confidence written answer kept, flagged for a trainer, and the flag hidden?"""
    assert grades(course, "partial")["reflect_write_q1_test"] == (1, 1)
    flags = collect_flags(course / "autograded" / "partial" / MODULE)
    assert [flag.kind for flag in flags if UNSURE_REFLECTION in flag.detail] == [NEEDS_PERSON]
    page = course / "feedback" / "partial" / MODULE / "1-spirit-and-oars.html"
    text = visible_text(page.read_text(encoding="utf-8"))
    assert "a trainer will read it" in text
    assert "Please read this written answer" not in text


@pytest.mark.slow
def test_role_play_saved_from_the_chat_is_graded_from_its_file(course):
    """Is a role-play played and saved in the chat widget graded from its file (list left empty)?"""
    scores = grades(course, "solution")
    role_play = {gid: s for gid, s in scores.items() if gid.startswith("roleplay_alcohol")}
    assert len(role_play) == len(load_scenario("alcohol-ambivalence").rubric)
    assert all(score == top for score, top in role_play.values()), role_play
    saved = course / "autograded" / "solution" / MODULE / "roleplay-alcohol-ambivalence.json"
    assert saved.is_file()


@pytest.mark.slow
def test_release_holds_no_hidden_tests_or_solutions(course):
    """Does no released file contain a hidden test, a solution or an nbgrader marker?"""
    secrets = secret_lines(course / "source" / MODULE)
    assert len(secrets) >= 40
    for path in (course / "release" / MODULE).iterdir():
        text = path.read_text(encoding="utf-8")
        leaked = [s for s in secrets if s in text] + [m for m in MARKERS if m in text]
        assert not leaked, f"{path.name}: {leaked[:3]}"


@pytest.mark.slow
def test_feedback_holds_no_hidden_tests_or_solutions_but_keeps_the_hints(course):
    """Does feedback show the trainee's hints without hidden test code or model answers?

    Every trainee's feedback is searched for hidden-test code; the blank trainee's also for
    model answers (other trainees' pages rightly show their own, partly correct, answers).
    """
    hidden = secret_lines(course / "source" / MODULE, kinds=(HIDDEN,))
    solutions = secret_lines(course / "source" / MODULE, kinds=(SOLUTION,))
    assert len(hidden) >= 25 and len(solutions) >= 25
    pages = sorted((course / "feedback").glob(f"*/{MODULE}/*.html"))
    assert len(pages) == len(TRAINEES) * len(NOTEBOOKS)
    for page in pages:
        text = visible_text(page.read_text(encoding="utf-8"))
        secrets = hidden | solutions if page.parts[-3] == "blank" else hidden
        leaked = [s for s in secrets if s in text] + [m for m in MARKERS if m in text]
        assert not leaked, f"{page}: {leaked[:3]}"
    part1 = visible_text(
        (course / "feedback" / "partial" / MODULE / "1-spirit-and-oars.html").read_text()
    )
    assert PARTIAL_FAILS["questions_q1_test"] in part1
    assert "MI coder heard" in part1


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
    for path in NOTEBOOKS:
        cells = nbformat.read(path, as_version=4).cells
        for number, cell in enumerate(cells):
            meta = nbgrader_meta(cell)
            if not meta.get("solution"):
                continue
            where = f"{path.name}, {meta['grade_id']}"
            if cell.cell_type == "markdown":
                assert "YOUR ANSWER HERE" in cells[number - 1].source, where
                continue
            stub = cell.source.split("### BEGIN SOLUTION")[0]
            assert stub.lstrip().startswith("# Type") or "type what you would say" in stub, where
            statements = ast.parse(stub).body
            assert len(statements) == 1 and isinstance(statements[0], ast.Assign), where
            assert ast.literal_eval(statements[0].value) in ("", []), where


def test_test_cells_never_change_the_answers():
    """Can test cells run any number of times without changing a trainee's answers?"""
    for path in NOTEBOOKS:
        cells = nbformat.read(path, as_version=4).cells
        answers = {nbgrader_meta(c)["grade_id"] for c in cells if nbgrader_meta(c).get("solution")}
        for cell in cells:
            if nbgrader_meta(cell).get("grade") and cell.cell_type == "code":
                assigned = {
                    target.id
                    for node in ast.walk(ast.parse(without_markers(cell.source)))
                    if isinstance(node, ast.Assign)
                    for target in node.targets
                    if isinstance(target, ast.Name)
                }
                assert not assigned & answers, (path.name, nbgrader_meta(cell)["grade_id"])


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_running_every_cell_twice_and_tests_first_does_no_harm(path, tmp_path):
    """Do the solution notebooks still pass when every cell runs twice, tests before answers?"""
    notebook = render_notebook(path, default_org())
    tests_first = [c for c in notebook.cells if nbgrader_meta(c).get("grade")]
    notebook.cells = [nbformat.from_dict(c) for c in tests_first] + notebook.cells + notebook.cells
    client = NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(tmp_path)}})
    client.allow_errors = True
    client.execute()
    early = notebook.cells[: len(tests_first)]
    for cell in early:
        if cell.cell_type == "code" and nbgrader_meta(cell).get("solution") is False:
            errors = [o for o in cell.outputs if o.output_type == "error"]
            assert all(o.ename == "AssertionError" for o in errors), nbgrader_meta(cell)
    for cell in notebook.cells[len(tests_first) :]:
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        assert not errors, (nbgrader_meta(cell).get("grade_id"), errors[:1])


def test_role_play_checks_cover_each_scenarios_rubric():
    """Is there one graded cell per rubric criterion of each role-play, worth its points?"""
    cells = [cell for path in NOTEBOOKS for cell in nbformat.read(path, as_version=4).cells]
    for scenario_id in ROLEPLAYS:
        prefix = "roleplay_" + scenario_id.replace("-", "_") + "_"
        graded = {
            nbgrader_meta(c)["grade_id"][len(prefix) :]: nbgrader_meta(c)["points"]
            for c in cells
            if nbgrader_meta(c).get("grade") and nbgrader_meta(c)["grade_id"].startswith(prefix)
        }
        rubric = {c.id: c.points for c in load_scenario(scenario_id).rubric}
        assert graded == rubric


@pytest.mark.parametrize("scenario_id", ROLEPLAYS)
def test_model_role_play_meets_every_criterion_when_replayed(scenario_id):
    """Does the solution's role-play meet every rubric criterion when replayed?"""
    from grading.checks.roleplay import score_roleplay

    score = score_roleplay(solution_utterances(scenario_id), scenario_id)
    assert [c.id for c in score.criteria if not c.passed] == []


@pytest.mark.parametrize("scenario_id", ROLEPLAYS)
def test_model_role_play_also_meets_every_criterion_with_the_rule_coder(scenario_id):
    """Does the model role-play still pass when only the fallback rule coder is installed?"""
    scenario = load_scenario(scenario_id)
    played = Session.from_utterances(scenario, solution_utterances(scenario_id), coder=RuleCoder())
    summary = summarize(played.transcript)
    assert [c.id for c in scenario.rubric if not c.met_by(summary.value(c.metric))] == []


def test_curriculum_lists_every_graded_cell_of_the_module():
    """Does curriculum.yaml map every graded cell of the module, with points, to competencies?"""
    entry = load_curriculum(ROOT / "modules" / "curriculum.yaml").module(MODULE)
    assert entry is not None and entry.hours > 0
    graded = {
        nbgrader_meta(c)["grade_id"]: nbgrader_meta(c)["points"]
        for path in NOTEBOOKS
        for c in nbformat.read(path, as_version=4).cells
        if nbgrader_meta(c).get("grade")
    }
    listed = {exercise.grade_id: exercise.model_extra.get("points") for exercise in entry.exercises}
    assert listed == graded
    assert all(exercise.samhsa and exercise.icrc for exercise in entry.exercises)
