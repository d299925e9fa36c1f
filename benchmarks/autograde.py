"""How much faster is our parallel autograde than plain sequential `nbgrader autograde`?

Builds the grading tests' fixture course twice, hands the same 40 submissions (full, partial
and blank answers) to each copy, then grades one copy with plain `nbgrader autograde` (one
process, one submission after another) and the other with `grading.autograde.run` (long-lived
workers, shared gradebook, immediate kernel shutdown, IPC kernels, kernel limits). Prints both
times, the speed-up (target: at least 1.8x on 2 cores), each worker's peak memory, and checks
that both gradebooks hold identical scores.
Run: python benchmarks/autograde.py [--submissions 40] [--workers 2]   (or `make bench`)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nbgrader.api import Gradebook
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grading.autograde import run  # noqa: E402
from grading.course import build  # noqa: E402
from grading.coursedir import gradebook_url  # noqa: E402
from tests.grading import factories as f  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
ANSWER_SETS = [f.FULL, f.PARTIAL, {}]


def make_course(root: Path, trainees: list[str]) -> Path:
    """A built fixture course whose submitted/ holds one submission per trainee."""
    course = root / "course"
    root.mkdir(parents=True)
    build(f.FIXTURE_MODULES, course, roster=f.roster_csv(root / "roster.csv", trainees))
    release = course / "release" / f.MODULE / f.NOTEBOOK
    for number, trainee in enumerate(trainees):
        notebook = f.answered(release, ANSWER_SETS[number % len(ANSWER_SETS)])
        f.write_submission(course / "submitted" / trainee / f.MODULE, notebook, f.ON_TIME)
    return course


def plain_nbgrader(course: Path) -> float:
    """Seconds for `nbgrader autograde MODULE` run in the course folder."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", "autograde", f.MODULE, "--log-level=ERROR"],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(f"plain nbgrader autograde failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - started


def scores(course: Path) -> dict[str, float]:
    """Trainee -> score from the course's gradebook."""
    with Gradebook(gradebook_url(course)) as gradebook:
        return {s.student.id: s.score for s in gradebook.find_assignment(f.MODULE).submissions}


def save_figure(plain: float, ours: float, workers: int, submissions: int) -> None:
    """A bar chart of both times in benchmarks/results/autograde.png."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(6, 2.5))
    labels = ["plain nbgrader", f"grading.autograde\n({workers} workers)"]
    axes.barh(labels, [plain, ours], color=["#999999", "#4a7ab5"])
    axes.set_xlabel(f"seconds for {submissions} submissions (lower is better)")
    axes.set_title(f"Autograde speed-up: {plain / ours:.2f}x")
    figure.savefig(RESULTS / "autograde.png", dpi=110, bbox_inches="tight")
    plt.close(figure)


def main() -> None:
    """Run both approaches on the same submissions and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    trainees = [f"trainee{n:03d}" for n in range(args.submissions)]
    console = Console()
    with tempfile.TemporaryDirectory(prefix="bench-autograde-") as temp:
        plain_course = make_course(Path(temp) / "plain", trainees)
        ours_course = Path(temp) / "ours" / "course"
        shutil.copytree(plain_course.parent, ours_course.parent)
        console.print(f"Grading {len(trainees)} submissions with plain nbgrader …")
        plain = plain_nbgrader(plain_course)
        console.print(f"Grading them again with grading.autograde ({args.workers} workers) …")
        started = time.perf_counter()
        summary = run(ours_course, workers=args.workers, show_progress=False)
        ours = time.perf_counter() - started
        identical = scores(plain_course) == scores(ours_course)
    graded = summary.count("graded")
    table = Table(title=f"Autograde: {len(trainees)} submissions, {os.cpu_count()} CPU(s)")
    for column in ("approach", "seconds", "s / submission", "speed-up", "graded"):
        table.add_column(column, justify="left" if column == "approach" else "right")
    table.add_row("plain `nbgrader autograde`", f"{plain:.1f}", f"{plain / len(trainees):.2f}",
                  "1.00x", str(len(trainees)))  # fmt: skip
    table.add_row(f"grading.autograde ({args.workers} workers)", f"{ours:.1f}",
                  f"{ours / len(trainees):.2f}", f"{plain / ours:.2f}x", str(graded))  # fmt: skip
    console.print(table)
    memory = Table(title="Memory per worker")
    memory.add_column("worker", justify="right")
    memory.add_column("peak RSS, MB (kernels excluded)", justify="right")
    for number, peak in enumerate(summary.worker_peak_rss_mb, start=1):
        memory.add_row(str(number), f"{peak:.0f}")
    console.print(memory)
    console.print(f"Scores identical in both gradebooks: {'yes' if identical else 'NO'}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    record = {
        "submissions": len(trainees),
        "cpus": os.cpu_count(),
        "workers": args.workers,
        "plain_seconds": round(plain, 2),
        "ours_seconds": round(ours, 2),
        "speedup": round(plain / ours, 2),
        "worker_peak_rss_mb": summary.worker_peak_rss_mb,
        "scores_identical": identical,
    }
    (RESULTS / "autograde.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    save_figure(plain, ours, args.workers, len(trainees))
    if not identical or graded != len(trainees):
        sys.exit(1)


if __name__ == "__main__":
    main()
