"""A cheaper nbgrader step for the autograde worker (measured in docs/grading-internals.md).

nbgrader checks every cell's nbgrader metadata with ``jsonschema.validate(metadata, schema)``
(``nbgrader/nbgraderformat/common.py``), and that call first checks the *schema* against the
JSON Schema meta-schema, every time: about 13 ms a cell, for every cell of every notebook,
twice per notebook, although the schema is nbgrader's own constant file.
:func:`install` gives that module a ``validate`` that checks each schema once per process
and then only the metadata; metadata that does not match raises the same error
(``best_match`` of the same errors) as before.
"""

from __future__ import annotations

import copy
import json
import types
from typing import Any

_validators: dict[str, Any] = {}


def validate(instance: Any, schema: dict[str, Any]) -> None:
    """``jsonschema.validate(instance, schema)``, with the schema checked once per process."""
    import jsonschema
    from jsonschema.exceptions import best_match

    key = json.dumps(schema, sort_keys=True)
    if key not in _validators:
        validator_class = jsonschema.validators.validator_for(schema)
        validator_class.check_schema(schema)
        _validators[key] = validator_class(copy.deepcopy(schema))
    error = best_match(_validators[key].iter_errors(instance))
    if error is not None:
        raise error


def install() -> None:
    """Make nbgrader's metadata validator use :func:`validate`."""
    from nbgrader.nbgraderformat import common

    common.jsonschema = types.SimpleNamespace(validate=validate)
