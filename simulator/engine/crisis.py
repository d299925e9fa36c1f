"""The crisis arc: early hints, a clearer cue, honest answers when asked directly, and what
the person says to each helper move (staying, a warm hand-off, lethal-means steps, a cold
referral).

The arc moves the state's crisis stage: "cue" once a cue is given, "asked" once the person
has answered a direct question, "connected" once they agreed to a warm hand-off. Asking
directly works at any point — before the scripted cue too — and is answered honestly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from simulator.engine.memory import Memory
from simulator.engine.state import ConsumerState
from simulator.engine.story import ActReplies, CrisisArc
from simulator.engine.understanding import Understanding
from simulator.engine.words import content_stems

CUE_FACT_WORDS = 3  # words a fact's answer shares with a cue line when it retells the cue
MAX_IGNORED_REPLIES = 2  # after this the person moves on; the cue stays unanswered
QUESTIONS = ("thoughts", "plan", "means", "timing")
ASKING = frozenset({"open_question", "yes_no_question", "ruler"})  # answered as usual, calmly


@dataclass(frozen=True)
class CrisisReply:
    """A reply from the arc: its words, its reply kind and which part of the arc it came from."""

    text: str
    kind: str
    move: str


class CrisisPlayer:
    """Plays one scenario's crisis arc for one session."""

    def __init__(
        self,
        arc: CrisisArc,
        act_replies: ActReplies,
        memory: Memory,
        fact_answer: Callable[[str], str],
        facts: dict[str, str] | None = None,
    ) -> None:
        self.arc = arc
        self.act_replies = act_replies
        self.memory = memory
        self.fact_answer = fact_answer
        #: The content words of each fact's answer, to tell a question about the cue itself.
        self.fact_words = {fact: content_stems(answer) for fact, answer in (facts or {}).items()}

    def hint(self, state: ConsumerState, turn_index: int) -> str | None:
        """An early hint to add to this turn's reply, if one is due and nobody has asked yet."""
        if state.crisis != "none":
            return None
        for hint in self.arc.hints:
            if hint.after_turn == turn_index and hint.line not in self.memory.used:
                self.memory.used.add(hint.line)
                return hint.line
        return None

    def reply(
        self, heard: Understanding, state: ConsumerState, turn_index: int, answer: Callable[[], str]
    ) -> CrisisReply | None:
        """The arc's reply to this turn, or None when the arc has nothing to say.

        `answer()` composes the ordinary reply to the turn; a cue follows it, and a brushed-off
        cue comes before it, so the person still answers what was asked.
        """
        stage = state.crisis
        if heard.act == "crisis_question" or (heard.act == "crisis_support" and stage == "none"):
            question = heard.crisis if heard.crisis in QUESTIONS else "thoughts"
            if stage != "connected":
                state.crisis = "asked"
            return self._answer(question, state)
        if heard.act == "crisis_support":
            return self._support(heard.crisis or "staying", state)
        if stage == "none" and turn_index >= self.arc.cue.after_turn:
            line = self.memory.pick(self.arc.cue.lines)
            if line is not None:
                state.crisis = "cue"
                return CrisisReply(_join(answer(), line), "crisis:cue", "cue")
        if stage == "cue":
            if (heard.act in ("reflection", "summary") and heard.fits) or self._takes_up_cue(heard):
                line = self.memory.pick(self.arc.replies.while_talking)
                if line is not None:
                    opener = self._agree()
                    if heard.fact is not None:  # "Have you told anyone?": the answer first
                        opener = self.fact_answer(heard.fact)
                    return CrisisReply(_join(opener, line), "crisis:cue", "opening_up")
            if self.memory.cue_ignored < MAX_IGNORED_REPLIES:
                self.memory.cue_ignored += 1
                line = self.memory.pick(self.arc.replies.if_ignored)
                if line is not None:
                    return CrisisReply(_join(line, answer()), "crisis:ignored", "ignored")
        if stage == "asked":
            line = self.memory.pick(self.arc.replies.while_talking) or self._volunteer()
            if line is not None:
                opener = self._agree() if heard.act in ("reflection", "summary") else ""
                if heard.fact is not None:
                    opener = self.fact_answer(heard.fact)
                return CrisisReply(_join(opener, line), "crisis:asked", "talking")
        if stage == "connected" and heard.fact is None and heard.act not in ASKING:
            line = self.memory.pick(self.arc.replies.after_connected)
            if line is not None:
                return CrisisReply(line, "crisis:connected", "after_connected")
        return None

    def _takes_up_cue(self, heard: Understanding) -> bool:
        """Whether the turn picks up the cue's own words ("easier if you didn't wake up?")."""
        said = [line for line in self.arc.cue.lines if line in self.memory.used]
        if any(heard.stems & content_stems(line) for line in said):
            return True
        # "What did he say exactly?" asks for what the cue was about: a fact that retells it
        told = self.fact_words.get(heard.fact or "", frozenset())
        return any(len(told & content_stems(line)) >= CUE_FACT_WORDS for line in self.arc.cue.lines)

    def _agree(self) -> str:
        agree = self.act_replies.reflection.agree
        return self.memory.pick(agree) or agree[-1]

    def _answer(self, question: str, state: ConsumerState) -> CrisisReply:
        kind = "crisis:connected" if state.crisis == "connected" else "crisis:asked"
        key = f"crisis:{question}"
        lines = getattr(self.arc.answers, question)
        if key in self.memory.told:
            told = next((line for line in lines if line in self.memory.used), lines[0])
            again = self.memory.pick(self.act_replies.repeat) or self.act_replies.repeat[0]
            return CrisisReply(_join(again, told), kind, question)
        self.memory.told.add(key)
        line = self.memory.pick(lines) or lines[0]
        return CrisisReply(line, kind, question)

    def _support(self, move: str, state: ConsumerState) -> CrisisReply:
        replies = self.arc.replies
        if move == "warm_handoff" and state.crisis != "connected":
            state.crisis = "connected"
        elif state.crisis == "cue":
            state.crisis = "asked"  # staying, a referral or a means step takes the cue seriously
        kind = "crisis:connected" if state.crisis == "connected" else "crisis:asked"
        lines = getattr(replies, move)
        line = self.memory.pick(lines) or self.memory.pick(replies.after_connected)
        return CrisisReply(line or lines[-1], kind, move)

    def _volunteer(self) -> str | None:
        """Once the person has answered, they may say more of what they were not asked."""
        for question in QUESTIONS:
            if f"crisis:{question}" not in self.memory.told:
                line = self.memory.pick(getattr(self.arc.answers, question))
                if line is not None:
                    self.memory.told.add(f"crisis:{question}")
                    return line
        return None


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)
