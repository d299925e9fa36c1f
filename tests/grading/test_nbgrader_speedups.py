"""The autograde worker's cheaper nbgrader metadata check accepts and rejects exactly what
nbgrader's own check does, with the same message (a damaged cell is reported the same way)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import nbgrader.nbgraderformat
import pytest

from grading.grade import nbgrader_speedups

SCHEMA = json.loads(
    (Path(nbgrader.nbgraderformat.__file__).parent / "v3.json").read_text(encoding="utf-8")
)
GOOD = {
    "schema_version": 3,
    "grade": True,
    "solution": False,
    "locked": True,
    "grade_id": "open_q1_test",
    "points": 1,
    "task": False,
}


def _outcome(check, metadata: dict) -> str:
    try:
        check(metadata, SCHEMA)
    except jsonschema.ValidationError as error:
        return str(error)
    return "valid"


@pytest.mark.parametrize(
    "metadata",
    [
        GOOD,
        {**GOOD, "points": "two"},
        {**GOOD, "extra": 1},
        {"schema_version": 3},
        {**GOOD, "grade_id": 7, "locked": "yes"},
    ],
)
def test_same_verdict_and_message_as_nbgrader(metadata: dict) -> None:
    """Does each metadata get the verdict and message jsonschema.validate gives it?"""
    assert _outcome(nbgrader_speedups.validate, metadata) == _outcome(jsonschema.validate, metadata)


def test_installed_in_nbgrader() -> None:
    """After install, does nbgrader's own cell check go through it and still reject bad cells?"""
    from nbformat.v4 import new_code_cell
    from nbgrader.nbgraderformat.v3 import MetadataValidatorV3

    nbgrader_speedups.install()
    cell = new_code_cell("x = 1", metadata={"nbgrader": {**GOOD, "points": "two"}})
    with pytest.raises(jsonschema.ValidationError, match="'two' is not of type 'number'"):
        MetadataValidatorV3().validate_cell(cell)
    assert json.dumps(SCHEMA, sort_keys=True) in nbgrader_speedups._validators
