"""What a coder says about one utterance, and the interface every coder implements.

A *coder* labels helper utterances with MITI-style behaviour codes and consumer utterances
with change / sustain / neutral talk, plus peer-practice flags. The simulator, the graders
and the benchmarks only depend on this module, so coders are interchangeable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

Speaker = Literal["helper", "consumer"]

#: AnnoMI's four therapist classes.
BEHAVIOURS = ("question", "reflection", "therapist_input", "other")

#: Fine MITI 4.2.1 codes for helper utterances, with the AnnoMI behaviour each usually takes.
#: The MI-adherent and non-adherent moves can take any form ("Would it be okay if I shared
#: something?" is a question in form and seeks collaboration), so a coding's behaviour (the
#: form) may differ from this for them; question, reflection and information codes match it.
HELPER_CODES: dict[str, str] = {
    "open_question": "question",
    "closed_question": "question",
    "simple_reflection": "reflection",
    "complex_reflection": "reflection",
    "summary": "reflection",
    "giving_information": "therapist_input",
    "advise_with_permission": "therapist_input",
    "advise_without_permission": "therapist_input",
    "persuade": "therapist_input",
    "persuade_with_permission": "therapist_input",
    "confront": "other",
    "affirm": "other",
    "emphasize_autonomy": "other",
    "seek_collaboration": "other",
    "other": "other",
}

#: Helper codes that MITI counts as MI-adherent and MI-non-adherent.
MI_ADHERENT = frozenset({"affirm", "emphasize_autonomy", "seek_collaboration"})
MI_NON_ADHERENT = frozenset({"confront", "persuade", "advise_without_permission"})

#: Consumer talk types and the DARN-CAT kinds of change (or sustain) talk.
TALK_TYPES = ("change", "sustain", "neutral")
DARN_CAT = ("desire", "ability", "reasons", "need", "commitment", "activation", "taking_steps")

#: Peer-practice flags a coder may raise.
PEER_FLAG_KINDS = (
    "self_disclosure",  # helper shares their own lived experience
    "scope_violation",  # helper diagnoses, advises on medication or law, promises outcomes
    "stigmatizing_language",  # a label that harms; `suggestion` holds the person-first alternative
    "crisis_indicator",  # consumer mentions suicidal thoughts, self-harm or harm to others
    "crisis_ask",  # helper asks directly about suicide / safety
    "crisis_connect",  # helper connects to 988, a crisis team or a supervisor
    "crisis_stay",  # helper says they will stay with the person
    "secrecy_promise",  # helper promises to keep a safety risk secret
    "lethal_means",  # helper asks about or plans safety around guns, pills, other means
    "emergency_honesty",  # helper says honestly when emergency services would be involved
    "cold_referral",  # helper gives a number or referral and leaves
    "naloxone",  # helper offers naloxone or says how to get it
    "never_use_alone",  # helper encourages never using alone
    "confidentiality_limits",  # helper says honestly which safety matters cannot stay private
)


@dataclass(frozen=True, slots=True)
class PeerFlag:
    """One peer-practice observation about an utterance."""

    kind: str
    detail: str  # what was found, in plain language (e.g. the term that was used)
    suggestion: str = ""  # what to say or do instead, when there is one


@dataclass(frozen=True, slots=True)
class Coding:
    """The codes given to one utterance.

    For a helper utterance `behaviour` is one of BEHAVIOURS (AnnoMI's four classes: the form)
    and `code` one of HELPER_CODES (the MITI code: what the utterance does); `talk` is None.
    For a consumer utterance `talk` is one of TALK_TYPES, `code` is the DARN-CAT kind (or
    "neutral"), and `behaviour` is None.
    """

    text: str
    speaker: Speaker
    code: str
    behaviour: str | None = None
    talk: str | None = None
    peer_flags: tuple[PeerFlag, ...] = ()
    confidence: float = 1.0
    reasons: tuple[str, ...] = field(default=())  # why the coder chose this code, for learners

    def has_flag(self, kind: str) -> bool:
        """Whether a peer flag of this kind was raised."""
        return any(flag.kind == kind for flag in self.peer_flags)


@runtime_checkable
class Coder(Protocol):
    """Anything that codes utterances; `name` (coder and version) is stored in transcripts."""

    name: str

    def code(
        self, text: str, context: Sequence[str] = (), speaker: Speaker = "helper"
    ) -> Coding: ...

    def code_many(
        self,
        texts: Sequence[str],
        contexts: Sequence[Sequence[str]] | None = None,
        speaker: Speaker = "helper",
    ) -> list[Coding]: ...


def code_each(
    coder: Coder,
    texts: Sequence[str],
    contexts: Sequence[Sequence[str]] | None,
    speaker: Speaker,
) -> list[Coding]:
    """`coder.code` on each text with its context (`contexts[i]` precedes `texts[i]`).

    The shared body of `Coder.code_many`; no contexts means every text has none.
    """
    if contexts is None:
        contexts = [()] * len(texts)
    if len(contexts) != len(texts):
        raise ValueError(
            f"contexts has {len(contexts)} entries but texts has {len(texts)}: give one"
            " context (a list of preceding utterances, possibly empty) per text"
        )
    return [coder.code(text, ctx, speaker) for text, ctx in zip(texts, contexts, strict=True)]
