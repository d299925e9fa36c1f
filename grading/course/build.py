"""Build an nbgrader course directory from ``modules/`` and release its modules.

``build`` renders every source notebook with the organization profile (Jinja2, StrictUndefined)
*before* nbgrader sees it, writes ``nbgrader_config.py``, and generates the releases. It works in
a temporary folder next to the course and only swaps the finished parts in (source/, release/,
gradebook.db, the config, the curriculum and the profile), so a failure never half-builds a
course and never touches submissions, grades or feedback.
"""

from __future__ import annotations

import csv
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import nbformat

from grading.course.coursedir import CONFIG_FILE, failure_reason, module_ids, open_api
from grading.course.module_folders import discover_modules
from grading.course.names import check_course_names, check_trainee_id
from grading.course.org import ORG_FILE, ORG_SCENARIOS_DIR, OrgProfile, default_org, install_profile
from grading.course.placeholders import render_cell
from grading.errors import CourseBuildError

COURSE_ID = "peer-support"
TRANSCRIPT_GLOB = "roleplay-*.json"
BUILT_ITEMS = (
    "source",
    "release",
    "gradebook.db",
    CONFIG_FILE,
    "curriculum.yaml",
    ORG_FILE,
    ORG_SCENARIOS_DIR,
)
IGNORED = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.pyc")

CONFIG_TEMPLATE = '''\
"""nbgrader configuration written by `python -m grading build` (do not edit: rebuild instead)."""

c = get_config()  # noqa: F821

c.CourseDirectory.course_id = {course_id!r}
c.Exchange.root = {exchange!r}
c.Exchange.path_includes_course = True
c.ExchangeReleaseAssignment.force = True

# Answer cells keep `q1_choice = ""` in the release: no NotImplementedError for trainees.
c.ClearSolutions.code_stub = {{"python": ""}}

# Role-play transcripts saved next to a notebook are the trainee's work: never overwrite them.
c.Autograde.exclude_overwriting = {exclude!r}

# Feedback: test cells keep only `ErrorName: message`, other code outputs are dropped, hidden
# tests removed (nbgrader #917), then everything a trainee wrote is sanitized for the browser.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "grading.feedback.cleanup.TidyTestOutputs",
    "nbgrader.preprocessors.ClearHiddenTests",
    "grading.feedback.cleanup.SanitizeForBrowser",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
'''


#: Profile fields the course's own code reads (checkers, reports, completion records, the build,
#: retention); every other field changes the course only where a lesson names it.
USED_BY_GRADING = frozenset(
    {
        "schema_version", "name", "people_served", "supervisor_title", "completion_attestation",
        "note_format", "note_deadline_days", "retention_days", "service_code", "unit_minutes",
        "min_minutes_for_unit", "daily_unit_cap", "group_service_code", "group_modifier",
        "required_modules", "passing_mark", "passing_marks", "choice_feedback",
        "extra_scenarios", "extra_language",
    }
)  # fmt: skip


@dataclass(frozen=True)
class BuildResult:
    """What a build produced."""

    course_dir: Path
    modules: list[str]
    trainees: int
    warnings: list[str] = field(default_factory=list)


def unused_settings(org: OrgProfile, notebooks: Iterable[Path]) -> list[str]:
    """Fields the profile sets that neither the grading code nor any notebook uses."""
    text = "\n".join(path.read_text(encoding="utf-8") for path in notebooks)
    return sorted(
        name
        for name in org.model_fields_set - USED_BY_GRADING
        if not re.search(rf"\borg\.{name}\b", text)
    )


def render_notebook(path: Path, org: OrgProfile) -> nbformat.NotebookNode:
    """Read a source notebook and fill its ``{{ org.* }}`` placeholders, cell by cell, as data
    (string-literal text in code, escaped text in markdown; see
    :mod:`grading.course.placeholders`)."""
    try:
        notebook = nbformat.read(path, as_version=4)
    except (OSError, ValueError) as error:
        raise CourseBuildError(f"{path}: not a readable notebook ({error}).") from None
    for number, cell in enumerate(notebook.cells, start=1):
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        where = f"{path}, cell {number}" + (f" (grade_id={grade_id})" if grade_id else "")
        cell.source = render_cell(cell.source, cell.cell_type, org, where)
    return notebook


def write_config(course_dir: Path, exchange: Path, exclude: dict[str, list[str]]) -> None:
    """Write the course's ``nbgrader_config.py``."""
    text = CONFIG_TEMPLATE.format(course_id=COURSE_ID, exchange=str(exchange), exclude=exclude)
    (course_dir / CONFIG_FILE).write_text(text, encoding="utf-8")


