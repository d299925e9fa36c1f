"""Errors in a module notebook shown as one plain sentence with what to do, not Python.

:func:`install` replaces the kernel shell's traceback display. The cell still ends with an error
output (so nbgrader's autograde scores a failed check zero and the feedback keeps
``ErrorName: message``), but its visible text is one sentence from :func:`plain_message`. For an
unexpected error, the traceback follows behind a "Details for your trainer" toggle, marked with
:data:`DETAILS_METADATA` so feedback pages can leave it out.
"""

from __future__ import annotations

import html
import re
from typing import Any

from grading.checks.answer_state import STATE, AnswerNotReady

DETAILS_METADATA = "pstl_error_details"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
RUN_FROM_TOP = (
    "Choose Run → Run All Above (or run the cells from the top), then run this cell again."
)
MAGIC_LINE = re.compile(r"^\s*%%\s*(answer|roleplay)\b")
LOOKS_LIKE_AN_OLD_ANSWER = re.compile(r"\s*\w+\s*=")  # `q1 = B`: an answer cell lost its first line


def plain_message(error: BaseException, cell: str = "") -> str:
    """One sentence saying what went wrong in `cell` and what to do, without Python terms."""
    if isinstance(error, AssertionError | AnswerNotReady):
        return str(error) or "This check did not pass. Read the question again and try once more."
    if isinstance(error, SyntaxError) or (
        isinstance(error, NameError) and LOOKS_LIKE_AN_OLD_ANSWER.match(cell)
    ):
        return _unreadable_message(error, cell)
    if type(error).__name__ == "UsageError" and "magic" in str(error):
        return (
            f"This notebook's setup has not run yet (for example after a restart). {RUN_FROM_TOP}"
        )
    if isinstance(error, NameError):
        return (
            "This cell needs a cell above it that has not been run yet (for example after a "
            f"restart). {RUN_FROM_TOP}"
        )
    if isinstance(error, KeyboardInterrupt):
        return "The cell was stopped before it finished. Run it again when you are ready."
    return (
        f"Something went wrong in this cell. {RUN_FROM_TOP} If it happens again, tell your "
        "trainer; the details below help them."
    )


def _unreadable_message(error: BaseException, cell: str) -> str:
    first = cell.splitlines()[0] if cell.strip() else ""
    line = getattr(error, "lineno", None)
    where = f"line {line}" if line else "its first line"
    if MAGIC_LINE.match(first):
        return f"This cell could not be read ({where}). Run the notebook's cells from the top."
    return (
        f"This cell could not be read ({where}). If it is an answer cell, its first line must "
        "stay exactly as it was given, like %%answer question_name: put it back (Edit → Undo "
        "helps) and type your answer as plain text on the lines below it (quotation marks are "
        "fine there), then run the cell again."
    )


def expected(error: BaseException) -> bool:
    """Whether the plain sentence says everything (no details needed for a trainer)."""
    return plain_message(error) != plain_message(RuntimeError())


def install(shell: Any) -> None:
    """Show every error in `shell` as a plain sentence (idempotent; needs an ipykernel shell)."""
    if getattr(shell, "_pstl_plain_errors", False) or not hasattr(shell, "_showtraceback"):
        return
    original = shell._showtraceback

    def show(etype: type, evalue: BaseException, stb: list[str]) -> None:
        original(etype, evalue, [plain_message(evalue, STATE.running_cell)])
        if not expected(evalue) and stb:
            _publish_details("\n".join(ANSI.sub("", line) for line in stb))

    def show_usage_error(error: BaseException) -> None:
        show(type(error), error, [])

    shell._showtraceback = show
    shell.show_usage_error = show_usage_error
    shell._pstl_plain_errors = True


def _publish_details(traceback_text: str) -> None:
    from IPython.display import publish_display_data

    publish_display_data(
        {
            "text/html": "<details><summary>Details for your trainer</summary><pre>"
            f"{html.escape(traceback_text)}</pre></details>",
            "text/plain": "(details for your trainer)",
        },
        metadata={DETAILS_METADATA: True},
    )
