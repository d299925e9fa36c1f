"""Check a submission against the module's source before nbgrader grades it.

nbgrader crashes or grades wrongly when a trainee's notebook is not valid JSON, when a cell's
type changed (nbgrader #1941) or when a graded cell was deleted. These checks turn each case into
one clear sentence for the trainer, and the submission is recorded as rejected instead.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from simulator.safe_load import LoadLimitError, check_depth, read_text

#: Collect refuses files over 50 MB; a notebook is read only after its size and nesting pass.
MAX_NOTEBOOK_BYTES = 50 * 2**20


def graded_cells(notebook: nbformat.NotebookNode) -> dict[str, tuple[str, bool]]:
    """``grade_id -> (cell_type, required)`` for the nbgrader cells of a notebook."""
    cells = {}
    for cell in notebook.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade_id"):
            required = bool(meta.get("grade") or meta.get("solution"))
            cells[meta["grade_id"]] = (cell.cell_type, required)
    return cells


def problems_with(submission_dir: Path, source_dir: Path) -> list[str]:
    """What stops `submission_dir` from being graded against `source_dir` (empty: fine)."""
    problems = []
    sources = sorted(source_dir.glob("*.ipynb"))
    if not any((submission_dir / source.name).is_file() for source in sources):
        names = ", ".join(source.name for source in sources)
        return [f"no notebook of the module was submitted (expected {names})"]
    for source in sources:
        submitted = submission_dir / source.name
        if submitted.is_file():
            expected = graded_cells(nbformat.read(source, as_version=4))
            problems.extend(_notebook_problems(submitted, expected))
    return problems


def _notebook_problems(path: Path, expected: dict[str, tuple[str, bool]]) -> list[str]:
    try:
        text = read_text(path, MAX_NOTEBOOK_BYTES, "notebook")
        check_depth(text, path.name)
        notebook = nbformat.reads(text, as_version=4)
    except LoadLimitError as error:
        return [str(error)]
    except UnicodeDecodeError:
        return [f"{path.name}: not a text file (is it really a notebook?)"]
    except (json.JSONDecodeError, nbformat.reader.NotJSONError):
        return [f"{path.name}: not valid notebook JSON (damaged, or edited outside Jupyter)"]
    except Exception as error:
        return [f"{path.name}: cannot be read as a notebook ({error})"]
    if not isinstance(notebook.get("cells"), list):
        return [f"{path.name}: has no list of cells"]
    found = graded_cells(notebook)
    problems = []
    for grade_id, (cell_type, required) in expected.items():
        if grade_id not in found:
            if required:
                problems.append(f"{path.name}: cell grade_id={grade_id} was deleted")
        elif found[grade_id][0] != cell_type:
            problems.append(
                f"{path.name}: cell grade_id={grade_id} was changed from {cell_type} to "
                f"{found[grade_id][0]} (nbgrader cannot grade a changed cell type)"
            )
    return problems
