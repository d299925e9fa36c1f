"""The organization profile: the words, rules and resources that adapt the course to one agency.

A profile is one YAML file passed explicitly (``--org FILE``); without one, :func:`default_org`
is used. Every field has a default, so a profile only lists what differs. Module notebooks read
the profile through Jinja2 placeholders such as ``{{ org.crisis_line }}`` or
``{{ org.people_served.plural }}`` (``{{ org.people_served }}`` alone gives the singular).

    org = load_org("examples/org/county-behavioral-health/org.yaml", modules_dir="modules")
    org.passing_mark_for("04-documentation")        # share of points needed, 0 to 1
    completion_status({"00-welcome": 1.0}, org, ["00-welcome"]).completed

`load_org` reads the YAML with `simulator.yaml_model.load_yaml_model`, so errors name the file,
the line (counting from 1), the field, what was expected and, for a misspelt key, module or note
format, the closest allowed name. The course build writes the profile as ``org.json`` next to
every module notebook; checkers read it at grading time with :func:`active_profile`.
"""

from __future__ import annotations

import difflib
import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from grading.course.module_folders import discover_modules
from grading.errors import CourseBuildError, GradingError
from simulator.coding.stigma import KINDS, Lexicon, lexicon_from_entries, load_lexicon
from simulator.errors import ContentError, SimulatorError
from simulator.voice.config import VoiceConfig
from simulator.yaml_model import load_yaml_model

__all__ = [
    "NOTE_FORMATS",
    "ORG_FILE",
    "ORG_SCENARIOS_DIR",
    "SCHEMA_VERSION",
    "CompletionStatus",
    "LanguageEntry",
    "OrgProfile",
    "OrgProfileError",
    "Resource",
    "Terms",
    "active_profile",
    "completion_status",
    "default_org",
    "install_profile",
    "load_org",
]

SCHEMA_VERSION = 1
NOTE_FORMATS = ("GIRP", "BIRP", "DAP", "SOAP")
#: The profile as the build writes it next to every module notebook (read by `active_profile`).
ORG_FILE = "org.json"
#: The folder, next to every module notebook, holding the organization's extra scenarios.
ORG_SCENARIOS_DIR = "org-scenarios"


class OrgProfileError(GradingError, ValueError):
    """Raised when an organization profile cannot be read or does not match the schema."""


def _problem(text: str) -> PydanticCustomError:
    """A validation error whose message is `text` as written (no "Value error," prefix)."""
    return PydanticCustomError("org_profile", "{problem}", {"problem": text})


