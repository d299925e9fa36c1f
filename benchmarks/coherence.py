"""Does the simulated person answer what was just said? Share of responsive replies.

The labelled set (benchmarks/coherence_set.yaml) holds trainee turns in conversations, one or
more per scenario; each turn is labelled with the act it is (as a trainer would call it) and
what a responsive reply must contain:

- `words`: at least one of these words (accents and case ignored; a word may continue, so
  "drink" finds "drinking");
- `lines`: at least one line of that group (or of one of a list of groups) of the scenario
  file, e.g. `reflection` (agree or correct), `permission`, `affirmation`, `information`,
  `self_disclosure`, `advice`, `crisis.answers.means`, `crisis.replies.warm_handoff`;
- `number`: a number from 0 to 10 (a ruler answered with a number);
- `not_kinds`: reply kinds that would be wrong here (e.g. sustain talk after a hand-off).

Every reply must also be consistent with the conversation so far: a line of a topic that was
already said makes the reply unresponsive. The same turns are played with the plain
alternative — one line drawn by kind, blind to the words, as the engine did before format
v2 — so the two can be read side by side.

A second set, benchmarks/coherence_fresh.yaml, was written from the stories alone and never
used to write scenario lines, and a third, benchmarks/coherence_blind.yaml, from each scenario's
person and setting text before its facts and topics were read (their headers say how they were
used). All three are scored by default, one after the other.

Run: python benchmarks/coherence.py [--failures] [--set benchmarks/coherence_fresh.yaml ...]
"""

from __future__ import annotations

import argparse
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from ruamel.yaml import YAML

from simulator import Scenario, Session, load_scenario
from simulator.engine.scenario import SCENARIO_DIR
from simulator.engine.session import default_coder
from simulator.engine.words import plain

SET_FILES = [
    Path(__file__).with_name(name)
    for name in ("coherence_set.yaml", "coherence_fresh.yaml", "coherence_blind.yaml")
]
EXTRA_DIRS = [
    Path(__file__).resolve().parents[1] / "examples/org/recovery-community-center/scenarios",
    SCENARIO_DIR,
]
TARGET = 0.85
NUMBER = re.compile(r"\b(?:10|[0-9]|zero|one|two|three|four|five|six|seven|eight|nine|ten)\b")


@dataclass
class Outcome:
    scenario: str
    act: str
    said: str
    reply: str
    responsive: bool
    why: str


def line_group(scenario: Scenario, name: str) -> list[str]:
    """The lines of a named group of the scenario file."""
    replies = scenario.act_replies
    groups: dict[str, Any] = {
        "reflection": [*replies.reflection.agree, *replies.reflection.correct],
        "permission": [*replies.permission.granted, *replies.permission.hesitant],
        "affirmation": [*replies.affirmation.accept, *replies.affirmation.deflect],
        "information": [*replies.information.low, *replies.information.middle],
        "self_disclosure": replies.self_disclosure,
        "yes_no": replies.yes_no,
        "repeat": replies.repeat,
        "no_crisis": replies.no_crisis,
        "advice": [
            line
            for entry in [*replies.advice.named, replies.advice.general]
            for line in [*entry.pushback, *entry.considering]
        ],
    }
    groups["information"] += replies.information.high
    if name in groups:
        return list(groups[name])
    if name.startswith("crisis.") and scenario.crisis is not None:
        node: Any = scenario.crisis
        for part in name.split(".")[1:]:
            node = getattr(node, part)
        return list(node)
    raise SystemExit(f"unknown line group '{name}' for {scenario.id} in the labelled set")


def judge(scenario: Scenario, label: dict[str, Any], reply: str, kind: str) -> tuple[bool, str]:
    """Whether `reply` (of `kind`) has what the label says a responsive reply must have."""
    text = plain(reply)
    words = label.get("words")
    if words and not any(re.search(rf"\b{re.escape(plain(w))}", text) for w in words):
        return False, f"none of {words}"
    groups = label.get("lines") or []
    groups = [groups] if isinstance(groups, str) else groups
    if groups and not any(
        line in reply for group in groups for line in line_group(scenario, group)
    ):
        return False, f"no line of {' or '.join(groups)}"
    if label.get("number") and not NUMBER.search(text):
        return False, "no number"
    if kind in label.get("not_kinds", ()):
        return False, f"kind {kind}"
    return True, ""


def topic_lines(scenario: Scenario) -> set[str]:
    lines = set()
    for topic in scenario.topics.values():
        lines |= {*topic.neutral, *topic.sustain}
        for kind in topic.change.kinds():
            lines |= set(getattr(topic.change, kind))
    return lines


