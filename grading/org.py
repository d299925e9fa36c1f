"""The organization profile: the words, rules and resources that adapt the course to one agency.

A profile is one YAML file passed explicitly (``--org FILE``); without one, :func:`default_org`
is used. Every field has a default, so a profile only lists what differs. Module notebooks read
the profile through Jinja2 placeholders such as ``{{ org.crisis_line }}`` or
``{{ org.people_served.plural }}`` (``{{ org.people_served }}`` alone gives the singular).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from grading.errors import GradingError

SCHEMA_VERSION = 1


class OrgProfileError(GradingError, ValueError):
    """Raised when an organization profile cannot be read or does not match the schema."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Terms(_Strict):
    """One word in its singular and plural forms."""

    singular: str = Field(description="The word for one, e.g. 'person' or 'participant'.")
    plural: str = Field(description="The word for several, e.g. 'people' or 'participants'.")

    def __str__(self) -> str:
        return self.singular


class Resource(_Strict):
    """A local service a peer specialist can connect someone with."""

    name: str = Field(description="What the service is called.")
    contact: str = Field(default="", description="Phone, address or web page, as trainees see it.")
    description: str = Field(default="", description="One sentence on what it offers.")


class OrgProfile(_Strict):
    """Everything about an organization that the course adapts to."""

    schema_version: int = Field(default=SCHEMA_VERSION, description="Profile schema version.")
    name: str = Field(default="Example Peer Support Program", description="Organization name.")
    people_served: Terms = Field(
        default=Terms(singular="person", plural="people"),
        description="The word the organization uses for the people it serves.",
    )
    state: str = Field(default="Example State", description="State whose billing rules apply.")
    note_format: Literal["GIRP", "BIRP", "DAP", "SOAP"] = Field(
        default="GIRP", description="Progress-note format used by the organization."
    )
    service_code: str = Field(default="H0038", description="Billing code for peer support.")
    unit_minutes: int = Field(default=15, gt=0, description="Minutes in one billing unit.")
    min_minutes_for_unit: int = Field(
        default=8, gt=0, description="Fewest minutes that still count as one unit."
    )
    daily_unit_cap: int = Field(default=16, gt=0, description="Most units billable per day.")
    note_deadline_days: int = Field(
        default=2, ge=0, description="Days after a session by which the note must be written."
    )
    crisis_line: str = Field(
        default="988 Suicide & Crisis Lifeline (call or text 988)",
        description="Crisis line trainees are taught to connect people with.",
    )
    warm_line: str = Field(
        default="your state's peer-run warm line",
        description="Non-crisis peer support line.",
    )
    local_resources: list[Resource] = Field(
        default_factory=list, description="Local services named in the lessons."
    )
    supervisor_title: str = Field(
        default="supervisor", description="What trainees call the person they escalate to."
    )
    required_modules: list[str] = Field(
        default_factory=list,
        description="Module ids required for completion; empty means every module in the course.",
    )
    passing_mark: float = Field(
        default=0.8, ge=0, le=1, description="Share of points needed to pass a module (0 to 1)."
    )
    passing_marks: dict[str, float] = Field(
        default_factory=dict, description="Per-module passing marks that override passing_mark."
    )

    def passing_mark_for(self, module_id: str) -> float:
        """The share of points a trainee needs to pass `module_id`."""
        return self.passing_marks.get(module_id, self.passing_mark)


def default_org() -> OrgProfile:
    """The documented default profile used when no ``--org`` file is given."""
    return OrgProfile()


def load_org(path: Path | str | None) -> OrgProfile:
    """Read an organization profile from YAML; None gives the default profile.

    Raises OrgProfileError naming the file, the field and what was expected.
    """
    if path is None:
        return default_org()
    path = Path(path)
    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise OrgProfileError(f"{path}: cannot read the profile ({error.strerror}).") from None
    except YAMLError as error:
        raise OrgProfileError(f"{path}: not valid YAML: {error}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise OrgProfileError(f"{path}: expected a mapping of fields, got {type(data).__name__}.")
    try:
        return OrgProfile.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in e['loc']) or '(top level)'}: {e['msg']}"
            for e in error.errors()
        )
        raise OrgProfileError(f"{path}: {problems}") from None
