"""Autograde edge cases: the wall-time backstop and submissions from outside the roster."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import psutil
import pytest

from grading.course.build import build
from grading.grade.autograde import Limits, load_results, run
from tests.grading import factories as f


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """Rostered ana (full answers) and sol (a 60 s answer cell), plus a stranger (full answers)."""
    root = tmp_path_factory.mktemp("autograde")
    course = root / "course"
    build(f.FIXTURE_MODULES, course, roster=f.roster_csv(root / "roster.csv", ["ana", "sol"]))
    notebook = f.answered(course / "release" / f.MODULE / f.NOTEBOOK, f.FULL)
    for trainee in ("ana", "stranger"):
        f.write_submission(course / "submitted" / trainee / f.MODULE, notebook, f.ON_TIME)
    slow = dict(f.FULL, open_q1="import time\ntime.sleep(60)\nopen_q1_choice = 'B'\n")
    slow_notebook = f.answered(course / "release" / f.MODULE / f.NOTEBOOK, slow)
    f.write_submission(course / "submitted" / "sol" / f.MODULE, slow_notebook, f.ON_TIME)
    return course


def grading_kernels(course) -> list[int]:
    """Process ids of kernels still running for `course` (launched with --output-kb and it)."""
    found = []
    for process in psutil.process_iter(["cmdline"]):
        cmdline = " ".join(process.info["cmdline"] or [])
        if "--output-kb=" in cmdline and str(course) in cmdline:
            found.append(process.pid)
    return found


def test_wall_time_backstop_stops_the_worker_and_its_kernel(course):
    """Is a submission over its wall time stopped, recorded, not retried, and no kernel left?"""
    limits = Limits(cell_timeout=120, submission_timeout=8)
    summary = run(course, trainees=["sol"], limits=limits, workers=1, show_progress=False)
    (outcome,) = summary.results
    assert outcome.status == "failed"
    assert "still running after 8 s; stopped" in outcome.reason
    assert grading_kernels(course) == []


def test_a_trainee_outside_the_roster_is_rejected_and_the_rest_graded(course):
    """Is a stranger's submission refused by name while the rostered trainee is graded?"""
    shutil.move(course / "submitted" / "sol", course / "sol-away")  # only ana and the stranger
    try:
        summary = run(course, workers=2, show_progress=False)
    finally:
        shutil.move(course / "sol-away", course / "submitted" / "sol")
    outcome = {r.trainee: r for r in summary.results}
    assert outcome["stranger"].status == "rejected"
    assert outcome["stranger"].reason == "'stranger' is not on the course roster"
    assert (outcome["ana"].status, outcome["ana"].score) == ("graded", 5.0)
    assert {"ana", "stranger"} <= {trainee for trainee, _ in load_results(course)}


def test_graded_without_grades_is_graded_again(course):
    """When the gradebook lost a submission that results call graded (a build ran meanwhile),
    does the next run grade it again instead of skipping it as unchanged?"""
    from nbgrader.api import Gradebook

    from grading.course.coursedir import gradebook_url

    first = run(course, trainees=["ana"], workers=1, show_progress=False)
    assert first.results[0].score == 5.0
    with Gradebook(gradebook_url(course)) as gradebook:
        gradebook.remove_submission(f.MODULE, "ana")
    again = run(course, trainees=["ana"], workers=1, show_progress=False)
    (outcome,) = again.results
    assert (outcome.status, outcome.score, outcome.graded_this_run) == ("graded", 5.0, True)


COMMANDS = {
    "build": ["build", "--modules", str(f.FIXTURE_MODULES), "--course", "{course}"],
    "collect": ["collect", "--course", "{course}"],
    "autograde": ["autograde", "--course", "{course}", "--limits-only"],
    "feedback": ["feedback", "--course", "{course}"],
    "report": ["report", "--course", "{course}"],
}


def test_every_grading_command_waits_for_the_course_lock(course):
    """While one command holds the course, does each other one wait, then stop with a
    message naming the holder, and change nothing?"""
    from grading.course.lock import course_lock

    gradebook = (course / "gradebook.db").read_bytes()
    env = {**os.environ, "GRADING_LOCK_WAIT": "1"}
    with course_lock(course, "autograde"):
        started = {
            name: subprocess.Popen(
                [sys.executable, "-m", "grading", *[a.format(course=course) for a in argv]],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                env=env,
            )
            for name, argv in COMMANDS.items()
        }
        outputs = {name: process.communicate(timeout=120) for name, process in started.items()}
    for name, process in started.items():
        text = " ".join(outputs[name][0].split())
        assert process.returncode == 1, (name, text)
        assert f"`autograde` (process {os.getpid()}" in text, (name, text)
        assert f"is working on this course; `{name}` waited 1 s" in text, (name, text)
    assert "NOT protected without full isolation: the kernel runs as the grading account" in (
        " ".join(outputs["autograde"][0].split())
    )  # --limits-only says what it leaves open
    assert (course / "gradebook.db").read_bytes() == gradebook
    assert not (course / "reports").exists()


def test_a_build_during_autograde_waits_and_loses_no_grades(course):
    """Class 9: `grading build` started while `autograde` runs: does build wait its turn, and
    do all trainees keep their grades (a re-run finds nothing to regrade)?"""
    argv = [sys.executable, "-m", "grading"]
    grading = subprocess.Popen(
        [*argv, "autograde", "--course", str(course), "--trainee", "ana", "--force"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(2)
    build_run = subprocess.run(
        [*argv, "build", "--modules", str(f.FIXTURE_MODULES), "--course", str(course)],
        capture_output=True,
        text=True,
        env={**os.environ, "GRADING_LOCK_WAIT": "300"},
        timeout=400,
    )
    assert grading.wait(timeout=300) == 0
    assert build_run.returncode == 0, build_run.stderr
    again = run(course, trainees=["ana"], workers=1, show_progress=False)
    (outcome,) = again.results
    assert (outcome.status, outcome.score, outcome.graded_this_run) == ("graded", 5.0, False)
