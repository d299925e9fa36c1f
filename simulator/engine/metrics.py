"""MITI 4.2.1-style summary of a role-play transcript, compared with fair / good thresholds.

Thresholds (Moyers et al., MITI 4.2.1, 2016): % complex reflections fair 40 / good 50;
reflection-to-question ratio fair 1 / good 2. Summaries count as complex reflections.
When there are no questions, the ratio is the number of reflections (as if one question).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from simulator.coding.codes import MI_ADHERENT, MI_NON_ADHERENT
from simulator.engine.transcript import Transcript, Turn

THRESHOLDS: dict[str, tuple[float, float]] = {  # measure: (fair, good)
    "reflection_to_question": (1.0, 2.0),
    "percent_complex_reflections": (40.0, 50.0),
}


@dataclass(frozen=True)
class SessionSummary:
    """Counts and ratios for one session. Percentages run 0–100."""

    helper_turns: int
    open_questions: int
    closed_questions: int
    simple_reflections: int
    complex_reflections: int
    summaries: int
    affirmations: int
    mi_adherent: int
    mi_non_adherent: int
    change_talk: int
    sustain_talk: int
    scope_violations: int
    stigma_flags: int
    self_disclosures: int
    crisis_cue_given: bool
    crisis_asked: int
    crisis_connected: int
    crisis_stayed: int
    secrecy_promises: int
    lethal_means: int  # turns asking about or planning safety around guns, pills, other means
    emergency_honesty: int  # turns saying honestly when emergency services get involved
    cold_referrals: int  # turns giving a number or referral and leaving
    naloxone_offered: int
    never_use_alone: int
    confidentiality_limits: int  # turns saying which safety matters cannot stay private
    rapport: list[float] = field(default_factory=list)

    @property
    def questions(self) -> int:
        """Open plus closed questions."""
        return self.open_questions + self.closed_questions

    @property
    def reflections(self) -> int:
        """Simple plus complex reflections plus summaries."""
        return self.simple_reflections + self.complex_reflections + self.summaries

    @property
    def reflection_to_question(self) -> float:
        """Reflections per question (R:Q)."""
        return round(self.reflections / max(self.questions, 1), 3)

    @property
    def percent_complex_reflections(self) -> float:
        """Share of reflections that are complex (summaries count as complex)."""
        if not self.reflections:
            return 0.0
        return round(100 * (self.complex_reflections + self.summaries) / self.reflections, 1)

    @property
    def percent_open_questions(self) -> float:
        """Share of questions that are open."""
        return round(100 * self.open_questions / self.questions, 1) if self.questions else 0.0

    @property
    def open_minus_closed(self) -> int:
        """Open questions minus closed questions."""
        return self.open_questions - self.closed_questions

    @property
    def final_rapport(self) -> float:
        """Rapport after the last turn."""
        return self.rapport[-1] if self.rapport else 0.0

    @property
    def crisis_missed(self) -> int:
        """1 when a crisis cue was given and never met with a direct question or connection."""
        return int(self.crisis_cue_given and not (self.crisis_asked or self.crisis_connected))

    def value(self, metric: str) -> float:
        """Any measure by name, as a number (used by rubrics)."""
        return float(getattr(self, metric))

    def level(self, measure: str) -> str:
        """'good', 'fair' or 'below' for a measure with MITI thresholds."""
        fair, good = THRESHOLDS[measure]
        value = self.value(measure)
        return "good" if value >= good else "fair" if value >= fair else "below"

    def as_dict(self) -> dict[str, object]:
        """Counts and derived measures, JSON-ready."""
        derived = (
            "reflection_to_question",
            "percent_complex_reflections",
            "percent_open_questions",
            "open_minus_closed",
            "final_rapport",
            "crisis_missed",
        )
        return asdict(self) | {name: getattr(self, name) for name in derived}


def summarize(transcript: Transcript) -> SessionSummary:
    """Count codes, talk and flags over a transcript."""
    codes = [turn.coding.code for turn in transcript.turns]
    kinds = [turn.reply_kind for turn in transcript.turns]

    def flagged(kind: str) -> int:
        return sum(turn.coding.has_flag(kind) for turn in transcript.turns)

    return SessionSummary(
        helper_turns=len(codes),
        open_questions=codes.count("open_question"),
        closed_questions=codes.count("closed_question"),
        simple_reflections=codes.count("simple_reflection"),
        complex_reflections=codes.count("complex_reflection"),
        summaries=codes.count("summary"),
        affirmations=codes.count("affirm"),
        mi_adherent=sum(code in MI_ADHERENT for code in codes),
        mi_non_adherent=sum(code in MI_NON_ADHERENT for code in codes),
        change_talk=sum(kind.startswith("change") for kind in kinds),
        sustain_talk=kinds.count("sustain"),
        scope_violations=flagged("scope_violation"),
        stigma_flags=flagged("stigmatizing_language"),
        self_disclosures=flagged("self_disclosure"),
        crisis_cue_given=any(kind.startswith("crisis:") for kind in kinds),
        crisis_asked=_after_cue(transcript, "crisis_ask"),
        crisis_connected=_after_cue(transcript, "crisis_connect"),
        crisis_stayed=_after_cue(transcript, "crisis_stay"),
        secrecy_promises=flagged("secrecy_promise"),
        lethal_means=_after_cue(transcript, "lethal_means"),
        emergency_honesty=flagged("emergency_honesty"),
        cold_referrals=flagged("cold_referral"),
        naloxone_offered=flagged("naloxone"),
        never_use_alone=flagged("never_use_alone"),
        confidentiality_limits=flagged("confidentiality_limits"),
        rapport=[turn.state.rapport for turn in transcript.turns],
    )


#: The engine's decision that counts like each crisis flag (a question the coder did not flag
#: but the person answered as one, e.g. "Is there a gun in the house?").
CRISIS_DECISIONS = {
    "crisis_ask": ("thoughts", "plan", "means", "timing"),
    "crisis_connect": ("warm_handoff",),
    "crisis_stay": ("staying",),
    "lethal_means": ("means", "lethal_means"),
}
#: A cold referral ("Here's the number, I have to go"; the coder's flag) neither connects nor
#: stays. The engine's own "cold_referral" decision (a referral without staying words) is not
#: counted as one: an honest "we'd call 911 if..." would be.
NOT_WITH_A_COLD_REFERRAL = ("crisis_connect", "crisis_stay")


def _flag_or_decision(turn: Turn, flag: str) -> bool:
    """Whether the coder flagged `flag` on this turn, or the engine decided the same move."""
    decided = turn.decision is not None and turn.decision.crisis in CRISIS_DECISIONS[flag]
    return turn.coding.has_flag(flag) or decided


def _after_cue(transcript: Transcript, flag: str) -> int:
    """How many helper turns carry `flag` once the crisis is in the open: after the first
    crisis reply, or in the turn the person answers as a crisis turn (asking directly before
    the scripted cue counts)."""
    opened = False
    count = 0
    for turn in transcript.turns:
        answered = turn.reply_kind in ("crisis:asked", "crisis:connected")
        cold = flag in NOT_WITH_A_COLD_REFERRAL and turn.coding.has_flag("cold_referral")
        if (opened or answered) and _flag_or_decision(turn, flag) and not cold:
            count += 1
        opened = opened or turn.reply_kind.startswith("crisis:")
    return count
