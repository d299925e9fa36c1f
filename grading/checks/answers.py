"""Plain-text answers: the ``%%answer`` and ``%%roleplay`` cell magics, and what checks read.

A trainee types an answer as plain text under a first line they never edit::

    %%answer reflect_write_q1
    You hate being a "bother" to people, and at the same time you want help.

    %%roleplay roleplay_alcohol_ambivalence_utterances
    What brings you in today?
    It sounds like part of you wants things to change.

``%%answer NAME`` stores the text (quotes, apostrophes, several lines: anything) in the variable
NAME; ``%%roleplay NAME`` stores one turn per non-empty line as a list. Each notebook's hidden
setup cell calls :func:`setup`, which registers both magics and the plain error display
(:mod:`grading.checks.plain_errors`); nbgrader's autograde runs that cell like any other.

A check cell calls :func:`answer` rather than reading the variable, so it never grades a stale
value: it says so when the answer cell was never run, when its last run failed, or when the
notebook was saved with that cell changed after its last run.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any

from grading.checks.answer_state import (
    FAILED,
    RECORDED,
    STATE,
    AnswerNotReady,
    ChoiceFeedback,
    Recorded,
)
from grading.checks.plain_errors import install, plain_message

SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")
NAME = re.compile(r"[A-Za-z_]\w*")
ANSWER_MAGIC = re.compile(r"^%%(answer|roleplay)\b")
FIRST_LINE_NAME = re.compile(
    r"^\s*%*\s*(?:answer|roleplay)\s+([A-Za-z_]\w*)|^\s*([A-Za-z_]\w*)\s*="
)


def answer_text(cell: str) -> str:
    """The answer typed under an ``%%answer`` line. In a source notebook the model answer
    between the solution markers replaces the text around it (the release keeps only that)."""
    lines = cell.splitlines()
    stripped = [line.strip() for line in lines]
    if SOLUTION_MARKERS[0] in stripped and SOLUTION_MARKERS[1] in stripped:
        lines = lines[stripped.index(SOLUTION_MARKERS[0]) + 1 : stripped.index(SOLUTION_MARKERS[1])]
    return "\n".join(lines).strip()


def roleplay_turns(cell: str) -> list[str]:
    """The role-play turns under a ``%%roleplay`` line: one per non-empty line."""
    return [line.strip() for line in answer_text(cell).splitlines() if line.strip()]


def _record(shell: Any, name: str, value: str | list[str], cell: str, line: str) -> None:
    if not NAME.fullmatch(name):
        raise AnswerNotReady(
            "The first line of this answer cell was changed. Put it back as it was, "
            f"like %%answer question_name (it said: {line!r}), then run the cell again."
        )
    shell.user_ns[name] = value
    RECORDED[name] = Recorded(
        value=value,
        source=STATE.running_cell or cell,
        count=shell.execution_count,
        cell_id=STATE.running_cell_id,
        at=time.time(),
    )
    FAILED.pop(name, None)


def answer(name: str) -> str | list[str]:
    """The answer stored by the last run of NAME's answer cell, if that is still its answer.

    Raises :class:`AnswerNotReady` with what to do when the cell was never run, its last run
    failed, or the saved notebook shows the cell changed after that run.
    """
    recorded = RECORDED.get(name)
    failed = FAILED.get(name)
    if failed and (recorded is None or failed[0] >= recorded.count):
        raise AnswerNotReady(
            f"Run the answer cell above again: it has an error, so this check cannot read "
            f"your answer. {failed[1]}"
        )
    if recorded is None:
        raise AnswerNotReady(
            "Run the answer cell just above this one first (click it, then Shift+Enter); "
            "this check has no answer to read yet."
        )
    if _changed_since_run(recorded):
        raise AnswerNotReady(
            "You changed the answer cell above after you last ran it. Run it again "
            "(click it, then Shift+Enter), then run this check."
        )
    return recorded.value


def _changed_since_run(recorded: Recorded) -> bool:
    """Whether the notebook, saved after the answer's run, holds a different answer cell (found
    by the cell id JupyterLab sends with each run, else by its unchanged first line)."""
    path = _notebook_path()
    if path is None or path.stat().st_mtime <= recorded.at:
        return False
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return False
    first_line = recorded.source.strip().splitlines()[0]
    for cell in cells:
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        same_cell = (
            cell.get("id") == recorded.cell_id
            if recorded.cell_id
            else source.strip().startswith(first_line)
        )
        if same_cell:
            return source.strip() != recorded.source.strip()
    return False


def _notebook_path() -> Path | None:
    """The notebook this kernel runs, as Jupyter server tells the kernel (else None)."""
    session = os.environ.get("JPY_SESSION_NAME", "")
    if not session:
        return None
    for candidate in (Path(session), Path.cwd() / Path(session).name):
        if candidate.is_file():
            return candidate
    return None


def _names_of_failed_cell(raw_cell: str, cell_id: str) -> set[str]:
    names = {name for name, rec in RECORDED.items() if cell_id and rec.cell_id == cell_id}
    first = next((line for line in raw_cell.splitlines() if line.strip()), "")
    if not first.lstrip().startswith("#") and (match := FIRST_LINE_NAME.match(first)):
        names.add(match.group(1) or match.group(2))
    return names


def _before_cell(info: Any) -> None:
    STATE.running_cell = info.raw_cell or ""
    STATE.running_cell_id = getattr(info, "cell_id", None) or ""


def _after_cell(result: Any) -> None:
    error = result.error_before_exec or result.error_in_exec
    if error is None or isinstance(error, AnswerNotReady):
        return
    for name in _names_of_failed_cell(STATE.running_cell, STATE.running_cell_id):
        FAILED[name] = (result.execution_count or 0, plain_message(error, STATE.running_cell))


def _answer_magic(line: str, cell: str) -> None:
    from IPython import get_ipython

    name = line.strip()
    text = answer_text(cell)
    _record(get_ipython(), name, text, cell, line)
    if text:
        print(f"Got your answer ({len(text.split())} words). Now run the check cell below.")
    else:
        print("Your answer is blank: type it under the first line of this cell, then run it.")


def _roleplay_magic(line: str, cell: str) -> None:
    from IPython import get_ipython

    name = line.strip()
    turns = roleplay_turns(cell)
    _record(get_ipython(), name, turns, cell, line)
    if turns:
        print(f"Got {len(turns)} turn(s), one per line. Now run the check cells below.")
    else:
        print("No turns yet: type what you would say, one turn per line, under the first line.")


def _blank_body_allowed(lines: list[str]) -> list[str]:
    """IPython refuses a cell magic with an empty body; a blank answer is a normal state."""
    if lines and ANSWER_MAGIC.match(lines[0]) and not "".join(lines[1:]).strip():
        first = lines[0] if lines[0].endswith("\n") else lines[0] + "\n"
        return [first, "\n"]
    return lines


def setup(choice_feedback: ChoiceFeedback = "practice") -> None:
    """Prepare this kernel for a module notebook: answer magics and plain error messages.

    `choice_feedback` is the organization's choice (org.yaml ``choice_feedback``): "practice"
    shows right or wrong at once for graded choice questions, "exam" keeps it for grading.
    """
    from IPython import get_ipython

    if choice_feedback not in ("practice", "exam"):
        raise ValueError(f"choice_feedback: expected 'practice' or 'exam', got {choice_feedback!r}")
    STATE.choice_feedback = choice_feedback
    shell = get_ipython()
    if shell is not None:
        load_ipython_extension(shell)


def load_ipython_extension(shell: Any) -> None:
    """Register the magics, the cell-tracking hooks and the plain error display (idempotent)."""
    shell.register_magic_function(_answer_magic, "cell", "answer")
    shell.register_magic_function(_roleplay_magic, "cell", "roleplay")
    if _blank_body_allowed not in shell.input_transformers_cleanup:
        shell.input_transformers_cleanup.append(_blank_body_allowed)
    for event, hook in (("pre_run_cell", _before_cell), ("post_run_cell", _after_cell)):
        if hook not in shell.events.callbacks[event]:
            shell.events.register(event, hook)
    install(shell)
