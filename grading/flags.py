"""Supervisor flags: things a supervisor should read about, raised while grading.

Two ends meet here:

* hidden tests and checkers raise a flag with :func:`flag_for_supervisor`; the flag travels as a
  display output of the test cell (mimetype :data:`FLAG_MIME`), so it lands in the autograded
  notebook without writing files, and feedback strips it before trainees see it;
* reports collect flags from every autograded submission folder through the registered
  *flag readers*. Module helpers add a source of flags with :func:`register_flag_reader`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

FLAG_MIME = "application/vnd.peer-support.supervisor-flag+json"


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


@register_flag_reader
def flags_in_notebook_outputs(submission_dir: Path) -> list[SupervisorFlag]:
    """Flags that test cells raised with :func:`flag_for_supervisor`."""
    flags = []
    for notebook in sorted(submission_dir.glob("*.ipynb")):
        try:
            cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue
        for cell in cells:
            for output in cell.get("outputs", []) if isinstance(cell, dict) else []:
                data = output.get("data", {}) if isinstance(output, dict) else {}
                if isinstance(data.get(FLAG_MIME), dict):
                    flag = data[FLAG_MIME]
                    flags.append(
                        SupervisorFlag(
                            kind=str(flag.get("kind", "")),
                            detail=str(flag.get("detail", "")),
                            source=notebook.name,
                        )
                    )
    return flags
