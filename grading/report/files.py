"""Write report tables as an HTML page with figures, CSV files and an Excel workbook.

Names, flags and details come partly from trainees and the organization profile, so every
template escapes every value (``autoescape=True`` for all templates: ``select_autoescape``
would not match ``*.html.j2``), tables are escaped by pandas, and CSV/Excel cells pass through
:func:`grading.report.formula_guard.text_only`.
"""

from __future__ import annotations

import base64
import io
import re
from datetime import UTC, datetime
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from grading.course.org import OrgProfile
from grading.report.formula_guard import text_only
from grading.report.tables import CourseTables

INDEXED = {"scores"}  # tables whose index (trainee) is part of the data
BLANK = "—"
#: Tables on the HTML page, in order, with their titles; per-cell detail (grades, manual,
#: competencies by trainee, role-play metrics) is in the CSV files and the Excel workbook.
TITLES = {
    "submissions": "Scores by trainee and module",
    "cohort": "Cohort statistics by module (percent of points)",
    "hours": "Training hours and required modules",
}
#: Column headings a trainer reads (CSV and Excel keep the plain column names).
LABELS = {
    "trainee": "Trainee",
    "module": "Module",
    "max_score": "Points possible",
    "score": "Points",
    "percent": "Percent",
    "late": "Late",
    "submitted_at": "Handed in",
    "status": "Status",
    "reason": "Reason",
    "trainees": "Trainees",
    "graded": "Graded",
    "mean": "Mean %",
    "median": "Median %",
    "min": "Lowest %",
    "max": "Highest %",
    "passed": "Passed",
    "awaiting_manual_grading": "Awaiting manual grading",
    "modules_passed": "Modules passed",
    "hours": "Hours passed",
    "required_passed": "Required modules passed",
    "required": "Required modules",
    "completed": "Completed",
}


def templates() -> Environment:
    """The package's Jinja2 templates; every value is HTML-escaped, whatever the file name."""
    return Environment(loader=PackageLoader("grading.report", "templates"), autoescape=True)


def figure_uri(figure: plt.Figure) -> str:
    """A matplotlib figure as an embeddable PNG data URI (the figure is closed)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def html_table(frame: pd.DataFrame, index: bool = False) -> Markup:
    """A DataFrame as an escaped HTML table: readable headings, yes/no, one blank sign."""
    shown = frame.rename(columns=LABELS).astype(object)
    shown = shown.map(_cell).where(shown.notna(), BLANK)
    return Markup(shown.to_html(index=index, escape=True, na_rep=BLANK, border=0, classes="data"))


def _cell(value: object) -> object:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return BLANK
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float):
        return f"{value:g}"
    return value


def natural_key(text: str) -> tuple:
    """Sort key putting 'SAMHSA 2' before 'SAMHSA 10' (digit runs compare as numbers)."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def status_table(tables: CourseTables, full_names: dict[str, str]) -> pd.DataFrame:
    """One row per trainee: full name, each module's status, hours passed, completed."""
    status = tables.submissions.pivot(index="trainee", columns="module", values="status")
    status = status.reindex(columns=sorted(status.columns, key=natural_key))
    hours = tables.hours.set_index("trainee")[["hours", "completed"]]
    frame = status.join(hours).reset_index()
    frame.insert(1, "name", [full_names.get(t, t) for t in frame["trainee"]])
    return frame.rename(columns={"name": "Name", "hours": "Hours passed"})


def waiting_for_you(tables: CourseTables) -> dict[str, list[str]]:
    """What needs a trainer: answers to grade by hand, supervisor flags, broken submissions."""
    manual = {} if tables.manual.empty else tables.manual.groupby(["trainee", "module"]).size()
    flags = tables.flags[~tables.flags["kind"].isin(["submission_rejected", "submission_failed"])]
    broken = tables.submissions[tables.submissions["status"].isin(["rejected", "failed"])]
    return {
        "Answers to grade by hand (open the formgrader)": [
            f"{trainee}, {module}: {count} answer{'s' if count > 1 else ''}"
            for (trainee, module), count in manual.items()
        ],
        "Supervisor flags": [
            f"{row.trainee}, {row.module}: {row.kind.replace('_', ' ')} — {row.detail}"
            for row in flags.itertuples()
        ],
        "Submissions that could not be graded": [
            f"{row.trainee}, {row.module}: {row.status} — {row.reason or 'no reason recorded'}"
            for row in broken.itertuples()
        ],
    }


