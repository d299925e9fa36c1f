"""Feedback preprocessors: rebuild what a trainee sees of graded code, then make it safe to show.

nbgrader's feedback keeps each cell's outputs as the kernel produced them. While hidden tests
run, the trainee's code shares the kernel and can print a test's source (plainly, in base64,
inside a displayed ``<script>``, in a later cell's output or in the error message itself), and
the kernel's outputs also carry supervisor flags and the trainer's error details. So, by
construction, and placed before ``ClearHiddenTests`` (nbgrader #917):

- a **test cell** keeps one output at most: ``ErrorName: message`` when it failed, where the
  message is shown only if its text was written before grading ran
  (:mod:`grading.feedback.messages`), else a generic sentence;
- **every other code cell** loses its outputs (the trainee has them in their own notebook; a
  hook could carry test text into them).

:class:`SanitizeForBrowser`, placed last, cleans markdown, raw cells and metadata with
:func:`grading.feedback.sanitize.sanitize_notebook`, so the page runs nothing a trainee wrote. The
leak search in :mod:`grading.feedback.generate` remains as a second line.
"""

from __future__ import annotations

from pathlib import Path

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbformat.v4 import new_output
from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor

from grading.course.org import ORG_SCENARIOS_DIR
from grading.feedback.messages import MessageRules, error_name, rules_for_test, scenario_hints
from grading.feedback.sanitize import sanitize_notebook


class TidyTestOutputs(NbGraderPreprocessor):
    """Keep only a failed test's ``ErrorName: message``; drop every other code output."""

    def preprocess(
        self, nb: NotebookNode, resources: ResourcesDict
    ) -> tuple[NotebookNode, ResourcesDict]:
        folder = Path(resources.get("metadata", {}).get("path") or ".").resolve()
        self._hints = scenario_hints(_course_scenario_dirs(folder))
        return super().preprocess(nb, resources)

    def preprocess_cell(
        self, cell: NotebookNode, resources: ResourcesDict, cell_index: int
    ) -> tuple[NotebookNode, ResourcesDict]:
        if cell.cell_type != "code":
            return cell, resources
        is_test = utils.is_grade(cell) and not utils.is_solution(cell)
        errors = [output for output in cell.outputs if output.get("output_type") == "error"]
        if is_test and errors:
            rules = rules_for_test(cell.source, getattr(self, "_hints", MessageRules(())))
            cell.outputs = [_plain_error(errors[0], rules.shown(str(errors[0].get("evalue", ""))))]
        else:
            cell.outputs = []
        return cell, resources


def _plain_error(error: NotebookNode, message: str) -> NotebookNode:
    name = error_name(error.get("ename"))
    return new_output("error", ename=name, evalue=message, traceback=[f"{name}: {message}"])


def _course_scenario_dirs(submission_dir: Path) -> list[Path]:
    """``<course>/source/<module>/org-scenarios`` for ``<course>/autograded/<trainee>/<module>``."""
    if len(submission_dir.parents) < 3:
        return []
    return [submission_dir.parents[2] / "source" / submission_dir.name / ORG_SCENARIOS_DIR]


class SanitizeForBrowser(NbGraderPreprocessor):
    """Clean the whole feedback notebook for a browser (see :mod:`grading.feedback.sanitize`)."""

    def preprocess(
        self, nb: NotebookNode, resources: ResourcesDict
    ) -> tuple[NotebookNode, ResourcesDict]:
        return sanitize_notebook(nb), resources
