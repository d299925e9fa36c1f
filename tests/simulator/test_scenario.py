"""Scenario files: do the packaged ones load, and do broken ones fail with file, line and field?"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator import ContentError, ScenarioNotFound, list_scenarios, load_scenario
from simulator.scenario import SCENARIO_DIR

REQUIRED_IDS = {
    "alcohol-ambivalence",
    "medication-stopping",
    "isolated-after-discharge",
    "angry-about-services",
}


def _write(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text()
    assert old in text, f"fixture no longer contains {old!r}"
    target = tmp_path / source.name
    target.write_text(text.replace(old, new, 1))
    return target


def test_packaged_scenarios_load_and_include_the_core_four():
    """Do all packaged scenarios validate, including the four the foundation needs?"""
    ids = {scenario.id for scenario in list_scenarios()}
    assert ids >= REQUIRED_IDS
    for path in SCENARIO_DIR.glob("*.yaml"):
        assert load_scenario(path.stem).id == path.stem, f"{path.name}: id must match file name"


def test_every_scenario_has_lines_in_every_bank():
    """Can every packaged scenario answer in every state the persona can reach?"""
    for scenario in list_scenarios():
        responses = scenario.responses
        for bank in ("neutral", "sustain", "discord", "disengaged", "role_confusion", "hurt"):
            assert getattr(responses, bank), f"{scenario.id}: empty bank {bank}"
        assert scenario.change_kinds()[:4] == ["desire", "ability", "reasons", "need"]


def test_unknown_scenario_names_the_known_ones():
    """Does asking for a missing scenario list the ones that exist?"""
    with pytest.raises(ScenarioNotFound, match="alcohol-ambivalence"):
        load_scenario("no-such-person")


def test_missing_field_names_file_line_and_field(tmp_path, mini_scenario):
    """Does a scenario without an opening line fail naming the file and the missing field?"""
    source = Path(mini_scenario.source_file)
    broken = _write(tmp_path, source, 'opening: "I keep saying', 'openin: "I keep saying')
    with pytest.raises(ContentError) as caught:
        load_scenario(broken)
    message = str(caught.value)
    assert str(broken) in message
    assert "opening: this field is required but missing" in message
    assert "openin: unknown field; did you mean 'opening'?" in message
    assert "line 12: openin" in message


def test_wrong_type_names_the_nested_field_and_line(tmp_path, mini_scenario):
    """Does a mapping where a line of speech belongs fail at that list item, with its line?"""
    source = Path(mini_scenario.source_file)
    broken = _write(
        tmp_path,
        source,
        '    reasons: ["My kid asked me to stop."]',
        "    reasons:\n      - text: My kid asked me to stop.",
    )
    with pytest.raises(ContentError) as caught:
        load_scenario(broken)
    problem = caught.value.problems[0]
    assert problem.startswith(
        "line 22: responses.change.reasons[0]: Input should be a valid string (got a mapping)"
    )


def test_invalid_yaml_reports_the_line(tmp_path, mini_scenario):
    """Does a YAML syntax error report where it happened?"""
    broken = _write(tmp_path, Path(mini_scenario.source_file), "title: ", "title: [unclosed")
    with pytest.raises(ContentError, match=r"line \d+: not valid YAML"):
        load_scenario(broken)


def test_rubric_needs_exactly_one_bound(tmp_path, mini_scenario):
    """Is a rubric line with no bound rejected with a plain message?"""
    broken = _write(tmp_path, Path(mini_scenario.source_file), "    at_least: 1\n", "")
    with pytest.raises(ContentError, match="exactly one of 'at_least' or 'at_most'"):
        load_scenario(broken)


def test_extra_scenario_folders_are_listed(tmp_path, mini_scenario):
    """Do an organization's extra scenarios appear beside the packaged ones?"""
    extra = tmp_path / "org-scenarios"
    extra.mkdir()
    (extra / "practice-mini.yaml").write_text(Path(mini_scenario.source_file).read_text())
    assert "practice-mini" in {s.id for s in list_scenarios([extra])}
    assert load_scenario("practice-mini", [extra]).person.name == "Sam"
