"""The organization profile: schema, defaults, YAML loading, clear errors, and how the course and
checkers read it back (org.json, extra scenarios, extra language, completion)."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from pydantic import BaseModel

from grading.checks.language import check_language
from grading.checks.notes import NoteRules, check_note, units_for_minutes
from grading.course.org import (
    ORG_FILE,
    ORG_SCENARIOS_DIR,
    OrgProfile,
    OrgProfileError,
    active_profile,
    completion_status,
    default_org,
    install_profile,
    load_org,
)
from simulator import Session, list_scenarios, load_scenario

ROOT = Path(__file__).resolve().parents[2]
MODULES = ROOT / "modules"
EXAMPLES = ROOT / "examples" / "org"
COUNTY = EXAMPLES / "county-behavioral-health" / "org.yaml"
RCO = EXAMPLES / "recovery-community-center" / "org.yaml"
RCO_SCENARIO = RCO.parent / "scenarios" / "recovery-cafe-newcomer.yaml"


@pytest.fixture
def modules(tmp_path: Path) -> Path:
    """A modules/ folder with two modules (only their folder names matter here)."""
    for name in ("00-welcome", "04-documentation"):
        (tmp_path / "modules" / name).mkdir(parents=True)
        (tmp_path / "modules" / name / "lesson.ipynb").write_text("{}", encoding="utf-8")
    return tmp_path / "modules"


def write(tmp_path: Path, text: str, name: str = "org.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_default_profile_has_the_documented_values():
    """Does the default profile use the brief's defaults?"""
    org = default_org()
    assert (org.note_format, org.unit_minutes, org.min_minutes_for_unit) == ("GIRP", 15, 8)
    assert org.service_code == "H0038" and org.schema_version == 1
    assert str(org.people_served) == "person" and org.people_served.plural == "people"
    assert org.crisis_line.startswith("988")
    assert load_org(None) == org


def models(model: type[BaseModel]) -> list[type[BaseModel]]:
    found = [model]
    for field in model.model_fields.values():
        for argument in (field.annotation, *getattr(field.annotation, "__args__", ())):
            if isinstance(argument, type) and issubclass(argument, BaseModel):
                found += models(argument)
    return found


def test_every_field_explains_itself():
    """Does every field of the profile (and of its parts) carry a description for coordinators?"""
    for model in models(OrgProfile):
        for name, field in model.model_fields.items():
            assert field.description and len(field.description) > 10, f"{model.__name__}.{name}"
    assert len(models(OrgProfile)) >= 4  # profile, terms, resource, language entry


def test_a_profile_lists_only_what_differs(tmp_path):
    """Does a short YAML file override some fields and keep the other defaults?"""
    path = write(tmp_path, "name: Harbor House\nnote_format: dap\npassing_marks: {01-a: 0.5}\n")
    org = load_org(path)
    assert (org.name, org.note_format, org.unit_minutes) == ("Harbor House", "DAP", 15)
    assert org.passing_mark_for("01-a") == 0.5 and org.passing_mark_for("02-b") == 0.8


def test_passing_marks_can_be_written_as_percent(tmp_path, modules):
    """Is '90%' read as 0.9, and is a bare 90 refused with a hint instead of guessed?"""
    path = write(tmp_path, "passing_mark: '75%'\npassing_marks:\n  04-documentation: 90%\n")
    org = load_org(path, modules)
    assert org.passing_mark == 0.75 and org.passing_mark_for("04-documentation") == 0.9
    with pytest.raises(OrgProfileError, match=r"line 1: passing_mark: 90 is more than 1.*'90%'"):
        load_org(write(tmp_path, "passing_mark: 90\n"))


