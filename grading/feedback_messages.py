"""Which failure messages a trainee may read in feedback: only text written before grading ran.

While a hidden test runs, the trainee's own code shares its kernel and can read the test's source
(an IPython ``pre_run_cell`` hook receives it) and put it into anything the kernel produces,
including the error message of a failed test. Feedback therefore shows a message only when its
text was written *before* the kernel ran:

- exactly an assert (or raise) message written in the test cell, hidden part included, or a
  rubric hint of one of the course's scenarios; or
- text that starts with such a message's fixed beginning (``"Check your note:\\n" + explain(...)``),
  or with a fixed message of the course's checkers (``grading/checks``), cut to
  :data:`MAX_MESSAGE` characters; the rest is computed in the kernel from the trainee's own
  answer, so feedback searches it for hidden-test text as a second line (:mod:`grading.feedback`).

Anything else becomes :data:`GENERIC`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CHECKS_DIR = Path(__file__).resolve().parent / "checks"
MIN_PREFIX = 10
MAX_MESSAGE = 1000
GENERIC = "This check did not pass. Read the question and its hint again, then try once more."
ERROR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,60}")


@dataclass(frozen=True)
class MessageRules:
    """Messages shown as they are (`exact`) and fixed beginnings of built ones (`prefixes`)."""

    exact: frozenset[str]
    prefixes: tuple[str, ...]

    def shown(self, message: str) -> str:
        """What feedback shows for a failure `message` produced by the kernel."""
        text = message.strip()
        if text in self.exact:
            return text
        if any(text.startswith(prefix) for prefix in self.prefixes):
            return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"
        return GENERIC


def error_name(name: object) -> str:
    """The error's class name if it looks like one, else ``Error``."""
    return name if isinstance(name, str) and ERROR_NAME.fullmatch(name) else "Error"


def _leading_text(node: ast.expr) -> tuple[str | None, str | None]:
    """(exact text, fixed beginning) of a message expression written in source."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.strip(), None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        exact, prefix = _leading_text(node.left)
        return None, exact or prefix
    if isinstance(node, ast.JoinedStr) and node.values:
        first = node.values[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return None, first.value
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr
        in (
            "format",
            "join",
        )
    ):
        exact, prefix = _leading_text(node.func.value)
        return None, (exact or prefix) if node.func.attr == "format" else None
    return None, None


def messages_in_source(source: str, all_strings: bool = False) -> MessageRules:
    """Assert and raise messages written in `source` (every string literal if `all_strings`)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return MessageRules(frozenset(), ())
    candidates: list[ast.expr] = []
    for node in ast.walk(tree):
        if all_strings and isinstance(node, ast.Constant | ast.JoinedStr | ast.BinOp):
            candidates.append(node)
        elif isinstance(node, ast.Assert) and node.msg is not None:
            candidates.append(node.msg)
        elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
            candidates.append(node.exc.args[0])
    exact, prefixes = set(), set()
    for candidate in candidates:
        text, prefix = _leading_text(candidate)
        if text:
            exact.add(text)
        if prefix and len(prefix.strip()) >= MIN_PREFIX:
            prefixes.add(prefix.strip())
    return MessageRules(frozenset(exact), tuple(sorted(prefixes)))


@cache
def checker_messages() -> MessageRules:
    """Fixed texts of the course's checkers (grading/checks/*.py), used as beginnings only."""
    prefixes: set[str] = set()
    for path in sorted(CHECKS_DIR.glob("*.py")):
        rules = messages_in_source(path.read_text(encoding="utf-8"), all_strings=True)
        prefixes |= {text for text in rules.exact if len(text) >= MIN_PREFIX}
        prefixes |= set(rules.prefixes)
    return MessageRules(frozenset(), tuple(sorted(prefixes)))


def scenario_hints(scenario_dirs: Iterable[Path]) -> frozenset[str]:
    """Rubric hints of the packaged scenarios and those in `scenario_dirs`."""
    from simulator import list_scenarios
    from simulator.errors import SimulatorError

    try:
        scenarios = list_scenarios([d for d in scenario_dirs if d.is_dir()])
    except SimulatorError:
        return frozenset()
    return frozenset(c.hint.strip() for s in scenarios for c in s.rubric)


def rules_for_test(source: str, hints: frozenset[str]) -> MessageRules:
    """The messages feedback may show for one test cell (see the module docstring)."""
    own, checks = messages_in_source(source), checker_messages()
    return MessageRules(own.exact | hints, own.prefixes + checks.prefixes)
