"""The person's story in a scenario file (format v2): facts, topics, act replies, crisis arc.

These models are parts of `simulator.engine.scenario.Scenario`; the engine reads them to answer what
the trainee just said. Every field carries a description: the located error messages quote it
when a field is missing, so an author learns what was expected.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from simulator.coding.codes import DARN_CAT

Line = str
ID_PATTERN = r"^[a-z][a-z0-9_]*$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fact(Strict):
    """One short, answerable thing the person knows about their life."""

    id: str = Field(pattern=ID_PATTERN, description="Short snake_case id, e.g. 'daughter_age'.")
    ask: list[str] = Field(
        min_length=1,
        description="Words a trainee might use to ask about it, e.g. 'how old is your daughter'"
        " (at least one; give several phrasings).",
    )
    answer: Line = Field(description="The person's answer, told the same way every time.")
    topic: str | None = Field(
        None, description="Id of the topic (under `topics`) this fact belongs to, if any."
    )


class ChangeLines(Strict):
    """Change-talk lines of one topic by DARN-CAT kind, surface to deeper."""

    desire: list[Line] = Field(default=[], description="'I want to…' lines.")
    ability: list[Line] = Field(default=[], description="'I could…' lines.")
    reasons: list[Line] = Field(default=[], description="'It would help because…' lines.")
    need: list[Line] = Field(default=[], description="'I have to…' lines.")
    commitment: list[Line] = Field(default=[], description="'I will…' lines.")
    activation: list[Line] = Field(default=[], description="'I'm ready to…' lines.")
    taking_steps: list[Line] = Field(default=[], description="'This week I…' lines.")

    def kinds(self) -> list[str]:
        """The DARN-CAT kinds this topic has lines for, in DARN-CAT order."""
        return [kind for kind in DARN_CAT if getattr(self, kind)]


class Topic(Strict):
    """A thread of the person's story, with lines for each kind of reply, surface to deeper."""

    aliases: list[str] = Field(
        min_length=1,
        description="Words or phrases that bring this thread up, e.g. 'daughter', 'Lucía'.",
    )
    neutral: list[Line] = Field(
        min_length=1, description="Plain information about this thread, neither way."
    )
    sustain: list[Line] = Field(default=[], description="Reasons to keep things as they are.")
    change: ChangeLines = Field(
        default=ChangeLines(), description="Change talk about this thread (DARN-CAT)."
    )
    discord: list[Line] = Field(default=[], description="Push-back tied to this thread.")
    hurt: list[Line] = Field(default=[], description="Hurt at a label, tied to this thread.")


class Reactions(Strict):
    """How the person reacts to the relationship, whatever the topic."""

    discord: list[Line] = Field(
        min_length=1, description="Push-back at the helper, not the change."
    )
    disengaged: list[Line] = Field(min_length=1, description="Short, withdrawn answers.")
    role_confusion: list[Line] = Field(
        min_length=1, description="Replies when the helper acts like a clinician or lawyer."
    )
    hurt: list[Line] = Field(min_length=1, description="Replies to a stigmatizing word.")


class ReflectionReplies(Strict):
    """Openers after a reflection or summary."""

    agree: list[Line] = Field(
        min_length=2, description="When the reflection fits: 'Yeah.', 'Exactly.'"
    )
    correct: list[Line] = Field(
        min_length=1, description="When it misses: 'Not exactly.', 'That's not it.'"
    )


class AffirmationReplies(Strict):
    """How the person takes an affirmation."""

    accept: list[Line] = Field(min_length=1, description="Taking it in, when trust is there.")
    deflect: list[Line] = Field(min_length=1, description="Brushing it off, when trust is low.")


class PermissionReplies(Strict):
    """Answers to 'Would it be okay if I shared…?'."""

    granted: list[Line] = Field(min_length=1, description="'Sure, go ahead.'")
    hesitant: list[Line] = Field(min_length=1, description="'I guess. Depends what it is.'")


class ByReadiness(Strict):
    """Lines for low (0–3.5), middle (3.5–6.5) and high (6.5–10) readiness or ruler values."""

    low: list[Line] = Field(min_length=1, description="When the value is low (below 3.5).")
    middle: list[Line] = Field(min_length=1, description="When it is in the middle.")
    high: list[Line] = Field(min_length=1, description="When it is high (6.5 or more).")


class RulerReplies(Strict):
    """A 0–10 ruler is answered with the state's own number and a reason."""

    number: list[Line] = Field(
        min_length=1, description="How the number is said; must contain {n}, e.g. 'Maybe a {n}.'"
    )
    importance: ByReadiness = Field(description="Reasons for an importance number.")
    confidence: ByReadiness = Field(description="Reasons for a confidence number.")

    @field_validator("number")
    @classmethod
    def _has_placeholder(cls, number: list[Line]) -> list[Line]:
        missing = [line for line in number if "{n}" not in line]
        if missing:
            raise ValueError(f"each line must contain {{n}} for the number; missing in {missing}")
        return number


