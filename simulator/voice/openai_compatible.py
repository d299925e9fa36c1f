"""A voice that asks an OpenAI-compatible chat-completions server to word each reply.

    POST {base_url}/chat/completions
    {"model": ..., "messages": [...], "temperature": 0, "seed": 0, "max_tokens": 120}

Works with llama.cpp's server, Ollama, vLLM, LM Studio, or a hosted endpoint the organization
allows. A server error, a timeout, an unreadable answer or a reply that trips a guard shows the
authored line instead, with the reason kept in the transcript. Crisis-arc turns keep their
written words: a cue must read as the scenario's author wrote it.
"""

from __future__ import annotations

import os

import httpx

from simulator.engine.voices import Spoken, VoiceRequest
from simulator.voice.config import VoiceConfig
from simulator.voice.guards import guard_problem
from simulator.voice.prompt import chat_messages

CRISIS_KEPT = "crisis turn: the written line is kept so the cue reads as the author wrote it"


class ServerProblem(Exception):
    """The server did not give a usable reply (the message says why)."""


class OpenAICompatibleVoice:
    """Words each reply with the model the organization's `VoiceConfig` names."""

    backend = "openai-compatible"

    def __init__(self, config: VoiceConfig) -> None:
        self.config = config
        self.model = config.model

    def describe(self) -> str:
        """Which voice is speaking."""
        return (
            f"Voice: worded by the model '{self.model}' on {self.config.host}. What the person "
            "decides to say, and your score, are the same as with the written lines."
        )

    def speak(self, request: VoiceRequest) -> Spoken:
        """The model's wording when it passes every guard; else the authored line and why."""
        if request.decision.crisis is not None:
            return Spoken(request.authored, CRISIS_KEPT)
        try:
            reply = self._ask(request)
        except ServerProblem as problem:
            return Spoken(request.authored, f"server: {problem}")
        problem = guard_problem(reply, request, self.config.max_reply_chars)
        if problem is not None:
            return Spoken(request.authored, f"guard: {problem}")
        return Spoken(" ".join(reply.split()))

    def _ask(self, request: VoiceRequest) -> str:
        config = self.config
        headers = {}
        if config.api_key_env and os.environ.get(config.api_key_env):
            headers["Authorization"] = f"Bearer {os.environ[config.api_key_env]}"
        body = {
            "model": config.model,
            "messages": chat_messages(request),
            "temperature": config.temperature,
            "seed": config.seed,
            "max_tokens": config.max_tokens,
            "stream": False,
        }
        try:
            response = httpx.post(
                f"{config.base_url}/chat/completions",
                json=body,
                headers=headers,
                timeout=config.timeout,
                trust_env=False,  # never through a proxy from the environment
            )
        except httpx.TimeoutException:
            raise ServerProblem(f"no answer within {config.timeout:g} s") from None
        except httpx.HTTPError as error:
            raise ServerProblem(f"cannot be reached ({type(error).__name__})") from None
        if response.status_code != 200:
            raise ServerProblem(f"HTTP {response.status_code}")
        try:
            content = response.json()["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise ServerProblem("the answer is not a chat completion") from None
        if not isinstance(content, str):
            raise ServerProblem("the answer is not a chat completion")
        return content.strip().strip('"“”').strip()
