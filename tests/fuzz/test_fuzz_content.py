"""Fuzzing: do scenario and org files a non-developer edited ever crash with a traceback?

Every input must either load or raise the project's clear error (ContentError for scenarios,
OrgProfileError for organization profiles) naming the file.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from grading.course.org import OrgProfileError, load_org
from simulator import load_scenario
from simulator.errors import SimulatorError
from tests.fuzz.strategies import FUZZ, as_text, hostile_text, json_like, mutated

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "tests" / "fixtures" / "scenarios" / "practice-mini.yaml"
SCENARIO_DATA = YAML(typ="safe").load(SCENARIO.read_text(encoding="utf-8"))
ORG_DATA = {
    "name": "Riverside Peer Center",
    "people_served": {"singular": "member", "plural": "members"},
    "note_format": "DAP",
    "unit_minutes": 15,
    "min_minutes_for_unit": 8,
    "local_resources": [{"name": "Harbor House", "contact": "555-0100"}],
    "passing_marks": {"01-motivational-interviewing": 0.8},
}
LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)

scenario_texts = st.one_of(
    hostile_text,
    json_like.map(as_text),
    mutated(SCENARIO_DATA).map(as_text),
)
org_texts = st.one_of(hostile_text, json_like.map(as_text), mutated(ORG_DATA).map(as_text))


def _loads_or_explains_scenario(path: Path) -> None:
    try:
        load_scenario(path)
    except SimulatorError as error:
        assert str(path) in str(error), f"the error does not name the file: {error}"


@FUZZ
@given(text=scenario_texts)
@example(text=LAUGHS)
@example(text=SCENARIO.read_text(encoding="utf-8"))
def test_scenario_yaml_never_crashes(new_file, text: str) -> None:
    """Does any scenario file load or raise ContentError naming the file (no traceback)?"""
    _loads_or_explains_scenario(new_file(".yaml", text))


@FUZZ
@given(data=st.binary(max_size=300))
@example(data=b"\xff\xfe\x00id: x")
def test_scenario_bytes_never_crash(new_file, data: bytes) -> None:
    """Does a binary or non-UTF-8 scenario file raise ContentError rather than crash?"""
    _loads_or_explains_scenario(new_file(".yaml", data))


@FUZZ
@given(text=org_texts)
@example(text=LAUGHS)
@example(text=as_text(ORG_DATA))
def test_org_yaml_never_crashes(new_file, text: str) -> None:
    """Does any org.yaml load or raise OrgProfileError naming the file (no traceback)?"""
    path = new_file(".yaml", text)
    try:
        load_org(path)
    except OrgProfileError as error:
        assert str(path) in str(error), f"the error does not name the file: {error}"
