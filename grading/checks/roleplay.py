"""Score a graded role-play by replaying it through the simulator against the scenario's rubric.

The transcript a trainee hands in is never trusted: only the helper's words and the seed are
taken from it, and the replies, codes and scores are recomputed. Editing the file cannot
raise a score.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from simulator import Scenario, Session, Transcript, load_scenario, replay
from simulator.engine.metrics import SessionSummary, summarize
from simulator.errors import SimulatorError


@dataclass(frozen=True)
class CriterionResult:
    """How one rubric line came out."""

    id: str
    passed: bool
    points: float
    value: float
    message: str
    supervisor_flag: bool = False


@dataclass
class RoleplayScore:
    """The scored role-play: one result per rubric criterion, plus supervisor flags."""

    scenario: str
    summary: SessionSummary
    transcript: Transcript
    criteria: list[CriterionResult] = field(default_factory=list)

    @property
    def points(self) -> float:
        """Points earned."""
        return sum(c.points for c in self.criteria if c.passed)

    @property
    def max_points(self) -> float:
        """Points available."""
        return sum(c.points for c in self.criteria)

    @property
    def supervisor_flags(self) -> list[str]:
        """Missed criteria a supervisor must hear about (a crisis cue handled badly, …)."""
        return [c.message for c in self.criteria if c.supervisor_flag and not c.passed]

    def result(self, criterion_id: str) -> CriterionResult:
        """The result for one criterion id."""
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        known = ", ".join(c.id for c in self.criteria)
        raise KeyError(f"scenario '{self.scenario}' has no criterion '{criterion_id}' ({known})")

    def assert_criterion(self, criterion_id: str) -> None:
        """Raise AssertionError with the trainee's hint when a criterion is not met."""
        outcome = self.result(criterion_id)
        assert outcome.passed, outcome.message


Source = str | Path | Transcript | Sequence[str]


def score_roleplay(
    source: Source, scenario: str | Scenario, extra_dirs: Iterable[Path] = (), seed: int = 0
) -> RoleplayScore:
    """Replay `source` (a transcript file or object, or a list of helper utterances) and score it.

    Raises AssertionError with a plain-language message when there is nothing to score, so a
    grading cell shows the trainee what to do.
    """
    scenario = scenario if isinstance(scenario, Scenario) else load_scenario(scenario, extra_dirs)
    transcript = _replayed(source, scenario, seed)
    assert transcript.turns, (
        f"No role-play found for '{scenario.title}'. Play it in the role-play cell above (and "
        "press Save), or type what you would say as a list of sentences in the answer cell."
    )
    summary = summarize(transcript)
    results = []
    for criterion in scenario.rubric:
        value = summary.value(criterion.metric)
        passed = criterion.met_by(value)
        results.append(
            CriterionResult(
                id=criterion.id,
                passed=passed,
                points=criterion.points,
                value=value,
                message="Met." if passed else criterion.hint + _where(transcript, criterion.metric),
                supervisor_flag=criterion.supervisor_flag,
            )
        )
    return RoleplayScore(scenario.id, summary, transcript, results)


#: Metrics that count a peer flag: a missed criterion on one quotes the turns that raised it.
FLAG_OF_METRIC = {
    "scope_violations": "scope_violation",
    "secrecy_promises": "secrecy_promise",
    "stigma_flags": "stigmatizing_language",
    "cold_referrals": "cold_referral",
}


def _where(transcript: Transcript, metric: str, most: int = 2) -> str:
    """ " In turn 3 you said '…' (names a dose ("150 mg"))." for the turns behind a count."""
    kind = FLAG_OF_METRIC.get(metric)
    if kind is None:
        return ""
    quoted = [
        f"in turn {turn.index} you said '{_short(turn.helper)}' ({flag.detail})"
        for turn in transcript.turns
        for flag in turn.coding.peer_flags
        if flag.kind == kind
    ]
    return f" Here: {'; '.join(quoted[:most])}." if quoted else ""


def _short(text: str, words: int = 14) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _replayed(source: Source, scenario: Scenario, seed: int) -> Transcript:
    if isinstance(source, str | Path) and Path(source).suffix == ".json":
        if not Path(source).exists():
            return Session(scenario, seed=seed).transcript
        source = _load(Path(source))
    if isinstance(source, Transcript):
        if source.scenario != scenario.id:
            raise AssertionError(
                f"This transcript is from the scenario '{source.scenario}', but this exercise "
                f"is '{scenario.id}'. Play the role-play in this notebook and save it again."
            )
        try:
            return replay(source, scenario)
        except SimulatorError as error:
            raise AssertionError(f"The saved role-play could not be replayed: {error}") from None
    if isinstance(source, str):
        raise AssertionError('Type your role-play as a list of sentences: ["...", "..."].')
    utterances = [text for text in source if isinstance(text, str) and text.strip()]
    return Session.from_utterances(scenario, utterances, seed=seed).transcript


def _load(path: Path) -> Transcript:
    try:
        return Transcript.load(path)
    except SimulatorError as error:
        raise AssertionError(f"{error}. Play the role-play again and press Save.") from None