class BlindPersona:
    """The plain alternative: a line of the chosen kind drawn at random from all topics."""

    def __init__(self, scenario: Scenario, seed: int) -> None:
        self.scenario = scenario
        self.random = random.Random(seed)

    def reply(self, kind: str) -> str:
        talk, _, change = kind.partition(":")
        banks = []
        for topic in self.scenario.topics.values():
            banks += getattr(topic.change, change) if talk == "change" else getattr(topic, talk, [])
        if talk in ("discord", "disengaged", "role_confusion", "hurt"):
            banks = getattr(self.scenario.reactions, talk)
        arc = self.scenario.crisis
        if talk == "crisis" and arc is not None:
            banks = {
                "cue": arc.cue.lines,
                "ignored": arc.replies.if_ignored,
                "asked": [*arc.answers.thoughts, *arc.replies.while_talking],
                "connected": [*arc.replies.warm_handoff, *arc.replies.after_connected],
            }[change]
        return self.random.choice(banks or [t.neutral[0] for t in self.scenario.topics.values()])


def play(conversation: dict[str, Any], coder: Any, blind: bool) -> list[Outcome]:
    scenario = load_scenario(conversation["scenario"], EXTRA_DIRS)
    seed = int(conversation.get("seed", 0))
    session = Session(scenario, seed=seed, coder=coder)
    plain_persona = BlindPersona(scenario, seed)
    own_lines = topic_lines(scenario)
    said_before: set[str] = set()
    outcomes = []
    for turn in conversation["turns"]:
        result = session.respond(turn["say"])
        reply = plain_persona.reply(result.reply_kind) if blind else result.reply
        ok, why = judge(scenario, turn.get("must", {}), reply, result.reply_kind)
        repeated = [line for line in own_lines if line in reply and line in said_before]
        if ok and repeated:
            ok, why = False, f"repeats '{repeated[0][:40]}'"
        said_before |= {line for line in own_lines if line in reply}
        outcomes.append(Outcome(scenario.id, turn["act"], turn["say"], reply, ok, why))
    return outcomes


def table(title: str, outcomes: list[Outcome], blind: list[Outcome], key: str) -> Table:
    grouped: dict[str, list[tuple[Outcome, Outcome]]] = defaultdict(list)
    for mine, theirs in zip(outcomes, blind, strict=True):
        grouped[getattr(mine, key)].append((mine, theirs))
    result = Table(key, "turns", "responsive", "blind draw (before v2)", title=title)
    for name in sorted(grouped):
        pairs = grouped[name]
        share = sum(m.responsive for m, _ in pairs) / len(pairs)
        before = sum(b.responsive for _, b in pairs) / len(pairs)
        result.add_row(name, str(len(pairs)), f"{share:.0%}", f"{before:.0%}")
    total = sum(o.responsive for o in outcomes) / len(outcomes)
    total_blind = sum(o.responsive for o in blind) / len(blind)
    result.add_row("all", str(len(outcomes)), f"{total:.0%}", f"{total_blind:.0%}", style="bold")
    return result


def report(set_file: Path, coder: Any, console: Console, failures: bool) -> None:
    """Score one labelled set and print its tables (and its misses when asked)."""
    conversations = YAML(typ="safe").load(set_file.read_text(encoding="utf-8"))["conversations"]
    outcomes = [o for c in conversations for o in play(c, coder, blind=False)]
    blind = [o for c in conversations for o in play(c, coder, blind=True)]
    share = sum(o.responsive for o in outcomes) / len(outcomes)
    console.print(
        f"{set_file.name}: {len(outcomes)} labelled turns in {len(conversations)} conversations;"
        f" coder {coder.name}; responsive {share:.1%} (target {TARGET:.0%})"
    )
    console.print(table("Responsive replies per scenario", outcomes, blind, "scenario"))
    console.print(table("Responsive replies per act", outcomes, blind, "act"))
    if failures:
        for outcome in outcomes:
            if not outcome.responsive:
                console.print(
                    f"[{outcome.scenario} | {outcome.act}] {outcome.said!r}\n"
                    f"   -> {outcome.reply!r}\n   ({outcome.why})",
                    markup=False,
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="print each unresponsive reply")
    parser.add_argument(
        "--set", type=Path, action="append", help="a labelled set (YAML); repeat for more"
    )
    args = parser.parse_args()
    coder = default_coder()
    console = Console(width=120)
    for set_file in args.set or SET_FILES:
        report(set_file, coder, console, args.failures)


if __name__ == "__main__":
    main()
