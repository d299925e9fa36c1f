"""Which voice speaks a role-play: the organization's setting, or a practice override."""

from __future__ import annotations

from simulator.engine.voices import AuthoredVoice, Voice
from simulator.errors import SimulatorError
from simulator.voice.config import VoiceConfig


def make_voice(config: VoiceConfig) -> Voice:
    """The voice `config` names."""
    if config.backend == "authored":
        return AuthoredVoice()
    from simulator.voice.openai_compatible import OpenAICompatibleVoice

    return OpenAICompatibleVoice(config)


def voice_for_attempt(
    graded: bool, settings: VoiceConfig, override: VoiceConfig | str | None = None
) -> Voice:
    """The voice of one role-play: the organization's `settings`, or `override` in practice.

    A graded attempt uses the model only when the settings say `graded: true`; an override
    (a VoiceConfig, or 'authored') is for free practice and is refused in a graded attempt.
    """
    if override is not None:
        if graded:
            raise SimulatorError(
                "a graded role-play uses the organization's voice setting (voice: in org.yaml); "
                "choose a voice only in free practice"
            )
        return make_voice(VoiceConfig() if override == "authored" else _config(override))
    return make_voice(settings) if settings.applies_to(graded) else AuthoredVoice()


def _config(value: VoiceConfig | str) -> VoiceConfig:
    if isinstance(value, VoiceConfig):
        return value
    raise SimulatorError(f"voice must be 'authored' or a VoiceConfig, not {value!r}")
