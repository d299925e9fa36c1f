"""Write report tables as an HTML page with figures, CSV files and an Excel workbook."""

from __future__ import annotations

import base64
import io
from datetime import UTC, datetime
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from grading.org import OrgProfile
from grading.reports import CourseTables

INDEXED = {"scores"}  # tables whose index (trainee) is part of the data
TITLES = {
    "submissions": "Scores by trainee and module",
    "scores": "Points by trainee (rows) and module (columns)",
    "cohort": "Cohort statistics by module (percent of points)",
    "grades": "Every graded cell",
    "manual": "Answers awaiting manual grading (open the formgrader)",
    "hours": "Training hours and required modules",
    "competencies": "Competency coverage (SAMHSA core competencies, IC&RC domains)",
    "flags": "Supervisor flags",
    "roleplay": "Role-play MITI metrics",
}


def templates() -> Environment:
    """The package's Jinja2 templates, HTML-escaped."""
    return Environment(loader=PackageLoader("grading", "templates"), autoescape=select_autoescape())


def figure_uri(figure: plt.Figure) -> str:
    """A matplotlib figure as an embeddable PNG data URI (the figure is closed)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def html_table(frame: pd.DataFrame, index: bool = False) -> Markup:
    """A DataFrame as an escaped HTML table."""
    return Markup(frame.to_html(index=index, escape=True, na_rep="—", border=0, classes="data"))


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
        ).pivot(index="trainee", columns="label", values="exercises_passed")
        figure, axes = plt.subplots(figsize=(7, 0.4 * len(coverage) + 1.5))
        axes.imshow(
            coverage.to_numpy(dtype=float) > 0, cmap="Greens", aspect="auto", vmin=0, vmax=1
        )
        axes.set_yticks(range(len(coverage)), coverage.index)
        axes.set_xticks(range(len(coverage.columns)), coverage.columns, rotation=60, ha="right")
        found["Competencies covered (green)"] = figure_uri(figure)
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


def write_html(tables: CourseTables, org: OrgProfile, path: Path) -> Path:
    """The cohort report as one self-contained HTML file."""
    sections = [
        {"name": name, "title": TITLES[name], "table": html_table(frame, name in INDEXED)}
        for name, frame in tables.named().items()
    ]
    page = (
        templates()
        .get_template("report.html.j2")
        .render(
            org=org,
            generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            figures=figures(tables),
            sections=sections,
        )
    )
    path.write_text(page, encoding="utf-8")
    return path


def write_csv(tables: CourseTables, folder: Path) -> Path:
    """One CSV file per table."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.named().items():
        frame.to_csv(folder / f"{name}.csv", index=name in INDEXED)
    return folder


def write_excel(tables: CourseTables, path: Path) -> Path:
    """One workbook with a sheet per table."""
    with pd.ExcelWriter(path, engine="openpyxl") as workbook:
        for name, frame in tables.named().items():
            frame.to_excel(workbook, sheet_name=name, index=name in INDEXED)
    return path
