"""How much faster is our parallel autograde than plain sequential `nbgrader autograde`?

Two workloads, each built twice with the same submissions; one copy is graded with plain
`nbgrader autograde` (one process, one submission after another, module by module), the other
with `grading.grade.autograde.run` (long-lived workers, shared gradebook, immediate kernel shutdown,
IPC kernels, sandboxed kernels forked from a warm parent). Prints both times, the speed-up,
each worker's memory, and checks that both gradebooks hold identical scores.

- default: the grading tests' small fixture notebook, 40 submissions (full, partial, blank);
- ``--curriculum``: the real modules of ``modules/`` built as the module tests build them, for
  N trainees submitting, in turn, the solutions, the partly wrong answers the module tests
  declare (``PARTIAL``; the solution where a module declares none) and the blank release.

Run: python benchmarks/autograde.py [--submissions 40] [--workers 2]   (or `make bench`)
     python benchmarks/autograde.py --curriculum [--trainees 5] [--modules 01-... ...]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grading.course.build import build  # noqa: E402
from grading.grade.autograde import AutogradeSummary, run  # noqa: E402
from tests.grading import factories as f  # noqa: E402
from tests.grading.test_same_scores_as_nbgrader import (  # noqa: E402
    cell_scores,
    curriculum_answers,
    plain_autograde,
)
from tests.modules.conftest import TRAINEES, course_with_submissions  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
CPUACCT = Path("/sys/fs/cgroup/cpuacct")
ANSWER_SETS = [f.FULL, f.PARTIAL, {}]


def make_fixture_course(root: Path, count: int) -> Path:
    """A built fixture course whose submitted/ holds `count` submissions of the one module."""
    trainees = [f"trainee{n:03d}" for n in range(count)]
    course = root / "course"
    root.mkdir(parents=True)
    build(f.FIXTURE_MODULES, course, roster=f.roster_csv(root / "roster.csv", trainees))
    release = course / "release" / f.MODULE / f.NOTEBOOK
    for number, trainee in enumerate(trainees):
        notebook = f.answered(release, ANSWER_SETS[number % len(ANSWER_SETS)])
        f.write_submission(course / "submitted" / trainee / f.MODULE, notebook, f.ON_TIME)
    return course


def real_modules() -> tuple[str, ...]:
    """The graded modules of modules/ (numbered folders holding notebooks)."""
    return tuple(
        sorted(p.name for p in (ROOT / "modules").glob("[0-9]*") if any(p.glob("*.ipynb")))
    )


def make_curriculum_course(root: Path, count: int, modules: tuple[str, ...]) -> Path:
    """The real modules built into a course, with `count` trainees of mixed work."""
    trainees = {f"trainee{n:02d}": TRAINEES[n % len(TRAINEES)] for n in range(count)}
    root.mkdir(parents=True)
    return course_with_submissions(root, modules, curriculum_answers, trainees)


@contextmanager
def cpu_seconds(name: str) -> Iterator[list[float]]:
    """CPU seconds used by this process and every process it starts meanwhile (kernels
    included), from a cgroup v1 ``cpuacct`` group; stays empty where none can be made (not
    root, cgroup v2). Unlike wall time, it hardly depends on what else the machine runs."""
    used: list[float] = []
    group = CPUACCT / f"bench-autograde-{name}-{os.getpid()}"
    try:
        group.mkdir()
    except OSError:
        yield used
        return
    try:
        (group / "cgroup.procs").write_text(str(os.getpid()))
        yield used
        used.append(int((group / "cpuacct.usage").read_text()) / 1e9)
    finally:
        (CPUACCT / "cgroup.procs").write_text(str(os.getpid()))
        time.sleep(0.5)  # the last kernels are still being reaped
        with suppress(OSError):
            group.rmdir()


def plain_nbgrader(course: Path) -> float:
    """Seconds for `nbgrader autograde MODULE`, for each module in turn, in the course folder."""
    started = time.perf_counter()
    try:
        plain_autograde(course)
    except RuntimeError as error:
        sys.exit(f"plain {error}")
    return time.perf_counter() - started


def save_figure(plain: float, ours: float, workers: int, what: str, name: str) -> None:
    """A bar chart of both times in benchmarks/results/NAME.png."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(6, 2.5))
    labels = ["plain nbgrader", f"grading.grade.autograde\n({workers} workers)"]
    axes.barh(labels, [plain, ours], color=["#999999", "#4a7ab5"])
    axes.set_xlabel(f"seconds for {what} (lower is better)")
    axes.set_title(f"Autograde speed-up: {plain / ours:.2f}x")
    figure.savefig(RESULTS / f"{name}.png", dpi=110, bbox_inches="tight")
    plt.close(figure)


