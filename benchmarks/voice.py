"""How long does a turn take with a model voice, and how often do the guards fall back?

The same conversations are played with the authored voice and, when `make test-llm` has
installed it, with llama.cpp's server and SmolLM2-135M-Instruct on 127.0.0.1 (or with a server
you already run: VOICE_BASE_URL=http://127.0.0.1:11434/v1 VOICE_MODEL=name). Per-turn wall
time of `Session.respond()` (p50, p95) and the share of turns that showed the authored line
instead of the model's words (by reason: guard, server, crisis turn kept as written).
Run: python benchmarks/voice.py   (or `make bench`; figures in benchmarks/results/voice.json)
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulator import Session  # noqa: E402
from simulator.engine.session import default_coder  # noqa: E402
from simulator.voice import AuthoredVoice, Voice, VoiceConfig, make_voice  # noqa: E402
from tests.simulator import llama_server as llama  # noqa: E402

SCENARIOS = ["alcohol-ambivalence", "medication-stopping", "warm-line-crisis"]
CONVERSATION = [
    "What brings you in today?",
    "How old are you, if you don't mind me asking?",
    "So part of you wants things to stay as they are, and part of you is tired of it.",
    "What worries you most right now?",
    "You care a lot about the people close to you.",
    "What would be different if things changed?",
    "How confident are you, from 0 to 10, that you could make a change?",
    "It's your choice what happens next.",
]
SEEDS = (0, 1)
RESULTS = ROOT / "benchmarks" / "results" / "voice.json"


def play(voice: Voice) -> tuple[list[float], Counter]:
    """Per-turn wall ms over every scenario and seed, and the fall-back reasons counted."""
    coder = default_coder()
    latencies: list[float] = []
    outcomes: Counter = Counter()
    for scenario in SCENARIOS:
        for seed in SEEDS:
            session = Session(scenario, seed=seed, coder=coder, voice=voice)
            for text in CONVERSATION:
                start = time.perf_counter()
                turn = session.respond(text)
                latencies.append((time.perf_counter() - start) * 1000)
                fallback = turn.voice.fallback
                outcomes["model words" if fallback is None else fallback.split(":")[0]] += 1
    return latencies, outcomes


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def row(label: str, latencies: list[float], outcomes: Counter) -> dict:
    turns = sum(outcomes.values())
    fell_back = turns - outcomes["model words"]
    return {
        "voice": label,
        "turns": turns,
        "p50_ms": round(percentile(latencies, 0.5), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "fallback_rate": round(fell_back / turns, 3),
        "outcomes": dict(outcomes),
    }


def main() -> None:
    console = Console(width=120)
    rows = [row("authored", *play(AuthoredVoice()))]
    rows[0]["fallback_rate"] = 0.0  # the authored line is the voice itself, not a fall-back
    rows[0]["outcomes"] = {"authored line": rows[0]["turns"]}
    why_not = None if "VOICE_BASE_URL" in os.environ else llama.missing()
    if "VOICE_BASE_URL" in os.environ:  # a server you already run, e.g. Ollama
        config = VoiceConfig(
            backend="openai-compatible",
            base_url=os.environ["VOICE_BASE_URL"],
            model=os.environ.get("VOICE_MODEL", ""),
            timeout=120,
        )
        rows.append(row(f"{config.model} at {config.host}", *play(make_voice(config))))
    elif why_not is None:
        with llama.llama_server() as server:
            voice = make_voice(server.voice_config())
            rows.append(row(f"llama.cpp {llama.MODEL_NAME}", *play(voice)))
    table = Table(
        "voice",
        "turns",
        "p50 ms/turn",
        "p95 ms/turn",
        "fall-back rate",
        "outcomes",
        title=f"Per-turn latency and fall-backs, {os.cpu_count()} CPU cores",
    )
    for result in rows:
        table.add_row(
            result["voice"],
            str(result["turns"]),
            f"{result['p50_ms']:.1f}",
            f"{result['p95_ms']:.1f}",
            f"{result['fallback_rate']:.0%}",
            ", ".join(f"{k}: {v}" for k, v in result["outcomes"].items()),
        )
    console.print(table)
    if why_not is not None:
        console.print(f"Local model not measured: {why_not}")
        return
    RESULTS.write_text(json.dumps({"cpus": os.cpu_count(), "rows": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