def figures(tables: CourseTables) -> dict[str, str]:
    """Report figures by caption (PNG data URIs)."""
    found = {}
    graded = tables.submissions.dropna(subset=["score"])
    if not graded.empty:
        figure, axes = plt.subplots(figsize=(7, 3))
        modules = sorted(graded["module"].unique())
        axes.boxplot([graded.loc[graded["module"] == m, "percent"] for m in modules])
        axes.set_xticks(range(1, len(modules) + 1), modules, rotation=20, ha="right")
        axes.set_ylabel("percent of points")
        axes.set_ylim(-5, 105)
        found["Scores by module"] = figure_uri(figure)
    if not tables.hours.empty:
        figure, axes = plt.subplots(figsize=(7, 3))
        axes.bar(tables.hours["trainee"], tables.hours["hours"], color="#4a7ab5")
        axes.set_ylabel("training hours passed")
        axes.tick_params(axis="x", rotation=45)
        found["Training hours per trainee"] = figure_uri(figure)
    if not tables.competencies.empty:
        coverage = tables.competencies.assign(
            label=tables.competencies["framework"] + " " + tables.competencies["competency"]
        ).pivot(index="trainee", columns="label", values="met")
        coverage = coverage.reindex(columns=sorted(coverage.columns, key=natural_key))
        figure, axes = plt.subplots(figsize=(7, 0.4 * len(coverage) + 1.5))
        axes.imshow(coverage.to_numpy(dtype=float), cmap="Greens", aspect="auto", vmin=0, vmax=1)
        axes.set_yticks(range(len(coverage)), coverage.index)
        axes.set_xticks(range(len(coverage.columns)), coverage.columns, rotation=60, ha="right")
        found["Competencies met (green)"] = figure_uri(figure)
    if not tables.roleplay.empty:
        figure, panes = plt.subplots(1, 2, figsize=(9, 3))
        for axes, metric in zip(
            panes, ("reflection_to_question", "percent_complex_reflections"), strict=True
        ):
            for trainee, rows in tables.roleplay.groupby("trainee"):
                rows = rows.sort_values("submitted_at")
                axes.plot(rows["submitted_at"], rows[metric], marker="o", label=trainee)
            axes.set_title(metric.replace("_", " "))
            axes.tick_params(axis="x", rotation=30)
        panes[0].legend(fontsize="small")
        found["Role-play MITI metrics over time"] = figure_uri(figure)
    return found


def write_html(
    tables: CourseTables, org: OrgProfile, path: Path, full_names: dict[str, str] | None = None
) -> Path:
    """The cohort report as one self-contained HTML file: status and what waits first."""
    sections = [
        {"name": name, "title": title, "table": html_table(getattr(tables, name))}
        for name, title in TITLES.items()
    ]
    page = (
        templates()
        .get_template("report.html.j2")
        .render(
            org=org,
            generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            figures=figures(tables),
            status=html_table(status_table(tables, full_names or {})),
            waiting=waiting_for_you(tables),
            sections=sections,
        )
    )
    path.write_text(page, encoding="utf-8")
    return path


def write_csv(tables: CourseTables, folder: Path) -> Path:
    """One CSV file per table; text that a spreadsheet would run as a formula is quoted."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.named().items():
        text_only(frame).to_csv(folder / f"{name}.csv", index=name in INDEXED)
    return folder


def write_excel(tables: CourseTables, path: Path) -> Path:
    """One workbook with a sheet per table; every text cell is a string, never a formula."""
    with pd.ExcelWriter(path, engine="openpyxl") as workbook:
        for name, frame in tables.named().items():
            text_only(frame).to_excel(workbook, sheet_name=name, index=name in INDEXED)
    return path
