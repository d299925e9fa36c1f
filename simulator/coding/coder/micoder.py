"""`MICoder`: the shipped coder — linear models trained on AnnoMI, plus rules.

    >>> coder = MICoder.load()
    >>> coder.code("So you're worried that you'll lose the apartment.").behaviour
    'reflection'

The models give AnnoMI's four helper behaviours and the consumer's talk type; rules give the
finer MITI code, the DARN-CAT kind, plain-language reasons and the peer flags.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.coding.coder.fine_codes import refine
from simulator.coding.coder.miti_moves import advice_code
from simulator.coding.coder.talk_kinds import darn_cat
from simulator.coding.codes import Coding, PeerFlag, Speaker, code_each
from simulator.coding.peer_codes import peer_flags

if TYPE_CHECKING:
    from simulator.coding.coder.model import TaskModel

SPEAKERS = ("helper", "consumer")
#: Codes that already say the helper argues or advises; medication advice keeps them.
ADVICE_CODES = frozenset(
    {
        "advise_with_permission",
        "advise_without_permission",
        "persuade",
        "persuade_with_permission",
        "confront",
    }
)


def _advises_on_medication(flag: PeerFlag) -> bool:
    """A scope flag for advice on a medication or dose ("just take two"): the words advise,
    whatever form the model reads, so the MITI code is advice."""
    return flag.kind == "scope_violation" and flag.detail.startswith("advises on")


class MICoder:
    """Codes helper and consumer utterances; see `simulator.coding.codes.Coder`."""

    def __init__(
        self, helper: TaskModel, consumer: TaskModel, metadata: dict[str, Any] | None = None
    ) -> None:
        self.models = {"helper": helper, "consumer": consumer}
        self.metadata = metadata or {}
        self.name: str = self.metadata.get("name", "micoder-1")

    @classmethod
    def load(cls, path: Path | str | None = None) -> MICoder:
        """The coder with the shipped model (or the model file at `path`). No network.

        Raises `simulator.coding.coder.ModelError`, saying how to retrain, if the file is missing,
        corrupt or from another version.
        """
        from simulator.coding.coder.model import DEFAULT_MODEL, load_models

        tasks, metadata = load_models(Path(path) if path is not None else DEFAULT_MODEL)
        return cls(tasks["helper"], tasks["consumer"], metadata)

    @staticmethod
    def available(path: Path | str | None = None) -> bool:
        """Whether a model file exists (at `path`, or the shipped one)."""
        from simulator.coding.coder.model import DEFAULT_MODEL

        return Path(path if path is not None else DEFAULT_MODEL).is_file()

    def code(self, text: str, context: Sequence[str] = (), speaker: Speaker = "helper") -> Coding:
        """Code one utterance; `context` holds the preceding utterances, most recent last."""
        if speaker not in SPEAKERS:
            raise ValueError(f"speaker must be 'helper' or 'consumer', not {speaker!r}")
        context = tuple(context)
        model = self.models[speaker]
        probabilities = model.probabilities(text, context)
        best = int(probabilities.argmax())
        label, confidence = model.labels[best], float(probabilities[best])
        flags = peer_flags(text, speaker, context)
        if speaker == "helper":
            code, reasons = refine(text, context, label)
            if code not in ADVICE_CODES and any(map(_advises_on_medication, flags)):
                code = advice_code(text.lower(), context)
                reasons = ["advice on a medication or dose (see the scope-of-practice flag)"]
            if any(flag.kind == "secrecy_promise" for flag in flags):
                code, reasons = "other", ["a promise of secrecy: no MITI code, see the peer flag"]
            return Coding(
                text=text,
                speaker="helper",
                code=code,
                behaviour=label,
                peer_flags=flags,
                confidence=round(confidence, 3),
                reasons=(*reasons, f"the model reads this as {label} ({confidence:.0%} sure)"),
            )
        kind, reasons = darn_cat(text, label)
        return Coding(
            text=text,
            speaker="consumer",
            code=kind,
            talk=label,
            peer_flags=flags,
            confidence=round(confidence, 3),
            reasons=(*reasons, f"the model reads this as {label} talk ({confidence:.0%} sure)"),
        )

    def code_many(
        self,
        texts: Sequence[str],
        contexts: Sequence[Sequence[str]] | None = None,
        speaker: Speaker = "helper",
    ) -> list[Coding]:
        """Code several utterances by one speaker; `contexts[i]` precedes `texts[i]`."""
        return code_each(self, texts, contexts, speaker)
