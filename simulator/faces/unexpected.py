"""The last line of both command lines: an error nobody planned for is one line, not a traceback.

``python -m simulator`` and ``python -m grading`` turn their own errors into messages; anything
else (a library failing on a damaged database, a bug) ends here. Set ``PSTL_DEBUG=1`` to get the
traceback instead.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

from rich.console import Console
from rich.markup import escape

DEBUG_VARIABLE = "PSTL_DEBUG"


def exit_on_unexpected(console: Console, error: Exception) -> NoReturn:
    """Print `error` as one escaped line with what to do, and exit 1 (re-raise when debugging)."""
    if os.environ.get(DEBUG_VARIABLE):
        raise error
    text = str(error)
    text = text if len(text) <= 500 else text[:499] + "…"
    console.print(
        f"[bold red]unexpected error:[/bold red] {escape(type(error).__name__)}: {escape(text)}\n"
        "The lab did not expect this. Please report it with the command you ran "
        f"({DEBUG_VARIABLE}=1 shows the details).",
        highlight=False,
        soft_wrap=True,
    )
    sys.exit(1)