def test_the_examples_load_against_the_real_modules_and_differ():
    """Do both example organizations validate, and do they differ where agencies differ?"""
    county, rco = load_org(COUNTY, MODULES), load_org(RCO, MODULES)
    assert (str(county.people_served), county.note_format, county.min_minutes_for_unit) == (
        "consumer",
        "GIRP",
        8,
    )
    assert (str(rco.people_served), rco.note_format) == ("participant", "DAP")
    assert "Harbor County Crisis Line" in county.crisis_line
    assert "Riverbend" in rco.warm_line and rco.group_modifier == "HQ"
    assert [p.name for p in rco.scenario_files()] == [RCO_SCENARIO.name]
    assert county.scenario_files() == [] and len(rco.lexicon()) == len(county.lexicon()) + 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "name: X\npeple_served: {singular: a, plural: b}\n",
            ["line 2: peple_served: unknown field; did you mean 'people_served'?"],
            id="unknown key",
        ),
        pytest.param(
            "name: X\nunit_minutes: fifteen\n",
            ["line 2: unit_minutes: Input should be a valid integer", "'fifteen'"],
            id="wrong type",
        ),
        pytest.param(
            "note_format: GRIP\n",
            ["line 1: note_format: 'GRIP' is not a note format", "did you mean 'GIRP'?", "SOAP"],
            id="unknown note format",
        ),
        pytest.param(
            "required_modules:\n  - 00-welcome\n  - 04-documentaton\n",
            [
                "line 3: required_modules[1]: '04-documentaton' is not a module of this course",
                "did you mean '04-documentation'?",
            ],
            id="typo in a module name",
        ),
        pytest.param(
            "passing_marks:\n  00-welcom: 0.9\n",
            ["line 2: passing_marks.00-welcom:", "did you mean '00-welcome'?"],
            id="typo in a passing-mark module",
        ),
        pytest.param(
            "unit_minutes: 15\nmin_minutes_for_unit: 20\n",
            ["line 2: min_minutes_for_unit: 20 is more than unit_minutes (15)"],
            id="rounding rule longer than a unit",
        ),
        pytest.param(
            "extra_language:\n  - {term: x, pattern: '(', why: y, alternatives: [z],"
            " kind: person}\n",
            ["line 2: extra_language[0].pattern: not a valid regular expression"],
            id="bad language pattern",
        ),
        pytest.param(
            "extra_language:\n  - {term: x, pattern: x, why: y, alternatives: [z], kind: mood}\n",
            ["extra_language[0].kind: Input should be 'person'"],
            id="bad language kind",
        ),
        pytest.param(
            "people_served: consumer\n",
            ["line 1: people_served: Input should be a valid dictionary"],
            id="terms without plural",
        ),
        pytest.param("- a list\n", ["expected a mapping of fields"], id="not a mapping"),
        pytest.param("name: [unclosed\n", ["not valid YAML"], id="broken YAML"),
        pytest.param("schema_version: 2\n", ["line 1: schema_version: Input should be 1"], id="v2"),
    ],
)
def test_bad_profiles_name_file_line_field_and_expectation(tmp_path, modules, text, expected):
    """Does each mistake name the file, the line, the field, what was expected (and a guess)?"""
    path = write(tmp_path, text)
    with pytest.raises(OrgProfileError) as error:
        load_org(path, modules)
    message = str(error.value)
    assert str(path) in message
    for fragment in expected:
        assert fragment in message
    assert "Traceback" not in message


def test_missing_profile(tmp_path):
    """Is a missing file named?"""
    with pytest.raises(
        OrgProfileError, match=r"nope.yaml is not valid:\n  - the file does not exist"
    ):
        load_org(tmp_path / "nope.yaml")


def test_a_broken_extra_scenario_names_the_scenario_file_and_field(tmp_path):
    """Does a scenario that fails the schema name the profile line and the scenario's field?"""
    (tmp_path / "mine").mkdir()
    text = RCO_SCENARIO.read_text(encoding="utf-8").replace("age: 34", "age: thirty-four")
    (tmp_path / "mine" / "cafe.yaml").write_text(text, encoding="utf-8")
    path = write(tmp_path, "name: X\nextra_scenarios:\n  - mine\n")
    with pytest.raises(OrgProfileError) as error:
        load_org(path)
    message = str(error.value)
    assert "line 3: extra_scenarios[0]: scenario file" in message
    assert "cafe.yaml: line 10: person.age: Input should be a valid integer" in message


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("nothing", "no such folder or file"),
        ("empty", "holds no .yaml scenario files"),
        ("packaged id", "id 'alcohol-ambivalence' is already used by"),
    ],
)
def test_extra_scenario_folders_are_checked(tmp_path, setup, expected):
    """Are a missing folder, an empty one and a clash with a packaged id each explained?"""
    folder = tmp_path / "mine"
    if setup != "nothing":
        folder.mkdir()
    if setup == "packaged id":
        shutil.copy(ROOT / "simulator" / "scenarios" / "alcohol-ambivalence.yaml", folder)
    with pytest.raises(OrgProfileError, match=expected):
        load_org(write(tmp_path, "extra_scenarios: [mine]\n"))


def test_extra_scenarios_resolve_against_the_profile_folder(monkeypatch):
    """Are scenario folders found relative to org.yaml, not to where the command runs?"""
    monkeypatch.chdir(ROOT)
    org = load_org(RCO.relative_to(ROOT))
    assert org.extra_scenarios == [RCO_SCENARIO.parent]


