"""The voice interface: the engine has decided the turn; a voice only words it.

`AuthoredVoice` (the default) shows the composed line as it is. `OpenAICompatibleVoice`
(`simulator.voice.openai_compatible`) asks a model server to say the same thing in the person's
words, and shows the composed line instead whenever a guard trips or the server fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from simulator.engine.scenario import Scenario
from simulator.engine.transcript import DecisionRecord, Transcript


@dataclass(frozen=True)
class VoiceRequest:
    """Everything a voice may use to word one reply; the decision itself is already made."""

    scenario: Scenario
    decision: DecisionRecord
    crisis_stage: str
    authored: str  # the composed line: the anchor the words must keep to
    helper: str  # the trainee's last turn
    history: tuple[tuple[str, str], ...]  # ("helper" | "person", words shown), oldest first


@dataclass(frozen=True)
class Spoken:
    """The words shown, and why the authored line was shown instead (None when it was not)."""

    text: str
    fallback: str | None = None


@runtime_checkable
class Voice(Protocol):
    """Words one decided reply. `backend` and `model` are recorded in every turn."""

    backend: str
    model: str

    def speak(self, request: VoiceRequest) -> Spoken:
        """The words for this reply; never raises for a server problem (falls back instead)."""
        ...

    def describe(self) -> str:
        """One plain sentence for the trainee: which voice is speaking."""
        ...


class AuthoredVoice:
    """The scenario's own composed lines, unchanged; no network."""

    backend = "authored"
    model = ""

    def speak(self, request: VoiceRequest) -> Spoken:
        """The composed line as it is."""
        return Spoken(request.authored)

    def describe(self) -> str:
        """Which voice is speaking."""
        return "Voice: the scenario's written lines (offline)."


class RecordedVoice:
    """The words a saved conversation showed, turn by turn, for resuming it without asking the
    model again; a turn the recording does not hold (or whose line differs) goes to `live`."""

    def __init__(self, recorded: Transcript, live: Voice) -> None:
        self.turns = recorded.turns
        self.live = live
        self.backend, self.model = live.backend, live.model

    def speak(self, request: VoiceRequest) -> Spoken:
        """The recorded words of this turn, when the engine composed the same line again."""
        index = (len(request.history) - 1) // 2
        saved = self.turns[index] if index < len(self.turns) else None
        if (
            saved is not None
            and saved.voice is not None
            and saved.voice.authored == request.authored
        ):
            return Spoken(saved.reply, saved.voice.fallback)
        return self.live.speak(request)

    def describe(self) -> str:
        """Which voice is speaking."""
        return self.live.describe()
