"""The trainee's own workspace: released modules copied where JupyterLab opens.

Copying never overwrites: a file the trainee already has (their answers, their role-play
transcripts) is kept, and only files that are new in the release are added. The free-practice
notebooks are rendered with the course's organization profile on the way (its crisis line,
warm line and local resources), as the build renders the modules.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from grading.course.build import render_notebook
from grading.course.org import ORG_FILE, ORG_SCENARIOS_DIR, active_profile
from grading.errors import CourseBuildError

PRACTICE = "practice"


@dataclass
class WorkspaceResult:
    """What `setup_workspace` added and what it left alone."""

    added: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


def setup_workspace(
    course_dir: Path, out: Path, modules_dir: Path | None = None
) -> WorkspaceResult:
    """Copy each released module of `course_dir` (and the free-practice folder) into `out`."""
    release = course_dir / "release"
    if not release.is_dir():
        raise CourseBuildError(
            f"{course_dir}: no release/ folder. Build the course first: python -m grading build"
        )
    sources = sorted(path for path in release.iterdir() if path.is_dir())
    practice = (modules_dir or Path("modules")) / PRACTICE
    if practice.is_dir():
        sources.append(practice)
    pairs = [
        (source, out / module.name / source.relative_to(module))
        for module in sources
        for source in sorted(module.rglob("*"))
    ]
    if practice.is_dir():  # the free-practice picker finds the organization's scenarios here
        org_files = [course_dir / ORG_FILE, *sorted((course_dir / ORG_SCENARIOS_DIR).glob("*"))]
        pairs += [(path, out / PRACTICE / path.relative_to(course_dir)) for path in org_files]
    result = WorkspaceResult()
    for source, target in pairs:
        if not source.is_file() or ".ipynb_checkpoints" in source.parts:
            continue
        if target.exists():
            result.kept.append(target)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix == ".ipynb" and practice in source.parents:
            nbformat.write(render_notebook(source, active_profile(course_dir / ORG_FILE)), target)
        else:
            shutil.copy2(source, target)
        result.added.append(target)
    return result
