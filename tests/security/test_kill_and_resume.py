"""Does killing autograde mid-run and running it again lose or duplicate anything?

A real `python -m grading autograde` is started on a small cohort and SIGKILLed once some
submissions are graded and others are not; then it is run again. The second run must finish
every submission exactly once, with the scores a clean run gives, and no submission changed.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from grading.course.build import build, release
from grading.grade.collect import collect
from tests.grading import factories as f
from tests.security.corpus import fingerprints

#: trainee -> (answers, auto score); each answer cell sleeps a little so the run can be caught.
SLOW = "import time\ntime.sleep(2)\n"
COHORT = {
    f"t{n}": (
        {
            "open_q1": SLOW + f.choice("open_q1_choice", "B"),
            "crisis_q2": f.choice("crisis_q2_choice", "A" if n % 2 else "C"),
        },
        5.0 if n % 2 else 2.0,
    )
    for n in range(8)
}


def _autograde(course: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "grading", "autograde", "--course", str(course)]
    command += ["--workers", "2", "--cell-timeout", "20"]
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True
    )


def _graded_so_far(course: Path) -> int:
    folder = course / "autograded"
    return len(list(folder.glob("*/*/basics.ipynb"))) if folder.is_dir() else 0


@pytest.fixture(scope="module")
def killed_then_resumed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Start autograde, SIGKILL it mid-run, run it again; what each stage left behind."""
    root = tmp_path_factory.mktemp("kill")
    course = root / "course"
    build(f.FIXTURE_MODULES, course, roster=f.roster_csv(root / "roster.csv", list(COHORT)))
    release(course, due=datetime.fromisoformat(f.DUE))
    release_nb = course / "release" / f.MODULE / f.NOTEBOOK
    for trainee, (answers, _) in COHORT.items():
        folder = root / "in" / trainee / f.MODULE
        f.write_submission(folder, f.answered(release_nb, answers), f.ON_TIME)
    collect(course, root / "in")
    submitted = fingerprints(course / "submitted")
    first = _autograde(course)
    deadline = time.monotonic() + 240
    while _graded_so_far(course) < 2 and time.monotonic() < deadline and first.poll() is None:
        time.sleep(0.1)
    at_kill = _graded_so_far(course)
    finished_before_kill = first.poll() is not None
    first.send_signal(signal.SIGKILL)
    first.wait()
    results_at_kill = (course / "autograde-results.json").exists()
    second = _autograde(course)
    output, _ = second.communicate(timeout=300)
    return {
        "course": course,
        "at_kill": at_kill,
        "finished_before_kill": finished_before_kill,
        "results_at_kill": results_at_kill,
        "exit": second.returncode,
        "output": output,
        "submitted_before": submitted,
    }


def test_the_run_was_really_killed_mid_way(killed_then_resumed: dict) -> None:
    """Was the first run killed with some, but not all, submissions graded?"""
    assert not killed_then_resumed["finished_before_kill"]
    assert 1 <= killed_then_resumed["at_kill"] < len(COHORT)
    assert not killed_then_resumed["results_at_kill"]


def test_the_rerun_grades_everyone_once_with_the_right_scores(killed_then_resumed: dict) -> None:
    """Does the second run finish with each trainee graded once, scores as a clean run?"""
    assert killed_then_resumed["exit"] == 0, killed_then_resumed["output"]
    course = killed_then_resumed["course"]
    results = json.loads((course / "autograde-results.json").read_text(encoding="utf-8"))
    keys = [(r["trainee"], r["module"]) for r in results["results"]]
    assert sorted(keys) == sorted((t, f.MODULE) for t in COHORT)
    for result in results["results"]:
        assert result["status"] == "graded", result
        assert result["score"] == COHORT[result["trainee"]][1], result


def test_the_gradebook_has_no_duplicates_and_is_intact(killed_then_resumed: dict) -> None:
    """Is the gradebook intact, with one submission and one grade per cell per trainee?"""
    with sqlite3.connect(killed_then_resumed["course"] / "gradebook.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        submissions = db.execute(
            "SELECT student_id, COUNT(*) FROM submitted_assignment GROUP BY student_id"
        ).fetchall()
        grades = db.execute(
            "SELECT COUNT(*), COUNT(DISTINCT notebook_id || ':' || cell_id) FROM grade"
        ).fetchone()
    assert dict(submissions) == dict.fromkeys(COHORT, 1)
    assert grades[0] == grades[1]


def test_no_submission_was_changed_or_lost(killed_then_resumed: dict) -> None:
    """Are all submitted files exactly as collected, with no partial files left behind?"""
    course = killed_then_resumed["course"]
    assert fingerprints(course / "submitted") == killed_then_resumed["submitted_before"]
    assert not list(course.glob("*.partial"))
