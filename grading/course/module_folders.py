"""The course's source: module folders (``NN-slug``) under ``modules/`` that hold notebooks."""

from __future__ import annotations

from pathlib import Path

from grading.course.names import MODULE_ID
from grading.errors import CourseBuildError


def discover_modules(modules_dir: Path) -> list[Path]:
    """Module folders (``NN-slug``) in `modules_dir` that hold at least one notebook."""
    if not modules_dir.is_dir():
        raise CourseBuildError(f"{modules_dir}: no such modules folder.")
    found = [
        p
        for p in sorted(modules_dir.iterdir())
        if p.is_dir() and MODULE_ID.fullmatch(p.name) and any(p.glob("*.ipynb"))
    ]
    if not found:
        raise CourseBuildError(
            f"{modules_dir}: no module folders found (expected folders like 01-topic "
            "holding nbgrader source notebooks)."
        )
    return found
