"""How the simulated person chooses a reply, given their state and the helper's last move.

Seeded: the same scenario, seed and helper utterances always give the same replies.
"""

from __future__ import annotations

import random

from simulator.coding import Coding
from simulator.scenario import Scenario
from simulator.state import RIGHTING_REFLEX, ConsumerState

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
PREPARATORY = ("desire", "ability", "reasons", "need")
MOBILIZING = ("commitment", "activation", "taking_steps")
MAX_IGNORED_REPLIES = 2  # after this the person moves on; the cue stays unanswered


class Persona:
    """Picks the person's lines; never repeats a line until its bank is used up."""

    def __init__(self, scenario: Scenario, seed: int) -> None:
        self.scenario = scenario
        self.random = random.Random(seed)
        self.used: dict[str, set[int]] = {}
        self.cue_ignored = 0

    def reply(self, coding: Coding, state: ConsumerState, turn_index: int) -> tuple[str, str]:
        """Choose (reply text, reply kind) for this turn and update the crisis stage."""
        draw = self.random.random()  # always drawn, so every turn consumes the same randomness
        crisis = self.scenario.crisis
        if crisis is not None:
            crisis_reply = self._crisis_reply(coding, state, turn_index)
            if crisis_reply is not None:
                return crisis_reply
        reactions = self.scenario.reactions
        if coding.has_flag("stigmatizing_language"):
            return self._line("hurt", reactions.hurt), "hurt"
        if coding.has_flag("scope_violation"):
            return self._line("role_confusion", reactions.role_confusion), "role_confusion"
        if state.discord >= 0.6:
            return self._line("discord", reactions.discord), "discord"
        if state.rapport < 0.2:
            return self._line("disengaged", reactions.disengaged), "disengaged"
        p_change, p_sustain = self._odds(coding, state)
        if draw < p_change:
            kind = self._change_kind(state)
            return self._line(f"change:{kind}", self._bank(kind)), f"change:{kind}"
        if draw < p_change + p_sustain:
            return self._line("sustain", self._bank("sustain")), "sustain"
        return self._line("neutral", self._bank("neutral")), "neutral"

    def _bank(self, kind: str) -> list[str]:
        topics = self.scenario.topics.values()
        if kind in ("neutral", "sustain"):
            return [line for topic in topics for line in getattr(topic, kind)]
        return [line for topic in topics for line in getattr(topic.change, kind)]

    def _crisis_reply(
        self, coding: Coding, state: ConsumerState, turn_index: int
    ) -> tuple[str, str] | None:
        crisis = self.scenario.crisis
        assert crisis is not None
        if state.crisis == "none" and turn_index >= crisis.cue.after_turn:
            state.crisis = "cue"
            return self._line("crisis:cue", crisis.cue.lines), "crisis:cue"
        if state.crisis in ("cue", "asked") and coding.has_flag("crisis_connect"):
            state.crisis = "connected"
            return self._line("crisis:connected", crisis.replies.warm_handoff), "crisis:connected"
        if state.crisis == "cue" and coding.has_flag("crisis_ask"):
            state.crisis = "asked"
            return self._line("crisis:asked", crisis.answers.thoughts), "crisis:asked"
        if state.crisis == "asked":
            return self._line("crisis:asked", crisis.replies.while_talking), "crisis:asked"
        if state.crisis == "cue" and self.cue_ignored < MAX_IGNORED_REPLIES:
            self.cue_ignored += 1
            return self._line("crisis:ignored", crisis.replies.if_ignored), "crisis:ignored"
        return None

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

    def _change_kind(self, state: ConsumerState) -> str:
        available = set(self.scenario.change_kinds())
        if state.readiness >= 6.5 and available & set(MOBILIZING):
            choices = [k for k in (*MOBILIZING, "ability") if k in available]
        elif state.readiness >= 4.5:
            choices = [k for k in ("ability", "reasons", "need", "desire") if k in available]
        else:
            choices = [k for k in ("desire", "reasons", "need") if k in available]
        return self.random.choice(choices)

    def _line(self, bank: str, lines: list[str]) -> str:
        used = self.used.setdefault(bank, set())
        if len(used) == len(lines):
            used.clear()
        fresh = [i for i in range(len(lines)) if i not in used]
        choice = self.random.choice(fresh)
        used.add(choice)
        return lines[choice]
