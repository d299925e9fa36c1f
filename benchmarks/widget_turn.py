"""What does the role-play widget add to a turn, in Python? RolePlay.send vs plain Session.respond.

The browser round trip (Enter to reply shown) is measured and printed by
tests/browser/test_roleplay_browser.py; this measures the kernel side only: the widget's
counters, mood and log updates on top of the engine, and the end-of-session summary with plots.
Run: python benchmarks/widget_turn.py   (or `make bench`)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from simulator import Session
from simulator.faces.widgets import RolePlay

SCENARIO = "alcohol-ambivalence"
UTTERANCES = [
    "What brings you here today?",
    "It sounds like part of you wants a change, and part of you isn't sure.",
    "You've been carrying a lot, and you're still showing up.",
    "How would things look if they went the way you hope?",
    "You should just stop.",
    "So on one hand it helps you cope, and on the other it's costing you.",
]
ROUNDS = 20


def import_seconds(module: str, runs: int = 5) -> float:
    """Median wall time of importing `module` in a fresh interpreter, minus a bare start."""

    def median_run(code: str) -> float:
        timings = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            timings.append(time.perf_counter() - start)
        return statistics.median(timings)

    return median_run(f"import {module}") - median_run("pass")


def turn_ms(folder: Path) -> tuple[list[float], list[float], list[float]]:
    """Per-turn times for Session.respond and RolePlay.send, and RolePlay.end times."""
    plain, widget, ends = [], [], []
    roleplay = RolePlay(SCENARIO, save_to=folder / "t.json")
    for _ in range(ROUNDS):
        session = Session(SCENARIO, seed=0, coder=roleplay.session.coder)
        roleplay.restart()
        for text in UTTERANCES:
            start = time.perf_counter()
            session.respond(text)
            plain.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            roleplay.send(text)
            widget.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        roleplay.end()
        ends.append((time.perf_counter() - start) * 1000)
    return plain, widget, ends


def main() -> None:
    console = Console(width=120)
    console.print(
        f"import simulator: {import_seconds('simulator'):.3f} s · "
        f"import simulator.faces.widgets: {import_seconds('simulator.faces.widgets'):.3f} s"
    )
    with tempfile.TemporaryDirectory() as folder:
        plain, widget, ends = turn_ms(Path(folder))
    table = Table("step", "p50 ms", "max ms", "runs", title="One role-play turn, kernel side")
    for label, timings in (
        ("Session.respond (plain engine)", plain),
        ("RolePlay.send (engine + counters, mood, log)", widget),
        ("RolePlay.end (save, summary, plots; first includes matplotlib import)", ends),
    ):
        table.add_row(
            label, f"{statistics.median(timings):.2f}", f"{max(timings):.2f}", str(len(timings))
        )
    console.print(table)


if __name__ == "__main__":
    main()
