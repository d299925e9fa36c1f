"""How fast is the simulator? Import time, and `Session.respond()` latency per scenario.

Compares the shipped default coder with the plain rule coder in the same run. Each turn is
timed twice: CPU time of this thread (what the engine costs, the target) beside wall time
(what a trainee waits, which also counts other work on a shared machine).
Run: python benchmarks/simulator_latency.py   (or `make bench`)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from rich.console import Console
from rich.table import Table
from widget_turn import UTTERANCES as FIRST_TURNS
from widget_turn import import_seconds

from simulator import Session, list_scenarios
from simulator.coding.rule_coder import RuleCoder
from simulator.engine.session import default_coder

UTTERANCES = [
    *FIRST_TURNS,
    "It's your choice what happens next.",
    "Do you want to talk about the weekend?",
]
ROUNDS = 25


def respond_latencies_ms(scenario, coder) -> tuple[list[float], list[float]]:
    """(CPU ms, wall ms) of every respond() call over ROUNDS sessions of UTTERANCES."""
    cpu, wall = [], []
    for seed in range(ROUNDS):
        session = Session(scenario, seed=seed, coder=coder)
        for text in UTTERANCES:
            start_cpu, start_wall = time.thread_time(), time.perf_counter()
            session.respond(text)
            cpu.append((time.thread_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start_wall) * 1000)
    return cpu, wall


def import_cpu_seconds(runs: int = 5) -> float:
    """Median CPU time of `import simulator` in a fresh interpreter (unaffected by other load)."""
    code = "import time; t = time.process_time(); import simulator; print(time.process_time() - t)"
    timings = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(runs)
    ]
    return statistics.median(timings)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    console = Console(width=120)
    console.print(
        f"import simulator: {import_seconds('simulator'):.3f} s wall,"
        f" {import_cpu_seconds():.3f} s CPU (target < 0.3 s)"
    )
    coders = {"default": default_coder(), "rules (plain)": RuleCoder()}
    table = Table(
        "scenario",
        "coder",
        "CPU p50 ms",
        "CPU p95 ms",
        "wall p50 ms",
        "wall p95 ms",
        "turns",
        title="Session.respond() latency (target: CPU p95 < 5 ms)",
    )
    for scenario in list_scenarios():
        for label, coder in coders.items():
            cpu, wall = respond_latencies_ms(scenario, coder)
            table.add_row(
                scenario.id,
                f"{label}: {coder.name}",
                f"{percentile(cpu, 0.5):.2f}",
                f"{percentile(cpu, 0.95):.2f}",
                f"{percentile(wall, 0.5):.2f}",
                f"{percentile(wall, 0.95):.2f}",
                str(len(cpu)),
            )
    console.print(table)


if __name__ == "__main__":
    main()
