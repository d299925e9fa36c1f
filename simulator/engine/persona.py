"""How the simulated person replies: the state model chooses the kind of reply, the turn's act
and topic choose what it answers.

A turn: understand the trainee's words (act, fact, topic) → the crisis arc, if one is playing,
may answer → otherwise the state model picks a kind (hurt, role confusion, discord,
disengaged, change talk, sustain talk or neutral) and the composer builds the reply from the
topic in play. Seeded: the same scenario, seed and helper utterances always give the same replies.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from simulator.coding.codes import Coding
from simulator.engine.composer import Composed, Composer
from simulator.engine.crisis import CrisisPlayer
from simulator.engine.memory import Memory
from simulator.engine.scenario import Scenario
from simulator.engine.state import RIGHTING_REFLEX, ConsumerState
from simulator.engine.understanding import Understanding, index_for, understand
from simulator.engine.words import all_stems, plain

# How likely each helper code makes change talk (bonus) and sustain talk (push) in the reply.
CHANGE_BONUS = {
    "complex_reflection": 0.25,
    "summary": 0.25,
    "simple_reflection": 0.10,
    "open_question": 0.10,
    "affirm": 0.10,
    "emphasize_autonomy": 0.15,
    "advise_with_permission": 0.05,
    "closed_question": -0.10,
}
MOBILIZING = ("commitment", "activation", "taking_steps")


@dataclass(frozen=True)
class Reply:
    """The person's reply and the decision behind it (recorded in the transcript)."""

    text: str
    kind: str
    act: str
    topic: str | None
    fact: str | None
    crisis: str | None


class Persona:
    """One simulated person in one session."""

    def __init__(self, scenario: Scenario, seed: int) -> None:
        self.scenario = scenario
        self.random = random.Random(seed)
        self.memory = Memory(random=self.random, thread=scenario.opening_topic)
        self.composer = Composer(scenario, self.memory)
        self.crisis = (
            CrisisPlayer(
                scenario.crisis,
                scenario.act_replies,
                self.memory,
                self.composer.fact_answer,
                {fact.id: fact.answer for fact in scenario.facts},
            )
            if scenario.crisis is not None
            else None
        )
        self.memory.used.add(scenario.opening)
        self._remember(scenario.opening, scenario.opening_topic)

    def reply(self, text: str, coding: Coding, state: ConsumerState, turn_index: int) -> Reply:
        """Answer the helper's `text` (coded as `coding`) and update the crisis stage."""
        draw = self.random.random()  # always drawn, so every turn consumes the same randomness
        heard = understand(
            text,
            coding,
            self.scenario,
            self.memory.recent,
            crisis_open=state.crisis != "none",
            mentioned=frozenset(self.memory.mentioned),
        )
        if heard.topic is not None:
            self.memory.mentioned.add(heard.topic)
        composed: list[Composed] = []

        def answer() -> str:
            """The ordinary reply to this turn (composed once, when first needed)."""
            if not composed:
                kind = self._kind(coding, state, draw, heard)
                composed.append(self.composer.compose(heard, kind, state))
            return composed[0].text

        if self.crisis is not None and not _overrides_crisis(coding, state):
            arc_reply = self.crisis.reply(heard, state, turn_index, answer)
            if arc_reply is not None:
                topic = composed[0].topic if composed else heard.topic
                self._remember(arc_reply.text, topic)
                fact = composed[0].fact if composed else heard.fact
                return Reply(arc_reply.text, arc_reply.kind, heard.act, topic, fact, arc_reply.move)
        text_out = answer()
        hint = self.crisis.hint(state, turn_index) if self.crisis is not None else None
        if hint is not None:
            text_out = f"{text_out} {hint}"
        self._remember(text_out, composed[0].topic)
        return Reply(
            text_out,
            composed[0].kind,
            heard.act,
            composed[0].topic,
            composed[0].fact,
            "hint" if hint else None,
        )

    def _kind(self, coding: Coding, state: ConsumerState, draw: float, heard: Understanding) -> str:
        """The state model's choice: how the person reacts to this turn."""
        if coding.has_flag("stigmatizing_language"):
            return "hurt"
        if coding.has_flag("scope_violation"):
            return "role_confusion"
        calm = state.crisis == "connected"
        if state.discord >= 0.6 and not calm:
            return "discord"
        if state.rapport < 0.2 and not calm:
            return "disengaged"
        p_change, p_sustain = self._odds(coding, state)
        if draw < p_change:
            return f"change:{self._change_kind(state, heard)}"
        if draw < p_change + p_sustain and not calm:
            return "sustain"
        if heard.hypothetical and heard.act == "open_question":
            return f"change:{self._change_kind(state, heard)}"  # "What would be different if…?"
        return "neutral"

    def _odds(self, coding: Coding, state: ConsumerState) -> tuple[float, float]:
        righting = coding.code in RIGHTING_REFLEX
        p_change = (
            0.1 + 0.6 * state.rapport - 0.5 * state.discord + CHANGE_BONUS.get(coding.code, 0)
        )
        p_change = max(0.0, min(0.9, p_change - (0.3 if righting else 0.0)))
        low_importance = 0.15 if state.importance < 3 else 0.0
        p_sustain = 0.1 + 0.5 * state.discord + (0.35 if righting else 0.0) + low_importance
        p_sustain = max(0.0, min(1.0 - p_change, p_sustain))
        return p_change, p_sustain

    def _change_kind(self, state: ConsumerState, heard: Understanding) -> str:
        available = set(self.scenario.change_kinds())
        wishes = [k for k in ("desire", "reasons", "need") if k in available]
        if heard.hypothetical and wishes:
            choices = wishes  # "What would be different if…?" asks for a wish or a reason
        elif state.readiness >= 6.5 and available & set(MOBILIZING):
            choices = [k for k in (*MOBILIZING, "ability") if k in available]
        elif state.readiness >= 4.5:
            choices = [k for k in ("ability", "reasons", "need", "desire") if k in available]
        else:
            choices = [k for k in ("desire", "reasons", "need") if k in available]
        topic = self.scenario.topics.get(heard.topic or self.memory.thread)
        on_topic = [k for k in choices if topic is not None and k in topic.change.kinds()]
        return self.random.choice(on_topic or choices)

    def _remember(self, line: str, topic: str | None) -> None:
        index = index_for(self.scenario)
        named = set(index.topic_hits(all_stems(line), plain(line)))
        self.memory.heard(line, topic, named)


def _overrides_crisis(coding: Coding, state: ConsumerState) -> bool:
    """A stigmatizing word hurts even in a crisis; the arc resumes on the next turn."""
    return coding.has_flag("stigmatizing_language") and state.crisis == "none"
