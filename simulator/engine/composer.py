"""Composing the person's reply: [answer or acknowledgement of the act] + [a line of the kind
the state model chose, from the topic in play].

The state model decides *how* the person reacts (the kind: neutral, sustain, change talk,
discord, hurt…); the trainee's act and topic decide *what* the reply answers. A topic's lines
are used in order, surface to deeper; no line is said twice in a session; a fact is told the
same way every time.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.coding.codes import DARN_CAT
from simulator.engine.memory import Memory
from simulator.engine.scenario import Scenario
from simulator.engine.state import ConsumerState
from simulator.engine.story import ByReadiness, Topic
from simulator.engine.understanding import Understanding

PREPARATORY = DARN_CAT[:4]
LOW, HIGH = 3.5, 6.5  # readiness bands, as documented in the authoring guide
PERMISSION_TURNS = 2  # a granted permission covers the next turn and the one after


@dataclass(frozen=True)
class Composed:
    """A composed reply and the decision behind it."""

    text: str
    kind: str
    topic: str | None
    fact: str | None


def band(value: float) -> str:
    """'low', 'middle' or 'high' for a 0–10 value."""
    return "low" if value < LOW else "middle" if value < HIGH else "high"


class Composer:
    """Builds replies from one scenario's lines, remembering what was said."""

    def __init__(self, scenario: Scenario, memory: Memory) -> None:
        self.scenario = scenario
        self.replies = scenario.act_replies
        self.memory = memory

    def compose(self, heard: Understanding, kind: str, state: ConsumerState) -> Composed:
        """The reply to `heard`, reacting the way `kind` says."""
        topic = self._topic_of(heard)
        self._age_permission(heard)
        if kind in ("hurt", "role_confusion"):
            return self._reaction(kind, topic)
        fact_answer = self.fact_answer(heard.fact) if heard.fact is not None else ""
        if kind == "disengaged":
            if fact_answer:
                return Composed(fact_answer, "disengaged", topic, heard.fact)
            return self._reaction("disengaged", topic)
        if kind == "discord":
            reaction = self._reaction("discord", topic)
            return Composed(_join(fact_answer, reaction.text), "discord", topic, heard.fact)
        if fact_answer:
            return self._with_line(fact_answer, kind, topic, heard, state, optional=True)
        act = heard.act
        if act == "ruler":
            return self._ruler(heard, state)
        if act == "permission_request":
            granted = state.rapport >= 0.3 and state.discord < 0.5
            self.memory.permission_given = granted
            self.memory.permission_turns = PERMISSION_TURNS if granted else 0
            self.memory.permission_to_share = "ask" not in heard.stems  # not "ask you a few…"
            permission = self.replies.permission
            text = self._pick(permission.granted if granted else permission.hesitant)
            return Composed(text, "neutral", topic, None)
        if act in ("reflection", "other", "information") and self._sharing_now():
            # what they asked leave to share, whatever it sounded like: an option or a fact
            act = "advice" if heard.offer else "information"
        if act == "advice":
            return self._advice(heard, kind, topic, state)
        if act == "information":
            reaction = self._by_band(self.replies.information, state.readiness)
            answered = self._answers_their_question(heard)  # they go on, on their thread
            return self._with_line(reaction, kind, topic, heard, state, optional=not answered)
        if act == "affirmation":
            affirmation = self.replies.affirmation
            trusted = state.rapport >= 0.35
            opener = self._pick(affirmation.accept if trusted else affirmation.deflect)
            return self._with_line(opener, kind, topic, heard, state)
        if act == "self_disclosure":
            opener = self._pick(self.replies.self_disclosure)
            return self._with_line(opener, kind, topic, heard, state)
        if act in ("reflection", "summary", "autonomy"):
            fits = heard.fits or act == "autonomy"
            reflection = self.replies.reflection
            opener = self._pick(reflection.agree if fits else reflection.correct)
            return self._with_line(opener, kind, topic, heard, state)
        if act in ("apology", "goodbye"):
            return Composed(self._pick(getattr(self.replies, act)), "neutral", topic, None)
        if act == "greeting":  # small talk first, whatever the mood
            return self._with_line("", "neutral", topic, heard, state)
        if act == "yes_no_question":
            return self._with_line(self._pick(self.replies.yes_no), kind, topic, heard, state)
        if act == "crisis_question":  # a scenario without a crisis arc
            honest = self.memory.pick(self.replies.no_crisis)
            if honest is None:  # asked again (about means, a plan): the same honest answer
                again = self.memory.pick(self.replies.repeat) or self.replies.repeat[0]
                honest = _join(again, self.replies.no_crisis[0])
            return Composed(honest, "neutral", topic, None)  # the honest answer stands alone
        return self._with_line("", kind, topic, heard, state)

    def _age_permission(self, heard: Understanding) -> None:
        """A granted permission covers what is shared next, not advice given much later."""
        if heard.act == "permission_request":
            return
        if self.memory.permission_turns > 0:
            self.memory.permission_turns -= 1
        else:
            self.memory.permission_given = False

    def _sharing_now(self) -> bool:
        """Whether this is the turn right after leave to share something was granted."""
        memory = self.memory
        just_granted = memory.permission_turns == PERMISSION_TURNS - 1
        return memory.permission_given and memory.permission_to_share and just_granted

    def _answers_their_question(self, heard: Understanding) -> bool:
        """Whether the turn answers the question the person just asked ("Is this going to get
        back to my parents?"): information on their own thread."""
        recent = self.memory.recent
        asked = bool(recent) and recent[-1].line.rstrip().endswith("?")
        return asked and heard.topic in (None, self.memory.thread)

    def _topic_of(self, heard: Understanding) -> str:
        if heard.act in ("reflection", "summary") and not heard.fits:
            return self.memory.thread  # the correction goes back to what they meant
        return heard.topic or self.memory.thread

    def _with_line(
        self,
        opener: str,
        kind: str,
        topic: str,
        heard: Understanding,
        state: ConsumerState,
        optional: bool = False,
    ) -> Composed:
        """`opener` followed by a line of `kind` from `topic` (or the nearest available).

        An `optional` line (after a fact's answer, a reaction to information or advice) comes
        only for change or sustain talk, and only from `topic` itself: the answer stands alone
        rather than drift to another thread.
        """
        if optional and opener and not (kind.startswith("change") or kind == "sustain"):
            return Composed(opener, "neutral", topic, heard.fact)
        only_topic = optional and bool(opener)
        # on their thread: a topic named, a reflection, or "ok", "yeah?", "tell me more"
        stay = heard.named or heard.act in ("reflection", "summary") or not heard.stems
        line, used_kind, used_topic = self._line(kind, topic, stay, only_topic)
        if line is None and only_topic:
            return Composed(opener, "neutral", topic, heard.fact)
        if line is None:
            return Composed(opener or self._last_resort(), "neutral", topic, heard.fact)
        return Composed(
            _join(opener, _without_echo(opener, line)), used_kind, used_topic, heard.fact
        )

    def _line(
        self, kind: str, topic: str, named: bool = False, only_topic: bool = False
    ) -> tuple[str | None, str, str | None]:
        """A fresh line of `kind` about `topic`, falling back to nearby kinds and topics (to
        plain talk on `topic` first when the trainee `named` it; never off `topic` when
        `only_topic`)."""
        talk = kind.split(":")[0]
        topics = self.scenario.topics
        order = [topic, self.memory.thread, *topics]
        related = _related_kinds(kind)
        attempts = [(kind, topic)]
        attempts += [(other, topic) for other in related]
        if only_topic:
            order = [topic]
        elif named and talk != "neutral":
            attempts.append(("neutral", topic))  # the trainee named this topic: stay on it
        attempts += [(kind, name) for name in order[1:]]
        attempts += [(other, name) for name in order[1:] for other in related]
        if talk != "neutral" and not only_topic:
            attempts += [("neutral", name) for name in order]
        for wanted, name in attempts:
            line = self.memory.pick(_bank(topics[name], wanted)) if name in topics else None
            if line is not None:
                return line, wanted, name
        return None, kind, None

    def _reaction(self, kind: str, topic: str) -> Composed:
        own = getattr(self.scenario.topics[topic], kind, []) if kind in ("discord", "hurt") else []
        line = self.memory.pick(own)
        if line is not None:
            return Composed(line, kind, topic, None)
        lines = getattr(self.scenario.reactions, kind)
        line = self.memory.pick(lines) or lines[-1]
        return Composed(line, kind, None, None)

    def fact_answer(self, fact_id: str) -> str:
        """A fact's answer, led by a reminder ("Like I told you.") when told before."""
        answer = next(fact.answer for fact in self.scenario.facts if fact.id == fact_id)
        if fact_id in self.memory.told:
            again = self.memory.pick(self.replies.repeat) or self.replies.repeat[0]
            return _join(again, answer)
        self.memory.told.add(fact_id)
        return answer

    def _ruler(self, heard: Understanding, state: ConsumerState) -> Composed:
        ruler = self.replies.ruler
        which = heard.ruler or "importance"
        number = round(state.confidence if which == "confidence" else state.importance)
        said = (self.memory.pick(ruler.number) or ruler.number[0]).format(n=number)
        level = band(number)
        reason = self.memory.pick(getattr(getattr(ruler, which), level))
        change = "change:ability" if which == "confidence" else "change:reasons"
        kind = {"low": "sustain", "middle": "neutral", "high": change}[level]
        return Composed(_join(said, reason or ""), kind, heard.topic, None)

    def _advice(
        self, heard: Understanding, kind: str, topic: str, state: ConsumerState
    ) -> Composed:
        advice = self.replies.advice
        entry = advice.named[heard.advice] if heard.advice is not None else advice.general
        invited = self.memory.permission_given and state.readiness >= LOW
        considering = kind.startswith("change") or invited
        self.memory.permission_given = False
        reaction = self._pick(entry.considering if considering else entry.pushback)
        if considering:
            return self._with_line(reaction, kind, topic, heard, state, optional=True)
        if kind == "discord":
            return Composed(
                _join(reaction, self._reaction("discord", topic).text), kind, topic, None
            )
        follow = kind if kind == "sustain" else "sustain"
        return self._with_line(reaction, follow, topic, heard, state)

    def _by_band(self, lines: ByReadiness, value: float) -> str:
        return self._pick(getattr(lines, band(value)))

    def _pick(self, lines: list[str]) -> str:
        """A fresh line, or (all used) the last one: short acknowledgements may come back."""
        return self.memory.pick(lines) or lines[-1]

    def _last_resort(self) -> str:
        return self._pick(self.replies.yes_no)


def _bank(topic: Topic, kind: str) -> list[str]:
    talk, _, change_kind = kind.partition(":")
    if talk == "change":
        return list(getattr(topic.change, change_kind))
    return list(getattr(topic, talk, []))


def _related_kinds(kind: str) -> list[str]:
    """Other kinds of the same talk, nearest first: change talk falls back to change talk,
    but preparatory talk (desire, ability, reasons, need) never to a commitment."""
    talk, _, change_kind = kind.partition(":")
    if talk != "change":
        return []
    position = DARN_CAT.index(change_kind)
    allowed = DARN_CAT if position >= len(PREPARATORY) else PREPARATORY
    nearest = sorted(allowed, key=lambda other: abs(DARN_CAT.index(other) - position))
    return [f"change:{other}" for other in nearest if other != change_kind]


def _without_echo(opener: str, line: str) -> str:
    """`line` without a one-word start the opener already said ("Okay. That makes sense." then
    "Okay. So, like…" → "So, like…")."""
    first, dot, rest = line.partition(". ")
    said = opener.split(" ", 1)[0].rstrip(".,!").lower()
    if dot and rest and " " not in first and first.rstrip(",!").lower() == said:
        return rest
    return line


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)