def _did_you_mean(value: str, allowed: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(allowed), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _note_format(value: Any) -> Any:
    """Accept any capitalization; name the closest format when the value is unknown."""
    if not isinstance(value, str):
        return value
    if value.strip().upper() in NOTE_FORMATS:
        return value.strip().upper()
    hint = _did_you_mean(value.strip().upper(), NOTE_FORMATS)
    raise _problem(
        f"'{value}' is not a note format the course teaches{hint or '.'} "
        f"Allowed: {', '.join(NOTE_FORMATS)}"
    )


def _share(value: Any) -> Any:
    """A passing mark as a share (0.8) or a percent written with a % sign ('80%')."""
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            return float(value.strip()[:-1]) / 100
        except ValueError:
            raise _problem(f"'{value}' is not a percent such as '80%'") from None
    try:
        number = float(value) if not isinstance(value, bool) else None
    except (TypeError, ValueError):
        number = None
    if number is not None and 1 < number < float("inf"):
        raise _problem(
            f"{value} is more than 1: write a share between 0 and 1 (0.8) "
            f"or a percent with a % sign ('{number:g}%')"
        )
    return value


def _module_id(value: Any, info: ValidationInfo) -> Any:
    """Check a module id against the course's modules when the loader knows them."""
    modules = (info.context or {}).get("modules")
    if modules is None or not isinstance(value, str) or value in modules:
        return value
    hint = _did_you_mean(value, modules)
    raise _problem(
        f"'{value}' is not a module of this course{hint or '.'} "
        f"Modules: {', '.join(sorted(modules))}"
    )


def _scenario_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in map(Path, paths):
        files += sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    return files


def _scenario_source(value: Any, info: ValidationInfo) -> Any:
    """Resolve a scenario folder or file against the profile's folder and validate its files."""
    base = (info.context or {}).get("base_dir")
    if base is None or not isinstance(value, str):
        return value
    path = (Path(base) / value).resolve()
    if not path.exists():
        raise _problem(f"no such folder or file: {path}")
    files = _scenario_files([path])
    if not files:
        raise _problem(f"{path} holds no .yaml scenario files")
    from simulator.engine.scenario import load_scenario

    for file in files:
        try:
            load_scenario(file)
        except ContentError as error:
            raise _problem(f"scenario file {error.path}: {'; '.join(error.problems)}") from None
        except SimulatorError as error:
            raise _problem(f"scenario file {file}: {error}") from None
    return path


NoteFormat = Annotated[Literal["GIRP", "BIRP", "DAP", "SOAP"], BeforeValidator(_note_format)]
Share = Annotated[float, BeforeValidator(_share), Field(ge=0, le=1)]
ModuleId = Annotated[str, BeforeValidator(_module_id)]
ScenarioSource = Annotated[Path, BeforeValidator(_scenario_source)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Terms(_Strict):
    """One word in its singular and plural forms."""

    singular: str = Field(
        min_length=1, description="The word for one, e.g. 'person' or 'participant'."
    )
    plural: str = Field(
        min_length=1, description="The word for several, e.g. 'people' or 'participants'."
    )

    def __str__(self) -> str:
        return self.singular


class Resource(_Strict):
    """A local service a peer specialist can connect someone with."""

    name: str = Field(min_length=1, description="What the service is called.")
    contact: str = Field(default="", description="Phone, address or web page, as trainees see it.")
    description: str = Field(default="", description="One sentence on what it offers.")

    def __str__(self) -> str:
        return f"{self.name} ({self.contact})" if self.contact else self.name


class LanguageEntry(_Strict):
    """One extra term for the language checker, shaped like the shared stigma lexicon
    (simulator/coding/lexicons/stigma.yaml)."""

    term: str = Field(min_length=1, description="The word or phrase as a reader would name it.")
    pattern: str = Field(
        min_length=1,
        description="A Python regular expression, matched ignoring case, e.g. '\\bclients?\\b'.",
    )
    why: str = Field(min_length=1, description="Why the word harms, in one plain sentence.")
    alternatives: list[str] = Field(
        min_length=1, description="Words to use instead; the first is preferred."
    )
    kind: Literal[KINDS] = Field(  # type: ignore[valid-type]
        description=f"What the word labels: {', '.join(KINDS)}."
    )

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, pattern: str) -> str:
        try:
            re.compile(pattern)
        except re.error as error:
            raise _problem(f"not a valid regular expression ({error})") from None
        return pattern


class OrgProfile(_Strict):
    """Everything about an organization that the course adapts to."""

    schema_version: Literal[1] = Field(
        default=SCHEMA_VERSION, description="Version of this file format; this course reads 1."
    )
    name: str = Field(
        default="Example Peer Support Program",
        min_length=1,
        description="The organization's name, as it appears in lessons and completion records.",
    )
    people_served: Terms = Field(
        default=Terms(singular="person", plural="people"),
        description="The word the organization uses for the people it serves "
        "(e.g. consumer, member, participant, guest), in singular and plural.",
    )
    state: str = Field(default="Example State", description="State whose billing rules apply.")
    supervisor_title: str = Field(
        default="supervisor", description="What trainees call the person they escalate to."
    )
    completion_attestation: str = Field(
        default="I attest that the trainee named above completed the modules listed, with the "
        "dates, hours and scores shown, and that the role-plays listed were practiced and "
        "reviewed under supervision as part of this organization's peer support training.",
        min_length=1,
        max_length=2000,
        description="The statement trainer and supervisor sign on every completion record.",
    )
    note_format: NoteFormat = Field(
        default="GIRP",
        description=f"Progress-note format used by the organization: {', '.join(NOTE_FORMATS)}.",
    )
    note_deadline_days: int = Field(
        default=2, ge=0, description="Days after a contact by which its note must be written."
    )
    retention_days: int | None = Field(
        default=None,
        ge=1,
        description="Delete role-play transcripts older than this many days when "
        "`python -m grading purge` runs (unset: keep them until a trainer purges).",
    )
    service_code: str = Field(
        default="H0038",
        description="Billing code for individual peer support (HCPCS H0038: self-help/peer "
        "services, per 15 minutes), with any modifier your state requires.",
    )
    unit_minutes: int = Field(default=15, gt=0, le=60, description="Minutes in one billing unit.")
    min_minutes_for_unit: int = Field(
        default=8,
        gt=0,
        description="Rounding rule: the fewest minutes of a partly used unit that still count "
        "as one unit (8 with 15-minute units is the common '8-minute rule').",
    )
    daily_unit_cap: int = Field(
        default=16, gt=0, description="Most units billable for one person on one day."
    )
    group_service_code: str = Field(
        default="H0038", description="Billing code for peer support delivered in a group."
    )
    group_modifier: str = Field(
        default="HQ", description="Modifier added to the code for a group session (HQ: group)."
    )
    crisis_line: str = Field(
        default="988 Suicide & Crisis Lifeline (call or text 988)",
        description="Crisis line trainees are taught to connect people with.",
    )
    warm_line: str = Field(
        default="your state's peer-run warm line",
        description="Peer-run, non-crisis line for someone who wants to talk.",
    )
    duty_to_warn: str = Field(
        default="This profile does not describe your state's rule yet. Ask your supervisor "
        "whether staff in your state must, may or may not warn someone a person has "
        "seriously threatened, and what this organization's procedure is.",
        min_length=1,
        description="Your state's duty-to-warn (or duty-to-protect) rule and your procedure "
        "when a person threatens someone, in a sentence or two; shown in the ethics module.",
    )
    mandated_reporting: str = Field(
        default="This profile does not describe your state's rules yet. Ask your supervisor "
        "whether peer staff are mandated reporters in your state, which agencies take reports "
        "of child abuse and of abuse of older or dependent adults, and how fast a report must "
        "be made.",
        min_length=1,
        description="Who must report child abuse and abuse of older or dependent adults in your "
        "state, to which agency and how fast, in a sentence or two; shown in the ethics module.",
    )
    certification: str = Field(
        default="This profile does not name your state's peer credential yet. Many states use "
        "the IC&RC Peer Recovery (PR) credential, which typically asks for 46 hours of training, "
        "500 hours of peer support experience and 25 hours of supervision, then the IC&RC exam; "
        "ask your supervisor which board certifies peers in your state and what it asks for.",
        min_length=1,
        description="Your state's peer credential: its name, the certifying board, the training, "
        "experience and supervised hours it asks for, and the exam, in a sentence or two; shown "
        "in the certification module.",
    )
    local_resources: list[Resource] = Field(
        default_factory=list,
        description="Local services named in the lessons (name, contact, description).",
        examples=[
            [
                {
                    "name": "Riverside Food Pantry",
                    "contact": "555-0142",
                    "description": "Free groceries on Tuesdays and Fridays, no ID needed.",
                }
            ]
        ],
    )
    required_modules: list[ModuleId] = Field(
        default_factory=list,
        description="Module folders a trainee must pass to complete the course, e.g. "
        "04-documentation; empty means every module in the course.",
        examples=[["00-welcome", "01-motivational-interviewing"]],
    )
    passing_mark: Share = Field(
        default=0.8,
        description="Share of a module's points needed to pass it: 0.8 or '80%'.",
    )
    passing_marks: dict[ModuleId, Share] = Field(
        default_factory=dict,
        description="Passing marks for single modules, overriding passing_mark.",
        examples=[{"04-documentation": "90%"}],
    )
    choice_feedback: Literal["practice", "exam"] = Field(
        default="practice",
        description="Graded choice questions: 'practice' says right or wrong (with the reason) "
        "as soon as a trainee runs the check; 'exam' keeps it until the trainer grades.",
    )
    extra_scenarios: list[ScenarioSource] = Field(
        default_factory=list,
        description="Folders (or single files) of extra role-play scenarios in the simulator's "
        "scenario format, relative to this file; they appear in the free-practice picker.",
        examples=[["scenarios"]],
    )
    extra_language: list[LanguageEntry] = Field(
        default_factory=list,
        description="Extra words the language checker flags for this organization, in the "
        "shape of simulator/coding/lexicons/stigma.yaml (term, pattern, why, alternatives, kind).",
        examples=[
            [
                {
                    "term": "client",
                    "pattern": "\\bclients?\\b",
                    "why": "Our members chose 'member'; 'client' casts them as customers of a "
                    "clinic.",
                    "alternatives": ["member", "the person's name"],
                    "kind": "person",
                }
            ]
        ],
    )
    voice: VoiceConfig = Field(
        default=VoiceConfig(),
        description="Who words the simulated person's replies: the scenario's written lines "
        "(authored, the default: offline) or your organization's own model server "
        "(openai-compatible); scores never depend on it. See docs/model-voice.md.",
    )

    @field_validator("min_minutes_for_unit")
    @classmethod
    def _within_unit(cls, minutes: int, info: ValidationInfo) -> int:
        unit = info.data.get("unit_minutes")
        if unit is not None and minutes > unit:
            raise _problem(f"{minutes} is more than unit_minutes ({unit}); use 1 to {unit}")
        return minutes

    @field_validator("extra_scenarios")
    @classmethod
    def _unique_scenario_ids(cls, paths: list[Path], info: ValidationInfo) -> list[Path]:
        if (info.context or {}).get("base_dir") is None:
            return paths
        from simulator.engine.scenario import SCENARIO_DIR, load_scenario

        taken = {path.stem: str(path) for path in SCENARIO_DIR.glob("*.yaml")}
        for file in _scenario_files(paths):
            scenario_id = load_scenario(file).id
            if scenario_id in taken:
                raise _problem(
                    f"scenario file {file}: id '{scenario_id}' is already used by "
                    f"{taken[scenario_id]}; give it an id of its own"
                )
            taken[scenario_id] = str(file)
        return paths

    def passing_mark_for(self, module_id: str) -> float:
        """The share of points (0 to 1) a trainee needs to pass `module_id`."""
        return self.passing_marks.get(module_id, self.passing_mark)

    def required(self, course_modules: Iterable[str]) -> list[str]:
        """The modules a trainee must pass: `required_modules`, or every course module."""
        return list(self.required_modules) or sorted(course_modules)

    def scenario_files(self) -> list[Path]:
        """Every extra scenario file, in the order the profile lists its folders."""
        return _scenario_files(self.extra_scenarios)

    def lexicon(self) -> Lexicon:
        """The shared stigma lexicon plus this organization's extra language guidance."""
        return _merged_lexicon(tuple(entry.model_dump_json() for entry in self.extra_language))


@cache
def _merged_lexicon(extra: tuple[str, ...]) -> Lexicon:
    shared = load_lexicon()
    if not extra:
        return shared
    entries = [LanguageEntry.model_validate_json(text).model_dump() for text in extra]
    return shared.extended(lexicon_from_entries(entries, "extra_language"))


def install_profile(org: OrgProfile, folder: Path, always_scenarios: bool = False) -> None:
    """Write `org` as ``org.json`` into `folder`, with its extra scenarios in ``org-scenarios/``.

    The course build calls this for every module, so notebooks, hidden tests and the role-play
    picker find the profile and scenarios next to them (in the release and at autograde).
    """
    files = org.scenario_files()
    if files or always_scenarios:
        (folder / ORG_SCENARIOS_DIR).mkdir(parents=True, exist_ok=True)
    for file in files:
        shutil.copy2(file, folder / ORG_SCENARIOS_DIR / file.name)
    local = org.model_copy(update={"extra_scenarios": [Path(ORG_SCENARIOS_DIR)] if files else []})
    (folder / ORG_FILE).write_text(local.model_dump_json(indent=2) + "\n", encoding="utf-8")


def default_org() -> OrgProfile:
    """The documented default profile used when no ``--org`` file is given."""
    return OrgProfile()


def load_org(path: Path | str | None, modules_dir: Path | str | None = None) -> OrgProfile:
    """Read an organization profile from YAML; None gives the default profile.

    With `modules_dir`, module names in required_modules and passing_marks are checked against
    the course's module folders. Extra scenario folders are resolved against the profile's folder
    and every scenario in them is validated. Raises OrgProfileError naming the file, the line, the
    field and what was expected.
    """
    if path is None:
        return default_org()
    path = Path(path)
    context: dict[str, Any] = {"base_dir": path.resolve().parent}
    if modules_dir is not None:
        try:
            context["modules"] = [module.name for module in discover_modules(Path(modules_dir))]
        except CourseBuildError as error:
            raise OrgProfileError(str(error)) from None
    try:
        return load_yaml_model(path, OrgProfile, context=context)
    except ContentError as error:
        raise OrgProfileError(f"{error}\nSee docs/organization-guide.md for every field.") from None


def active_profile(path: Path | str = ORG_FILE) -> OrgProfile:
    """The profile the course was built with (``org.json`` next to the notebook), else the default.

    Hidden tests and checkers call this at grading time, so they apply the same units, note
    format and words as the lessons the trainee read.
    """
    path = Path(path)
    if not path.is_file():
        return default_org()
    return _read_built_profile(path.resolve(), path.stat().st_mtime_ns)


@cache
def _read_built_profile(path: Path, modified: int) -> OrgProfile:
    try:
        return OrgProfile.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise OrgProfileError(
            f"{path}: not a profile written by the course build ({error}). "
            "Rebuild the course: python -m grading build --org ORG.yaml"
        ) from None


@dataclass(frozen=True)
class CompletionStatus:
    """Whether a trainee has passed every required module at the organization's marks."""

    completed: bool
    required: list[str]
    passed: list[str]
    missing: list[str]  # required modules not yet passed (no score, or below the mark)


def completion_status(
    scores: Mapping[str, float | None], profile: OrgProfile, course_modules: Iterable[str]
) -> CompletionStatus:
    """Completion from `scores` (module -> share of points 0..1, None if ungraded)."""
    required = profile.required(course_modules)
    passed = sorted(
        module
        for module, score in scores.items()
        if score is not None and score >= profile.passing_mark_for(module)
    )
    missing = [module for module in required if module not in passed]
    return CompletionStatus(not missing, required, passed, missing)
