"""A completion record per trainee (HTML and PDF) for a certification application.

It lists every module with its hours, score and status, the hours earned, the SAMHSA
competencies and IC&RC domains covered, and whether the organization's required modules
are passed at its passing marks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from grading.curriculum import Curriculum
from grading.org import OrgProfile
from grading.report_files import templates
from grading.reports import CourseTables


@dataclass(frozen=True)
class ModuleLine:
    """One module on a completion record."""

    module: str
    title: str
    hours: float
    percent: str
    passing: str
    status: str
    required: bool


@dataclass(frozen=True)
class CompletionRecord:
    """What one trainee has completed."""

    trainee: str
    organization: str
    modules: list[ModuleLine]
    hours: float
    samhsa: list[str]
    icrc: list[str]
    completed: bool
    issued: str


def completion_record(
    trainee: str, tables: CourseTables, org: OrgProfile, curriculum: Curriculum
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
                hours=entry.hours if entry else 0.0,
                percent="—" if row.percent != row.percent else f"{row.percent:.1f}%",
                passing=f"{org.passing_mark_for(row.module) * 100:.0f}%",
                status=row.status,
                required=row.module in required or not required,
            )
        )
    hours = tables.hours.set_index("trainee").loc[trainee]
    covered = tables.competencies[
        (tables.competencies["trainee"] == trainee) & tables.competencies["covered"]
    ]
    return CompletionRecord(
        trainee=trainee,
        organization=org.name,
        modules=lines,
        hours=float(hours["hours"]),
        samhsa=sorted(covered.loc[covered["framework"] == "SAMHSA", "competency"], key=int),
        icrc=sorted(covered.loc[covered["framework"] == "IC&RC", "competency"]),
        completed=bool(hours["completed"]),
        issued=datetime.now(UTC).strftime("%Y-%m-%d"),
    )


def write_pdf(record: CompletionRecord, path: Path) -> Path:
    """The record as a one-page PDF (matplotlib, no network, no extra packages)."""
    figure = Figure(figsize=(8.27, 11.69))  # A4 portrait
    figure.text(0.08, 0.95, f"Training completion record — {record.organization}", size=14)
    figure.text(0.08, 0.92, f"Trainee: {record.trainee}    Issued: {record.issued}", size=10)
    status = "All required modules passed." if record.completed else "Not yet complete."
    figure.text(0.08, 0.89, f"Training hours passed: {record.hours:g}.  {status}", size=10)
    axes = figure.add_axes((0.08, 0.45, 0.84, 0.4))
    axes.axis("off")
    rows = [
        [m.module, m.title[:38], f"{m.hours:g}", m.percent, m.passing, m.status]
        for m in record.modules
    ]
    if rows:
        table = axes.table(
            cellText=rows,
            colLabels=["module", "title", "hours", "score", "pass mark", "status"],
            loc="upper left",
            colWidths=[0.2, 0.32, 0.08, 0.1, 0.1, 0.2],
        )
        table.auto_set_font_size(False)
        table.set_fontsize(7)
    samhsa = ", ".join(record.samhsa) or "none yet"
    icrc = ", ".join(record.icrc) or "none yet"
    figure.text(0.08, 0.40, f"SAMHSA core competencies shown: {samhsa}", size=9, wrap=True)
    figure.text(0.08, 0.37, f"IC&RC domains shown: {icrc}", size=9, wrap=True)
    with PdfPages(path, metadata={"Title": f"Completion record: {record.trainee}"}) as pdf:
        pdf.savefig(figure)
    return path


def write_completion_records(
    tables: CourseTables, org: OrgProfile, curriculum: Curriculum, folder: Path
) -> list[Path]:
    """An HTML and a PDF record for every trainee; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    template = templates().get_template("completion.html.j2")
    written = []
    for trainee in tables.hours["trainee"]:
        record = completion_record(trainee, tables, org, curriculum)
        page = folder / f"{trainee}.html"
        page.write_text(template.render(record=record), encoding="utf-8")
        written += [page, write_pdf(record, folder / f"{trainee}.pdf")]
    return written
