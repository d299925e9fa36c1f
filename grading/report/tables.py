"""Gradebook → pandas: scores, cohort statistics, hours, competencies, flags, role-play metrics.

:func:`collect_tables` reads the nbgrader gradebook (the source of truth for every number),
``autograde-results.json`` (rejected or failed submissions and their reasons),
``curriculum.yaml`` (hours and competencies) and the organization profile (required modules
and passing marks). :mod:`grading.report.write` writes them as files.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path

import pandas as pd

from grading.checks.flags import collect_flags
from grading.course.coursedir import gradebook_url, load_config
from grading.course.curriculum import Curriculum, load_curriculum
from grading.course.org import OrgProfile, completion_status
from grading.grade.results import load_results
from grading.report.roleplay_results import roleplay_metrics

PASSED, NOT_PASSED, AWAITING = "passed", "not passed", "awaiting manual grading"
NOT_SUBMITTED = "not submitted"


@dataclass
class CourseTables:
    """Every table of a course report (pandas DataFrames, one row per fact)."""

    submissions: pd.DataFrame  # trainee × module: score, max_score, percent, status, late, reason
    scores: pd.DataFrame  # pivot: trainee rows, module columns, points
    cohort: pd.DataFrame  # per module: submitted, mean/median/min/max percent, passed
    grades: pd.DataFrame  # every graded cell: trainee, module, notebook, grade_id, scores
    manual: pd.DataFrame  # cells awaiting manual grading
    hours: pd.DataFrame  # per trainee: modules passed, hours, required modules done, completed
    competencies: pd.DataFrame  # trainee × framework × competency: points earned, met
    flags: pd.DataFrame  # supervisor flags: trainee, module, kind, detail, source
    roleplay: pd.DataFrame  # per transcript: trainee, module, submitted, scenario, metrics

    def named(self) -> dict[str, pd.DataFrame]:
        """Tables by name, in report order."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def collect_tables(
    course_dir: Path, org: OrgProfile | None = None, curriculum: Curriculum | None = None
) -> CourseTables:
    """Read the course's gradebook and results into report tables."""
    course_dir = Path(course_dir).resolve()
    load_config(course_dir)
    org = org or course_org(course_dir)
    curriculum = curriculum or load_curriculum(course_dir / "curriculum.yaml")
    submissions, grades = _gradebook_frames(course_dir, org)
    hours = _hours(submissions, curriculum, org)
    return CourseTables(
        submissions=submissions,
        scores=submissions.pivot(index="trainee", columns="module", values="score"),
        cohort=_cohort(submissions),
        grades=grades,
        manual=grades[grades["needs_manual_grade"]].reset_index(drop=True),
        hours=hours,
        competencies=_competencies(grades, submissions, curriculum),
        flags=_flags(course_dir, submissions),
        roleplay=_roleplay(course_dir, submissions),
    )


def course_org(course_dir: Path) -> OrgProfile:
    """The profile the course was built with (its ``org.json``), else the default."""
    path = course_dir / "org.json"
    if path.is_file():
        return OrgProfile.model_validate_json(path.read_text(encoding="utf-8"))
    return OrgProfile()


def _gradebook_frames(course_dir: Path, org: OrgProfile) -> tuple[pd.DataFrame, pd.DataFrame]:
    from nbgrader.api import Gradebook, MissingEntry

    results = load_results(course_dir)
    rows, cells = [], []
    with Gradebook(gradebook_url(course_dir)) as gradebook:
        trainees = sorted(student.id for student in gradebook.students)
        for assignment in sorted(gradebook.assignments, key=lambda a: a.name):
            module = assignment.name
            for trainee in trainees:
                result = results.get((trainee, module))
                row = {"trainee": trainee, "module": module, "max_score": assignment.max_score}
                try:
                    submission = gradebook.find_submission(module, trainee)
                except MissingEntry:
                    submission = None
                if submission is None:
                    status = result.status if result else NOT_SUBMITTED
                    row |= {"score": float("nan"), "late": False, "submitted_at": pd.NaT}
                else:
                    row |= {
                        "score": submission.score,
                        "late": submission.total_seconds_late > 0,
                        "submitted_at": pd.Timestamp(submission.timestamp),
                    }
                    status = _status(submission, result, org.passing_mark_for(module))
                    cells += _cells(trainee, module, submission)
                row |= {"status": status, "reason": result.reason if result else ""}
                rows.append(row)
    submissions = pd.DataFrame(rows)
    if submissions.empty:
        submissions = pd.DataFrame(
            columns=["trainee", "module", "max_score", "score", "late", "submitted_at", "status"]
        )
    submissions["percent"] = (100 * submissions["score"] / submissions["max_score"]).round(1)
    grade_columns = ["trainee", "module", "notebook", "grade_id", "cell_type", "score"]
    grade_columns += ["max_score", "auto_score", "manual_score", "needs_manual_grade"]
    return submissions, pd.DataFrame(cells, columns=grade_columns)


def _status(submission, result, passing_mark: float) -> str:
    if result is not None and result.status != "graded":
        return result.status
    if submission.needs_manual_grade:
        return AWAITING
    share = submission.score / submission.max_score if submission.max_score else 0.0
    return PASSED if share >= passing_mark else NOT_PASSED


def _cells(trainee: str, module: str, submission) -> list[dict]:
    return [
        {
            "trainee": trainee,
            "module": module,
            "notebook": notebook.name,
            "grade_id": grade.name,
            "cell_type": grade.cell.cell_type,
            "score": grade.score,
            "max_score": grade.max_score,
            "auto_score": grade.auto_score,
            "manual_score": grade.manual_score,
            "needs_manual_grade": bool(grade.needs_manual_grade),
        }
        for notebook in submission.notebooks
        for grade in notebook.grades
    ]