def read_roster(roster: Path) -> list[dict[str, str]]:
    """Trainees from a CSV with an ``id`` column (optional first_name, last_name, email)."""
    try:
        with roster.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as error:
        raise CourseBuildError(f"{roster}: cannot read the roster ({error.strerror}).") from None
    trainees = []
    for line, row in enumerate(rows, start=2):
        if not row.get("id"):
            raise CourseBuildError(f"{roster}, line {line}: the id column is empty or missing.")
        try:
            check_trainee_id(row["id"].strip())
        except Exception as error:
            raise CourseBuildError(f"{roster}, line {line}: {error}") from None
        fields = ("first_name", "last_name", "email")
        trainees.append(
            {"id": row["id"].strip()} | {k: row[k].strip() for k in fields if row.get(k)}
        )
    return trainees


def build(
    modules_dir: Path = Path("modules"),
    course_dir: Path = Path("course"),
    org: OrgProfile | None = None,
    roster: Path | None = None,
    exchange_dir: Path | None = None,
) -> BuildResult:
    """Build (or rebuild) the nbgrader course in `course_dir` from `modules_dir`.

    Example: ``build(Path("modules"), Path("course"), load_org("org.yaml"))``.
    """
    org = org or default_org()
    modules_dir, course_dir = Path(modules_dir).resolve(), Path(course_dir).resolve()
    exchange = Path(exchange_dir).resolve() if exchange_dir else course_dir / "exchange"
    modules = discover_modules(modules_dir)
    unknown = sorted(set(org.required_modules) - {m.name for m in modules})
    if unknown:
        raise CourseBuildError(
            f"org profile: required_modules names unknown modules {unknown}; "
            f"modules found: {[m.name for m in modules]}."
        )
    trainees = read_roster(roster) if roster else []
    staging = course_dir.parent / f".{course_dir.name}.building"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        _stage(modules_dir, modules, staging, org, exchange, course_dir)
        _generate(staging, [m.name for m in modules], trainees)
        _swap_in(staging, course_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    exchange.mkdir(parents=True, exist_ok=True)
    warnings = [
        f"the organization profile sets {name}, but no lesson uses it: it changes nothing "
        "in the course (see docs/organization-guide.md)."
        for name in unused_settings(org, sorted(modules_dir.glob("*/*.ipynb")))
    ]
    return BuildResult(course_dir, [m.name for m in modules], len(trainees), warnings)


def _stage(
    modules_dir: Path,
    modules: list[Path],
    staging: Path,
    org: OrgProfile,
    exchange: Path,
    course_dir: Path,
) -> None:
    exclude = {}
    for module in modules:
        target = staging / "source" / module.name
        shutil.copytree(module, target, ignore=IGNORED)
        for notebook in target.glob("*.ipynb"):
            nbformat.write(render_notebook(module / notebook.name, org), notebook)
        install_profile(org, target)
        transcripts = sorted(p.name for p in target.glob(TRANSCRIPT_GLOB))
        if transcripts:
            exclude[module.name] = transcripts
    write_config(staging, exchange, exclude)
    if (modules_dir / "curriculum.yaml").is_file():
        shutil.copy2(modules_dir / "curriculum.yaml", staging / "curriculum.yaml")
    install_profile(org, staging, always_scenarios=True)
    if (course_dir / "gradebook.db").is_file():
        shutil.copy2(course_dir / "gradebook.db", staging / "gradebook.db")


def _generate(staging: Path, modules: list[str], trainees: list[dict[str, str]]) -> None:
    from nbgrader.api import Gradebook

    api = open_api(staging)
    for module in modules:
        result = api.generate_assignment(module, force=True, create=True)
        if not result["success"]:
            raise CourseBuildError(
                f"modules/{module}: nbgrader could not generate the release: "
                f"{failure_reason(result)}"
            )
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gradebook:
        for trainee in trainees:
            gradebook.update_or_create_student(
                trainee["id"], **{k: v for k, v in trainee.items() if k != "id"}
            )


def _swap_in(staging: Path, course_dir: Path) -> None:
    """Replace the built items of `course_dir` with the staged ones, one rename each."""
    course_dir.mkdir(parents=True, exist_ok=True)
    for name in BUILT_ITEMS:
        new, old = staging / name, course_dir / name
        if not new.exists():
            continue
        if old.is_dir():
            retired = staging / f"{name}.old"
            old.rename(retired)
        new.replace(old)


def release(
    course_dir: Path = Path("course"),
    modules: list[str] | None = None,
    due: datetime | None = None,
) -> list[str]:
    """Release modules (all by default) to the exchange, optionally setting a due date."""
    from nbgrader.api import Gradebook

    course_dir = Path(course_dir).resolve()
    check_course_names(course_dir, modules)
    chosen = modules or module_ids(course_dir)
    api = open_api(course_dir)
    if due is not None:
        with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gradebook:
            for module in chosen:
                gradebook.update_or_create_assignment(module, duedate=due)
    for module in chosen:
        result = api.release_assignment(module)
        if not result["success"]:
            raise CourseBuildError(f"{module}: release failed: {failure_reason(result)}")
    return chosen
