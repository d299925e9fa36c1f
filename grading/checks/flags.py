"""Supervisor flags: things a supervisor should read about, raised while grading.

Two ends meet here:

* hidden tests and checkers raise a flag with :func:`flag_for_supervisor`; the flag travels as a
  display output of the test cell (mimetype :data:`FLAG_MIME`), so it lands in the autograded
  notebook without writing files, and feedback strips it before trainees see it;
* reports collect flags from every autograded submission folder through the registered
  *flag readers*. Module helpers add a source of flags with :func:`register_flag_reader`.

A graded notebook is written by the trainee's kernel, so its flags are data: only outputs of
the module's *test* cells count (their ``grade_id`` is looked up in the course's source
notebook, not in the submission), kind and detail are plain strings cut to a set length, and
every report file writes them as text (see :mod:`grading.report.files`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from simulator.errors import SimulatorError
from simulator.safe_load import load_json

FLAG_MIME = "application/vnd.peer-support.supervisor-flag+json"
#: Graded notebooks larger than this are not read for flags (autograde keeps them far smaller).
MAX_NOTEBOOK_BYTES = 64 * 2**20
KIND_LENGTH, DETAIL_LENGTH = 60, 500


@dataclass(frozen=True)
class SupervisorFlag:
    """One observation a supervisor should follow up on.

    kind: short id (crisis_cue_missed, scope_violation, stigmatizing_language, ...);
    detail: what happened, in plain language; trainee and module: filled in by
    :func:`collect_flags`; source: the notebook or transcript the flag came from.
    """

    kind: str
    detail: str
    trainee: str = ""
    module: str = ""
    source: str = ""


FlagReader = Callable[[Path], Iterable[SupervisorFlag]]
"""Reads the flags of one autograded submission folder (``autograded/<trainee>/<module>``)."""

_readers: list[FlagReader] = []


def flag_for_supervisor(kind: str, detail: str) -> None:
    """Raise a supervisor flag from a test cell (invisible to the trainee)."""
    from IPython.display import display

    display({FLAG_MIME: {"kind": kind, "detail": detail}, "text/plain": ""}, raw=True)


def register_flag_reader(reader: FlagReader) -> FlagReader:
    """Add a source of flags for reports; usable as a decorator."""
    if reader not in _readers:
        _readers.append(reader)
    return reader


def flag_readers() -> tuple[FlagReader, ...]:
    """The registered flag readers, built-in ones first."""
    return tuple(_readers)


def collect_flags(submission_dir: Path) -> list[SupervisorFlag]:
    """All flags for one autograded submission, stamped with its trainee and module."""
    module, trainee = submission_dir.name, submission_dir.parent.name
    flags = []
    for reader in _readers:
        for flag in reader(submission_dir):
            flags.append(replace(flag, trainee=trainee, module=module))
    return flags


@cache
def _test_cell_ids(source_notebook: Path, stamp: int) -> frozenset[str]:
    """grade_ids of the autograded test cells of a course source notebook."""
    try:
        cells = load_json(source_notebook, MAX_NOTEBOOK_BYTES, "notebook").get("cells", [])
    except (OSError, ValueError, SimulatorError, AttributeError):
        return frozenset()
    ids = set()
    for cell in cells:
        nbgrader = cell.get("metadata", {}).get("nbgrader", {}) if isinstance(cell, dict) else {}
        if nbgrader.get("grade") and not nbgrader.get("solution") and nbgrader.get("grade_id"):
            ids.add(str(nbgrader["grade_id"]))
    return frozenset(ids)


def test_cell_ids(submission_dir: Path, notebook_name: str) -> frozenset[str]:
    """Test cells of ``notebook_name`` per the course source (``submission_dir`` is
    ``<course>/autograded/<trainee>/<module>``); empty when the course has no such notebook."""
    source = submission_dir.parents[2] / "source" / submission_dir.name / notebook_name
    if not source.is_file():
        return frozenset()
    return _test_cell_ids(source.resolve(), source.stat().st_mtime_ns)


def _text(value: object, limit: int) -> str:
    text = value if isinstance(value, str) else ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@register_flag_reader
def flags_in_notebook_outputs(submission_dir: Path) -> list[SupervisorFlag]:
    """Flags that the module's test cells raised with :func:`flag_for_supervisor`."""
    flags = []
    for notebook in sorted(submission_dir.glob("*.ipynb")):
        tests = test_cell_ids(submission_dir, notebook.name)
        try:
            cells = load_json(notebook, MAX_NOTEBOOK_BYTES, "notebook").get("cells", [])
        except (OSError, ValueError, SimulatorError, AttributeError):
            continue
        for cell in cells if isinstance(cells, list) else []:
            if not isinstance(cell, dict) or _grade_id(cell) not in tests:
                continue
            for output in cell.get("outputs", []):
                data = output.get("data", {}) if isinstance(output, dict) else {}
                flag = data.get(FLAG_MIME) if isinstance(data, dict) else None
                if isinstance(flag, dict) and isinstance(flag.get("kind"), str):
                    flags.append(
                        SupervisorFlag(
                            kind=_text(flag["kind"], KIND_LENGTH),
                            detail=_text(flag.get("detail"), DETAIL_LENGTH),
                            source=notebook.name,
                        )
                    )
    return flags


def _grade_id(cell: dict) -> str | None:
    nbgrader = cell.get("metadata", {}).get("nbgrader", {})
    return nbgrader.get("grade_id") if isinstance(nbgrader, dict) else None
