"""The simulated person's inner state, and how each coded helper utterance moves it.

The numbers are deliberately simple and documented so trainers can explain them:
reflections and affirmations build rapport and importance; the righting reflex (advice
without permission, persuading, confronting) builds discord; a stigmatizing word costs
trust; stepping outside the peer role confuses the person.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

from simulator.coding.codes import Coding

CrisisStage = Literal["none", "cue", "asked", "connected"]

# (rapport, discord, importance, confidence) change for each helper code.
CODE_EFFECTS: dict[str, tuple[float, float, float, float]] = {
    "complex_reflection": (0.08, -0.10, 0.6, 0.2),
    "summary": (0.07, -0.08, 0.5, 0.4),
    "simple_reflection": (0.05, -0.05, 0.3, 0.1),
    "open_question": (0.03, -0.02, 0.2, 0.1),
    "closed_question": (0.0, 0.0, 0.0, 0.0),
    "affirm": (0.06, -0.05, 0.1, 0.6),
    "emphasize_autonomy": (0.05, -0.10, 0.2, 0.3),
    "seek_collaboration": (0.05, -0.05, 0.1, 0.2),
    "giving_information": (0.0, 0.0, 0.1, 0.0),
    "advise_with_permission": (0.02, 0.0, 0.2, 0.3),
    "persuade_with_permission": (0.0, 0.02, 0.1, 0.0),
    "advise_without_permission": (-0.08, 0.20, -0.3, -0.2),
    "persuade": (-0.10, 0.25, -0.4, -0.2),
    "confront": (-0.15, 0.35, -0.5, -0.4),
    "other": (0.0, 0.0, 0.0, 0.0),
}
RIGHTING_REFLEX = frozenset({"advise_without_permission", "persuade", "confront"})
STIGMA_EFFECT = (-0.15, 0.20)  # rapport, discord
SCOPE_EFFECT = (-0.05, 0.05)
BRIEF_DISCLOSURE_WORDS = 45


@dataclass
class ConsumerState:
    """Rapport and discord run 0–1; importance and confidence 0–10 (readiness rulers)."""

    rapport: float
    discord: float
    importance: float
    confidence: float
    crisis: CrisisStage = "none"
    disclosed: list[str] = field(default_factory=list)
    closed_in_a_row: int = 0

    @property
    def readiness(self) -> float:
        """Mean of importance and confidence, 0–10."""
        return (self.importance + self.confidence) / 2

    def snapshot(self) -> dict[str, object]:
        """A rounded, JSON-ready copy for transcripts (rounding keeps replays byte-stable)."""
        values = asdict(self)
        values.pop("closed_in_a_row")
        for key in ("rapport", "discord", "importance", "confidence"):
            values[key] = round(values[key], 4)
        return values

    def apply(self, coding: Coding) -> None:
        """Move the state for one coded helper utterance."""
        rapport, discord, importance, confidence = CODE_EFFECTS.get(coding.code, (0, 0, 0, 0))
        self.closed_in_a_row = self.closed_in_a_row + 1 if coding.code == "closed_question" else 0
        if self.closed_in_a_row >= 3:  # a string of closed questions feels like an interview
            rapport -= 0.04
        if coding.has_flag("stigmatizing_language"):
            rapport += STIGMA_EFFECT[0]
            discord += STIGMA_EFFECT[1]
        if coding.has_flag("scope_violation") or coding.has_flag("secrecy_promise"):
            rapport += SCOPE_EFFECT[0]  # a promise of secrecy is a promise that cannot be kept
            discord += SCOPE_EFFECT[1]
        if coding.has_flag("self_disclosure"):
            brief = len(coding.text.split()) <= BRIEF_DISCLOSURE_WORDS
            rapport += 0.06 if brief else -0.03
        self._shift(rapport, discord, importance, confidence)

    def hear_self(self, talk: str) -> None:
        """People come to believe what they hear themselves say (self-perception)."""
        if talk == "change":
            self._shift(0.0, 0.0, 0.3, 0.2)
        elif talk == "sustain":
            self._shift(0.0, 0.0, -0.2, -0.1)

    def _shift(self, rapport: float, discord: float, importance: float, confidence: float) -> None:
        self.rapport = _clamp(self.rapport + rapport, 0.0, 1.0)
        self.discord = _clamp(self.discord + discord, 0.0, 1.0)
        self.importance = _clamp(self.importance + importance, 0.0, 10.0)
        self.confidence = _clamp(self.confidence + confidence, 0.0, 10.0)


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))
