"""Deployment settings for the course hub, read from ``PST_*`` environment variables.

One place that `jupyterhub_config.py`, `prepare_hub.py` and the tests agree on: ports, folders,
the unix account that runs the formgrader, the users file, the gradebook URL and the per-trainee
limits. Every setting has a trial default.

    PST_HUB_PORT=8000 PST_HUB_DOMAIN=hub.localhost deploy/jupyterhub/run-hub.sh
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator
from ruamel.yaml import YAML

from grading.course.build import COURSE_ID

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
UNIX_NAME = re.compile(r"[a-z_][a-z0-9_-]{0,31}")
ENV_PREFIX = "PST_"


class HubUsers(BaseModel):
    """Who may log in: trainers grade (formgrade group), trainees learn (nbgrader group)."""

    model_config = ConfigDict(extra="forbid")

    trainers: list[str] = Field(default_factory=list)
    trainees: list[str] = Field(default_factory=list)
    admins: list[str] = Field(default_factory=list)

    @field_validator("trainers", "trainees", "admins")
    @classmethod
    def _unix_names(cls, names: list[str]) -> list[str]:
        for name in names:
            if "--" in name:
                raise ValueError(
                    f"{name!r}: '--' is reserved (the hub names its services' subdomains "
                    "'<service>--service'); choose a login without it"
                )
            if not UNIX_NAME.fullmatch(name):
                raise ValueError(
                    f"{name!r} is not a usable login: use lower-case letters, digits, '_' or "
                    "'-', starting with a letter, at most 32 characters (it becomes a unix account)"
                )
        return names

    @property
    def everyone(self) -> list[str]:
        """All hub users, each once."""
        return sorted(set(self.trainers) | set(self.trainees) | set(self.admins))


class HubSettings(BaseModel):
    """Where and how the hub runs. Build with :meth:`from_env`."""

    model_config = ConfigDict(frozen=True)

    hub_state: Path = HERE / "state"
    hub_port: int = 8000
    hub_api_port: int = 8081
    proxy_api_port: int = 8001
    formgrader_port: int = 8002
    hub_users: Path = HERE / "hub-users.example.yaml"
    hub_domain: str = "hub.localhost"
    org: Path | None = None
    modules: Path = REPO / "modules"
    exchange: Path = Path("/srv/nbgrader/exchange")
    home_root: Path = Path("/home")
    grader_user: str = f"grader-{COURSE_ID}"
    gradebook_url: str = ""
    venv_bin: Path = Path("/opt/peer-support-hub/venv/bin")
    trainee_memory_mb: int = Field(
        2048, gt=0, description="Memory of one trainee's server + kernels."
    )
    trainee_processes: int = Field(256, gt=0, description="Processes and threads per trainee.")
    trainee_file_mb: int = Field(
        100, gt=0, description="Largest file a trainee's process may write."
    )
    submission_mb: int = Field(
        20, gt=0, description="Largest submission (all files) nbgrader sends."
    )

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> HubSettings:
        """Settings from ``PST_<FIELD>`` variables (``GRADEBOOK_URL`` for the gradebook)."""
        environ = dict(os.environ if environ is None else environ)
        values: dict[str, str] = {}
        for name in cls.model_fields:
            key = "GRADEBOOK_URL" if name == "gradebook_url" else ENV_PREFIX + name.upper()
            if environ.get(key):
                values[name] = environ[key]
        return cls(**values)

    @property
    def course_id(self) -> str:
        return COURSE_ID

    @property
    def trainee_group(self) -> str:
        return f"nbgrader-{COURSE_ID}"

    @property
    def trainer_group(self) -> str:
        return f"formgrade-{COURSE_ID}"

    @property
    def service_name(self) -> str:
        return f"formgrader-{COURSE_ID}"

    @property
    def grader_home(self) -> Path:
        return self.home_root / self.grader_user

    @property
    def course_dir(self) -> Path:
        return self.grader_home / COURSE_ID

    @property
    def public_url(self) -> str:
        """Where people open the hub; each server and service gets its own subdomain of it."""
        return f"http://{self.hub_domain}:{self.hub_port}"

    @property
    def trainee_config_dir(self) -> Path:
        """Root-owned Jupyter config of trainee and trainer servers (no gradebook credentials).

        Beside the state folder, not in it: the state folder (hub database, cookie secret) is
        root's alone, this one every server must read.
        """
        return self.hub_state.with_name(f"{self.hub_state.name}-public") / "trainee-config"

    @property
    def new_passwords_file(self) -> Path:
        """Passwords made for new hub users by prepare_hub.py (root only; hand out, delete)."""
        return self.hub_state / "new-passwords.txt"

    @property
    def grader_config_dir(self) -> Path:
        """JUPYTER_CONFIG_PATH of the formgrader service (readable by the grader only)."""
        return self.grader_home / ".pst-grader-config"

    def load_users(self) -> HubUsers:
        """The users file (YAML with trainers, trainees and optional admins)."""
        try:
            data = YAML(typ="safe").load(self.hub_users.read_text(encoding="utf-8")) or {}
            return HubUsers(**data)
        except (OSError, ValueError, TypeError) as error:
            raise SystemExit(f"{self.hub_users}: cannot use this users file: {error}") from None
