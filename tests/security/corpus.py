"""Run the hostile submission corpus (corpus/cases.yaml) through collect and autograde.

Every case becomes one trainee's submission of the fixture module. The whole corpus is
collected (from a folder and from a zip) and autograded in one run with the real pipeline,
then each case's outcome is compared with what the manifest expects, and the course is checked
for damage: source and submitted files unchanged, gradebook intact, nothing written outside.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import nbformat
from ruamel.yaml import YAML

from grading.course.build import build, release
from grading.feedback.generate import generate_feedback
from grading.grade.autograde import AutogradeSummary, Limits, run
from grading.grade.collect import CollectResult, collect
from grading.report.write import ReportFiles, report
from tests.grading import factories as f
from tests.security import corpus_execution, corpus_output

CORPUS = Path(__file__).resolve().parent / "corpus" / "cases.yaml"
PROJECT = Path(__file__).resolve().parents[2]
SECRET = "grader-secret-token-7f3a"
FULL_SCORE = 5
# 15 s a cell: two cases loop for ever and are stopped by it; the memory and output floods need
# the headroom on a loaded 2-core machine (at 5 s, memory-tree-and-tmpfs was cut short at load 5).
LIMITS = Limits(cell_timeout=15, startup_timeout=30, submission_timeout=60, memory_mb=1024)


@dataclass
class Case:
    """One corpus entry and, after the run, what happened to it."""

    id: str
    what: str
    make: str
    expect: dict[str, Any]
    spec: dict[str, Any]
    status: str = "not run"
    reason: str = ""
    score: float | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def held(self) -> bool:
        """Whether the outcome matched the expectation and no case check failed."""
        return not self.problems


@dataclass
class CorpusRun:
    """The course after the corpus was graded, and the damage found (should be none)."""

    root: Path
    course: Path
    cases: list[Case]
    collected: list[CollectResult]
    summary: AutogradeSummary
    lost: list[str]
    reports: ReportFiles | None = None

    def table(self) -> str:
        """The summary table printed in CI."""
        width = max(len(case.id) for case in self.cases)
        lines = [f"{'case':<{width}}  {'expected':<9} {'outcome':<9} held  reason"]
        for case in self.cases:
            mark = "yes" if case.held else "NO"
            lines.append(
                f"{case.id:<{width}}  {case.expect['status']:<9} {case.status:<9} {mark:<4}  "
                f"{(case.reason or '')[:70]}"
            )
            lines += [f"{'':<{width}}    ! {problem}" for problem in case.problems]
        held = sum(case.held for case in self.cases)
        lines.append(
            f"cases tried: {len(self.cases)}, held: {held}, lost data: {len(self.lost)} "
            f"({self.summary.seconds:.0f} s autograde, {self.summary.workers} workers)"
        )
        lines += [f"  lost: {item}" for item in self.lost]
        return "\n".join(lines)


def load_cases() -> list[Case]:
    """The corpus manifest."""
    data = YAML(typ="safe").load(CORPUS.read_text(encoding="utf-8"))
    return [
        Case(id=c["id"], what=c["what"], make=c["make"], expect=c["expect"], spec=c)
        for c in data["cases"]
    ]


def _answered(release_nb: Path, q1: str, q2: str = 'crisis_q2_choice = "A"\n') -> str:
    return nbformat.writes(f.answered(release_nb, {"open_q1": q1, "crisis_q2": q2}))


def _edited(release_nb: Path, edit: str) -> str:
    notebook = f.answered(release_nb, f.FULL)
    if edit == "tamper-test":
        notebook = f.answered(
            release_nb,
            {**f.FULL, "open_q1": f.choice("open_q1_choice", "A"), "open_q1_test": "pass"},
        )
    elif edit == "delete-test":
        notebook.cells = [c for c in notebook.cells if _grade_id(c) != "crisis_q2_test"]
    elif edit in corpus_output.NOTEBOOK_EDITS:
        notebook = corpus_output.NOTEBOOK_EDITS[edit](notebook)
    elif edit == "change-type":
        for index, cell in enumerate(notebook.cells):
            if _grade_id(cell) == "open_q1":
                notebook.cells[index] = nbformat.v4.new_markdown_cell(
                    cell.source, metadata=cell.metadata
                )
    else:
        raise ValueError(f"unknown notebook edit {edit!r}")
    return nbformat.writes(notebook)


def _grade_id(cell: Any) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def _content(name: str, release_nb: Path, course: Path) -> bytes | Path:
    if name in corpus_output.CONTENTS:
        return corpus_output.CONTENTS[name]()
    full = _answered(release_nb, f.choice("open_q1_choice", "B"))
    contents: dict[str, Any] = {
        "answered": full.encode(),
        "truncated-json": full.encode()[: len(full) // 2],
        "nbformat-99": json.dumps({**json.loads(full), "nbformat": 99}).encode(),
        "png": b"\x89PNG\r\n\x1a\n" + os.urandom(2048),
        "latin-1": full.replace("open question", "café question").encode("latin-1"),
        "huge": (full[:-2] + ', "padding": "' + "x" * (60 * 2**20) + '"}').encode(),
        "script": b"raise SystemExit('imported a trainee file')\n",
        "symlink-gradebook": course / "gradebook.db",
    }
    return contents[name]


def write_submissions(cases: list[Case], course: Path, inbox: Path, archive: Path) -> None:
    """Write each case's submission under inbox/<trainee>/<module>/, or into the zip."""
    release_nb = course / "release" / f.MODULE / f.NOTEBOOK
    paths = {"{course}": str(course), "{project}": str(PROJECT)}
    with zipfile.ZipFile(archive, "w") as zipped:
        for case in cases:
            folder = inbox / case.id / f.MODULE
            folder.mkdir(parents=True)
            (folder / "timestamp.txt").write_text(f.ON_TIME, encoding="utf-8")
            if case.make == "answer":
                code = case.spec["code"]
                for placeholder, value in paths.items():
                    code = code.replace(placeholder, value)
                (folder / f.NOTEBOOK).write_text(_answered(release_nb, code), encoding="utf-8")
            elif case.make == "notebook":
                text = _edited(release_nb, case.spec["edit"])
                (folder / f.NOTEBOOK).write_text(text, encoding="utf-8")
            elif case.make == "bytes":
                (folder / f.NOTEBOOK).write_bytes(
                    _content(case.spec["content"], release_nb, course)
                )
            elif case.make == "files":
                for name, content_name in case.spec["files"].items():
                    content = _content(content_name, release_nb, course)
                    if isinstance(content, Path):
                        (folder / name).symlink_to(content)
                    else:
                        (folder / name).write_bytes(content)
            elif case.make == "zip":
                (folder / "timestamp.txt").unlink()
                folder.rmdir()
                (inbox / case.id).rmdir()
                entry = f"{case.id}/{f.MODULE}/{case.spec['entry']}"
                zipped.writestr(entry, _content("answered", release_nb, course))
            elif case.make in corpus_execution.MAKES:
                corpus_execution.leave_inbox(folder)
            else:
                raise ValueError(f"{case.id}: unknown make {case.make!r}")


