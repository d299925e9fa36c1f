"""The corpus's output side: what graded notebooks, feedback pages and reports show.

Used by tests/security/corpus.py after the corpus is autograded: feedback is generated and the
report written with the real ``generate_feedback`` and ``report``; then each case's feedback page
is searched for hidden-test text (decoded from JSON, base64 and hex, scripts and attributes
included) and for markup that would run (marker ``PWNED``), and the report's CSV, Excel and HTML
files for formulas and markup. Search helpers are written here on their own, not borrowed from
the grading code they check.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import csv
import html
import json
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nbformat
from openpyxl import load_workbook

from tests.grading import factories as f

MARKER = "PWNED"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HIDDEN_REGION = re.compile(r"BEGIN HIDDEN TESTS(.*?)END HIDDEN TESTS", re.DOTALL)
BASE64_RUN = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")
HEX_RUN = re.compile(r"(?:[0-9a-fA-F]{2}){12,}")
UNESCAPE = re.compile(r"\\([\"'\\/])")
RISKY_TAGS = {"iframe", "form", "object", "embed", "base", "frame"}


# --- submissions --------------------------------------------------------------------------


def _hostile_markdown(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A correct notebook plus markdown, raw and metadata attacks on the trainer's browser."""
    markdown = nbformat.v4.new_markdown_cell(
        f"Notes <script>alert('{MARKER}')</script> <img src=x onerror=\"alert('{MARKER}')\">\n\n"
        f"[help](javascript:alert('{MARKER}')) <iframe src='https://evil.example/{MARKER}'>"
    )
    markdown.metadata["tags"] = [f"x\" onmouseover=\"alert('{MARKER}')"]
    raw = nbformat.v4.new_raw_cell(f"<script>alert('{MARKER}')</script>")
    raw.metadata["raw_mimetype"] = "text/html"
    notebook.cells += [markdown, raw]
    notebook.metadata["widgets"] = {
        "application/vnd.jupyter.widget-state+json": {"state": {MARKER: {}}, "version_major": 2}
    }
    return notebook


NOTEBOOK_EDITS: dict[str, Callable[[nbformat.NotebookNode], nbformat.NotebookNode]] = {
    "hostile-markdown": _hostile_markdown,
}


def _transcript(change: Callable[[dict[str, Any]], None]) -> bytes:
    from simulator import Session, load_scenario

    session = Session(load_scenario("warm-line-crisis"), seed=0)
    for utterance in f.RISKY_ROLEPLAY:
        session.respond(utterance)
    data = json.loads(session.transcript.model_dump_json())
    change(data)
    return json.dumps(data).encode()


def _paste_good_codes(data: dict[str, Any]) -> None:
    for turn in data["turns"]:
        turn["coding"].update(code="complex_reflection", behaviour="reflection", peer_flags=[])
        turn["reply_kind"] = "change:reasons"


