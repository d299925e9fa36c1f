"""Write a course's report: the cohort page (HTML), its tables (CSV, Excel) and a completion
record per trainee (HTML and PDF), all from one reading of the gradebook."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from grading.course.coursedir import trainee_names
from grading.course.curriculum import load_curriculum
from grading.course.names import check_course_names
from grading.course.org import OrgProfile
from grading.report.completion import write_completion_records
from grading.report.files import write_csv, write_excel, write_html
from grading.report.tables import collect_tables, course_org


@dataclass(frozen=True)
class ReportFiles:
    """Where a report was written."""

    html: Path
    excel: Path
    csv_dir: Path
    completion_records: list[Path]


def report(
    course_dir: Path = Path("course"),
    out_dir: Path = Path("reports"),
    org: OrgProfile | None = None,
    curriculum_file: Path | None = None,
    trainees: list[str] | None = None,
) -> ReportFiles:
    """Write the cohort report (HTML, CSV, Excel) and a completion record per trainee
    (only for `trainees` when given).

    Example: ``report(Path("course"), Path("reports"))`` writes ``reports/report.html``.
    """
    course_dir = Path(course_dir).resolve()
    check_course_names(course_dir, trainees=trainees)
    curriculum = load_curriculum(curriculum_file) if curriculum_file else None
    org = org or course_org(course_dir)
    tables = collect_tables(course_dir, org, curriculum)
    curriculum = curriculum or load_curriculum(course_dir / "curriculum.yaml")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    full_names = trainee_names(course_dir)
    return ReportFiles(
        html=write_html(tables, org, out_dir / "report.html", full_names),
        excel=write_excel(tables, out_dir / "report.xlsx"),
        csv_dir=write_csv(tables, out_dir / "csv"),
        completion_records=write_completion_records(
            tables, org, curriculum, out_dir / "completion", full_names, trainees
        ),
    )
