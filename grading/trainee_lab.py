"""The single-user trainee lab (`make lab`): Assignments tab on a local exchange, no trainer tools.

:func:`write_lab_config` writes a Jupyter config folder inside the workspace
(``workspace/.jupyter``), which `make lab` puts on ``JUPYTER_CONFIG_PATH`` — nothing global:

- ``nbgrader_config.py``: the course's exchange (inside the course folder, where
  ``python -m grading release`` puts the modules and ``python -m grading collect`` reads
  submissions) and course id. Module folders are fetched to and submitted from the workspace's
  own module folders (``path_includes_course = False``), so *Submit* sends what the trainee
  worked on.
- ``jupyter_server_config.json`` and ``labconfig/page_config.json``: formgrader, course list,
  create-assignment and validate are off. Validate is off because it cannot know: it runs only
  the visible checks and reports "Success" while hidden tests may still fail.
- ``ipython_config.py`` (read by kernels started with ``IPYTHONDIR`` at ``workspace/.jupyter``):
  loads :mod:`grading.answers`, so answer cells work even before a notebook's setup cell ran.

    python -m grading.trainee_lab --course course --workspace workspace
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from grading.course import COURSE_ID

NBGRADER_CONFIG = """\
# Written by grading.trainee_lab for `make lab` (single user): rebuild instead of editing.
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = {course_id!r}
c.Exchange.root = {exchange!r}
c.Exchange.path_includes_course = False
"""
IPYTHON_CONFIG = """\
# Written by grading.trainee_lab: plain-text answers and plain error messages in every kernel.
c = get_config()  # noqa: F821
c.InteractiveShellApp.extensions = ["grading.answers"]
"""
TRAINER_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.course_list",
    "nbgrader.server_extensions.validate_assignment",
)
TRAINER_LAB_PLUGINS = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:validate-assignment",
)


def write_lab_config(course_dir: Path, workspace: Path) -> Path:
    """Write the trainee lab's config folder into `workspace`; returns that folder."""
    config = Path(workspace).resolve() / ".jupyter"
    (config / "labconfig").mkdir(parents=True, exist_ok=True)
    (config / "profile_default").mkdir(exist_ok=True)
    exchange = Path(course_dir).resolve() / "exchange"
    exchange.mkdir(parents=True, exist_ok=True)
    (config / "nbgrader_config.py").write_text(
        NBGRADER_CONFIG.format(course_id=COURSE_ID, exchange=str(exchange)), encoding="utf-8"
    )
    server = {"ServerApp": {"jpserver_extensions": dict.fromkeys(TRAINER_SERVER_EXTENSIONS, False)}}
    (config / "jupyter_server_config.json").write_text(json.dumps(server, indent=2))
    page = {"disabledExtensions": dict.fromkeys(TRAINER_LAB_PLUGINS, True)}
    (config / "labconfig" / "page_config.json").write_text(json.dumps(page, indent=2))
    (config / "profile_default" / "ipython_config.py").write_text(IPYTHON_CONFIG)
    return config


def main(argv: list[str] | None = None) -> None:
    """Command line: write the config and print its folder (for `make lab`)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--course", type=Path, default=Path("course"))
    parser.add_argument("--workspace", type=Path, default=Path("workspace"))
    arguments = parser.parse_args(argv)
    print(write_lab_config(arguments.course, arguments.workspace))


if __name__ == "__main__":
    main()
