"""Role-play scenarios: who the trainee talks to, what they say, and how the session is graded.

A scenario is a YAML file validated by the `Scenario` model. Packaged scenarios live in
`simulator/scenarios/`; an organization can add folders of its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from simulator.coding import DARN_CAT
from simulator.errors import ScenarioNotFound
from simulator.yaml_model import load_yaml_model

SCENARIO_DIR = Path(__file__).parent / "scenarios"
SCHEMA_VERSION = 1

Line = str


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Person(Strict):
    """The person served, as the trainee meets them."""

    name: str = Field(description="First name or chosen name the person goes by.")
    age: int = Field(ge=12, le=110, description="Age in years.")
    pronouns: str = Field(description="Pronouns, e.g. 'she/her'.")
    background: str = Field(description="A few sentences the trainee may read before starting.")
    goals: list[str] = Field(min_length=1, description="What the person wants, in their words.")
    ambivalence: str = Field(description="What the person feels two ways about.")


class ChangeTalk(Strict):
    """Change-talk lines by DARN-CAT kind; preparatory kinds are required."""

    desire: list[Line] = Field(min_length=1, description="'I want to…' lines.")
    ability: list[Line] = Field(min_length=1, description="'I could…' lines.")
    reasons: list[Line] = Field(min_length=1, description="'It would help because…' lines.")
    need: list[Line] = Field(min_length=1, description="'I have to…' lines.")
    commitment: list[Line] = Field(default=[], description="'I will…' lines.")
    activation: list[Line] = Field(default=[], description="'I'm ready to…' lines.")
    taking_steps: list[Line] = Field(default=[], description="'This week I…' lines.")


class Responses(Strict):
    """What the person may say, grouped by the state the conversation is in."""

    neutral: list[Line] = Field(min_length=2, description="Information, small talk, neither way.")
    sustain: list[Line] = Field(min_length=2, description="Reasons to keep things as they are.")
    change: ChangeTalk = Field(description="Change talk at rising strength (DARN-CAT).")
    discord: list[Line] = Field(
        min_length=1, description="Push-back at the helper, not the change."
    )
    disengaged: list[Line] = Field(min_length=1, description="Short, withdrawn answers.")
    role_confusion: list[Line] = Field(
        min_length=1, description="Replies when the helper acts like a clinician or lawyer."
    )
    hurt: list[Line] = Field(min_length=1, description="Replies to a stigmatizing word.")


class Crisis(Strict):
    """A crisis cue that surfaces during the conversation, and how the person responds."""

    after_turn: int = Field(ge=1, description="The cue comes in the reply to this helper turn.")
    cue: list[Line] = Field(min_length=1, description="Indirect or direct crisis statements.")
    after_asked: list[Line] = Field(min_length=1, description="Honest answer to a direct ask.")
    while_asked: list[Line] = Field(
        default=[], description="Replies after the honest answer, until support is offered."
    )
    after_connected: list[Line] = Field(min_length=1, description="Reply once support is offered.")
    if_ignored: list[Line] = Field(min_length=1, description="Reply when the cue is passed over.")


class InitialState(Strict):
    """Where the person starts."""

    rapport: float = Field(0.4, ge=0, le=1, description="Trust in the helper, 0 to 1.")
    discord: float = Field(0.1, ge=0, le=1, description="Friction with the helper, 0 to 1.")
    importance: float = Field(4, ge=0, le=10, description="How important change feels, 0 to 10.")
    confidence: float = Field(3, ge=0, le=10, description="Confidence they could change, 0 to 10.")


Metric = Literal[
    "reflection_to_question",
    "percent_complex_reflections",
    "percent_open_questions",
    "open_minus_closed",
    "reflections",
    "summaries",
    "affirmations",
    "mi_adherent",
    "mi_non_adherent",
    "change_talk",
    "sustain_talk",
    "final_rapport",
    "scope_violations",
    "stigma_flags",
    "self_disclosures",
    "crisis_missed",
    "crisis_asked",
    "crisis_connected",
    "crisis_stayed",
    "secrecy_promises",
    "helper_turns",
]


class Criterion(Strict):
    """One rubric line: a metric of the session summary and the bound it must meet."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Short id, used in grade ids.")
    metric: Metric = Field(description="A field of simulator.metrics.SessionSummary.")
    at_least: float | None = Field(None, description="The metric must be at least this.")
    at_most: float | None = Field(None, description="The metric must be at most this.")
    points: float = Field(1, gt=0, description="Points awarded when met.")
    hint: str = Field(description="What to try when the criterion is missed, for the trainee.")
    supervisor_flag: bool = Field(
        False, description="A miss is also reported to the supervisor, not only a lost point."
    )

    @model_validator(mode="after")
    def _one_bound(self) -> Criterion:
        if (self.at_least is None) == (self.at_most is None):
            raise ValueError("give exactly one of 'at_least' or 'at_most'")
        return self

    def met_by(self, value: float) -> bool:
        """Whether a metric value meets this criterion."""
        if self.at_least is not None:
            return value >= self.at_least
        return value <= (self.at_most if self.at_most is not None else value)


