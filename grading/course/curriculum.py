"""``modules/curriculum.yaml``: modules, training hours and the competencies each exercise covers.

Schema::

    competency_minimum:          # when a competency or IC&RC domain counts as met
      points: 3                  # points earned on the exercises mapped to it, at least
      exercises: 2               # from at least this many different exercises
    modules:
      - id: 01-motivational-interviewing
        title: Motivational interviewing
        hours: 6
        icrc_hours:              # how the module's hours count toward each IC&RC domain
          Mentoring and Education: 4
          Recovery/Wellness Support: 2
        exercises:
          - grade_id: reflections_q1_test     # an nbgrader grade cell
            samhsa: [2, 4]                     # SAMHSA peer core competencies 1..12
            icrc: [Mentoring and Education]    # IC&RC peer recovery domains
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from grading.errors import CourseBuildError
from simulator.safe_load import LoadLimitError, check_depth, check_nodes, read_text
from simulator.yaml_model import MAX_YAML_BYTES

IcrcDomain = Literal[
    "Advocacy", "Mentoring and Education", "Recovery/Wellness Support", "Ethical Responsibility"
]
ICRC_DOMAINS: tuple[str, ...] = get_args(IcrcDomain)
#: Training hours the IC&RC Peer Recovery (PR) credential asks for in each domain: 46 in all
#: (IC&RC, "Peer Recovery Certification Standards"; state boards may ask for more).
ICRC_MINIMUM_HOURS: dict[str, float] = {
    "Advocacy": 10,
    "Mentoring and Education": 10,
    "Recovery/Wellness Support": 10,
    "Ethical Responsibility": 16,
}
#: The 12 categories of SAMHSA's "Core Competencies for Peer Workers in Behavioral Health
#: Services" (SAMHSA, Bringing Recovery Supports to Scale TA Center, 2015), by number.
SAMHSA_COMPETENCIES: dict[int, str] = {
    1: "Engages peers in collaborative and caring relationships",
    2: "Provides support",
    3: "Shares lived experiences of recovery",
    4: "Personalizes peer support",
    5: "Supports recovery planning",
    6: "Links to resources, services, and supports",
    7: "Provides information about skills related to health, wellness, and recovery",
    8: "Helps peers to manage crises",
    9: "Values communication",
    10: "Supports collaboration and teamwork",
    11: "Promotes leadership and advocacy",
    12: "Promotes growth and development",
}


class Exercise(BaseModel):
    """One graded exercise and the competencies it shows."""

    model_config = ConfigDict(extra="allow")
    grade_id: str = Field(description="grade_id of the nbgrader cell that grades the exercise.")
    title: str = Field(default="", description="Short name shown in reports.")
    samhsa: list[int] = Field(default_factory=list, description="SAMHSA competencies (1 to 12).")
    icrc: list[IcrcDomain] = Field(default_factory=list, description="IC&RC domains.")

    def model_post_init(self, _: object) -> None:
        """Reject SAMHSA numbers outside 1..12."""
        bad = [n for n in self.samhsa if not 1 <= n <= 12]
        if bad:
            raise ValueError(f"samhsa competencies are numbered 1 to 12, got {bad}")

    def tags(self) -> list[tuple[str, str]]:
        """(framework, competency) pairs it evidences: ("SAMHSA", "4"), ("IC&RC", "Advocacy")."""
        return [("SAMHSA", str(n)) for n in self.samhsa] + [("IC&RC", d) for d in self.icrc]


class CompetencyMinimum(BaseModel):
    """How much graded work mapped to a competency must be earned before it counts as met."""

    model_config = ConfigDict(extra="forbid")
    points: float = Field(
        default=3, gt=0, description="Points earned on the exercises mapped to it, at least."
    )
    exercises: int = Field(
        default=2, ge=1, description="Different exercises those points come from, at least."
    )

    def met(self, points: float, exercises: int) -> bool:
        """Do `points` earned on `exercises` different exercises reach this minimum?"""
        return points >= self.points and exercises >= self.exercises

    def describe(self) -> str:
        """The rule in words, for reports and completion records."""
        points = "point" if self.points == 1 else "points"
        exercises = "exercise" if self.exercises == 1 else "different graded exercises"
        return (
            f"at least {self.points:g} {points} earned on at least {self.exercises} {exercises} "
            "mapped to it"
        )


class CurriculumModule(BaseModel):
    """One module: its id (the folder name), title, hours and exercises."""

    model_config = ConfigDict(extra="allow")
    id: str = Field(description="Module folder name, e.g. 01-motivational-interviewing.")
    title: str = Field(description="Title shown in reports and completion records.")
    hours: float = Field(ge=0, description="Training hours credited when the module is passed.")
    icrc_hours: dict[IcrcDomain, float] = Field(
        default_factory=dict,
        description="How the module's hours count toward each IC&RC domain (they add up to hours).",
    )
    exercises: list[Exercise] = Field(default_factory=list, description="Graded exercises.")

    def model_post_init(self, _: object) -> None:
        """Reject domain hours that are negative or do not add up to the module's hours."""
        if any(hours < 0 for hours in self.icrc_hours.values()):
            raise ValueError(f"icrc_hours of {self.id} must not be negative")
        total = sum(self.icrc_hours.values())
        if self.icrc_hours and abs(total - self.hours) > 1e-9:
            raise ValueError(
                f"icrc_hours of {self.id} add up to {total:g}, "
                f"but the module has {self.hours:g} hours"
            )


class Curriculum(BaseModel):
    """All modules of the course."""

    model_config = ConfigDict(extra="allow")
    competency_minimum: CompetencyMinimum = Field(
        default_factory=CompetencyMinimum,
        description="When a SAMHSA competency or IC&RC domain counts as met on a record.",
    )
    modules: list[CurriculumModule] = Field(default_factory=list)

    def hours_by_domain(self) -> dict[str, float]:
        """Training hours the whole course gives each IC&RC domain."""
        return {
            domain: sum(module.icrc_hours.get(domain, 0) for module in self.modules)
            for domain in ICRC_DOMAINS
        }

    def module(self, module_id: str) -> CurriculumModule | None:
        """The entry for `module_id`, if the curriculum has one."""
        return next((m for m in self.modules if m.id == module_id), None)


def load_curriculum(path: Path | None) -> Curriculum:
    """Read curriculum.yaml; a missing path gives an empty curriculum."""
    if path is None or not Path(path).is_file():
        return Curriculum()
    try:
        text = read_text(Path(path), MAX_YAML_BYTES, "curriculum")
        check_depth(text, str(path), yaml=True)
        data = YAML(typ="safe").load(text) or {}
        check_nodes(data, str(path))
        return Curriculum.model_validate(data)
    except LoadLimitError as error:
        raise CourseBuildError(str(error)) from None
    except YAMLError as error:
        raise CourseBuildError(f"{path}: not valid YAML: {error}") from None
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        )
        raise CourseBuildError(f"{path}: {problems}") from None
    except ValueError as error:  # e.g. a number too long for Python to read
        raise CourseBuildError(f"{path}: a value cannot be read ({error})") from None