class AdviceReaction(Strict):
    """How the person reacts to one piece of advice they may hear, naming it."""

    about: list[str] = Field(
        min_length=1, description="Words that name this advice, e.g. 'meeting', 'AA', 'group'."
    )
    pushback: list[Line] = Field(
        min_length=1, description="When it comes unasked or readiness is low; names the advice."
    )
    considering: list[Line] = Field(
        min_length=1, description="When she asked for it or is ready; names the advice."
    )


class GeneralAdvice(Strict):
    """The reaction to advice no `named` entry matches."""

    pushback: list[Line] = Field(min_length=1, description="Unasked advice, low readiness.")
    considering: list[Line] = Field(min_length=1, description="Invited advice, high readiness.")


class AdviceReplies(Strict):
    """Reactions to advice or warnings."""

    named: list[AdviceReaction] = Field(
        min_length=1, description="Advice the person is likely to hear, each with its words."
    )
    general: GeneralAdvice = Field(description="Any other advice.")


class ActReplies(Strict):
    """Short answers and acknowledgements to what the trainee just did."""

    yes_no: list[Line] = Field(
        min_length=2,
        description="Short noncommittal openers for a yes/no question that no fact answers"
        " ('Sometimes.', 'Kind of.').",
    )
    repeat: list[Line] = Field(
        min_length=1, description="Opener when a fact is asked again: 'Like I said,'."
    )
    reflection: ReflectionReplies
    affirmation: AffirmationReplies
    permission: PermissionReplies
    information: ByReadiness = Field(
        description="What the person says to information the trainee offers, by readiness."
    )
    ruler: RulerReplies
    advice: AdviceReplies
    self_disclosure: list[Line] = Field(
        min_length=1, description="Reaction when the helper shares their own experience."
    )
    apology: list[Line] = Field(
        default=["Okay. Thanks for saying that."],
        min_length=1,
        description="When the helper apologizes (optional).",
    )
    goodbye: list[Line] = Field(
        default=["Okay. Thanks for listening."],
        min_length=1,
        description="When the helper closes the conversation (optional).",
    )
    no_crisis: list[Line] = Field(
        default=["No. Nothing like that."],
        min_length=1,
        description="Answer to a direct question about suicide in a scenario without a crisis"
        " arc (optional).",
    )


class CrisisAnswers(Strict):
    """Honest answers when asked directly, at any point after a hint."""

    thoughts: list[Line] = Field(min_length=1, description="Asked about thoughts of suicide.")
    plan: list[Line] = Field(min_length=1, description="Asked whether there is a plan.")
    means: list[Line] = Field(min_length=1, description="Asked about means (a gun, pills) at hand.")
    timing: list[Line] = Field(min_length=1, description="Asked when, or about tonight.")


class CrisisReplies(Strict):
    """What the person says to each helper move once the risk is on the table."""

    staying: list[Line] = Field(min_length=1, description="The helper says they will stay.")
    warm_handoff: list[Line] = Field(
        min_length=1, description="The helper connects them together (988, crisis team)."
    )
    lethal_means: list[Line] = Field(
        min_length=1, description="The helper suggests time and distance from the means."
    )
    cold_referral: list[Line] = Field(
        min_length=1, description="The helper just hands over a number."
    )
    after_connected: list[Line] = Field(
        min_length=1, description="Later turns once connected (never sustain talk)."
    )
    if_ignored: list[Line] = Field(min_length=1, description="When a cue is passed over.")
    while_talking: list[Line] = Field(
        min_length=1, description="After an honest answer, until support is offered."
    )


class CrisisHint(Strict):
    """An early, indirect hint added to the reply to one helper turn."""

    after_turn: int = Field(ge=1, description="The hint comes in the reply to this helper turn.")
    line: Line = Field(description="The hint, e.g. 'I'm just tired of all of it.'")


class CrisisCue(Strict):
    """The clearer cue."""

    after_turn: int = Field(ge=1, description="The cue comes in the reply to this helper turn.")
    lines: list[Line] = Field(min_length=1, description="Clearer crisis statements.")


class CrisisArc(Strict):
    """Hints, a clearer cue, honest answers when asked, and replies to each helper move."""

    hints: list[CrisisHint] = Field(min_length=1, description="Early indirect hints, in order.")
    cue: CrisisCue
    answers: CrisisAnswers
    replies: CrisisReplies