def fingerprints(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder`, by relative path."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def run_corpus(root: Path) -> CorpusRun:
    """Build the fixture course, submit every case, collect and autograde once; check all."""
    cases = load_cases()
    course = root / "course"
    trainees = [case.id for case in cases if case.id.isascii()]
    build(f.FIXTURE_MODULES, course, roster=f.roster_csv(root / "roster.csv", trainees))
    release(course, due=datetime.fromisoformat(f.DUE))
    inbox, archive = root / "inbox", root / "corpus.zip"
    write_submissions(cases, course, inbox, archive)
    grader_file = root / "grader-notes.txt"
    grader_file.write_text("the trainer's own notes", encoding="utf-8")
    protected = {
        "source": fingerprints(course / "source"),
        "release": fingerprints(course / "release"),
        "project modules": fingerprints(PROJECT / "modules"),
    }
    collected = [collect(course, inbox), collect(course, archive)]
    collected += corpus_execution.collect_and_plant(cases, course, root)
    protected["submitted"] = fingerprints(course / "submitted")
    os.environ["GRADER_SECRET_TOKEN"] = SECRET
    try:
        summary = run(course, workers=2, limits=LIMITS, show_progress=False)
    finally:
        del os.environ["GRADER_SECRET_TOKEN"]
    generate_feedback(course, show_progress=False)
    reports = report(course, root / "reports")
    results = {r.trainee: r for r in summary.results}
    problems = [p for result in collected for p in result.problems]
    hidden = corpus_output.hidden_lines(course / "source" / f.MODULE)
    for case in cases:
        _judge(case, results.get(case.id), problems, course)
        case.problems += corpus_output.judge_output_side(case, course, reports, hidden)
    lost = _damage(course, root, protected, grader_file, summary)
    lost += corpus_execution.damage(course)
    lost += corpus_output.report_damage(reports)
    return CorpusRun(root, course, cases, collected, summary, lost, reports)


def _judge(case: Case, result: Any, collect_problems: list[str], course: Path) -> None:
    expect = case.expect
    mine = [p for p in collect_problems if p.startswith(case.id + "/")]
    if result is None:
        case.status, case.reason = "refused", "; ".join(mine)
    else:
        case.status, case.reason, case.score = result.status, result.reason, result.score
    if case.status != expect["status"]:
        case.problems.append(f"expected {expect['status']}, got {case.status}")
    if expect.get("reason") and expect["reason"].lower() not in case.reason.lower():
        case.problems.append(f"reason lacks {expect['reason']!r}")
    if "score" in expect and case.score != expect["score"]:
        case.problems.append(f"expected score {expect['score']}, got {case.score}")
    if expect.get("collect_reason") and not any(expect["collect_reason"] in p for p in mine):
        case.problems.append(f"collect did not report {expect['collect_reason']!r}")
    graded = course / "autograded" / case.id / f.MODULE / f.NOTEBOOK
    if graded.is_file():
        # What the kernel wrote (outputs), decoded from JSON, base64 and hex: the test cells'
        # own sources are restored by nbgrader and are not a leak.
        text = corpus_output.output_text(graded)
        leaks = ["BEGIN SOLUTION", SECRET, f.SOLUTION_PROSE, "control-full/"]
        if not case.spec.get("sees_own_tests"):  # a hook can read the test it runs beside
            leaks.append(f.HIDDEN_ASSERT)
        case.problems += [f"the graded notebook shows {leak!r}" for leak in leaks if leak in text]
        if graded.stat().st_size > 8 * 2**20:
            case.problems.append(f"graded notebook is {graded.stat().st_size >> 20} MB")


def _damage(
    course: Path,
    root: Path,
    protected: dict[str, dict[str, str]],
    grader_file: Path,
    summary: AutogradeSummary,
) -> list[str]:
    """Everything a hostile submission damaged or lost (the corpus must leave this empty)."""
    lost = []
    folders = {"source": course / "source", "release": course / "release"}
    folders |= {"submitted": course / "submitted", "project modules": PROJECT / "modules"}
    for name, before in protected.items():
        after = fingerprints(folders[name])
        changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        lost += [f"{name}/{path} changed or vanished" for path in changed]
    if grader_file.read_text(encoding="utf-8") != "the trainer's own notes":
        lost.append(f"{grader_file} changed")
    for stray in (PROJECT / "pwned-by-trainee.txt", root.parent / "escaped.ipynb"):
        if stray.exists():
            lost.append(f"{stray} was written")
    for log in sorted((course / ".grading" / "logs").glob("*.log")):
        if "TRAINEE-WROTE-LOG" in log.read_text(encoding="utf-8", errors="replace"):
            lost.append(f"{log.name}: a kernel wrote lines into the grader's log")
    with sqlite3.connect(course / "gradebook.db") as db:
        if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            lost.append("gradebook.db is damaged")
    control = next((r for r in summary.results if r.trainee == "control-full"), None)
    if control is None or control.score != FULL_SCORE:
        lost.append("the control submission was not graded in full")
    return lost
