"""Feedback preprocessor: show a failed test as ``ErrorName: message`` and nothing else.

nbgrader's feedback keeps each test cell's full traceback, which quotes hidden test lines, and
keeps display outputs such as supervisor flags. Placed before ``ClearHiddenTests``, this step
leaves each graded code cell with only its plain-language assert message (nbgrader #917).
"""

from __future__ import annotations

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor

from grading.flags import FLAG_MIME


class TidyTestOutputs(NbGraderPreprocessor):
    """Replace test tracebacks with their last line and drop supervisor flags."""

    def preprocess_cell(
        self, cell: NotebookNode, resources: ResourcesDict, cell_index: int
    ) -> tuple[NotebookNode, ResourcesDict]:
        if cell.cell_type == "code" and utils.is_grade(cell):
            cell.outputs = [tidy for output in cell.outputs if (tidy := _tidy(output))]
        return cell, resources


def _tidy(output: NotebookNode) -> NotebookNode | None:
    if output.output_type == "error":
        message = f"{output.ename}: {output.evalue}" if output.evalue else output.ename
        output.traceback = [message]
        return output
    if FLAG_MIME in output.get("data", {}):
        return None
    return output
