"""Which failure messages a trainee may read in feedback: only text written before grading ran.

While a hidden test runs, the trainee's own code shares its kernel and can read the test's source
(an IPython ``pre_run_cell`` hook receives it) and put it into anything the kernel produces,
including the error message of a failed test. Feedback therefore shows a message only when it
has the shape of a message written *before* the kernel ran:

- a **message template** written in the test cell (an assert or raise message anywhere in it,
  or any string in its visible part, e.g. ``check_choice(..., reason="Not quite. ...")``), in
  the course's checkers (``grading/checks``, ``grading/checks/answer_checks.py``,
  ``grading/checks/answers.py``), or a scenario's rubric hint. A template's fixed text must match
  exactly; each computed part (``{name}`` in an f-string, ``+ explain(problems)``) may hold
  any text, the whole message at most :data:`MAX_MESSAGE` characters. Computed parts come from
  the kernel, so feedback also searches them for hidden-test text
  (:mod:`grading.feedback.generate`);
- anything else becomes :data:`GENERIC`.
"""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CHECKS_DIR = Path(__file__).resolve().parents[1] / "checks"
HIDDEN_REGION = re.compile(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS", re.DOTALL)
MIN_FIXED = 10  # a template with less fixed text than this would match almost anything
MAX_MESSAGE = 1000
GENERIC = "This check did not pass. Read the question and its hint again, then try once more."
KNOWN_ERRORS = frozenset(
    {
        name
        for name, value in vars(builtins).items()
        if isinstance(value, type) and issubclass(value, BaseException)
    }
    | {"AnswerNotReady", "CellTimeoutError", "DeadKernelError"}
)
_ANY = "(?s:.*?)"


@dataclass(frozen=True)
class MessageRules:
    """Message templates as compiled patterns (fixed text escaped, computed parts open)."""

    patterns: tuple[re.Pattern[str], ...]

    def shown(self, message: str) -> str:
        """What feedback shows for a failure `message` produced by the kernel."""
        text = message.strip()
        if len(text) <= MAX_MESSAGE and any(p.fullmatch(text) for p in self.patterns):
            return text
        return GENERIC

    def __or__(self, other: MessageRules) -> MessageRules:
        return MessageRules(self.patterns + other.patterns)


def error_name(name: object) -> str:
    """The error's class name if it is a built-in exception or one the course raises, else
    ``Error`` (a made-up class name could carry text out of the kernel)."""
    return name if name in KNOWN_ERRORS else "Error"


def _parts(node: ast.expr) -> list[str | None]:
    """A message expression as fixed text pieces and None for each computed part."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [value.value if isinstance(value, ast.Constant) else None for value in node.values]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _parts(node.left) + _parts(node.right)
    return [None]


def _template(node: ast.expr, short_ok: bool) -> re.Pattern[str] | None:
    """The pattern of one message expression; None when it has too little fixed text (short
    fixed-only messages only where `short_ok`: assert and raise messages)."""
    parts = _parts(node)
    fixed = "".join(part for part in parts if part is not None).strip()
    exact = bool(fixed) and None not in parts
    if len(fixed) < MIN_FIXED and not (short_ok and exact):
        return None
    pattern = "".join(_ANY if part is None else re.escape(part) for part in parts)
    return re.compile(r"\s*" + pattern + r"\s*")


def _message_nodes(tree: ast.AST, every_string: bool) -> list[tuple[ast.expr, bool]]:
    """(message expression, is an assert or raise message) pairs found in `tree`."""
    found: list[tuple[ast.expr, bool]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert) and node.msg is not None:
            found.append((node.msg, True))
        elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
            found.append((node.exc.args[0], True))
        elif every_string and isinstance(node, ast.Constant | ast.JoinedStr | ast.BinOp):
            found.append((node, False))
    return found


def templates_in(source: str, every_string: bool = False) -> MessageRules:
    """Message templates in Python `source`: assert and raise messages (every string too if
    `every_string`). Source that does not parse gives none."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return MessageRules(())
    patterns = {
        t.pattern: t
        for node, is_message in _message_nodes(tree, every_string)
        if (t := _template(node, short_ok=is_message))
    }
    return MessageRules(tuple(patterns.values()))


@cache
def checker_templates() -> MessageRules:
    """Every string template of the course's checker code (:mod:`grading.checks`)."""
    rules = MessageRules(())
    for path in sorted(CHECKS_DIR.glob("*.py")):
        rules |= templates_in(path.read_text(encoding="utf-8"), every_string=True)
    return rules


def scenario_hints(scenario_dirs: Iterable[Path]) -> MessageRules:
    """Rubric hints of the packaged scenarios and those in `scenario_dirs`, as exact texts."""
    from simulator import list_scenarios
    from simulator.errors import SimulatorError

    try:
        scenarios = list_scenarios([d for d in scenario_dirs if d.is_dir()])
    except SimulatorError:
        return MessageRules(())
    hints = sorted({c.hint.strip() for s in scenarios for c in s.rubric if c.hint.strip()})
    return MessageRules(tuple(re.compile(r"\s*" + re.escape(h) + r"\s*") for h in hints))


def rules_for_test(source: str, hints: MessageRules) -> MessageRules:
    """The messages feedback may show for one test cell (see the module docstring)."""
    visible = HIDDEN_REGION.sub("", source)
    return (
        templates_in(source)
        | templates_in(visible, every_string=True)
        | hints
        | (checker_templates())
    )
