"""A tiny real chat-completions server on 127.0.0.1 for the voice tests (stdlib http.server).

Each POST to /v1/chat/completions takes the next canned answer: a reply text, an HTTP error
status, a body that is not a chat completion, or a delay longer than the client waits. The
requests it received are kept for the tests to read.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Answer:
    """One canned answer: `text` as the reply (after the authored line when `echo`), or an
    error `status`, a raw `body`, or a `delay`."""

    text: str = ""
    echo: bool = False
    status: int = 200
    body: bytes | None = None
    delay: float = 0.0


@dataclass
class ChatServer:
    """The running server: its base URL, the answers still queued, the requests received."""

    base_url: str
    answers: list[Answer] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)

    def queue(self, *answers: Answer | str) -> None:
        """Queue answers (a plain string is a reply text)."""
        self.answers += [a if isinstance(a, Answer) else Answer(text=a) for a in answers]


def completion(text: str) -> bytes:
    """A chat-completions response body holding `text`."""
    return json.dumps(
        {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}}],
        }
    ).encode()


@contextmanager
def chat_server() -> Iterator[ChatServer]:
    """Start the server on a free loopback port; stop it afterwards."""
    state = ChatServer(base_url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            state.requests.append(
                {"path": self.path, "json": json.loads(self.rfile.read(length) or b"{}")}
            )
            answer = state.answers.pop(0) if state.answers else Answer(status=503)
            if answer.delay:
                time.sleep(answer.delay)
            text = answer.text
            if answer.echo:
                text += state.requests[-1]["json"]["messages"][-1]["content"].rsplit('"', 2)[1]
            body = answer.body if answer.body is not None else completion(text)
            try:
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (a timeout test)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
