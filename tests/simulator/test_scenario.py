"""Scenario files: do the packaged ones load, and do broken ones fail with file, line and field?"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator import ContentError, ScenarioNotFound, list_scenarios, load_scenario
from simulator.engine.scenario import SCENARIO_DIR

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
        for bank in ("discord", "disengaged", "role_confusion", "hurt"):
            assert getattr(scenario.reactions, bank), f"{scenario.id}: empty bank {bank}"
        assert all(topic.neutral for topic in scenario.topics.values()), scenario.id
        assert any(topic.sustain for topic in scenario.topics.values()), scenario.id
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
        '      reasons: ["My kid asked me to stop."]',
        "      reasons:\n        - text: My kid asked me to stop.",
    )
    with pytest.raises(ContentError) as caught:
        load_scenario(broken)
    problem = caught.value.problems[0]
    assert problem.startswith(
        "line 34: topics.smoking.change.reasons[0]: Input should be a valid string (got a mapping)"
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


BROKEN_V2 = [
    (
        "    topic: family\n",
        "    topic: famly\n",
        "line 24: facts[1].topic: no topic 'famly'; expected one of: smoking, family",
    ),
    (
        '    ask: ["do you have kids", "how old is your kid"]\n',
        "",
        "line 21: facts[1].ask: this field is required but missing (expected: Words a trainee",
    ),
    (
        '    ask: ["do you have kids", "how old is your kid"]\n',
        "    ask: []\n",
        "line 22: facts[1].ask: List should have at least 1 item",
    ),
    (
        '    cold_referral: ["So I just call a number? Alone?"]\n',
        "",
        "line 78: crisis.replies.cold_referral: this field is required but missing"
        " (expected: The helper just hands over a number.)",
    ),
    (
        "    thoughts: [\"Yes. I've thought about it. I don't have a plan.\"]\n",
        "",
        "line 73: crisis.answers.thoughts: this field is required but missing",
    ),
    (
        "opening_topic: smoking",
        "opening_topic: smokes",
        "line 13: opening_topic: no topic 'smokes'; expected one of: smoking, family",
    ),
    (
        "    - after_turn: 2\n",
        "    - after_turn: 3\n",
        "line 68: crisis.hints[0].after_turn: a hint comes before the cue (turn 3)",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), BROKEN_V2, ids=lambda v: str(v)[:30])
def test_broken_v2_story_names_file_line_field_and_expectation(
    tmp_path, mini_scenario, old, new, expected
):
    """Do a dangling topic, a fact without asking words and a crisis arc missing a stage each
    fail naming the file, the line, the field and what was expected?"""
    broken = _write(tmp_path, Path(mini_scenario.source_file), old, new)
    with pytest.raises(ContentError) as caught:
        load_scenario(broken)
    assert str(broken) in str(caught.value)
    assert any(problem.startswith(expected) for problem in caught.value.problems), (
        caught.value.problems
    )


LEGACY = Path(__file__).parents[1] / "fixtures" / "legacy" / "practice-mini-v1.yaml"


def test_upgrade_command_rewrites_a_v1_file_as_v2_keeping_every_line(tmp_path):
    """Does `python -m simulator upgrade FILE` write a loadable format-2 file with all the v1
    lines, and keep the original beside it?"""
    from typer.testing import CliRunner

    from simulator.faces.cli import app

    target = tmp_path / "practice-mini.yaml"
    target.write_text(LEGACY.read_text())
    result = CliRunner().invoke(app, ["upgrade", str(target)])
    assert result.exit_code == 0, result.output
    upgraded = load_scenario(target)
    assert upgraded.schema_version == 2 and upgraded.rubric[0].id == "reflections_per_question"
    assert {"Smoking is the only break I get.", "That word stings."} <= upgraded.lines()
    assert (tmp_path / "practice-mini.yaml.v1.bak").read_text() == LEGACY.read_text()
    again = CliRunner().invoke(app, ["upgrade", str(target)])
    assert again.exit_code == 1 and "expected 1" in str(again.exception)


def test_a_v1_file_is_refused_with_what_to_do(tmp_path):
    """Does a format-1 scenario fail naming the file, the line, the field and the command that
    upgrades it (no silent guessing)?"""
    target = tmp_path / "practice-mini.yaml"
    target.write_text(LEGACY.read_text())
    with pytest.raises(ContentError) as caught:
        load_scenario(target)
    (problem,) = caught.value.problems
    assert str(target) in str(caught.value)
    assert problem.startswith("line 1: schema_version: this is a format-1 scenario")
    assert "python -m simulator upgrade FILE" in problem and "facts" in problem