class Scenario(Strict):
    """A complete role-play scenario."""

    schema_version: Literal[1] = Field(description="Version of this file format (1).")
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", description="Kebab-case id.")
    title: str = Field(description="Shown in the scenario picker.")
    setting: str = Field(description="Where the conversation happens.")
    person: Person
    opening: Line = Field(description="The person's first words.")
    learning_objectives: list[str] = Field(min_length=1, description="What the trainee practises.")
    success: list[str] = Field(min_length=1, description="What a good session reaches.")
    initial_state: InitialState = InitialState()
    responses: Responses
    crisis: Crisis | None = Field(None, description="An optional crisis cue.")
    rubric: list[Criterion] = Field(min_length=1, description="How a graded attempt is scored.")
    _source_file: str = PrivateAttr("")

    @field_validator("rubric")
    @classmethod
    def _unique_ids(cls, rubric: list[Criterion]) -> list[Criterion]:
        ids = [criterion.id for criterion in rubric]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"rubric ids must be unique; repeated: {', '.join(duplicates)}")
        return rubric

    @property
    def source_file(self) -> str:
        """The YAML file this scenario was loaded from ('' if built in code)."""
        return self._source_file

    @property
    def fingerprint(self) -> str:
        """A short hash of the scenario content: replays check they use the same scenario."""
        text = self.model_dump_json()
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def change_kinds(self) -> list[str]:
        """DARN-CAT kinds this scenario has lines for, in DARN-CAT order."""
        return [kind for kind in DARN_CAT if getattr(self.responses.change, kind)]


def load_scenario(name_or_path: str | Path, extra_dirs: Iterable[Path] = ()) -> Scenario:
    """Load a scenario by packaged id (e.g. 'alcohol-ambivalence') or by YAML path."""
    path = Path(name_or_path)
    if path.suffix in {".yaml", ".yml"}:
        return _load_file(path.resolve())
    for folder in (SCENARIO_DIR, *map(Path, extra_dirs)):
        candidate = folder / f"{name_or_path}.yaml"
        if candidate.is_file():
            return _load_file(candidate.resolve())
    known = ", ".join(sorted(s.id for s in list_scenarios(extra_dirs)))
    raise ScenarioNotFound(f"no scenario called '{name_or_path}'. Known scenarios: {known}")


def list_scenarios(extra_dirs: Iterable[Path] = ()) -> list[Scenario]:
    """All packaged scenarios plus those in `extra_dirs`, sorted by id."""
    files = sorted(SCENARIO_DIR.glob("*.yaml"))
    for folder in extra_dirs:
        files += sorted(Path(folder).glob("*.yaml"))
    return sorted((_load_file(f.resolve()) for f in files), key=lambda s: s.id)


def _load_file(path: Path) -> Scenario:
    modified = path.stat().st_mtime_ns if path.exists() else 0
    return _load_version(path, modified)


@cache
def _load_version(path: Path, modified: int) -> Scenario:
    scenario = load_yaml_model(path, Scenario)
    scenario._source_file = str(path)
    return scenario
