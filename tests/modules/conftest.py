"""Shared end-to-end machinery for module tests: build a course once, grade it once, read results.

`graded_course` builds ONE course from the shared modules (02 on) with three trainees (the
solution, the blank release, and a partly wrong submission whose wrong answers each module's test
file declares in `PARTIAL`), autogrades it and writes feedback, once per test run (pytest-xdist
workers share it).
The helper functions below read that course; module test files only declare what is specific.
"""

from __future__ import annotations

import ast
import csv
import importlib
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from filelock import FileLock
from nbgrader.api import Gradebook

from grading.checks.answers import roleplay_turns
from grading.course.coursedir import gradebook_url

ROOT = Path(__file__).resolve().parents[2]
SHARED_MODULES = (
    "02-role-clarity",
    "03-stigma-and-language",
    "04-documentation",
    "05-wellness-and-crisis",
    "06-ethics-in-depth",
    "07-suicide-and-overdose-response",
    "08-recovery-foundations",
    "09-trauma-informed-care-and-cultural-humility",
    "10-advocacy-and-linking",
    "11-person-centered-planning",
    "12-self-care-and-groups",
    "13-certification-and-teams",
)
TRAINEES = ("solution", "blank", "partial")
MARKERS = (
    "### BEGIN SOLUTION",
    "### END SOLUTION",
    "### BEGIN HIDDEN TESTS",
    "### END HIDDEN TESTS",
)


def nbgrader_meta(cell: nbformat.NotebookNode) -> dict:
    """The nbgrader metadata of a cell ({} for plain cells)."""
    return cell.get("metadata", {}).get("nbgrader", {})


def source_notebooks(module: str) -> list[Path]:
    """The module's source notebooks, in order."""
    return sorted((ROOT / "modules" / module).glob("*.ipynb"))


def without_markers(source: str) -> str:
    """A cell's source without nbgrader's marker lines."""
    return "\n".join(line for line in source.splitlines() if line.strip() not in MARKERS)


def solved(source: str) -> str:
    """An answer cell as a trainee who got everything right would leave it: its first line
    (``%%answer NAME``) and the model answer, in place of any text the release gave."""
    (solution,) = between(source, "### BEGIN SOLUTION", "### END SOLUTION")
    first = source.splitlines()[0]
    return (first + "\n" if first.startswith("%%") else "") + solution + "\n"


def answer_cell(name: str, text: str) -> str:
    """An answer cell holding `text`, typed as a trainee types it."""
    return f"%%answer {name}\n{text}\n"


def roleplay_cell(name: str, turns: list[str]) -> str:
    """A role-play answer cell with one turn per line."""
    return f"%%roleplay {name}\n" + "".join(f"{turn}\n" for turn in turns)


def between(source: str, begin: str, end: str) -> list[str]:
    """The text inside begin/end marker pairs of a cell."""
    return re.findall(rf"{re.escape(begin)}\n(.*?)\n{re.escape(end)}", source, re.DOTALL)


