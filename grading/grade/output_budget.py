"""A per-submission output budget enforced where the grader receives a kernel's messages.

The kernel caps its own output (:func:`grading.grade.kernel_launcher.cap_output`), but code in the
kernel can undo anything done inside that process, or write to its sockets directly. So the
autograde worker counts again, in nbclient (the code that turns kernel messages into a
notebook's outputs), every output of every notebook of one submission: printed text,
displayed values and cell results of any MIME type, widget messages. Past the budget a
one-line notice takes the place of the first output that does not fit and later ones are
dropped — except errors, which nbgrader reads to score a test: they are kept, with the
message cut to :data:`ERROR_CHARS` and no traceback. Call :func:`install` once per worker and
:func:`start_submission` before grading each submission.
"""

from __future__ import annotations

import json
from typing import Any

from grading.grade.kernel_launcher import output_notice

#: Characters kept of an error's message once the budget is spent (no traceback).
ERROR_CHARS = 500
_COUNTED = ("stream", "display_data", "execute_result", "update_display_data", "error")
_state = {"limit": 0, "used": 0, "noticed": False}


def start_submission(limit_bytes: int) -> None:
    """Begin a new submission with `limit_bytes` to spend (0: no limit)."""
    _state.update(limit=limit_bytes, used=0, noticed=False)


def _over_budget(msg: dict[str, Any]) -> dict[str, Any] | None:
    """The message to process instead of `msg` (itself, a notice, a cut error or None)."""
    kind = msg["msg_type"]
    if not _state["limit"] or not (kind in _COUNTED or kind.startswith("comm")):
        return msg
    _state["used"] += len(json.dumps(msg["content"], default=str))
    if _state["used"] <= _state["limit"]:
        return msg
    if kind == "error":
        content = msg["content"]
        cut = {**content, "evalue": str(content.get("evalue", ""))[:ERROR_CHARS], "traceback": []}
        return {**msg, "content": cut}
    if _state["noticed"] or kind.startswith("comm"):
        return None
    _state["noticed"] = True
    notice = {"name": "stderr", "text": output_notice(_state["limit"])}
    return {
        **msg,
        "msg_type": "stream",
        "header": {**msg["header"], "msg_type": "stream"},
        "content": notice,
    }


def install() -> None:
    """Make nbclient apply the budget to every message it turns into notebook outputs."""
    from nbclient.client import NotebookClient

    process_message = NotebookClient.process_message

    def budgeted(self: NotebookClient, msg: dict[str, Any], cell: Any, cell_index: int) -> Any:
        kept = _over_budget(msg)
        return None if kept is None else process_message(self, kept, cell, cell_index)

    NotebookClient.process_message = budgeted
