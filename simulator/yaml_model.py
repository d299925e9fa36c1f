"""Load a YAML file into a pydantic model, with errors that name the file, line and field.

Line numbers count from 1, as editors show them. Unknown keys get a "did you mean" hint.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from simulator import safe_load
from simulator.errors import ContentError

Model = TypeVar("Model", bound=BaseModel)


#: Scenario and profile files are hand-written; anything larger is refused before parsing.
MAX_YAML_BYTES = 2 * 2**20


def read_yaml(path: Path) -> Any:
    """Parse a YAML file keeping line numbers; raise ContentError on unreadable YAML.

    Size, nesting depth and (after parsing) the number of values are bounded first
    (:mod:`simulator.safe_load`), so a hostile file gets a message, never a RecursionError.
    """
    try:
        text = safe_load.read_text(path, MAX_YAML_BYTES, "YAML file")
        safe_load.check_depth(text, str(path), yaml=True)
    except FileNotFoundError:
        raise ContentError(str(path), ["the file does not exist"]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError(str(path), [f"cannot be read as UTF-8 text ({error})"]) from None
    except safe_load.LoadLimitError as error:
        raise ContentError(str(path), [str(error).removeprefix(f"{path}: ")]) from None
    try:
        data = YAML(typ="rt").load(text)
        safe_load.check_nodes(data, str(path))
        return data
    except safe_load.LoadLimitError as error:
        raise ContentError(str(path), [str(error).removeprefix(f"{path}: ")]) from None
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ContentError(str(path), [f"{where}not valid YAML ({problem})"]) from None
    except ValueError as error:  # e.g. a number too long for Python to read
        raise ContentError(str(path), [f"a value cannot be read ({error})"]) from None


def load_yaml_model(
    path: Path,
    model: type[Model],
    context: dict[str, Any] | None = None,
    prepare: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> Model:
    """Read `path` and validate it as `model`, or raise ContentError listing every problem.

    `context` is passed to pydantic validators (e.g. the folder the file is in). `prepare`
    may check or upgrade the parsed mapping first (a ValueError becomes the file's problem).
    A model with a `located_problems()` method (cross-field checks returning (field location,
    message) pairs) has those problems reported with their lines too.
    """
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ContentError(str(path), ["expected a mapping of fields at the top of the file"])
    if prepare is not None:
        try:
            data = prepare(data)
        except ValueError as error:
            raise ContentError(str(path), [str(error)]) from None
    broken = _invalid_text(data, [])
    if broken is not None:
        line = _line_of(data, broken)
        where = f"line {line}: " if line else ""
        problem = "contains an escape that is not a real character (like \\ud800)"
        raise ContentError(str(path), [f"{where}{_field_path(broken)}: {problem}"])
    try:
        loaded = model.model_validate(data, context=context)
    except ValidationError as error:
        problems = [_describe(data, item, model) for item in error.errors()]
        raise ContentError(str(path), problems) from None
    cross_checks = getattr(loaded, "located_problems", None)
    if cross_checks is not None:
        problems = [located(data, list(where), message) for where, message in cross_checks()]
        if problems:
            raise ContentError(str(path), problems)
    return loaded


def located(data: Any, location: list[Any], message: str) -> str:
    """'line N: field.path: message' for a place in parsed YAML (line left out if unknown)."""
    line = _line_of(data, location)
    where = f"line {line}: " if line else ""
    return f"{where}{_field_path(location)}: {message}"


def _invalid_text(node: Any, location: list[Any], seen: set[int] | None = None) -> list[Any] | None:
    """The location of the first key or string that cannot be written as UTF-8, if any.

    Each mapping or list is visited once: YAML aliases can repeat one node exponentially often.
    """
    if isinstance(node, str):
        return None if node.isascii() or _encodable(node) else location
    seen = set() if seen is None else seen
    if id(node) in seen:
        return None
    seen.add(id(node))
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, value in items:
        if isinstance(key, str) and not _encodable(key):
            return [*location, key.encode("utf-8", "backslashreplace").decode()]
        found = _invalid_text(value, [*location, key], seen)
        if found is not None:
            return found
    return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _describe(data: Any, item: Any, model: type[BaseModel]) -> str:
    location = [part for part in item["loc"] if not _is_union_tag(part)]
    field = _field_path(location)
    line = _line_of(data, location)
    where = f"line {line}: " if line else ""
    kind = item["type"]
    if kind == "missing":
        message = "this field is required but missing"
        expected = _description(location, model)
        if expected:
            message += f" (expected: {expected})"
    elif kind == "extra_forbidden":
        message = "unknown field" + _did_you_mean(location, model)
    else:
        message = f"{item['msg']} (got {_short(item.get('input'))})"
        expected = _description(location, model) if kind == "too_short" else ""
        if expected:
            message += f"; expected: {expected}"
    return f"{where}{field}: {message}"


def _is_union_tag(part: Any) -> bool:
    return isinstance(part, str) and ("[" in part or part in {"function-after", "str", "int"})


def _field_path(location: list[Any]) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _line_of(data: Any, location: list[Any]) -> int | None:
    """The 1-based line of the deepest part of `location` that exists in the parsed YAML."""
    line = None
    node = data
    for part in location:
        lc = getattr(node, "lc", None)
        try:
            if isinstance(node, dict) and part in node:
                line = lc.key(part)[0] + 1 if lc else line
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                line = lc.item(part)[0] + 1 if lc else line
            else:
                break
            node = node[part]
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    return line


def _did_you_mean(location: list[Any], model: type[BaseModel]) -> str:
    allowed = _allowed_keys(location[:-1], model) if location else []
    if not allowed:
        return ""
    close = difflib.get_close_matches(str(location[-1]), allowed, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"{hint} Allowed fields: {', '.join(sorted(allowed))}"


def _description(location: list[Any], model: type[BaseModel]) -> str:
    """The schema's description of the field at `location`, or ''."""
    parent = _model_at(location[:-1], model) if location else None
    field = parent.model_fields.get(location[-1]) if _is_model(parent) else None
    if field is None:
        return ""
    if field.description:
        return field.description
    inner = _inner_model(field.annotation)
    return (inner.__doc__ or "").strip().splitlines()[0] if inner is not None else ""


def _allowed_keys(parent: list[Any], model: type[BaseModel]) -> list[str]:
    current = _model_at(parent, model)
    return list(current.model_fields) if _is_model(current) else []


def _model_at(location: list[Any], model: type[BaseModel]) -> Any:
    """The model class that holds the fields at `location` (list items and mapping keys skipped)."""
    current: Any = model
    keyed = False  # the previous field was a mapping: this part is one of its keys
    for part in location:
        if isinstance(part, int) or keyed:
            keyed = False
            continue
        field = current.model_fields.get(part) if _is_model(current) else None
        if field is None:
            return None
        keyed = getattr(field.annotation, "__origin__", None) is dict
        current = _inner_model(field.annotation)
    return current


def _inner_model(annotation: Any) -> Any:
    if _is_model(annotation):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _inner_model(argument)
        if found is not None:
            return found
    return None


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
