"""Generate (and optionally return) feedback that helps without giving answers away.

nbgrader's feedback HTML leaks hidden tests twice (nbgrader #917): in the test cell source and
in the traceback of a failed hidden test, and a trainee's code running beside the tests can
copy their source into any output. The course config runs
:class:`grading.feedback.cleanup.TidyTestOutputs` (a failed test shows only ``ErrorName:
message`` with a message written before grading ran; every other code output is dropped)
before nbgrader's ``ClearHiddenTests``, and sanitizes the page last. As a second line, every
generated file is then searched for hidden-test lines and markers (in text, markup, base64 and
hex); a file that still leaks is deleted and reported instead of being returned to a trainee.
"""

from __future__ import annotations

import base64
import binascii
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from rich.progress import Progress

from grading.course.coursedir import failure_reason, open_api
from grading.course.names import check_course_names

BASE64_RUN = re.compile(r"[A-Za-z0-9+/]{16,}")
HEX_RUN = re.compile(r"(?:[0-9a-fA-F]{2}){12,}")
UNESCAPE = re.compile(r"\\([\"'\\/])")
MARKERS = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "BEGIN SOLUTION", "END SOLUTION")
HIDDEN_REGION = re.compile(r"BEGIN HIDDEN TESTS(.*?)END HIDDEN TESTS", re.DOTALL)


@dataclass
class FeedbackResult:
    """Feedback files written, returned to the exchange, and problems met."""

    written: list[Path] = field(default_factory=list)
    returned: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def visible_text(page: str) -> str:
    """The text a reader sees in an HTML page (tags removed, entities decoded)."""
    without_code = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL | re.I)
    return html.unescape(re.sub(r"<[^>]+>", "", without_code))


def hidden_lines(source_dir: Path) -> set[str]:
    """Distinctive lines of hidden tests in a module's source notebooks."""
    lines = set()
    for path in source_dir.glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            for region in HIDDEN_REGION.findall(cell.source):
                for line in region.splitlines():
                    line = line.strip().lstrip("#").strip()
                    if len(line) >= 12 and not line.startswith((")", "(")):
                        lines.add(line)
    return lines


def _decoded(text: str) -> list[str]:
    """`text` with quote escapes undone (JSON, repr), and what base64 or hex runs in it decode
    to (undecodable runs skipped)."""
    found = [UNESCAPE.sub(r"\1", text)]
    for run in BASE64_RUN.findall(text):
        try:
            found.append(base64.b64decode(run + "=" * (-len(run) % 4)).decode("utf-8", "ignore"))
        except (binascii.Error, ValueError):
            continue
    found += [bytes.fromhex(run).decode("utf-8", "ignore") for run in HEX_RUN.findall(text)]
    return found


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def leaks_in(page: str, hidden: set[str]) -> list[str]:
    """Hidden-test lines or nbgrader markers in a feedback page: in its visible text, in its
    markup (scripts and attributes included), or base64/hex encoded in either."""
    views = [visible_text(page), html.unescape(page)]
    views = [_squeezed(view) for view in views + [d for v in views for d in _decoded(v)]]
    text = "\n".join(views)
    return [marker for marker in MARKERS if marker in text] + sorted(
        line for line in hidden if _squeezed(line) in text
    )


def generate_feedback(
    course_dir: Path = Path("course"),
    modules: list[str] | None = None,
    trainees: list[str] | None = None,
    return_to_trainees: bool = False,
    show_progress: bool = True,
) -> FeedbackResult:
    """Write feedback HTML for every autograded submission (optionally some modules/trainees).

    Example: ``generate_feedback(Path("course"), return_to_trainees=True)``.
    """
    course_dir = Path(course_dir).resolve()
    api = open_api(course_dir)
    check_course_names(course_dir, modules, trainees)
    result = FeedbackResult()
    graded = [
        (folder.parent.name, folder.name)
        for folder in sorted((course_dir / "autograded").glob("*/*"))
        if folder.is_dir()
        and (modules is None or folder.name in modules)
        and (trainees is None or folder.parent.name in trainees)
    ]
    hidden = {m: hidden_lines(course_dir / "source" / m) for m in {m for _, m in graded}}
    with Progress(disable=not show_progress) as progress:
        task = progress.add_task("Writing feedback", total=len(graded))
        for trainee, module in graded:
            progress.advance(task)
            outcome = api.generate_feedback(module, trainee, force=True)
            if not outcome["success"]:
                result.problems.append(f"{trainee}/{module}: {failure_reason(outcome)}")
                continue
            if _check_pages(course_dir / "feedback" / trainee / module, hidden[module], result):
                secret = course_dir / "submitted" / trainee / module / "submission_secret.txt"
                if return_to_trainees and not secret.is_file():
                    result.notes.append(
                        f"{trainee}/{module}: imported, not submitted through the exchange; "
                        f"hand back feedback/{trainee}/{module} yourself."
                    )
                elif return_to_trainees:
                    returned = api.release_feedback(module, trainee)
                    if returned["success"]:
                        result.returned.append((trainee, module))
                    else:
                        result.problems.append(f"{trainee}/{module}: {failure_reason(returned)}")
    return result


def _check_pages(folder: Path, hidden: set[str], result: FeedbackResult) -> bool:
    clean = True
    for page in sorted(folder.glob("*.html")):
        leaked = leaks_in(page.read_text(encoding="utf-8"), hidden)
        if leaked:
            page.unlink()
            clean = False
            result.problems.append(
                f"{page}: withheld, it would show hidden test text ({leaked[0]!r}); "
                "check the feedback preprocessors in nbgrader_config.py."
            )
        else:
            _wrap_long_lines(page)
            result.written.append(page)
    return clean


WRAP_STYLE = (
    "<style>pre, .output_text pre { white-space: pre-wrap; overflow-wrap: anywhere; }</style>"
)


def _wrap_long_lines(page: Path) -> None:
    """Let hints and other output wrap at the window's edge instead of running off it."""
    text = page.read_text(encoding="utf-8")
    if WRAP_STYLE not in text:
        page.write_text(text.replace("</head>", WRAP_STYLE + "\n</head>", 1), encoding="utf-8")
