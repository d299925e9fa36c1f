"""Name the cells that the per-cell time limit stopped, for an autograde result's reason.

nbgrader interrupts a cell that runs past ``Execute.timeout`` and grades the rest; the cell keeps
a ``CellTimeoutError`` output and the submission counts as graded, so without this the trainer
sees partial marks and no reason (docs/grading-internals.md, "Time limits").
"""

from __future__ import annotations

from pathlib import Path

import nbformat


def stopped_cells(autograded: Path, cell_timeout: int) -> str:
    """A sentence naming each notebook cell in `autograded` that hit the time limit, or ""."""
    found = []
    for path in sorted(autograded.glob("*.ipynb")):
        try:
            cells = nbformat.read(path, as_version=4).cells
        except (OSError, ValueError):
            continue
        for number, cell in enumerate(cells, start=1):
            if any(out.get("ename") == "CellTimeoutError" for out in cell.get("outputs", [])):
                grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
                found.append(f"{path.name} cell {number}" + (f" ({grade_id})" if grade_id else ""))
    if not found:
        return ""
    return (
        f"stopped after the {cell_timeout} s cell time limit: {', '.join(found)} "
        "(an endless loop or a long wait); the other cells were graded"
    )