def secret_lines(source_dir: Path, *, answers: bool = True) -> set[str]:
    """Lines of hidden-test code (and, if `answers`, model answers) a trainee must never see.

    Assert messages (lines starting with a quote or a bracket) are meant for trainees and are
    left out, as are short lines and lines the release's own stub of that cell or the lessons
    also hold (a flawed note the trainee is asked to fix, a word quoted in the question).
    """
    secrets = set()
    for path in source_dir.glob("*.ipynb"):
        cells = nbformat.read(path, as_version=4).cells
        lessons = "\n".join(cell.source for cell in cells if cell.cell_type == "markdown")
        for cell in cells:
            stub = cell.source.split("### BEGIN SOLUTION")[0] + lessons
            regions = between(cell.source, "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
            if answers:
                regions += between(cell.source, "### BEGIN SOLUTION", "### END SOLUTION")
            for region in regions:
                for line in region.splitlines():
                    line = line.strip()
                    if line in stub:
                        continue
                    if len(line) >= 12 and not line.startswith(('"', "'", "(", ")")):
                        secrets.add(line)
    return secrets


def answer_cells(notebook: nbformat.NotebookNode) -> dict[str, str]:
    """grade_id -> source of every cell a trainee answers in."""
    return {
        nbgrader_meta(cell)["grade_id"]: cell.source
        for cell in notebook.cells
        if nbgrader_meta(cell).get("solution")
    }


def graded_ids(module: str) -> dict[str, float]:
    """grade_id -> points of every graded cell in the module's source notebooks."""
    return {
        nbgrader_meta(cell)["grade_id"]: nbgrader_meta(cell)["points"]
        for path in source_notebooks(module)
        for cell in nbformat.read(path, as_version=4).cells
        if nbgrader_meta(cell).get("grade")
    }


def manual_ids(module: str) -> set[str]:
    """grade_ids of the cells a trainer grades by hand (graded answer cells)."""
    return {
        nbgrader_meta(cell)["grade_id"]
        for path in source_notebooks(module)
        for cell in nbformat.read(path, as_version=4).cells
        if nbgrader_meta(cell).get("grade") and nbgrader_meta(cell).get("solution")
    }


def solution_utterances(module: str, scenario_id: str) -> list[str]:
    """The model role-play in the module's source, read from its solution cell."""
    variable = "roleplay_" + scenario_id.replace("-", "_") + "_utterances"
    for path in source_notebooks(module):
        source = answer_cells(nbformat.read(path, as_version=4)).get(variable)
        if source:
            return roleplay_turns(source)  # the turns between the solution markers
    raise AssertionError(f"{module}: no solution cell {variable}")


def _filled(release: Path, source: Path, overrides: dict[str, str]) -> nbformat.NotebookNode:
    notebook = nbformat.read(release, as_version=4)
    solutions = answer_cells(nbformat.read(source, as_version=4))
    for cell in notebook.cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if grade_id in overrides:
            cell.source = overrides[grade_id]
        elif grade_id in solutions:
            cell.source = solved(solutions[grade_id])
    return notebook


def _partial_answers(module: str) -> dict[str, str]:
    name = "test_" + module.replace("-", "_")
    return importlib.import_module(f"tests.modules.{name}").PARTIAL


def course_with_submissions(
    base: Path,
    modules: tuple[str, ...],
    answers: Callable[[str, str], dict[str, str]],
    trainees: dict[str, str] | None = None,
) -> Path:
    """Build a course from `modules` and submit, per trainee, the solution, the blank release,
    or the partly wrong answers: `answers(module, kind)` gives the cells to overwrite.
    `trainees` maps each trainee id to its kind ("solution", "blank" or "partial"); by default
    there is one trainee of each kind, named after it."""
    from grading.course.build import build

    trainees = trainees or {kind: kind for kind in TRAINEES}
    for module in modules:
        shutil.copytree(ROOT / "modules" / module, base / "modules" / module)
    roster = base / "roster.csv"
    with roster.open("w", newline="") as handle:
        csv.writer(handle).writerows([["id"], *([t] for t in trainees)])
    course_dir = base / "course"
    build(base / "modules", course_dir, roster=roster)
    for module in modules:
        release, source = course_dir / "release" / module, course_dir / "source" / module
        for trainee, kind in trainees.items():
            folder = course_dir / "submitted" / trainee / module
            folder.mkdir(parents=True)
            for notebook in sorted(source.glob("*.ipynb")):
                if kind == "blank":
                    shutil.copy2(release / notebook.name, folder / notebook.name)
                    continue
                filled = _filled(release / notebook.name, notebook, answers(module, kind))
                nbformat.write(filled, folder / notebook.name)
            (folder / "timestamp.txt").write_text("2026-01-10T12:00:00+00:00", encoding="utf-8")
    return course_dir


@pytest.fixture(scope="session")
def graded_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One course built from the shared modules, three trainees graded, feedback written.

    Built once per test run: pytest-xdist workers share it (the first to take the lock builds
    it, the others wait and read it), as pytest-xdist's documentation recommends.
    """
    if not os.environ.get("PYTEST_XDIST_WORKER"):  # one process: nothing to share
        return _graded_course(tmp_path_factory.mktemp("shared-modules"))
    shared = tmp_path_factory.getbasetemp().parent
    folder = shared / "shared-modules"
    with FileLock(str(shared / "shared-modules.lock")):
        if not (folder / "graded").is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            course = _graded_course(folder)
            (folder / "graded").write_text(str(course), encoding="utf-8")
    return Path((folder / "graded").read_text(encoding="utf-8"))


def _graded_course(folder: Path) -> Path:
    from grading.feedback.generate import generate_feedback
    from grading.grade.autograde import run as autograde

    course_dir = course_with_submissions(
        folder,
        SHARED_MODULES,
        lambda module, trainee: _partial_answers(module) if trainee == "partial" else {},
    )
    summary = autograde(course_dir, workers=2, show_progress=False)
    statuses = {(r.trainee, r.module): r.status for r in summary.results}
    assert set(statuses.values()) == {"graded"}, summary.results
    feedback = generate_feedback(course_dir, show_progress=False)
    assert not feedback.problems, feedback.problems
    return course_dir


def grades(course_dir: Path, module: str, trainee: str) -> dict[str, tuple[float | None, float]]:
    """grade_id -> (score or None when only a person can grade it, max score)."""
    with Gradebook(gradebook_url(course_dir)) as gradebook:
        submission = gradebook.find_submission(module, trainee)
        return {
            grade.name: (grade.score if grade.auto_score is not None else None, grade.max_score)
            for notebook in submission.notebooks
            for grade in notebook.grades
        }


def autograded_outputs(course_dir: Path, module: str, trainee: str) -> dict[str, list]:
    """grade_id -> outputs of each cell in the trainee's autograded notebooks."""
    outputs = {}
    for path in (course_dir / "autograded" / trainee / module).glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            if nbgrader_meta(cell).get("grade_id"):
                outputs[nbgrader_meta(cell)["grade_id"]] = cell.get("outputs", [])
    return outputs


def autograded_errors(course_dir: Path, module: str, trainee: str) -> dict[str, str]:
    """grade_id -> the error message a failed test cell showed."""
    return {
        grade_id: output.evalue
        for grade_id, outputs in autograded_outputs(course_dir, module, trainee).items()
        for output in outputs
        if output.output_type == "error"
    }


def check_solution_full_marks(course_dir: Path, module: str) -> None:
    """The solution earns every autograded point; prose is left for a person."""
    scores = grades(course_dir, module, "solution")
    assert set(scores) == set(graded_ids(module))
    manual = manual_ids(module)
    missed = {gid: s for gid, s in scores.items() if gid not in manual and s[0] != s[1]}
    assert not missed, (missed, autograded_errors(course_dir, module, "solution"))
    assert {gid for gid, (score, _) in scores.items() if score is None} == manual


def check_blank_scores_zero(course_dir: Path, module: str) -> None:
    """The untouched release scores zero everywhere, and every test cell says what to do."""
    scores = grades(course_dir, module, "blank")
    assert {gid: score for gid, (score, _) in scores.items() if score != 0} == {}
    errors = autograded_errors(course_dir, module, "blank")
    assert set(errors) == set(graded_ids(module)) - manual_ids(module)
    for grade_id, message in errors.items():
        assert len(message) > 20, (grade_id, message)


def check_partial_messages(course_dir: Path, module: str, expected: dict[str, str]) -> None:
    """Exactly the wrong answers lose points, each with a message that helps."""
    scores = grades(course_dir, module, "partial")
    lost = {gid for gid, (score, top) in scores.items() if score is not None and score < top}
    assert lost == set(expected), lost ^ set(expected)
    errors = autograded_errors(course_dir, module, "partial")
    for grade_id, hint in expected.items():
        assert hint in errors[grade_id], (grade_id, errors[grade_id])


def check_release_keeps_secrets(course_dir: Path, module: str) -> None:
    """The generated release holds every notebook but no hidden test, model answer or marker."""
    release = course_dir / "release" / module
    assert sorted(p.name for p in release.glob("*.ipynb")) == [
        p.name for p in source_notebooks(module)
    ]
    secrets = secret_lines(course_dir / "source" / module)
    assert len(secrets) >= 10
    for path in release.iterdir():
        if path.suffix != ".ipynb":
            continue
        text = path.read_text(encoding="utf-8")
        leaked = [s for s in secrets if s in text] + [m for m in MARKERS if m in text]
        assert not leaked, f"{path.name}: {leaked[:3]}"


def check_feedback_keeps_secrets(course_dir: Path, module: str) -> None:
    """Feedback pages show no hidden test code, model answer or supervisor flag to trainees."""
    from grading.checks.flags import FLAG_MIME
    from grading.feedback.generate import visible_text

    hidden_tests = secret_lines(course_dir / "source" / module, answers=False)
    everything = secret_lines(course_dir / "source" / module)
    pages = sorted((course_dir / "feedback").glob(f"*/{module}/*.html"))
    assert len(pages) == len(TRAINEES) * len(source_notebooks(module))
    for page in pages:
        raw = page.read_text(encoding="utf-8")
        text = visible_text(raw)
        # Trainees who typed the model answers see them, of course; the blank one must not.
        secrets = everything if page.parts[-3] == "blank" else hidden_tests
        leaked = [s for s in secrets if s in text] + [m for m in MARKERS if m in text]
        assert not leaked, f"{page}: {leaked[:3]}"
        assert FLAG_MIME not in raw, page


def supervisor_flags(course_dir: Path, module: str, trainee: str) -> list:
    """Supervisor flags for a trainee's module, as reports collect them (grading.checks.flags)."""
    from grading.checks.flags import collect_flags

    return collect_flags(course_dir / "autograded" / trainee / module)


def check_model_role_plays(module: str, scenarios: tuple[str, ...]) -> None:
    """Each model role-play meets every rubric criterion when replayed, with either coder."""
    from grading.checks.roleplay import score_roleplay
    from simulator import Session, load_scenario
    from simulator.coding.rule_coder import RuleCoder
    from simulator.engine.metrics import summarize

    for scenario_id in scenarios:
        utterances = solution_utterances(module, scenario_id)
        score = score_roleplay(utterances, scenario_id)
        assert [c.id for c in score.criteria if not c.passed] == [], scenario_id
        assert score.supervisor_flags == []
        scenario = load_scenario(scenario_id)
        ruled = Session(scenario, seed=0, coder=RuleCoder())
        for text in utterances:
            ruled.respond(text)
        with_rules = summarize(ruled.transcript)
        missed = [c.id for c in scenario.rubric if not c.met_by(with_rules.value(c.metric))]
        assert missed == [], f"{scenario_id} with the rule coder"


def check_one_cell_per_criterion(module: str, scenarios: tuple[str, ...]) -> None:
    """There is one graded cell per rubric criterion, worth the criterion's points."""
    from simulator import load_scenario

    for scenario_id in scenarios:
        prefix = "roleplay_" + scenario_id.replace("-", "_") + "_"
        graded = {
            gid[len(prefix) :]: points
            for gid, points in graded_ids(module).items()
            if gid.startswith(prefix)
        }
        assert graded == {c.id: c.points for c in load_scenario(scenario_id).rubric}


def check_curriculum_entry(module: str) -> None:
    """curriculum.yaml maps every graded cell, with its points, to competencies."""
    from grading.course.curriculum import load_curriculum

    entry = load_curriculum(ROOT / "modules" / "curriculum.yaml").module(module)
    assert entry is not None and entry.hours > 0
    assert entry.model_extra["notebooks"] == [p.name for p in source_notebooks(module)]
    listed = {e.grade_id: e.model_extra.get("points") for e in entry.exercises}
    assert listed == graded_ids(module)
    assert all(e.samhsa and e.icrc and e.title for e in entry.exercises)


def check_answer_cells_hold_text(module: str) -> None:
    """Every answer cell starts with its %%answer (or %%roleplay) line under a lesson that says
    what to type; tests only read answers (`name = answer("name")`), never change them."""
    for path in source_notebooks(module):
        cells = nbformat.read(path, as_version=4).cells
        answers = {nbgrader_meta(c)["grade_id"] for c in cells if nbgrader_meta(c).get("solution")}
        for number, cell in enumerate(cells):
            meta = nbgrader_meta(cell)
            where = f"{path.name}, {meta.get('grade_id')}"
            if meta.get("solution") and cell.cell_type == "markdown":
                assert "YOUR ANSWER HERE" in cells[number - 1].source, where
            elif meta.get("solution"):
                first_line = cell.source.splitlines()[0]
                assert first_line == f"%%answer {meta['grade_id']}" or first_line == (
                    f"%%roleplay {meta['grade_id']}"
                ), where
                assert "first line" in cells[number - 1].source, where
            elif meta.get("grade") and cell.cell_type == "code":
                assigned = {
                    target.id
                    for node in ast.walk(ast.parse(without_markers(cell.source)))
                    if isinstance(node, ast.Assign) and not _reads_answer(node)
                    for target in node.targets
                    if isinstance(target, ast.Name)
                }
                assert not assigned & answers, where


def _reads_answer(node: ast.Assign) -> bool:
    """Whether `node` is `name = answer("name")`: a check reading the answer as it is now."""
    call = node.value
    return (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id == "answer"
        and [ast.literal_eval(arg) for arg in call.args]
        == [t.id for t in node.targets if isinstance(t, ast.Name)]
    )


def roleplay_hints(scenario_id: str, criteria: tuple[str, ...]) -> dict[str, str]:
    """grade_id -> the start of the rubric hint a trainee sees when a criterion is missed."""
    from simulator import load_scenario

    prefix = "roleplay_" + scenario_id.replace("-", "_") + "_"
    return {
        prefix + c.id: c.hint[:40] for c in load_scenario(scenario_id).rubric if c.id in criteria
    }


def check_runs_twice_tests_first(path: Path, work_dir: Path) -> None:
    """Test cells run before their answers fail only with assert messages; then a second full
    run of every cell, twice over, passes (running cells twice or out of order does no harm)."""
    from nbclient import NotebookClient

    from grading.course.build import render_notebook
    from grading.course.org import default_org

    notebook = render_notebook(path, default_org())
    tests_first = [c for c in notebook.cells if nbgrader_meta(c).get("grade")]
    notebook.cells = [nbformat.from_dict(c) for c in tests_first] + notebook.cells + notebook.cells
    client = NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(work_dir)}})
    client.allow_errors = True
    client.execute()
    for cell in notebook.cells[: len(tests_first)]:
        if cell.cell_type == "code":
            errors = [o for o in cell.outputs if o.output_type == "error"]
            assert all(o.ename in ("AssertionError", "AnswerNotReady") for o in errors), (
                nbgrader_meta(cell)
            )
    for cell in notebook.cells[len(tests_first) :]:
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        assert not errors, (nbgrader_meta(cell).get("grade_id"), errors[:1])
