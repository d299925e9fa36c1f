"""Open an nbgrader course directory built by :mod:`grading.course.build` from Python."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

from grading.errors import CourseBuildError

CONFIG_FILE = "nbgrader_config.py"
GRADEBOOK_ENV = "GRADEBOOK_URL"  # e.g. postgresql+psycopg://grader@localhost/peer_support
EXCEPTION_LINE = re.compile(r"^\s*(?:[\w.]+\.)?(\w+(?:Error|Exception)):(.*)$", re.MULTILINE)


def ensure_venv_on_path() -> None:
    """nbgrader shells out to ``alembic``: put this interpreter's bin/ first on PATH."""
    bin_dir = str(Path(sys.executable).parent)
    if os.environ.get("PATH", "").split(os.pathsep)[0] != bin_dir:
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


def load_config(course_dir: Path, overrides: dict[str, dict[str, Any]] | None = None):
    """The course's nbgrader config with its root set, plus ``{"Section": {"trait": value}}``."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    course_dir = Path(course_dir).resolve()
    if not (course_dir / CONFIG_FILE).is_file():
        raise CourseBuildError(
            f"{course_dir}: not a course directory (no {CONFIG_FILE}); "
            "build one first with `python -m grading build`."
        )
    config = PyFileConfigLoader(CONFIG_FILE, path=str(course_dir)).load_config()
    config.CourseDirectory.root = str(course_dir)
    config.CourseDirectory.db_url = gradebook_url(course_dir)
    config.merge(Config(overrides or {}))
    return config


def open_api(course_dir: Path, overrides: dict[str, dict[str, Any]] | None = None):
    """An ``NbGraderAPI`` for the course, quiet, with the venv's tools on PATH."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    ensure_venv_on_path()
    config = load_config(course_dir, overrides)
    config.NbGraderAPI.log_level = "WARN"
    return NbGraderAPI(CourseDirectory(config=config), config=config)


def gradebook_url(course_dir: Path) -> str:
    """The gradebook's SQLAlchemy URL: $GRADEBOOK_URL if set, else SQLite inside the course."""
    return (
        os.environ.get(GRADEBOOK_ENV) or f"sqlite:///{Path(course_dir).resolve() / 'gradebook.db'}"
    )


def module_ids(course_dir: Path) -> list[str]:
    """Modules (nbgrader assignments) present in the course's source/ folder."""
    source = Path(course_dir) / "source"
    return sorted(p.name for p in source.iterdir() if p.is_dir()) if source.is_dir() else []


def trainee_ids(course_dir: Path) -> list[str]:
    """Trainee ids on the course's roster (the gradebook's students), sorted."""
    from nbgrader.api import Gradebook

    with Gradebook(gradebook_url(course_dir)) as gradebook:
        return sorted(student.id for student in gradebook.students)


def trainee_names(course_dir: Path) -> dict[str, str]:
    """Trainee id -> full name from the roster ("First Last"; the id when no name was given)."""
    from nbgrader.api import Gradebook

    with Gradebook(gradebook_url(course_dir)) as gradebook:
        return {
            student.id: " ".join(filter(None, (student.first_name, student.last_name)))
            or student.id
            for student in gradebook.students
        }


def failure_reason(result: dict[str, Any]) -> str:
    """The exception at the heart of a failed NbGraderAPI call, as one line."""
    text = (result.get("error") or "") + "\n" + (result.get("log") or "")
    exceptions = EXCEPTION_LINE.findall(text)
    if exceptions:
        name, message = exceptions[-1]
        return f"{name}: {message.strip()}"[:500]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return (lines or ["nbgrader reported a failure without a message"])[-1][:500]
