"""Autograde results: one per trainee and module, kept in ``autograde-results.json`` between
runs (read by collect, autograde and the report)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

RESULTS_FILE = "autograde-results.json"
Status = Literal["graded", "failed", "rejected"]


class SubmissionResult(BaseModel):
    """The outcome for one trainee's submission of one module."""

    trainee: str
    module: str
    status: Status
    reason: str = Field("", description="Why it failed or was rejected; notes when graded.")
    score: float | None = None
    max_score: float | None = None
    late: bool = False
    needs_manual_grade: bool = False
    fingerprint: str = Field("", description="sha256 of the submission and module source.")
    graded_this_run: bool = False


class AutogradeSummary(BaseModel):
    """Everything one autograde run did, as saved to autograde-results.json."""

    results: list[SubmissionResult]
    workers: int
    seconds: float
    worker_peak_rss_mb: list[float] = Field(default_factory=list)
    fork_server_peak_rss_mb: list[float] = Field(
        default_factory=list,
        description="Each worker's warm kernel parent (grading.grade.fork_server).",
    )

    def count(self, status: Status) -> int:
        """How many submissions ended with `status`."""
        return sum(result.status == status for result in self.results)


def load_results(course_dir: Path) -> dict[tuple[str, str], SubmissionResult]:
    """Results of earlier runs, by (trainee, module); empty when there are none."""
    path = Path(course_dir) / RESULTS_FILE
    if not path.is_file():
        return {}
    summary = AutogradeSummary.model_validate_json(path.read_text(encoding="utf-8"))
    return {(r.trainee, r.module): r for r in summary.results}


def save_results(course_dir: Path, summary: AutogradeSummary) -> None:
    """Write autograde-results.json atomically."""
    path = Path(course_dir) / RESULTS_FILE
    partial = path.with_suffix(".json.partial")
    partial.write_text(summary.model_dump_json(indent=2), encoding="utf-8")
    partial.replace(path)
