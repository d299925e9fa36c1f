"""Tests for grading.checks.language: labelled cases, findings, and the course's own text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from grading.checks.evaluation import agreement
from grading.checks.findings import explain, issues
from grading.checks.language import check_language

ROOT = Path(__file__).resolve().parents[3]
CASES = YAML(typ="safe").load((ROOT / "tests/data/checkers/language_cases.yaml").read_text())[
    "cases"
]
PRECISION_FLOOR = 0.95
RECALL_FLOOR = 0.9


def _terms(text: str) -> set[str]:
    return {finding.code.removeprefix("stigma:") for finding in issues(check_language(text))}


def test_enough_labelled_cases_with_both_kinds():
    """Are there at least 60 labelled cases, both stigmatizing and respectful ones?"""
    assert len(CASES) >= 60
    assert sum(1 for case in CASES if case["expected"]) >= 40
    assert sum(1 for case in CASES if not case["expected"]) >= 15


def test_precision_and_recall_on_labelled_cases():
    """Does the checker agree with the human labels at least at the floors?"""
    result = agreement((set(case["expected"]), _terms(case["text"])) for case in CASES)
    assert result.precision >= PRECISION_FLOOR, result
    assert result.recall >= RECALL_FLOOR, result


def test_every_issue_names_term_why_and_an_alternative():
    """Does every stigmatizing-term finding name the term, why it harms and an alternative?"""
    for case in CASES:
        for finding in issues(check_language(case["text"])):
            start, end = finding.span
            assert f"'{case['text'][start:end]}'" in finding.what
            assert len(finding.why) > 20
            assert finding.fix.startswith("Try '")
            assert "line 1" in finding.where


def test_own_words_are_a_gentle_note_not_an_issue():
    """Are someone's own quoted words reported gently, and left out entirely when asked?"""
    text = "He told me, \"I'm a junkie, that's all I am.\""
    findings = check_language(text, where="your reply")
    assert [f.severity for f in findings] == ["note"]
    assert "their own words" in findings[0].what
    assert "person who uses drugs" in findings[0].fix
    assert check_language(text, include_own_words=False) == []


def test_where_names_the_text_the_line_and_an_excerpt():
    """Does a finding say which text, which line and show the words in context?"""
    findings = check_language(
        "First line is fine.\nSecond line: he relapsed again.", where="sentence 3"
    )
    assert findings[0].where == "sentence 3, line 2: Second line: he [relapsed] again."
    assert "relapsed" in explain(findings)


@pytest.mark.parametrize(
    "notebook",
    sorted((ROOT / "modules").glob("*/*.ipynb")),
    ids=lambda path: f"{path.parent.name}/{path.name}",
)
def test_no_false_alarm_on_the_course_text(notebook):
    """Does the course's own markdown and code (every module) pass the language checker?"""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    problems = []
    for number, cell in enumerate(cells, start=1):
        where = f"{notebook.parent.name}/{notebook.name}, cell {number}"
        problems += issues(check_language(_course_words("".join(cell["source"])), where=where))
    assert not problems, explain(problems)


def _course_words(source: str) -> str:
    """The words the course itself speaks in a cell. An answer cell (`%%answer ...`) starts with
    the text a trainee is asked to fix (a flawed note with labels in it): only its solution
    counts, and a solution of a few words names the label asked for ("Which word...?")."""
    if not source.startswith(("%%answer", "%%roleplay")):
        return source
    _, _, solution = source.partition("### BEGIN SOLUTION")
    solution = solution.partition("### END SOLUTION")[0]
    return solution if len(solution.split()) > 4 else ""
