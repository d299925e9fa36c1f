"""Fill a cell's ``{{ org.* }}`` placeholders so that organization values stay data.

An organization writes ``org.yaml``; its values land in lessons *and* in hidden tests. A value
is therefore never pasted into code as it is:

- in a **code cell** every value is written as the inside of a Python string literal (quotes,
  backslashes and line breaks escaped), and the build checks, with Python's own tokenizer, that
  each placeholder sits inside a plain string literal or a comment, not in code, an f-string or
  a raw string; ``service_code: 'H0038 "HQ"'`` becomes ``"H0038 \\"HQ\\""``;
- in a **plain-text answer cell** (``%%answer`` / ``%%roleplay``, whose body is text handed to
  the magic, never run) a value is text kept on its own line: line breaks become spaces, so a
  value cannot add a role-play turn or an nbgrader marker line;
- in a **markdown cell** every value is HTML-escaped, so ``<script>`` in a name is shown as text;
- raw cells get the value as written.
"""

from __future__ import annotations

import html
import io
import json
import re
import tokenize
from collections.abc import Callable
from typing import Any

from jinja2 import Environment, StrictUndefined, TemplateError

from grading.course.org import OrgProfile
from grading.errors import CourseBuildError

# Each value is wrapped in these while the rendered code is checked (escaped inside values).
OPEN, CLOSE = "\u27e6", "\u27e7"
TEXT_MAGIC = re.compile(r"\s*%%(answer|roleplay)\b")
HINT = (
    "Placeholders look like {{ org.crisis_line }}; see the fields of grading.course.org.OrgProfile."
)


def python_text(value: Any) -> str:
    """`value` as the inside of a Python string literal, whichever quotes surround it."""
    body = json.dumps(str(value), ensure_ascii=False)[1:-1].replace("'", "\\'")
    return body.replace(OPEN, "\\u27e6").replace(CLOSE, "\\u27e7")


def _render(source: str, org: OrgProfile, finalize: Callable[[Any], str], where: str) -> str:
    env = Environment(
        undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False, finalize=finalize
    )
    try:
        return env.from_string(source).render(org=org)
    except TemplateError as error:
        raise CourseBuildError(f"{where}: placeholder problem: {error}. {HINT}") from None


def _check_values_are_strings(marked: str, where: str) -> None:
    """Raise CourseBuildError unless every marked value lies in a plain string or comment."""
    inside = 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(marked).readline):
            if OPEN not in token.string:
                continue
            prefix = token.string[: len(token.string) - len(token.string.lstrip("rRbBfFuU"))]
            plain = token.type == tokenize.STRING and not set(prefix.lower()) & set("rbf")
            if not (plain or token.type == tokenize.COMMENT):
                break
            inside += token.string.count(OPEN)
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    if inside != marked.count(OPEN):
        raise CourseBuildError(
            f"{where}: an {{{{ org.* }}}} placeholder in a code cell must sit inside a plain "
            'string literal (like "{{ org.service_code }}") or a comment, so that the '
            "organization's value is data, never code. " + HINT
        )


def render_cell(source: str, cell_type: str, org: OrgProfile, where: str) -> str:
    """`source` with its placeholders filled as data for a cell of `cell_type`."""
    if "{{" not in source and "{%" not in source:
        return source
    if cell_type == "code" and TEXT_MAGIC.match(source):
        return _render(source, org, lambda value: " ".join(str(value).splitlines()), where)
    if cell_type == "code":
        marked = _render(source, org, lambda value: OPEN + python_text(value) + CLOSE, where)
        _check_values_are_strings(marked, where)
        return marked.replace(OPEN, "").replace(CLOSE, "")
    if cell_type == "markdown":
        return _render(source, org, lambda value: html.escape(str(value), quote=False), where)
    return _render(source, org, str, where)
