"""Fuzzing org.yaml: whatever a coordinator types, the answer is a profile or a clear error."""

from __future__ import annotations

import copy
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from grading.course.org import OrgProfile, OrgProfileError, load_org

ROOT = Path(__file__).resolve().parents[2]
RCO = ROOT / "examples" / "org" / "recovery-community-center"
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "500")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["GIRP", "dap", "80%", "%", "00-welcome", "scenarios", "../..", "/", "\x00"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=12,
)
field_names = st.sampled_from([*OrgProfile.model_fields, "peple_served", "colour"])
hostile = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=list(":-[]{}#&*!|>'\"%@`,?\n\t \\"), max_size=80),
    st.sampled_from(
        [
            "",
            "\ufeff",
            "!!python/object/apply:os.system ['echo pwned']",
            "a: &a [1, 2]\nb: *a\nc: *b",
            "name: !!binary aGVsbG8=",
            "? [a, b]\n: c",
            "---\n---\n",
            "[" * 300,
            "unit_minutes: 1e309",
        ]
    ),
)


def example() -> dict[str, Any]:
    return json.loads(json.dumps(YAML(typ="safe").load((RCO / "org.yaml").read_text())))


@st.composite
def mutated_profile(draw: st.DrawFn) -> str:
    """The recovery center's profile with fields deleted, replaced, added or nested wrongly."""
    document = copy.deepcopy(example())
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        name = draw(field_names)
        action = draw(st.sampled_from(["delete", "replace", "nest"]))
        if action == "delete":
            document.pop(name, None)
        elif action == "replace":
            document[name] = draw(values)
        elif isinstance(document.get(name), list) and document[name]:
            index = draw(st.integers(0, len(document[name]) - 1))
            document[name][index] = draw(values)
        elif isinstance(document.get(name), dict) and document[name]:
            key = draw(st.sampled_from(sorted(document[name])))
            document[name][key] = draw(values)
    return json.dumps(document, default=str)  # JSON is YAML, NaN and Infinity included


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A profile folder with the recovery center's scenarios beside it."""
    root = tmp_path_factory.mktemp("fuzz-org")
    shutil.copytree(RCO / "scenarios", root / "scenarios")
    return root


def outcome(path: Path, text: str) -> OrgProfile | str:
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        return load_org(path, ROOT / "modules")
    except OrgProfileError as error:
        message = str(error)
        assert str(path) in message and "Traceback" not in message
        assert message.count("\n") >= 1, message  # at least one listed problem
        return message


@FUZZ
@given(text=mutated_profile())
def test_a_mutated_profile_gives_a_profile_or_a_clear_error(folder, text):
    """Does any mix of wrong types, unknown keys and odd values end in a profile or an error?"""
    result = outcome(folder / "org.yaml", text)
    if isinstance(result, str):
        assert "line " in result or "not valid YAML" in result or "mapping" in result, result


@FUZZ
@given(text=hostile)
def test_hostile_text_gives_a_profile_or_a_clear_error(folder, text):
    """Do control characters, YAML tricks and half-typed files end in a clear error?"""
    outcome(folder / "org.yaml", text)
