"""A certification-ready completion record per trainee, as HTML and as PDF.

It names the trainee as on the roster and the organization; lists every module with the date it
was handed in, its hours, score and status; the SAMHSA core competencies and IC&RC domains by
name with the exercises that evidence each; the supervised role-plays with their MITI results and
flags; the organization's attestation and signature and date lines for trainer and supervisor.
The PDF is printed from the same HTML by WeasyPrint (no browser, no network).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from grading.course.curriculum import SAMHSA_COMPETENCIES, Curriculum
from grading.course.org import OrgProfile
from grading.report.files import templates
from grading.report.tables import PASSED, CourseTables, earned_points

BLANK = "—"


@dataclass(frozen=True)
class ModuleLine:
    """One module on a completion record."""

    module: str
    title: str
    handed_in: str
    hours: str
    percent: str
    passing: str
    status: str
    required: bool


@dataclass(frozen=True)
class CompetencyLine:
    """A competency by name: met or not, points earned, and the exercises that earned them."""

    framework: str
    name: str
    evidence: list[str]
    met: bool
    points: str


@dataclass(frozen=True)
class RoleplayLine:
    """One supervised role-play handed in with a module."""

    module: str
    scenario: str
    handed_in: str
    reflection_to_question: str
    complex_reflections: str
    open_questions: str
    flags: str


@dataclass(frozen=True)
class CompletionRecord:
    """What one trainee has completed, ready to sign."""

    trainee: str
    full_name: str
    organization: str
    modules: list[ModuleLine]
    hours: float
    competencies: list[CompetencyLine]
    competency_rule: str
    roleplays: list[RoleplayLine]
    completed: bool
    attestation: str
    supervisor_title: str
    issued: str


def completion_record(
    trainee: str,
    tables: CourseTables,
    org: OrgProfile,
    curriculum: Curriculum,
    full_name: str | None = None,
) -> CompletionRecord:
    """Assemble a trainee's record from the report tables."""
    required = set(org.required(m.id for m in curriculum.modules))
    lines = []
    for row in tables.submissions[tables.submissions["trainee"] == trainee].itertuples():
        entry = curriculum.module(row.module)
        lines.append(
            ModuleLine(
                module=row.module,
                title=entry.title if entry else row.module,
                handed_in=_day(row.submitted_at),
                hours=f"{entry.hours:g}" if entry and row.status == PASSED else BLANK,
                percent=BLANK if pd.isna(row.percent) else f"{row.percent:.1f}%",
                passing=f"{org.passing_mark_for(row.module) * 100:.0f}%",
                status=row.status,
                required=row.module in required or not required,
            )
        )
    hours = tables.hours.set_index("trainee").loc[trainee]
    return CompletionRecord(
        trainee=trainee,
        full_name=full_name or trainee,
        organization=org.name,
        modules=lines,
        hours=float(hours["hours"]),
        competencies=_competencies(trainee, tables, curriculum),
        competency_rule=curriculum.competency_minimum.describe(),
        roleplays=_roleplays(trainee, tables),
        completed=bool(hours["completed"]),
        attestation=org.completion_attestation,
        supervisor_title=org.supervisor_title,
        issued=datetime.now(UTC).strftime("%Y-%m-%d"),
    )


def _day(moment: object) -> str:
    return BLANK if pd.isna(moment) else pd.Timestamp(moment).strftime("%Y-%m-%d")


def _competencies(
    trainee: str, tables: CourseTables, curriculum: Curriculum
) -> list[CompetencyLine]:
    """Every SAMHSA competency (1..12), then every IC&RC domain, the curriculum teaches."""
    earned = earned_points(tables.grades)
    evidence: dict[tuple[str, str], list[str]] = {}
    for module in curriculum.modules:
        for exercise in module.exercises:
            points = earned.get((trainee, module.id, exercise.grade_id))
            for tag in exercise.tags():
                shown = evidence.setdefault(tag, [])
                if points:
                    title = exercise.title or exercise.grade_id
                    shown.append(f"{module.id}: {title} ({points:g} pt)")
    rows = tables.competencies[tables.competencies["trainee"] == trainee]
    lines = [
        CompetencyLine(
            row.framework,
            f"{row.competency}. {SAMHSA_COMPETENCIES[int(row.competency)]}"
            if row.framework == "SAMHSA"
            else row.competency,
            evidence.get((row.framework, row.competency), []),
            met=bool(row.met),
            points=f"{row.points:g} of {row.points_needed:g} points",
        )
        for row in rows.itertuples()
    ]
    return sorted(lines, key=lambda line: line.framework != "SAMHSA")


def _roleplays(trainee: str, tables: CourseTables) -> list[RoleplayLine]:
    if tables.roleplay.empty:
        return []
    flags = tables.flags[tables.flags["trainee"] == trainee]
    lines = []
    for row in tables.roleplay[tables.roleplay["trainee"] == trainee].itertuples():
        raised = flags[
            (flags["module"] == row.module)
            & (flags["source"].str.contains(row.scenario, regex=False, na=False))
        ]
        lines.append(
            RoleplayLine(
                module=row.module,
                scenario=row.scenario.replace("-", " "),
                handed_in=_day(row.submitted_at),
                reflection_to_question=_number(row.reflection_to_question, "{:.1f}"),
                complex_reflections=_number(row.percent_complex_reflections, "{:.0f}%"),
                open_questions=_number(row.percent_open_questions, "{:.0f}%"),
                flags="; ".join(raised["detail"]) or "none",
            )
        )
    return lines


def _number(value: object, form: str) -> str:
    return BLANK if value is None or pd.isna(value) else form.format(value)


def write_pdf(record: CompletionRecord, path: Path) -> Path:
    """The record's HTML page printed to an A4 PDF by WeasyPrint (nothing is fetched)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    offline = URLFetcher(allowed_protocols=("data",))
    HTML(string=render_html(record), url_fetcher=offline).write_pdf(path)
    return path


def render_html(record: CompletionRecord) -> str:
    """The record as a self-contained HTML page (the PDF is printed from it)."""
    return templates().get_template("completion.html.j2").render(record=record)


def write_completion_records(
    tables: CourseTables,
    org: OrgProfile,
    curriculum: Curriculum,
    folder: Path,
    full_names: dict[str, str] | None = None,
    trainees: list[str] | None = None,
) -> list[Path]:
    """An HTML and a PDF record for every trainee (or only `trainees`); the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for trainee in tables.hours["trainee"]:
        if trainees and trainee not in trainees:
            continue
        record = completion_record(
            trainee, tables, org, curriculum, (full_names or {}).get(trainee)
        )
        page = folder / f"{trainee}.html"
        page.write_text(render_html(record), encoding="utf-8")
        written += [page, write_pdf(record, folder / f"{trainee}.pdf")]
    return written
