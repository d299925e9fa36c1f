"""The single-user trainee lab (`make lab`): Assignments tab on a local exchange, no trainer tools.

:func:`write_lab_config` writes a Jupyter config folder inside the workspace
(``workspace/.jupyter``), which `make lab` puts on ``JUPYTER_CONFIG_PATH`` — nothing global:

- ``nbgrader_config.py``: the course's exchange (inside the course folder, where
  ``python -m grading release`` puts the modules and ``python -m grading collect`` reads
  submissions) and course id. The Assignments tab looks for a module's fetched folder at
  ``Exchange.assignment_dir/<module>`` (``path_includes_course = False``), and nbgrader's
  default for that folder is the server's *working* folder, not the lab's root: so it is set
  to the workspace itself. The modules `grading workspace` copied there show as fetched with
  *Submit*, a module released later is fetched next to them, and *Submit* sends what the
  trainee worked on. The tab's record of submissions (``Exchange.cache``) is kept in
  ``workspace/.nbgrader-cache`` rather than in the account's home.
- the gradebook: the account running the lab is the trainee who submits (nbgrader names a
  submission after it), so it is put on the course roster, and `make grade` collects it.
- ``jupyter_server_config.json`` and ``labconfig/page_config.json``: formgrader, course list,
  create-assignment and validate are off. Validate is off because it cannot know: it runs only
  the visible checks and reports "Success" while hidden tests may still fail. The Assignments
  tab draws its own Validate button beside each notebook, which would then answer "Error
  validating assignment."; ``custom/custom.css`` (:data:`TRAINEE_CSS`, loaded with
  ``LabApp.custom_css``) hides it. The hub's trainee servers use the same CSS.
- ``ipython_config.py`` (read by kernels started with ``IPYTHONDIR`` at ``workspace/.jupyter``):
  loads :mod:`grading.checks.answers`, so answer cells work even before a notebook's setup cell ran.

    python -m grading.course.trainee_lab --course course --workspace workspace
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from grading.course.build import COURSE_ID
from grading.course.coursedir import gradebook_url
from grading.course.names import check_trainee_id
from grading.errors import SubmissionError

#: The Assignments tab's record of this trainee's submissions, inside the workspace.
SUBMISSION_CACHE = ".nbgrader-cache"

NBGRADER_CONFIG = """\
# Written by grading.course.trainee_lab for `make lab` (single user): rebuild instead of editing.
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = {course_id!r}
c.Exchange.root = {exchange!r}
c.Exchange.path_includes_course = False
c.Exchange.assignment_dir = {workspace!r}
c.Exchange.cache = {cache!r}
"""
IPYTHON_CONFIG = """\
# Written by grading.course.trainee_lab: plain-text answers and plain errors in every kernel.
c = get_config()  # noqa: F821
c.InteractiveShellApp.extensions = ["grading.checks.answers"]
"""
TRAINEE_CSS = """\
/* Written for the trainee's lab: Validate is off (it cannot know whether hidden tests pass), so
   the Assignments tab's Validate button beside each notebook is hidden. */
#fetched_assignments_list .nested_list_item .item_status button { display: none; }
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
    nbgrader = NBGRADER_CONFIG.format(
        course_id=COURSE_ID,
        exchange=str(exchange),
        workspace=str(config.parent),
        cache=str(config.parent / SUBMISSION_CACHE),
    )
    (config / "nbgrader_config.py").write_text(nbgrader, encoding="utf-8")
    (config / "custom").mkdir(exist_ok=True)
    (config / "custom" / "custom.css").write_text(TRAINEE_CSS, encoding="utf-8")
    server = {
        "ServerApp": {
            "jpserver_extensions": dict.fromkeys(TRAINER_SERVER_EXTENSIONS, False),
            "tornado_settings": {"static_custom_path": [str(config / "custom")]},
        },
        "LabApp": {"custom_css": True},
    }
    (config / "jupyter_server_config.json").write_text(json.dumps(server, indent=2))
    page = {"disabledExtensions": dict.fromkeys(TRAINER_LAB_PLUGINS, True)}
    (config / "labconfig" / "page_config.json").write_text(json.dumps(page, indent=2))
    (config / "profile_default" / "ipython_config.py").write_text(IPYTHON_CONFIG)
    return config


def enrol_this_account(course_dir: Path) -> str:
    """Put the account running the lab on the course roster; returns its trainee id.

    nbgrader names an exchange submission after the account that pressed *Submit*, and
    `grading collect` takes only trainees on the roster.
    """
    from nbgrader.api import Gradebook
    from nbgrader.utils import get_username

    trainee = check_trainee_id(get_username(), "this account's name: ")
    with Gradebook(gradebook_url(course_dir), COURSE_ID) as gradebook:
        gradebook.update_or_create_student(trainee)
    return trainee


def main(argv: list[str] | None = None) -> None:
    """Command line: enrol this account, write the config and print its folder (for `make lab`)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--course", type=Path, default=Path("course"))
    parser.add_argument("--workspace", type=Path, default=Path("workspace"))
    arguments = parser.parse_args(argv)
    try:
        trainee = enrol_this_account(arguments.course)
    except SubmissionError as error:
        sys.exit(f"{error} nbgrader submits under the account's name: use another account.")
    print(f"Trainee {trainee!r} is on the course roster.", file=sys.stderr)
    print(write_lab_config(arguments.course, arguments.workspace))


if __name__ == "__main__":
    main()
