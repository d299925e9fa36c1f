"""Read files that someone else wrote (transcripts, profiles, scenarios, notebooks) within bounds.

A JSON or YAML parser walks nesting by recursion, so a small file of 100,000 opening brackets
stops it with ``RecursionError``, and a huge file fills memory. Every loader therefore checks
the size on disk and the nesting depth of the text *before* parsing, and reports a problem as
:class:`LoadLimitError` naming the file and the limit. Depth is counted from brackets (JSON,
YAML flow style) and from indentation steps (YAML block style); text inside JSON strings is
skipped.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from simulator.errors import SimulatorError

__all__ = [
    "MAX_DEPTH",
    "LoadLimitError",
    "check_depth",
    "check_nodes",
    "load_json",
    "read_text",
]

#: Nesting deeper than this is refused (real transcripts, notebooks and profiles use < 15).
MAX_DEPTH = 64
#: Parsed values (mapping entries and list items, aliases counted each time) at most.
MAX_NODES = 200_000
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


class LoadLimitError(SimulatorError):
    """A file is larger or more deeply nested than a loader accepts."""


def read_text(path: Path, max_bytes: int, what: str) -> str:
    """The UTF-8 text of `path` if it is at most `max_bytes` long, else LoadLimitError.

    Missing files raise FileNotFoundError and undecodable ones UnicodeDecodeError, as
    ``Path.read_text`` does, so callers keep their own messages for those.
    """
    size = Path(path).stat().st_size
    if size > max_bytes:
        raise LoadLimitError(
            f"{path}: this {what} is {size:,} bytes; the limit is {max_bytes:,} bytes."
        )
    with open(path, encoding="utf-8") as handle:
        text = handle.read(max_bytes + 1)
    if len(text.encode("utf-8")) > max_bytes:  # the file grew while being read
        raise LoadLimitError(f"{path}: this {what} is larger than {max_bytes:,} bytes")
    return text


def _bracket_depth(text: str) -> int:
    brackets = _NOT_BRACKET.sub("", text)
    depth = deepest = 0
    for char in brackets:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(depth - 1, 0)  # a stray closing bracket never earns credit
    return deepest


def _indent_depth(text: str) -> int:
    """How many different indentation widths are open at once (YAML block nesting)."""
    open_widths: list[int] = []
    deepest = 0
    for line in text.splitlines():
        stripped = line.lstrip(" -")
        if not stripped or stripped.startswith("#"):
            continue
        width = len(line) - len(stripped)
        while open_widths and open_widths[-1] >= width:
            open_widths.pop()
        open_widths.append(width)
        deepest = max(deepest, len(open_widths))
    return deepest


def check_depth(text: str, where: str, max_depth: int = MAX_DEPTH, yaml: bool = False) -> None:
    """Raise LoadLimitError if `text` nests deeper than `max_depth` (see the module docstring)."""
    without_strings = _JSON_STRING.sub('""', text) if not yaml else text
    depth = _bracket_depth(without_strings)
    if yaml:
        depth = max(depth, _indent_depth(text))
    if depth > max_depth:
        raise LoadLimitError(f"{where}: nested {depth} levels deep; the limit is {max_depth}.")


def check_nodes(data: Any, where: str, max_nodes: int = MAX_NODES) -> None:
    """Raise LoadLimitError if parsed `data` holds more than `max_nodes` values.

    YAML aliases let a few lines stand for billions of values ("billion laughs"); counting
    every visit (aliases included) stops at the limit instead of walking them all.
    """
    stack, seen = [data], 0
    while stack:
        node = stack.pop()
        seen += 1
        if seen > max_nodes:
            raise LoadLimitError(
                f"{where}: holds more than {max_nodes:,} values (counting repeated YAML "
                "aliases); the limit is there to keep loading fast."
            )
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def load_json(path: Path, max_bytes: int, what: str, max_depth: int = MAX_DEPTH) -> Any:
    """Parse a JSON file after checking its size and depth (ValueError if it is not JSON)."""
    text = read_text(path, max_bytes, what)
    check_depth(text, str(path), max_depth)
    return json.loads(text)
