"""How good and how fast are the content checkers? Precision, recall and time per text.

Runs the person-first language checker over tests/data/checkers/language_cases.yaml and the
progress-note checker over tests/data/checkers/note_cases.yaml, and compares each with the
plain alternative in the same run: a bare word list for language (no context, no respect for
quoted words) and a "does the label appear?" search for notes.
Run: python benchmarks/checkers.py   (or `make bench`). Writes benchmarks/results/checkers.json
and checkers.png (precision and recall of each checker next to its plain alternative).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table
from ruamel.yaml import YAML

from grading.checks.evaluation import Agreement, agreement
from grading.checks.findings import issues
from grading.checks.language import check_language
from grading.checks.notes import NoteRules, check_note
from simulator.coding.stigma import load_lexicon

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "checkers"
RESULTS = ROOT / "benchmarks" / "results"
ROUNDS = 20

# The plain alternative for language: the first long word of every lexicon term, as a word.
_HEADWORDS = {
    entry.term: re.compile(rf"\b{re.findall(r'[a-z-]{4,}', entry.term.lower())[0]}", re.I)
    for entry in load_lexicon().entries
}
# The plain alternative for notes: an element counts as present when its label word appears.
_LABELS = {
    "note:missing:date": "date",
    "note:missing:time": "start",
    "note:missing:setting": "setting",
    "note:missing:service_code": "h0038",
    "note:missing:units": "unit",
    "note:missing:goal": "goal",
    "note:missing:intervention": "i:",
    "note:missing:response": "r:",
    "note:missing:plan": "p:",
    "note:missing:signature": "signature",
}


def _load(name: str) -> list[dict]:
    return YAML(typ="safe").load((DATA / name).read_text(encoding="utf-8"))["cases"]


def language_terms(text: str) -> set[str]:
    """Terms the language checker reports as issues."""
    return {finding.code.removeprefix("stigma:") for finding in issues(check_language(text))}


def word_list_terms(text: str) -> set[str]:
    """Terms a bare word list would report."""
    return {term for term, pattern in _HEADWORDS.items() if pattern.search(text)}


def note_codes(case: dict) -> set[str]:
    """Finding codes the note checker reports as issues."""
    rules = NoteRules(**case.get("rules", {}))
    findings = check_note(case["note"], rules, previous_notes=case.get("previous", []))
    return {finding.code for finding in issues(findings)}


def label_search_codes(case: dict) -> set[str]:
    """Missing-element codes a plain label search would report."""
    text = case["note"].lower()
    return {code for code, label in _LABELS.items() if label not in text}


def measure(cases: list[dict], label: Callable[[dict], set[str]]) -> tuple[Agreement, float]:
    """Agreement with the human labels, and the median microseconds per case."""
    result = agreement((set(case["expected"]), label(case)) for case in cases)
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for case in cases:
            label(case)
        timings.append((time.perf_counter() - start) / len(cases) * 1e6)
    return result, sorted(timings)[len(timings) // 2]


def main() -> None:
    """Print one table: each checker and its plain alternative."""
    language = _load("language_cases.yaml")
    notes = _load("note_cases.yaml")
    missing_only = [
        {**case, "expected": [c for c in case["expected"] if c in _LABELS]} for case in notes
    ]
    rows = [
        ("language checker", language, lambda c: language_terms(c["text"])),
        ("  plain word list", language, lambda c: word_list_terms(c["text"])),
        ("note checker (all findings)", notes, note_codes),
        ("note checker (missing elements)", missing_only, lambda c: note_codes(c) & set(_LABELS)),
        ("  plain label search (missing elements)", missing_only, label_search_codes),
    ]
    table = Table(title="Content checkers against labelled cases")
    for column in ("checker", "cases", "TP", "FP", "FN", "precision", "recall", "µs / text"):
        table.add_column(column, justify="left" if column == "checker" else "right")
    results = {}
    for name, cases, label in rows:
        result, micros = measure(cases, label)
        results[name.strip()] = {
            "cases": result.cases,
            "precision": round(result.precision, 3),
            "recall": round(result.recall, 3),
            "microseconds_per_text": round(micros, 1),
        }
        table.add_row(
            name,
            str(result.cases),
            str(result.true_positives),
            str(result.false_positives),
            str(result.false_negatives),
            f"{result.precision:.3f}",
            f"{result.recall:.3f}",
            f"{micros:,.0f}",
        )
    Console(width=120).print(table)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "checkers.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    plot(results, RESULTS / "checkers.png")


def plot(results: dict[str, dict], path: Path) -> None:
    """Bar chart of precision and recall per checker."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(results)
    figure, axes = plt.subplots(figsize=(9, 4))
    for offset, metric in ((-0.2, "precision"), (0.2, "recall")):
        axes.bar(
            [i + offset for i in range(len(names))],
            [results[n][metric] for n in names],
            width=0.4,
            label=metric,
        )
    axes.set_xticks(range(len(names)), [n.replace(" (", "\n(") for n in names], fontsize=8)
    axes.set_ylim(0, 1.2)
    axes.set_ylabel("share")
    axes.set_title("Content checkers vs plain alternatives (labelled cases)")
    axes.legend(loc="upper center", ncol=2)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


if __name__ == "__main__":
    main()