def _cohort(submissions: pd.DataFrame) -> pd.DataFrame:
    graded = submissions.dropna(subset=["score"])
    stats = graded.groupby("module")["percent"].agg(["count", "mean", "median", "min", "max"])
    stats = stats.rename(columns={"count": "graded"}).round(1)
    stats.insert(0, "trainees", submissions.groupby("module")["trainee"].count())
    stats["passed"] = (
        submissions.assign(p=submissions["status"] == PASSED).groupby("module")["p"].sum()
    )
    stats["awaiting_manual_grading"] = (
        submissions.assign(a=submissions["status"] == AWAITING).groupby("module")["a"].sum()
    )
    return stats.reset_index()


def _hours(submissions: pd.DataFrame, curriculum: Curriculum, org: OrgProfile) -> pd.DataFrame:
    course_modules = [m.id for m in curriculum.modules] or sorted(submissions["module"].unique())
    rows = []
    for trainee, group in submissions.groupby("trainee"):
        status = completion_status(_graded_shares(group), org, course_modules)
        rows.append(
            {
                "trainee": trainee,
                "modules_passed": len(status.passed),
                "hours": float(sum(m.hours for m in curriculum.modules if m.id in status.passed)),
                "required_passed": len(status.required) - len(status.missing),
                "required": len(status.required),
                "completed": status.completed,
            }
        )
    columns = ["trainee", "modules_passed", "hours", "required_passed", "required", "completed"]
    return pd.DataFrame(rows, columns=columns)


def _graded_shares(submissions: pd.DataFrame) -> dict[str, float | None]:
    """Module -> share of points; None until every answer is graded (or when none was)."""
    return {
        row.module: (row.score / row.max_score if row.max_score else 0.0)
        if row.status in (PASSED, NOT_PASSED)
        else None
        for row in submissions.itertuples()
    }


def _competencies(
    grades: pd.DataFrame, submissions: pd.DataFrame, curriculum: Curriculum
) -> pd.DataFrame:
    """A competency is met when the points earned on the exercises mapped to it reach the
    curriculum's ``competency_minimum`` (enough points, from enough different exercises)."""
    earned = earned_points(grades)
    minimum = curriculum.competency_minimum
    rows = []
    for trainee in sorted(submissions["trainee"].unique()):
        tally: dict[tuple[str, str], list[float]] = {}
        for module in curriculum.modules:
            for exercise in module.exercises:
                points = earned.get((trainee, module.id, exercise.grade_id), 0.0)
                for tag in exercise.tags():
                    counts = tally.setdefault(tag, [0, 0, 0.0])
                    counts[0] += 1
                    counts[1] += points > 0
                    counts[2] += points
        for (framework, competency), (total, scored, points) in sorted(tally.items(), key=_order):
            rows.append(
                {
                    "trainee": trainee,
                    "framework": framework,
                    "competency": competency,
                    "exercises": int(total),
                    "exercises_scored": int(scored),
                    "points": points,
                    "points_needed": minimum.points,
                    "met": minimum.met(points, int(scored)),
                }
            )
    columns = ["trainee", "framework", "competency", "exercises", "exercises_scored", "points"]
    columns += ["points_needed", "met"]
    return pd.DataFrame(rows, columns=columns)


def earned_points(grades: pd.DataFrame) -> dict[tuple[str, str, str], float]:
    """Points earned by (trainee, module, grade_id); cells awaiting a trainer, or at 0, left out."""
    return {
        (row.trainee, row.module, row.grade_id): float(row.score)
        for row in grades.itertuples()
        if row.max_score and row.score > 0 and not row.needs_manual_grade
    }


def _order(item: tuple[tuple[str, str], list[float]]) -> tuple[str, int, str]:
    framework, competency = item[0]
    return framework, int(competency) if competency.isdigit() else 0, competency


def _flags(course_dir: Path, submissions: pd.DataFrame) -> pd.DataFrame:
    rows = [
        asdict(flag)
        for folder in sorted((course_dir / "autograded").glob("*/*"))
        if folder.is_dir()
        for flag in collect_flags(folder)
    ]
    for row in submissions.itertuples():
        if row.late:
            rows.append(_flag(row, "late_submission", "handed in after the due date"))
        if row.status in ("rejected", "failed"):
            rows.append(_flag(row, f"submission_{row.status}", row.reason))
    columns = ["trainee", "module", "kind", "detail", "source"]
    return pd.DataFrame(rows, columns=columns).sort_values(["trainee", "module", "kind"])


def _flag(row, kind: str, detail: str) -> dict[str, str]:
    return {
        "trainee": row.trainee,
        "module": row.module,
        "kind": kind,
        "detail": detail,
        "source": "",
    }


def _roleplay(course_dir: Path, submissions: pd.DataFrame) -> pd.DataFrame:
    when = {(r.trainee, r.module): r.submitted_at for r in submissions.itertuples()}
    rows = [
        {"trainee": folder.parent.name, "module": folder.name}
        | {"submitted_at": when.get((folder.parent.name, folder.name), pd.NaT)}
        | metrics
        for folder in sorted((course_dir / "autograded").glob("*/*"))
        if folder.is_dir()
        for metrics in roleplay_metrics(folder)
    ]
    return pd.DataFrame(rows)
