"""Unknown trainee and module names: does every command stop with a did-you-mean, changing nothing?

One small graded course (two modules, three trainees, alex's module 01 autograded) is built once;
each bad command runs through the real CLI, and the gradebook and every course file are compared
before and after.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import nbformat
import pytest
from typer.testing import CliRunner

from grading.cli import app
from grading.course.build import build, release
from grading.course.coursedir import gradebook_url
from grading.course.names import in_words, unknown_name
from grading.grade.autograde import Limits, run
from grading.grade.collect import collect
from tests.grading import factories as f

SECOND = "02-fixture-again"
TRAINEES = ["alex", "ben", "casey-m"]
runner = CliRunner()


def two_module_sources(root: Path) -> Path:
    """The fixture module plus a copy of it as a second module."""
    modules = root / "modules"
    shutil.copytree(f.FIXTURE_MODULES, modules)
    shutil.copytree(modules / f.MODULE, modules / SECOND)
    curriculum = (modules / "curriculum.yaml").read_text(encoding="utf-8")
    entry = curriculum[curriculum.index("  - id:") :].replace(f.MODULE, SECOND)
    (modules / "curriculum.yaml").write_text(curriculum + entry, encoding="utf-8")
    return modules


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("names")
    course = root / "course"
    build(two_module_sources(root), course, roster=f.roster_csv(root / "roster.csv", TRAINEES))
    release(course)
    answered = f.answered(course / "release" / f.MODULE / f.NOTEBOOK, f.FULL)
    f.write_submission(root / "in" / "alex" / f.MODULE, answered, f.ON_TIME)
    collect(course, root / "in")
    run(course, workers=1, limits=Limits(cell_timeout=10), show_progress=False)
    return course


def gradebook_rows(course: Path) -> list[tuple]:
    """Every submission and grade in the gradebook, as plain values."""
    from nbgrader.api import Grade, Gradebook, SubmittedAssignment

    with Gradebook(gradebook_url(course)) as gradebook:
        submissions = [
            (s.student.id, s.assignment.name, str(s.timestamp))
            for s in gradebook.db.query(SubmittedAssignment)
        ]
        grades = [
            (g.notebook.student.id, g.notebook.assignment.name, g.name, g.auto_score,
             g.manual_score, g.needs_manual_grade)
            for g in gradebook.db.query(Grade)
        ]  # fmt: skip
    return sorted(submissions) + sorted(grades)


def course_files(course: Path) -> dict[str, str]:
    """sha256 of every file in the course except the SQLite file itself (compared by rows)
    and the lock a command holds while it runs."""
    return {
        str(path.relative_to(course)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(course.rglob("*"))
        if path.is_file() and not path.name.startswith("gradebook.db") and path.suffix != ".lock"
    }


BAD_COMMANDS = {
    "release, module typo": (["release", "--module", "01-fixture-basic"], "01-fixture-basics"),
    "collect, module typo": (["collect", "--module", "02-fixture-agian"], SECOND),
    "autograde, trainee typo": (["autograde", "--trainee", "casey"], "casey-m"),
    "autograde, module typo": (["autograde", "--module", "07-nope"], None),
    "feedback, trainee typo": (["feedback", "--trainee", "alx"], "alex"),
    "feedback, module typo": (["feedback", "--module", "01-fixture"], "01-fixture-basics"),
    "purge, trainee typo": (["purge", "--older-than", "1", "--trainee", "bem"], "ben"),
    "report, trainee typo": (["report", "--trainee", "Alex"], "alex"),
}


@pytest.mark.parametrize("case", BAD_COMMANDS)
def test_an_unknown_name_exits_1_with_a_hint_and_changes_nothing(course: Path, case: str) -> None:
    """Does a typo in --trainee or --module exit 1, suggest the name, list the known ones, and
    leave the gradebook and every course file as they were?"""
    arguments, suggestion = BAD_COMMANDS[case]
    grades, files = gradebook_rows(course), course_files(course)
    out = course.parent / "reports"
    if arguments[0] == "report":
        arguments = [*arguments, "--out", str(out)]
    result = runner.invoke(app, [*arguments, "--course", str(course)])
    message = " ".join(result.output.split())
    assert result.exit_code == 1, message
    assert "is not a" in message
    if suggestion:
        assert f"Did you mean '{suggestion}'" in message
    else:
        assert "Did you mean" not in message
    kind = "trainee" if "--trainee" in arguments else "module"
    known = TRAINEES if kind == "trainee" else [f.MODULE, SECOND]
    assert f"Known {kind}s: {in_words(known)}." in message
    assert "[" not in message and "Traceback" not in message
    assert gradebook_rows(course) == grades
    assert course_files(course) == files
    assert not out.exists()


def test_collect_with_a_module_filter_takes_only_that_module_quietly(course, tmp_path):
    """Does `collect --from DIR --module M` import M and pass over the other modules' files
    without calling them unknown?"""
    for module in (f.MODULE, SECOND):
        release_copy = course / "release" / module / f.NOTEBOOK
        notebook = nbformat.read(release_copy, as_version=4)
        f.write_submission(tmp_path / "in" / "ben" / module, notebook, f.ON_TIME)
    result = collect(course, tmp_path / "in", [SECOND])
    assert result.imported == [("ben", SECOND)]
    assert result.problems == []
    assert not (course / "submitted" / "ben" / f.MODULE).exists()


def test_a_long_list_of_names_is_cut_short_in_words():
    """Does a roster of 100 read as words, ending with how many more there are?"""
    names = [f"trainee{n:03d}" for n in range(100)]
    sentence = unknown_name("trainee", "trainee1000", names)
    assert sentence.endswith("and 70 more.")
    assert in_words(["a"]) == "'a'" and in_words(["a", "b", "c"]) == "'a', 'b' and 'c'"


def test_export_refuses_a_misspelled_name_to_hide(tmp_path):
    """Does `export --name Maira` stop, suggest 'Maria' and write nothing, when only 'Maria'
    is in the files, while the right spelling exports with the name hidden?"""
    transcripts = tmp_path / "transcripts"
    transcripts.mkdir()
    (transcripts / "roleplay-notes.txt").write_text(
        "Maria said the housing office called her back.", encoding="utf-8"
    )
    out = tmp_path / "export"
    typo = runner.invoke(app, ["export", str(transcripts), "--out", str(out), "--name", "Maira"])
    message = " ".join(typo.output.split())
    assert typo.exit_code == 1, message
    assert "--name 'Maira' occurs in no file to export" in message
    assert "Did you mean 'Maria'?" in message and "Nothing was written." in message
    assert not out.exists()
    right = runner.invoke(app, ["export", str(transcripts), "--out", str(out), "--name", "Maria"])
    assert right.exit_code == 0, right.output
    exported = (out / "transcripts" / "roleplay-notes.txt").read_text(encoding="utf-8")
    assert "Maria" not in exported and "[name]" in exported