def test_the_course_copy_of_the_profile_and_scenarios_is_self_contained(tmp_path):
    """Does install_profile leave org.json and org-scenarios/ that load from that folder alone?"""
    install_profile(load_org(RCO), tmp_path)
    copied = active_profile(tmp_path / ORG_FILE)
    assert copied.name == "Riverbend Recovery Community Center"
    assert copied.extra_scenarios == [Path(ORG_SCENARIOS_DIR)]
    extra = [s.id for s in list_scenarios(extra_dirs=[tmp_path / ORG_SCENARIOS_DIR])]
    assert "recovery-cafe-newcomer" in extra and "alcohol-ambivalence" in extra


def test_active_profile_is_the_default_without_org_json(tmp_path, monkeypatch):
    """Without org.json next to the notebook, do checkers use the documented default?"""
    monkeypatch.chdir(tmp_path)
    assert active_profile() == default_org()
    (tmp_path / ORG_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(OrgProfileError, match="not a profile written by the course build"):
        active_profile()


def test_checkers_follow_the_course_profile(tmp_path, monkeypatch):
    """At grading time, do the language and note checkers apply the organization's rules?"""
    monkeypatch.chdir(tmp_path)
    text = "I met with the client at the cafe."
    assert not [f for f in check_language(text) if f.code == "stigma:client"]
    assert units_for_minutes(10) == 1  # default: 8-minute rule
    install_profile(load_org(RCO), tmp_path)
    (finding,) = [f for f in check_language(text) if f.code == "stigma:client"]
    assert "'participant'" in finding.fix and "Riverbend" in finding.why
    assert units_for_minutes(10) == 0 and units_for_minutes(30) == 2  # whole units only
    note = check_note("Goal: housing\nIntervention: shared my story")
    assert "note:missing:section:data" in {f.code for f in note}
    assert any("DAP note" in f.what for f in note)
    assert NoteRules.from_org(active_profile()).note_format == "DAP"


def test_completion_uses_required_modules_and_passing_marks(tmp_path, modules):
    """Does completion need every required module at its own passing mark?"""
    path = write(
        tmp_path,
        "required_modules: [00-welcome, 04-documentation]\npassing_mark: 0.8\n"
        "passing_marks: {04-documentation: '90%'}\n",
    )
    org = load_org(path, modules)
    course = ["00-welcome", "04-documentation", "05-extra"]
    done = completion_status({"00-welcome": 0.8, "04-documentation": 0.9}, org, course)
    assert done.completed and done.missing == [] and done.required == course[:2]
    short = completion_status({"00-welcome": 1.0, "04-documentation": 0.85}, org, course)
    assert not short.completed and short.missing == ["04-documentation"]
    ungraded = completion_status({"00-welcome": None}, org, course)
    assert ungraded.missing == ["00-welcome", "04-documentation"]


def test_without_required_modules_every_course_module_counts():
    """With required_modules left empty, is every module of the course required?"""
    status = completion_status({"00-welcome": 1.0}, default_org(), ["01-b", "00-welcome"])
    assert status.required == ["00-welcome", "01-b"] and status.missing == ["01-b"]


def test_the_example_scenario_plays_in_the_simulator():
    """Does the recovery center's own scenario run like a packaged one, with its own lines?"""
    scenario = load_scenario(RCO_SCENARIO)
    session = Session(scenario, seed=0)
    turn = session.respond("What brings you in today?")
    own_lines = [line for line in scenario.lines() if len(line) > 15]
    assert any(line in turn.reply for line in own_lines), turn.reply
    assert scenario.setting.startswith("The recovery cafe at Riverbend")


def test_the_free_practice_folder_gets_the_organizations_scenarios(tmp_path):
    """Does the trainee's practice folder receive org.json and the extra scenarios, once?"""
    from grading.course.workspace import setup_workspace

    course = tmp_path / "course"
    (course / "release" / "00-welcome").mkdir(parents=True)
    install_profile(load_org(RCO), course, always_scenarios=True)
    (tmp_path / "modules" / "practice").mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(), tmp_path / "modules/practice/free-practice.ipynb")
    out = tmp_path / "workspace"
    setup_workspace(course, out, tmp_path / "modules")
    practice = out / "practice"
    assert (practice / ORG_SCENARIOS_DIR / RCO_SCENARIO.name).is_file()
    assert active_profile(practice / ORG_FILE).name == "Riverbend Recovery Community Center"
    again = setup_workspace(course, out, tmp_path / "modules")
    assert again.added == [] and practice / ORG_FILE in again.kept


def test_the_public_names_exist_and_are_documented():
    """Is every name in grading.course.org.__all__ importable and explained?"""
    import grading.course.org

    for name in grading.course.org.__all__:
        value = getattr(grading.course.org, name)
        if callable(value):
            assert value.__doc__, name
