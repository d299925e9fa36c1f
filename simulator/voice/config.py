"""The `voice:` settings of an organization profile: which voice words the person's replies.

Off by default (`backend: authored`): the scenario's own composed lines, no network at all.
With `backend: openai-compatible` a model server the organization runs words each reply; its
address must be this machine or inside the organization (loopback, a private-range address, a
`.local` or single-label host name) unless `allow_external_host: true` says otherwise.

The course build copies the profile as ``org.json`` next to every notebook; the role-play
widget reads its `voice` part with :func:`voice_settings`, so the simulator never imports the
grading package.
"""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from simulator.errors import SimulatorError

BACKENDS = ("authored", "openai-compatible")


def _problem(text: str) -> PydanticCustomError:
    return PydanticCustomError("voice", "{problem}", {"problem": text})


def is_internal_host(host: str) -> bool:
    """Whether `host` is this machine or inside the organization, judged without a DNS lookup.

    Loopback and private-range addresses, `localhost`, names ending in `.local` and single-label
    names (no dot, as on an office network) count as internal; everything else is external.
    """
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith((".localhost", ".local")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return bool(host) and "." not in host and ":" not in host
    return address.is_loopback or address.is_private


class VoiceConfig(BaseModel):
    """How the simulated person's replies are worded (the engine decides what they say)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    backend: Literal["authored", "openai-compatible"] = Field(
        default="authored",
        description="'authored' (the scenario's own lines, offline) or 'openai-compatible' (a "
        "chat-completions server your organization runs words each reply).",
    )
    allow_external_host: bool = Field(
        default=False,
        description="Allow a base_url outside your organization (only under your own agreement "
        "with that service: the conversation is sent there).",
    )
    base_url: str = Field(
        default="",
        description="The server's OpenAI-compatible address, e.g. 'http://127.0.0.1:8080/v1' "
        "(llama.cpp) or 'http://localhost:11434/v1' (Ollama).",
    )
    model: str = Field(
        default="", description="The model name the server knows, e.g. 'qwen2.5:3b'."
    )
    api_key_env: str = Field(
        default="",
        description="Name of an environment variable holding the server's API key, if it needs "
        "one (the key itself never goes in this file).",
    )
    timeout: float = Field(
        default=20, gt=0, le=300, description="Seconds to wait for a reply before the written line."
    )
    temperature: float = Field(
        default=0, ge=0, le=2, description="Sampling temperature; 0 gives the steadiest wording."
    )
    seed: int = Field(default=0, description="Sampling seed sent to the server.")
    max_tokens: int = Field(
        default=120, ge=8, le=2000, description="Most tokens the model may write for one reply."
    )
    max_reply_chars: int = Field(
        default=400,
        ge=40,
        le=4000,
        description="A longer reply is replaced by the written line (length guard).",
    )
    graded: bool = Field(
        default=False,
        description="Also use the model in graded role-plays (scores never depend on it).",
    )

    @field_validator("base_url")
    @classmethod
    def _internal_address(cls, url: str, info: ValidationInfo) -> str:
        url = url.strip().rstrip("/")
        if not url:
            return url
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise _problem(f"'{url}' is not an http:// or https:// address with a host name")
        external_allowed = info.data.get("allow_external_host", False)
        if not external_allowed and not is_internal_host(parts.hostname):
            raise _problem(
                f"'{parts.hostname}' is outside your organization. Use this machine or an internal "
                "server (127.0.0.1, a 10.x or 192.168.x address, a .local or single-label name), "
                "or set allow_external_host: true if your organization has an agreement with "
                "that service (the conversation is then sent there)"
            )
        return url

    @model_validator(mode="after")
    def _server_named(self) -> VoiceConfig:
        if self.backend == "openai-compatible" and not (self.base_url and self.model):
            missing = " and ".join(n for n in ("base_url", "model") if not getattr(self, n))
            raise _problem(f"backend 'openai-compatible' needs {missing}")
        return self

    @property
    def host(self) -> str:
        """The server's host name ('' for the authored voice)."""
        return urlsplit(self.base_url).hostname or ""

    def applies_to(self, graded: bool) -> bool:
        """Whether the model words this attempt: configured, and for graded ones only if allowed."""
        return self.backend != "authored" and (self.graded or not graded)


def voice_settings(path: str | Path = "org.json") -> VoiceConfig:
    """The `voice` part of the built profile at `path`; the default (authored) when absent."""
    path = Path(path)
    if not path.is_file():
        return VoiceConfig()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        voice = data.get("voice", {}) if isinstance(data, dict) else {}
        return VoiceConfig.model_validate(voice)
    except (OSError, ValueError) as error:
        where = ""
        if isinstance(error, ValidationError):
            first = error.errors()[0]
            where = "voice." + ".".join(str(part) for part in first["loc"]) + ": "
            error = first["msg"]  # type: ignore[assignment]
        raise SimulatorError(
            f"{path}: the voice settings cannot be used: {where}{error}. "
            "Rebuild the course: python -m grading build --org ORG.yaml"
        ) from None
