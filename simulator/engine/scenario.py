"""Role-play scenarios: who the trainee talks to, what they say, and how the session is graded.

A scenario is a YAML file validated by the `Scenario` model (format v2: `schema_version: 2`).
The person's story — facts, topics, act replies, crisis arc — is described in
`simulator.engine.story`. Packaged scenarios live in `simulator/scenarios/`; an organization can add
folders of its own. docs/authoring-guide.md ("Scenario files, format v2") has a worked example.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, PrivateAttr, field_validator, model_validator

from simulator.coding.codes import DARN_CAT
from simulator.engine.story import (
    ID_PATTERN,
    ActReplies,
    CrisisArc,
    Fact,
    Line,
    Reactions,
    Strict,
    Topic,
)
from simulator.errors import ScenarioNotFound
from simulator.yaml_model import load_yaml_model

SCENARIO_DIR = Path(__file__).parents[1] / "scenarios"
SCHEMA_VERSION = 2


class Person(Strict):
    """The person served, as the trainee meets them."""

    name: str = Field(description="First name or chosen name the person goes by.")
    age: int = Field(ge=12, le=110, description="Age in years.")
    pronouns: str = Field(description="Pronouns, e.g. 'she/her'.")
    background: str = Field(description="A few sentences the trainee may read before starting.")
    goals: list[str] = Field(min_length=1, description="What the person wants, in their words.")
    ambivalence: str = Field(description="What the person feels two ways about.")


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
    "lethal_means",
    "emergency_honesty",
    "cold_referrals",
    "naloxone_offered",
    "never_use_alone",
    "confidentiality_limits",
    "helper_turns",
]


class Criterion(Strict):
    """One rubric line: a metric of the session summary and the bound it must meet."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Short id, used in grade ids.")
    metric: Metric = Field(description="A field of simulator.engine.metrics.SessionSummary.")
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
    """A complete role-play scenario (format v2)."""

    schema_version: Literal[2] = Field(description="Version of this file format (2).")
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", description="Kebab-case id.")
    title: str = Field(description="Shown in the scenario picker.")
    setting: str = Field(description="Where the conversation happens.")
    person: Person
    opening: Line = Field(description="The person's first words.")
    opening_topic: str = Field(description="Id of the topic the opening line is about.")
    learning_objectives: list[str] = Field(min_length=1, description="What the trainee practises.")
    success: list[str] = Field(min_length=1, description="What a good session reaches.")
    initial_state: InitialState = InitialState()
    facts: list[Fact] = Field(
        min_length=1, description="Short answerable items about the person's life."
    )
    topics: dict[str, Topic] = Field(
        min_length=1, description="The threads of the person's story, keyed by a snake_case id."
    )
    reactions: Reactions = Field(description="Reactions to the relationship, whatever the topic.")
    act_replies: ActReplies = Field(description="Answers and acknowledgements to each act.")
    crisis: CrisisArc | None = Field(None, description="An optional crisis arc.")
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
        """DARN-CAT kinds some topic has lines for, in DARN-CAT order."""
        found = {kind for topic in self.topics.values() for kind in topic.change.kinds()}
        return [kind for kind in DARN_CAT if kind in found]

    def lines(self) -> set[str]:
        """Every line the person can say: opening, answers, topic lines, reactions, act replies
        and crisis lines (not the asking words or aliases)."""
        spoken = self.model_dump(
            include={"reactions", "act_replies", "crisis"},
            exclude={"act_replies": {"advice": {"named": {"__all__": {"about"}}}}},
        )
        topics = [topic.model_dump(exclude={"aliases"}) for topic in self.topics.values()]
        answers = [fact.answer for fact in self.facts]
        return {self.opening, *answers, *_strings(topics), *_strings(spoken)}

    def located_problems(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Cross-field problems (dangling topic ids, missing kinds, hint order), with places."""
        problems: list[tuple[tuple[str | int, ...], str]] = []
        known = ", ".join(self.topics)
        if self.opening_topic not in self.topics:
            problems.append(
                (("opening_topic",), f"no topic '{self.opening_topic}'; expected one of: {known}")
            )
        seen_ids: set[str] = set()
        for index, fact in enumerate(self.facts):
            if fact.id in seen_ids:
                problems.append((("facts", index, "id"), f"fact id '{fact.id}' is used twice"))
            seen_ids.add(fact.id)
            if fact.topic is not None and fact.topic not in self.topics:
                problems.append(
                    (
                        ("facts", index, "topic"),
                        f"no topic '{fact.topic}'; expected one of: {known}",
                    )
                )
        for name in self.topics:
            if not re.fullmatch(ID_PATTERN, name):
                problems.append((("topics", name), "topic ids are snake_case, e.g. 'her_daughter'"))
        kinds = set(self.change_kinds())
        for kind in ("desire", "ability", "reasons", "need"):
            if kind not in kinds:
                problems.append(
                    (("topics",), f"no topic has change.{kind} lines; expected at least one")
                )
        if not any(topic.sustain for topic in self.topics.values()):
            problems.append((("topics",), "no topic has sustain lines; expected at least one"))
        if self.crisis is not None:
            cue_turn = self.crisis.cue.after_turn
            for index, hint in enumerate(self.crisis.hints):
                if hint.after_turn >= cue_turn:
                    problems.append(
                        (
                            ("crisis", "hints", index, "after_turn"),
                            f"a hint comes before the cue (turn {cue_turn}); expected a turn"
                            f" below {cue_turn}",
                        )
                    )
        return problems


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [line for item in value.values() for line in _strings(item)]
    if isinstance(value, list):
        return [line for item in value for line in _strings(item)]
    return [value] if isinstance(value, str) else []


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
    scenario = load_yaml_model(path, Scenario, prepare=_current_format)
    scenario._source_file = str(path)
    return scenario


def _current_format(data: dict[str, Any]) -> dict[str, Any]:
    """Refuse a format-1 file with what to do about it (format 2 is checked by the model)."""
    if data.get("schema_version") == 1:
        line = data.lc.key("schema_version")[0] + 1 if hasattr(data, "lc") else 1
        raise ValueError(
            f"line {line}: schema_version: this is a format-1 scenario; this simulator reads"
            " format 2, where the person's lines are sorted into facts (with the words a"
            " trainee asks with), topics, act replies and a crisis arc. Run `python -m"
            " simulator upgrade FILE` to rewrite it as format 2 keeping every line (the"
            " original is kept as FILE.v1.bak), then add facts and split the lines into topics"
            " as docs/authoring-guide.md shows (section 'Scenario files, format v2')."
        )
    return data
