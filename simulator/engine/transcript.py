"""Transcripts: what was said in a role-play, how it was coded, and the state after each turn.

Saved as JSON with a `schema_version`; written atomically so a crash never leaves half a file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from simulator.coding.codes import Coding, PeerFlag
from simulator.errors import TranscriptError
from simulator.safe_load import LoadLimitError, load_json

SCHEMA_VERSION = 1
#: A long role-play is well under 1 MB; larger files are refused before parsing.
MAX_TRANSCRIPT_BYTES = 5 * 2**20


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FlagRecord(Record):
    """A peer flag as stored."""

    kind: str
    detail: str
    suggestion: str = ""


class CodingRecord(Record):
    """The coder's verdict on one helper utterance, as stored."""

    code: str
    behaviour: str | None = None
    talk: str | None = None
    peer_flags: list[FlagRecord] = []
    confidence: float
    reasons: list[str] = []

    @classmethod
    def of(cls, coding: Coding) -> CodingRecord:
        """Store a Coding."""
        return cls(
            code=coding.code,
            behaviour=coding.behaviour,
            talk=coding.talk,
            peer_flags=[
                FlagRecord(kind=f.kind, detail=f.detail, suggestion=f.suggestion)
                for f in coding.peer_flags
            ],
            confidence=round(coding.confidence, 4),
            reasons=list(coding.reasons),
        )

    def flags(self) -> list[PeerFlag]:
        """The stored flags as PeerFlag objects."""
        return [PeerFlag(f.kind, f.detail, f.suggestion) for f in self.peer_flags]

    def has_flag(self, kind: str) -> bool:
        """Whether a flag of this kind was raised."""
        return any(flag.kind == kind for flag in self.peer_flags)


class StateRecord(Record):
    """The person's state after a turn."""

    rapport: float
    discord: float
    importance: float
    confidence: float
    crisis: Literal["none", "cue", "asked", "connected"]
    disclosed: list[str] = []


class DecisionRecord(Record):
    """Why the person replied as they did: what the engine understood and chose."""

    act: str = Field(description="The trainee's act, e.g. 'yes_no_question', 'reflection'.")
    kind: str = Field(description="The reply kind the state model chose, as in reply_kind.")
    topic: str | None = Field(None, description="The topic the reply's line came from.")
    fact: str | None = Field(None, description="The fact the reply answered, if any.")
    crisis: str | None = Field(None, description="The part of the crisis arc, if any.")


class VoiceRecord(Record):
    """Which voice worded the reply, the authored line it kept to, and any fall-back."""

    backend: str = Field(description="'authored' or 'openai-compatible'.")
    model: str = Field("", description="The model that worded the reply ('' for authored).")
    authored: str = Field(description="The engine's composed line: the anchor for the wording.")
    fallback: str | None = Field(
        None, description="Why the authored line was shown instead of the model's words."
    )


class Turn(Record):
    """One exchange: the helper speaks, the person replies."""

    index: int = Field(description="Turn number, counting from 1.")
    helper: str = Field(description="What the trainee said.")
    coding: CodingRecord
    reply: str = Field(description="What the person said back.")
    reply_kind: str = Field(description="Bank the reply came from, e.g. 'change:reasons'.")
    state: StateRecord
    coach: str = Field("", description="Coach note shown after the turn (if coaching is on).")
    decision: DecisionRecord | None = Field(
        None, description="What the engine understood and chose (absent in older transcripts)."
    )
    voice: VoiceRecord | None = Field(
        None, description="Which voice worded the reply (absent in older transcripts)."
    )

    @property
    def reply_talk(self) -> str:
        """The reply's talk type: change, sustain, neutral, discord, disengaged, crisis, …"""
        return self.reply_kind.split(":")[0]


#: Far more than a typed session holds; every report replays every transcript.
MAX_TURNS = 1000


class Transcript(Record):
    """A whole role-play session."""

    model_config = ConfigDict(extra="forbid", frozen=False)

    schema_version: Literal[1] = SCHEMA_VERSION
    scenario: str = Field(description="Scenario id.")
    scenario_fingerprint: str = Field(description="Hash of the scenario content used.")
    seed: int
    coder: str = Field(description="Name and version of the coder that coded the turns.")
    opening: str
    turns: list[Turn] = Field(
        default=[],
        max_length=MAX_TURNS,
        description="The helper's turns, at most MAX_TURNS (replay cost stays bounded).",
    )
    ended: bool = False
    notes: list[str] = Field(
        default=[],
        description="Plain notes for the trainer, e.g. that a replay used a newer"
        " version of the scenario.",
    )

    @property
    def helper_utterances(self) -> list[str]:
        """What the trainee said, in order."""
        return [turn.helper for turn in self.turns]

    def save(self, path: str | Path) -> Path:
        """Write the transcript as JSON, atomically (temp file + rename)."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        payload = self.model_dump_json(indent=2)
        handle, temp_name = tempfile.mkstemp(
            dir=target.parent, prefix=".transcript-", suffix=".tmp"
        )
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as temp:
                temp.write(payload)
                temp.flush()
                os.fsync(temp.fileno())
            os.replace(temp_name, target)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        return target

    @classmethod
    def load(cls, path: str | Path) -> Transcript:
        """Read a transcript; a corrupt or foreign file raises TranscriptError naming the file."""
        source = Path(path)
        try:
            data = load_json(source, MAX_TRANSCRIPT_BYTES, "transcript")
        except FileNotFoundError:
            raise TranscriptError(f"{source}: no such transcript file") from None
        except LoadLimitError as error:
            raise TranscriptError(f"not a transcript: {error}") from None
        except OSError as error:
            raise TranscriptError(f"{source}: cannot be read ({error.strerror})") from None
        except ValueError as error:  # not UTF-8, not JSON, or an absurdly long number
            raise TranscriptError(f"{source}: not a transcript (not valid JSON: {error})") from None
        return cls.from_data(data, str(source))

    @classmethod
    def from_data(cls, data: object, origin: str = "transcript") -> Transcript:
        """Validate parsed JSON as a transcript."""
        if not isinstance(data, dict):
            raise TranscriptError(f"{origin}: not a transcript (expected a JSON object)")
        version = data.get("schema_version")
        if version != SCHEMA_VERSION:
            raise TranscriptError(
                f"{origin}: transcript schema_version is {version!r}, this simulator reads "
                f"version {SCHEMA_VERSION}. Re-record the role-play, or update the simulator."
            )
        try:
            return cls.model_validate(data)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise TranscriptError(
                f"{origin}: not a valid transcript: {where}: {first['msg']}"
                f" ({error.error_count()} problem(s))"
            ) from None
