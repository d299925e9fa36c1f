"""Voices for the simulated person: the engine decides each reply, a voice only words it.

    from simulator.voice import VoiceConfig, make_voice
    voice = make_voice(VoiceConfig(backend="openai-compatible",
                                   base_url="http://127.0.0.1:8080/v1", model="smollm2"))
    Session("alcohol-ambivalence", voice=voice)

`authored` (the default) shows the scenario's composed lines and makes no network call.
`openai-compatible` asks the organization's model server to word each decided reply; guards
(`simulator.voice.guards`) and fallbacks keep the authored line when its words cannot be shown.
Scores never depend on the voice: replay and grading use the authored voice.

Modules: ``config`` (``VoiceConfig``, org.yaml ``voice:``), ``choice`` (``make_voice``,
``voice_for_attempt``), ``openai_compatible`` (the model-server voice), ``prompt`` (what the
model is asked) and ``guards`` (what it may not say). The ``Voice`` interface and the authored
voice are part of the engine (:mod:`simulator.engine.voices`).
"""

from simulator.engine.voices import (
    AuthoredVoice,
    Spoken,
    Voice,
    VoiceRequest,
)
from simulator.voice.choice import make_voice, voice_for_attempt
from simulator.voice.config import VoiceConfig, is_internal_host, voice_settings

__all__ = [
    "AuthoredVoice",
    "Spoken",
    "Voice",
    "VoiceConfig",
    "VoiceRequest",
    "is_internal_host",
    "make_voice",
    "voice_for_attempt",
    "voice_settings",
]