CONTENTS: dict[str, Callable[[], bytes]] = {
    "forged-transcript": lambda: _transcript(_paste_good_codes),
    "other-version-transcript": lambda: _transcript(
        lambda data: data.update(scenario_fingerprint="0" * 16)
    ),
    "deep-transcript": lambda: (
        b'{"schema_version": 1, "turns": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    ),
    "deep-notebook": lambda: b'{"cells": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "markup-transcript": lambda: json.dumps({"schema_version": "[/bold][red]"}).encode(),
}


# --- searching ------------------------------------------------------------------------------


def hidden_lines(source_dir: Path) -> set[str]:
    """Every non-trivial line of the module's hidden tests."""
    lines = set()
    for path in source_dir.glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            for region in HIDDEN_REGION.findall(cell.source):
                lines |= {line.strip() for line in region.splitlines() if len(line.strip()) > 15}
    return lines


def _strings(node: Any) -> Iterator[str]:
    """Every string in `node`, except error tracebacks: IPython writes the failing line of a
    test there, in the trainer's graded notebook, and feedback replaces them."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "traceback" and node.get("output_type") == "error":
                continue
            yield str(key)
            yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


def decoded_views(text: str) -> str:
    """`text`, `text` with backslash escapes of quotes undone (JSON, repr), and everything base64
    or hex runs in it decode to, whitespace squeezed."""
    views = [text, UNESCAPE.sub(r"\1", text)]
    for run in BASE64_RUN.findall(text):
        with contextlib.suppress(binascii.Error, ValueError):
            views.append(base64.b64decode(run + "=" * (-len(run) % 4)).decode("utf-8", "ignore"))
    views += [bytes.fromhex(run).decode("utf-8", "ignore") for run in HEX_RUN.findall(text)]
    return "\n".join(" ".join(view.split()) for view in views)


def output_text(graded: Path) -> str:
    """Everything the kernel wrote into a graded notebook's outputs, decoded."""
    try:
        cells = json.loads(graded.read_text(encoding="utf-8")).get("cells", [])
    except (ValueError, RecursionError):
        return ""
    found = [s for cell in cells if isinstance(cell, dict) for s in _strings(cell.get("outputs"))]
    return decoded_views("\n".join(found))


class _Page(HTMLParser):
    """Elements, attributes and script/style text of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.code = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.code = tag in ("script", "style")
        if tag in RISKY_TAGS:
            self.problems.append(f"a <{tag}> element")
        for name, value in attrs:
            value = value or ""
            if MARKER in value or value.strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value[:60]!r}>")
            if name.startswith("on") and MARKER in value:
                self.problems.append(f"<{tag} {name}=...> event handler")

    def handle_endtag(self, tag: str) -> None:
        self.code = False

    def handle_data(self, data: str) -> None:
        if self.code and MARKER in data:
            self.problems.append(f"script/style text with {MARKER}")


def markup_problems(page: str) -> list[str]:
    """Markup in `page` that would run or load something a trainee wrote."""
    parser = _Page()
    parser.feed(page)
    return parser.problems


def page_leaks(page: str, hidden: set[str]) -> list[str]:
    """Hidden-test text or markers in a page: visible, in markup, or encoded."""
    text = decoded_views(html.unescape(page))
    needles = hidden | {f.HIDDEN_ASSERT, "BEGIN HIDDEN TESTS", "BEGIN SOLUTION", f.SOLUTION_PROSE}
    return sorted(needle for needle in needles if " ".join(needle.split()) in text)


# --- judging --------------------------------------------------------------------------------


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def judge_output_side(case: Any, course: Path, reports: Any, hidden: set[str]) -> list[str]:
    """Problems with what this case's feedback page and the report show."""
    problems = []
    expect = case.expect
    page = course / "feedback" / case.id / f.MODULE / f.NOTEBOOK.replace(".ipynb", ".html")
    if page.is_file():
        text = page.read_text(encoding="utf-8")
        problems += [
            f"feedback shows hidden text {leak[:50]!r}" for leak in page_leaks(text, hidden)
        ]
        problems += [f"feedback page has {problem}" for problem in markup_problems(text)]
    elif expect.get("feedback"):
        problems.append("no feedback page was written")
    flags = {
        row["kind"] for row in _csv_rows(reports.csv_dir / "flags.csv") if row["trainee"] == case.id
    }
    for wanted in expect.get("flags", []):  # words of a flag kind
        if not any(wanted in kind for kind in flags):
            problems.append(f"report lacks a flag {wanted!r} (has {sorted(flags)})")
    for unwanted in expect.get("no_flags", []):
        problems += [f"report shows flag {kind!r}" for kind in flags if unwanted in kind]
    if "roleplay" in expect:
        rows = [r for r in _csv_rows(reports.csv_dir / "roleplay.csv") if r["trainee"] == case.id]
        if expect["roleplay"] == "none" and rows:
            problems.append("report shows role-play metrics for a transcript that did not replay")
        if expect["roleplay"] == "replayed" and (
            len(rows) != 1 or float(rows[0]["percent_complex_reflections"]) >= 100
        ):
            problems.append(f"role-play metrics are not the replay's: {rows}")
    return problems


def report_damage(reports: Any) -> list[str]:
    """Formulas in the CSV or Excel files, or runnable markup in the HTML pages."""
    damage = []
    for path in sorted(reports.csv_dir.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.reader(handle):
                damage += [
                    f"{path.name}: formula cell {cell[:40]!r}"
                    for cell in row
                    if cell.startswith(FORMULA_STARTS)
                ]
    workbook = load_workbook(reports.excel)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (
                    isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS)
                ):
                    damage.append(
                        f"report.xlsx {sheet.title}!{cell.coordinate}: formula {cell.value!r:.40}"
                    )
    pages = [reports.html, *[p for p in reports.completion_records if p.suffix == ".html"]]
    for page in pages:
        damage += [
            f"{page.name}: {problem}"
            for problem in markup_problems(page.read_text(encoding="utf-8"))
        ]
    return damage