def print_tables(
    console: Console,
    title: str,
    plain: tuple[float, ...],
    ours: tuple[float, ...],
    workers: int,
    summary: AutogradeSummary,
) -> None:
    """The time table and the memory-per-worker table; `plain` and `ours` are (wall seconds,
    and CPU seconds when measured)."""
    count = len(summary.results)
    table = Table(title=title)
    columns = ("approach", "seconds", "s / submission", "speed-up", "CPU seconds", "graded")
    for column in columns:
        table.add_column(column, justify="left" if column == "approach" else "right")
    for name, (wall, *cpu), graded in (
        ("plain `nbgrader autograde`", plain, count),
        (f"grading.grade.autograde ({workers} workers)", ours, summary.count("graded")),
    ):
        table.add_row(name, f"{wall:.1f}", f"{wall / count:.2f}", f"{plain[0] / wall:.2f}x",
                      f"{cpu[0]:.1f}" if cpu else "n/a", str(graded))  # fmt: skip
    console.print(table)
    memory = Table(title="Memory per worker (peak RSS, MB; the kernels are measured apart)")
    for column in ("worker", "grading process", "warm kernel parent", "together"):
        memory.add_column(column, justify="right")
    peaks = zip(summary.worker_peak_rss_mb, summary.fork_server_peak_rss_mb, strict=True)
    for number, (peak, parent) in enumerate(peaks, start=1):
        memory.add_row(str(number), f"{peak:.0f}", f"{parent:.0f}", f"{peak + parent:.0f}")
    console.print(memory)


def main() -> None:
    """Run both approaches on the same submissions and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--curriculum", action="store_true", help="Grade the real modules.")
    parser.add_argument("--submissions", type=int, default=40, help="Fixture submissions.")
    parser.add_argument("--trainees", type=int, default=5, help="Trainees (--curriculum).")
    parser.add_argument("--modules", nargs="*", help="Modules (--curriculum; default: all).")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    console = Console(width=110)
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-autograde-") as temp:
        if args.curriculum:
            modules = tuple(args.modules or real_modules())
            plain_course = make_curriculum_course(Path(temp) / "plain", args.trainees, modules)
            what = f"{args.trainees} trainees x {len(modules)} modules"
            name = "autograde_curriculum"
        else:
            plain_course = make_fixture_course(Path(temp) / "plain", args.submissions)
            what = f"{args.submissions} submissions"
            name = "autograde"
        ours_course = Path(temp) / "ours" / "course"
        shutil.copytree(plain_course.parent, ours_course.parent)
        notebooks = len(list((plain_course / "submitted").glob("*/*/*.ipynb")))
        console.print(f"Grading {what} ({notebooks} notebooks) with plain nbgrader …")
        with cpu_seconds("plain") as plain_cpu:
            plain = plain_nbgrader(plain_course)
        console.print(f"Grading them again with grading.grade.autograde ({args.workers} workers) …")
        with cpu_seconds("ours") as our_cpu:
            started = time.perf_counter()
            summary = run(ours_course, workers=args.workers, show_progress=False)
            ours = time.perf_counter() - started
        plain_scores, our_scores = cell_scores(plain_course), cell_scores(ours_course)
        identical = plain_scores == our_scores and bool(plain_scores)
    title = (
        f"Autograde: {what}, {notebooks} notebooks, {os.cpu_count()} CPU(s), "
        f"load average before {load[0]:.2f} / {load[1]:.2f}"
    )
    print_tables(console, title, (plain, *plain_cpu), (ours, *our_cpu), args.workers, summary)
    console.print(
        f"Scores identical in both gradebooks ({len(plain_scores)} graded cells): "
        f"{'yes' if identical else 'NO'}"
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    record = {
        "workload": what,
        "notebooks": notebooks,
        "cpus": os.cpu_count(),
        "load_average_before": [round(value, 2) for value in load],
        "workers": args.workers,
        "plain_seconds": round(plain, 2),
        "ours_seconds": round(ours, 2),
        "speedup": round(plain / ours, 2),
        "plain_cpu_seconds": round(plain_cpu[0], 1) if plain_cpu else None,
        "ours_cpu_seconds": round(our_cpu[0], 1) if our_cpu else None,
        "worker_peak_rss_mb": summary.worker_peak_rss_mb,
        "fork_server_peak_rss_mb": summary.fork_server_peak_rss_mb,
        "scores_identical": identical,
    }
    (RESULTS / f"{name}.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    save_figure(plain, ours, args.workers, what, name)
    if not identical or summary.count("graded") != len(summary.results):
        sys.exit(1)


if __name__ == "__main__":
    main()
