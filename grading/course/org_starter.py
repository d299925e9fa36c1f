"""Write a commented starter ``org.yaml``: every field with its default and what it means.

The comments come from the schema's own field descriptions (one source, never out of step), and
fields that start empty show a commented example. The file validates as written.

    write_starter(Path("org.yaml"))
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from grading.course.org import OrgProfile, OrgProfileError, default_org

HEADER = """\
Organization profile for the Peer Support Training Lab.

Change the values below to match your organization, then build the course with it:
  python -m grading build --org {name}
Every field is optional: delete a line to use the default shown here. Lines starting with #
are comments. The full guide, with a worked example: docs/organization-guide.md"""
WIDTH = 96
#: A small, complete role-play scenario (format 2) that `new-org` writes for a coordinator to adapt.
STARTER_SCENARIO = Path(__file__).with_name("starter-first-visit.yaml")
#: The folder beside the profile that holds it (the starter's `extra_scenarios` example).
STARTER_SCENARIO_DIR = "scenarios"


def _yaml() -> YAML:
    yaml = YAML()
    yaml.width = WIDTH
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _wrapped(text: str) -> str:
    return "\n".join(textwrap.wrap(text, WIDTH - 2))


def _example(name: str, value: Any) -> str:
    stream = io.StringIO()
    _yaml().dump({name: value}, stream)
    return "Example:\n" + stream.getvalue().rstrip("\n")


def starter_text(profile: OrgProfile | None = None, file_name: str = "org.yaml") -> str:
    """The starter file's text: `profile` (the defaults if None) with every field explained."""
    profile = profile or default_org()
    values = profile.model_dump(mode="json")
    document = CommentedMap()
    for name, field in type(profile).model_fields.items():
        document[name] = _plain(values[name])
        comment = _wrapped(field.description or "")
        if not values[name] and field.examples:
            comment += "\n" + _example(name, field.examples[0])
        document.yaml_set_comment_before_after_key(name, before="\n" + comment)
    document.yaml_set_start_comment(HEADER.format(name=file_name))
    stream = io.StringIO()
    _yaml().dump(document, stream)
    return stream.getvalue()


def _plain(value: Any) -> Any:
    """Nested mappings as block YAML (CommentedMap) so they read like the rest of the file."""
    if isinstance(value, dict):
        return CommentedMap((key, _plain(item)) for key, item in value.items())
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def write_starter(path: Path, overwrite: bool = False) -> Path:
    """Write the starter profile to `path`, and a starter scenario in ``scenarios/`` beside it.

    Refuses to replace an existing profile unless told; an existing starter scenario is kept
    unless told too. The profile does not use the scenario until ``extra_scenarios: [scenarios]``
    is set.
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise OrgProfileError(
            f"{path} already exists; choose another name or pass --force to replace it."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(starter_text(file_name=path.name), encoding="utf-8")
    scenario = path.parent / STARTER_SCENARIO_DIR / STARTER_SCENARIO.name
    if overwrite or not scenario.exists():
        scenario.parent.mkdir(exist_ok=True)
        scenario.write_text(STARTER_SCENARIO.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def field_reference() -> str:
    """A Markdown table of every profile field, its default and meaning (for the guide)."""
    defaults = default_org().model_dump(mode="json")
    rows = ["| field | default | what it means |", "|---|---|---|"]
    for name, field in OrgProfile.model_fields.items():
        default = defaults[name]
        shown = default if isinstance(default, str | int | float) else _inline(default)
        rows.append(f"| `{name}` | {_cell(str(shown))} | {_cell(field.description or '')} |")
    return "\n".join(rows) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _inline(value: Any) -> str:
    if isinstance(value, dict) and value:
        return ", ".join(f"{key}: {item}" for key, item in value.items())
    return "(none)" if not value else str(value)
