"""`python -m grading new-org`: a commented starter profile that builds as written."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML
from typer.testing import CliRunner

from grading.cli import app
from grading.course.org import ORG_SCENARIOS_DIR, OrgProfile, default_org, install_profile, load_org
from grading.course.org_starter import field_reference, starter_text
from simulator import Session, list_scenarios, load_scenario

ROOT = Path(__file__).resolve().parents[2]


def test_the_starter_validates_as_written_and_holds_the_defaults(tmp_path):
    """Does the untouched starter file load (against the real modules) as the default profile?"""
    path = tmp_path / "org.yaml"
    path.write_text(starter_text(), encoding="utf-8")
    assert load_org(path, ROOT / "modules") == default_org()


def test_every_field_is_in_the_starter_with_its_description():
    """Does the starter show every field, each under a comment taken from the schema?"""
    text = starter_text()
    lines = text.splitlines()
    for name, field in OrgProfile.model_fields.items():
        (line,) = [i for i, line in enumerate(lines) if line.startswith(f"{name}:")]
        comment = " ".join(
            line.lstrip("# ") for line in lines[max(0, line - 12) : line] if line.startswith("#")
        )
        assert field.description.split()[-1] in comment, name


def test_empty_lists_come_with_a_commented_example_that_is_valid(tmp_path):
    """Can a coordinator uncomment an example (extra language) and still have a valid file?"""
    text = starter_text()
    assert "# Example:\n# extra_language:" in text
    start = text.index("# extra_language:")
    block = []
    for line in text[start:].splitlines():
        if not line.startswith("#"):
            break
        block.append(line[2:])
    edited = text.replace("extra_language: []\n", "") + "\n".join(block) + "\n"
    path = tmp_path / "org.yaml"
    path.write_text(edited, encoding="utf-8")
    assert [entry.term for entry in load_org(path).extra_language] == ["client"]


def test_edits_keep_the_comments(tmp_path):
    """After a round-trip edit of one value, are the explanations still in the file?"""
    yaml = YAML()
    document = yaml.load(starter_text())
    document["name"] = "Harbor House"
    path = tmp_path / "org.yaml"
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(document, handle)
    text = path.read_text(encoding="utf-8")
    assert "# The organization's name" in text and load_org(path).name == "Harbor House"


def test_new_org_command_writes_and_never_overwrites(tmp_path):
    """Does `new-org PATH` write the file, refuse to replace it, and replace it with --force?"""
    runner = CliRunner()
    path = tmp_path / "agency" / "org.yaml"
    first = runner.invoke(app, ["new-org", str(path)])
    assert first.exit_code == 0, first.output
    assert load_org(path) == default_org()
    path.write_text("name: Mine\n", encoding="utf-8")
    second = runner.invoke(app, ["new-org", str(path)])
    assert second.exit_code == 1 and "already exists" in second.output
    assert "Traceback" not in second.output and path.read_text() == "name: Mine\n"
    forced = runner.invoke(app, ["new-org", str(path), "--force"])
    assert forced.exit_code == 0 and load_org(path) == default_org()


def test_the_starter_scenario_is_complete_v2_and_the_org_using_it_loads(tmp_path):
    """With `extra_scenarios: [scenarios]` set, does the fresh org load and its person answer?"""
    path = tmp_path / "agency" / "org.yaml"
    assert CliRunner().invoke(app, ["new-org", str(path)]).exit_code == 0
    yaml = YAML()
    document = yaml.load(path.read_text(encoding="utf-8"))
    document["extra_scenarios"] = ["scenarios"]
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(document, handle)
    org = load_org(path, ROOT / "modules")
    (file,) = org.scenario_files()
    scenario = load_scenario(file)
    assert scenario.schema_version == 2 and scenario.facts and scenario.topics
    assert scenario.act_replies.advice.named
    install_profile(org, tmp_path / "course")
    assert scenario.id in {s.id for s in list_scenarios([tmp_path / "course" / ORG_SCENARIOS_DIR])}
    for fact in scenario.facts:
        for phrase in fact.ask[:2]:
            turn = Session(scenario, seed=0).respond(phrase[0].upper() + phrase[1:] + "?")
            assert turn.decision.fact == fact.id and fact.answer in turn.reply, phrase


def test_new_org_keeps_an_edited_starter_scenario(tmp_path):
    """Run again with --force on a new profile name, is an edited scenario replaced only then?"""
    runner = CliRunner()
    assert runner.invoke(app, ["new-org", str(tmp_path / "org.yaml")]).exit_code == 0
    scenario = tmp_path / "scenarios" / "starter-first-visit.yaml"
    scenario.write_text("mine\n", encoding="utf-8")
    assert runner.invoke(app, ["new-org", str(tmp_path / "other.yaml")]).exit_code == 0
    assert scenario.read_text(encoding="utf-8") == "mine\n"
    assert runner.invoke(app, ["new-org", str(tmp_path / "other.yaml"), "--force"]).exit_code == 0
    assert scenario.read_text(encoding="utf-8") != "mine\n"


def test_new_org_help_shows_a_worked_example():
    """Does `new-org --help` show how to write and then use a profile?"""
    result = CliRunner().invoke(app, ["new-org", "--help"])
    assert result.exit_code == 0
    assert "python -m grading new-org my-agency/org.yaml" in result.output
    assert "build --org my-agency/org.yaml" in result.output


def test_the_guide_lists_every_field_as_the_schema_describes_it():
    """Is the field table in docs/organization-guide.md the one the schema generates today?"""
    guide = (ROOT / "docs" / "organization-guide.md").read_text(encoding="utf-8")
    table = guide.split("<!-- fields:start")[1].split("-->", 1)[1].split("<!-- fields:end -->")[0]
    assert table.strip() == field_reference().strip(), (
        "docs/organization-guide.md is stale: paste grading.course.org_starter.field_reference() "
        "between the fields:start and fields:end markers."
    )


def test_the_guides_worked_example_is_the_shipped_example():
    """Does every YAML line of the guide's worked example appear in the Riverbend example file?"""
    guide = (ROOT / "docs" / "organization-guide.md").read_text(encoding="utf-8")
    example = guide.split("```yaml\n")[1].split("```")[0]
    shipped = (ROOT / "examples/org/recovery-community-center/org.yaml").read_text(encoding="utf-8")
    for line in example.splitlines():
        content = line.split("  #")[0].rstrip()
        if content:
            assert content in shipped, line
