"""A role-play session: the trainee speaks, the coder codes, the person reacts and replies."""

from __future__ import annotations

from collections.abc import Iterable

from simulator.coding.coach import coach_note
from simulator.coding.codes import Coder
from simulator.engine.persona import Persona
from simulator.engine.scenario import Scenario, load_scenario
from simulator.engine.state import ConsumerState
from simulator.engine.transcript import (
    CodingRecord,
    DecisionRecord,
    StateRecord,
    Transcript,
    Turn,
    VoiceRecord,
)
from simulator.engine.voices import AuthoredVoice, Voice, VoiceRequest
from simulator.errors import SimulatorError

MAX_UTTERANCE_CHARS = 2000


def default_coder() -> Coder:
    """The best coder shipped: the trained MI coder when its model is installed, else rules."""
    try:
        from simulator.coding.coder import MICoder
    except ImportError:
        MICoder = None
    if MICoder is not None:
        try:
            return MICoder.load()
        except (FileNotFoundError, SimulatorError):
            pass
    from simulator.coding.rule_coder import RuleCoder

    return RuleCoder()


class Session:
    """One conversation with the person in `scenario`; same seed + utterances = same session.

    `voice` only words each reply the engine decided (default: the authored lines); the
    decisions, codes and scores never depend on it.
    """

    def __init__(
        self,
        scenario: Scenario | str,
        seed: int = 0,
        coder: Coder | None = None,
        voice: Voice | None = None,
    ) -> None:
        self.scenario = load_scenario(scenario) if isinstance(scenario, str) else scenario
        self.coder = coder if coder is not None else default_coder()
        self.voice = voice if voice is not None else AuthoredVoice()
        self.seed = seed
        initial = self.scenario.initial_state
        self.state = ConsumerState(
            initial.rapport, initial.discord, initial.importance, initial.confidence
        )
        self._persona = Persona(self.scenario, seed)
        self.transcript = Transcript(
            scenario=self.scenario.id,
            scenario_fingerprint=self.scenario.fingerprint,
            seed=seed,
            coder=self.coder.name,
            opening=self.scenario.opening,
        )
        self._said: list[str] = [self.scenario.opening]

    @classmethod
    def from_utterances(
        cls,
        scenario: Scenario | str,
        utterances: Iterable[str],
        seed: int = 0,
        coder: Coder | None = None,
        voice: Voice | None = None,
    ) -> Session:
        """Play a whole session from a list of helper utterances (the plain-cell fallback)."""
        session = cls(scenario, seed=seed, coder=coder, voice=voice)
        for text in utterances:
            session.respond(text)
        session.end()
        return session

    @property
    def ended(self) -> bool:
        """Whether end() was called."""
        return self.transcript.ended

    def respond(self, text: str) -> Turn:
        """The helper says `text`; returns the turn with the person's reply and a coach note."""
        if self.ended:
            raise SimulatorError("this session has ended; start a new Session to keep practising")
        if not isinstance(text, str) or not text.strip():
            raise SimulatorError("say something first: the utterance is empty")
        text = " ".join(text.split())[:MAX_UTTERANCE_CHARS]
        coding = self.coder.code(text, context=self._said[-3:], speaker="helper")
        self.state.apply(coding)
        index = len(self.transcript.turns) + 1
        reply = self._persona.reply(text, coding, self.state, index)
        self.state.hear_self(reply.kind.split(":")[0])
        decision = DecisionRecord(
            act=reply.act, kind=reply.kind, topic=reply.topic, fact=reply.fact, crisis=reply.crisis
        )
        request = VoiceRequest(
            self.scenario, decision, self.state.crisis, reply.text, text, self._shown()
        )
        spoken = self.voice.speak(request)
        turn = Turn(
            index=index,
            helper=text,
            coding=CodingRecord.of(coding),
            reply=spoken.text,
            reply_kind=reply.kind,
            state=StateRecord(**self.state.snapshot()),
            coach=coach_note(coding, reply.kind),
            decision=decision,
            voice=VoiceRecord(
                backend=self.voice.backend,
                model=self.voice.model,
                authored=reply.text,
                fallback=spoken.fallback,
            ),
        )
        self.transcript.turns.append(turn)
        self._said += [text, reply.text]  # the authored line: coding never depends on the voice
        return turn

    def _shown(self) -> tuple[tuple[str, str], ...]:
        """The conversation so far as the trainee saw it, oldest first."""
        shown = [("person", self.transcript.opening)]
        for turn in self.transcript.turns:
            shown += [("helper", turn.helper), ("person", turn.reply)]
        return tuple(shown)

    def end(self) -> Transcript:
        """Close the session and return its transcript."""
        self.transcript.ended = True
        return self.transcript


RESCORED_NOTE = (
    "This role-play was recorded with an earlier version of the scenario '{scenario}'. It was "
    "re-scored by replaying the trainee's words against the current version, so the person's "
    "replies shown here differ from what the trainee saw; the grade comes from this replay."
)


def replay(
    transcript: Transcript, scenario: Scenario | None = None, coder: Coder | None = None
) -> Transcript:
    """Re-run the transcript's helper utterances with its seed; scores come from this, not the file.

    A transcript recorded with another version of the scenario is replayed against the current
    version: the grade is kept, and the result's `notes` tell the trainer that the person's
    replies differ from what the trainee saw.
    """
    scenario = scenario or load_scenario(transcript.scenario)
    session = Session(scenario, seed=transcript.seed, coder=coder)
    for text in transcript.helper_utterances:
        session.respond(text)
    if transcript.ended:
        session.end()
    if scenario.fingerprint != transcript.scenario_fingerprint:
        session.transcript.notes.append(RESCORED_NOTE.format(scenario=scenario.id))
    return session.transcript
