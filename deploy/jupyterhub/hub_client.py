"""Drive the course hub over HTTP the way a browser would: log in, start a server, fetch,
answer, submit; and, for a trainer, use the formgrader service's API.

Used by the hub integration test and the load benchmark.

    person = HubPerson.login("http://hub.localhost:8000", "trainee1", password)
    person.start_server(); person.fetch("peer-support", "00-welcome")

Each server and service has its own origin, a subdomain of the hub's host
(``trainee1.hub.localhost``, ``formgrader-peer-support--service.hub.localhost``). Browsers
resolve every ``*.localhost`` name to this machine (RFC 6761); importing this module makes
``requests`` do the same, so no DNS or hosts-file entry is needed for a trial.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3.util.connection
from jupyterhub.utils import subdomain_hook_idna

TIMEOUT = 60


_create_connection = urllib3.util.connection.create_connection


def _loopback_for_localhost(address: tuple[str, int], *args: Any, **kwargs: Any) -> Any:
    host, port = address
    if host == "localhost" or host.endswith(".localhost"):
        address = ("127.0.0.1", port)
    return _create_connection(address, *args, **kwargs)


urllib3.util.connection.create_connection = _loopback_for_localhost


def origin_of(base_url: str, name: str, kind: str) -> str:
    """The origin of user `name`'s server (`kind` "user") or of service `name` ("service")."""
    parts = urlsplit(base_url)
    host = subdomain_hook_idna(name, parts.hostname, kind)
    return f"{parts.scheme}://{host}:{parts.port}" if parts.port else f"{parts.scheme}://{host}"


class HubError(RuntimeError):
    """The hub or a server answered with something other than what the step needs."""


def _check(response: requests.Response, what: str) -> requests.Response:
    if not response.ok:
        raise HubError(f"{what}: HTTP {response.status_code} {response.text[:300]}")
    return response


@dataclass
class HubPerson:
    """One logged-in hub user with an API token of their own."""

    base_url: str
    name: str
    token: str
    http: requests.Session = field(default_factory=requests.Session)

    @classmethod
    def login(cls, base_url: str, name: str, password: str) -> HubPerson:
        """Log in through the hub's login form, then create an API token for this person."""
        browser = requests.Session()
        _check(browser.get(f"{base_url}/hub/login", timeout=TIMEOUT), "login page")
        xsrf = next((c.value for c in browser.cookies if c.name == "_xsrf"), "")
        response = browser.post(
            f"{base_url}/hub/login",
            data={"username": name, "password": password, "_xsrf": xsrf},
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        if response.status_code != 302:
            raise HubError(f"login as {name}: HTTP {response.status_code} (wrong password?)")
        created = browser.post(
            f"{base_url}/hub/api/users/{name}/tokens",
            json={"note": "hub_client", "expires_in": 3600},
            headers={"X-XSRFToken": [c.value for c in browser.cookies if c.name == "_xsrf"][-1]},
            timeout=TIMEOUT,
        )
        token = _check(created, f"token for {name}").json()["token"]
        http = requests.Session()
        http.headers["Authorization"] = f"token {token}"
        return cls(base_url, name, token, http)

    # --- the person's own single-user server
    @property
    def server_url(self) -> str:
        return f"{origin_of(self.base_url, self.name, 'user')}/user/{self.name}"

    def request_server(self) -> None:
        """Ask the hub to start this person's server (returns before it is ready)."""
        response = self.http.post(f"{self.base_url}/hub/api/users/{self.name}/server",
                                  timeout=TIMEOUT)  # fmt: skip
        if response.status_code not in (201, 202, 400):  # 400: already running
            _check(response, f"start server of {self.name}")

    def wait_for_server(self, timeout: float = 90) -> float:
        """Wait until the server answers; return seconds waited."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            model = _check(
                self.http.get(f"{self.base_url}/hub/api/users/{self.name}", timeout=TIMEOUT),
                f"user model of {self.name}",
            ).json()
            server = model.get("servers", {}).get("", {})
            if server.get("ready"):
                return time.monotonic() - start
            time.sleep(0.3)
        raise HubError(f"the server of {self.name} was not ready after {timeout:.0f} s")

    def start_server(self, timeout: float = 90) -> float:
        self.request_server()
        return self.wait_for_server(timeout)

    # --- nbgrader's assignment list endpoints in the person's server
    def _action(self, action: str, course: str, module: str) -> Any:
        response = self.http.post(
            f"{self.server_url}/assignments/{action}",
            data={"course_id": course, "assignment_id": module},
            timeout=TIMEOUT,
        )
        result = _check(response, f"{action} {module} as {self.name}").json()
        if isinstance(result, dict) and not result.get("success", True):
            raise HubError(f"{action} {module} as {self.name}: {result.get('value')}")
        return result

    def fetch(self, course: str, module: str) -> Any:
        return self._action("fetch", course, module)

    def submit(self, course: str, module: str) -> Any:
        return self._action("submit", course, module)

    # --- code in a kernel of the person's server (what typing in a notebook does)
    def run_code(self, code: str, timeout: float = 120) -> str:
        """Run `code` in a fresh kernel of this person's server; its output and any error."""
        kernel = _check(
            self.http.post(f"{self.server_url}/api/kernels", json={}, timeout=TIMEOUT),
            f"start a kernel for {self.name}",
        ).json()["id"]
        try:
            return asyncio.run(self._execute(kernel, code, timeout))
        finally:
            self.http.delete(f"{self.server_url}/api/kernels/{kernel}", timeout=TIMEOUT)

    async def _execute(self, kernel: str, code: str, timeout: float) -> str:
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        parts = urlsplit(self.server_url)
        request = HTTPRequest(
            f"ws://127.0.0.1:{parts.port}{parts.path}/api/kernels/{kernel}/channels",
            headers={"Authorization": f"token {self.token}", "Host": parts.netloc},
        )
        socket = await websocket_connect(request)
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": "execute_request", "username": self.name,
                  "session": uuid.uuid4().hex, "version": "5.3", "date": ""}  # fmt: skip
        content = {"code": code, "silent": False, "store_history": False,
                   "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}  # fmt: skip
        message = {"header": header, "parent_header": {}, "metadata": {}, "content": content,
                   "channel": "shell", "buffers": []}  # fmt: skip
        await socket.write_message(json.dumps(message))
        output: list[str] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                raw = await asyncio.wait_for(socket.read_message(), deadline - time.monotonic())
            except TimeoutError:
                raw = None
            if raw is None:
                output.append("[no reply from the kernel]")
                break
            reply = json.loads(raw)
            if reply["msg_type"] == "status" and reply["content"].get("execution_state") in (
                "restarting",
                "dead",
            ):
                output.append("[the kernel died]")
                break
            if reply.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, body = reply["msg_type"], reply["content"]
            if kind == "stream":
                output.append(body["text"])
            elif kind == "error":
                output.append(f"{body['ename']}: {body['evalue']}")
            elif kind == "execute_result":
                output.append(body["data"].get("text/plain", ""))
            elif kind == "status" and body.get("execution_state") == "idle":
                break
        socket.close()
        return "".join(output)

    # --- files through the Jupyter contents API
    def read_notebook(self, path: str) -> dict[str, Any]:
        response = self.http.get(f"{self.server_url}/api/contents/{path}",
                                 params={"content": 1}, timeout=TIMEOUT)  # fmt: skip
        return _check(response, f"read {path} as {self.name}").json()["content"]

    def write_notebook(self, path: str, notebook: dict[str, Any]) -> None:
        response = self.http.put(
            f"{self.server_url}/api/contents/{path}",
            json={"type": "notebook", "format": "json", "content": notebook},
            timeout=TIMEOUT,
        )
        _check(response, f"save {path} as {self.name}")

    # --- the formgrader service (trainers only)
    def service_url(self, service: str) -> str:
        """Where the service answers, on its own subdomain."""
        return f"{origin_of(self.base_url, service, 'service')}/services/{service}"

    def service_get(self, service: str, path: str) -> requests.Response:
        return self.http.get(f"{self.service_url(service)}/{path}", timeout=TIMEOUT,
                             allow_redirects=False)  # fmt: skip

    def formgrader(self, service: str, api_path: str, method: str = "POST") -> Any:
        """Call the formgrader API (e.g. ``assignment/00-welcome/release``) through the hub."""
        url = f"{self.service_url(service)}/formgrader/api/{api_path}"
        response = self.http.request(method, url, timeout=300)
        result = _check(response, f"formgrader {api_path} as {self.name}").json()
        if isinstance(result, dict) and result.get("success") is False:
            raise HubError(f"formgrader {api_path}: {result.get('error') or result.get('log')}")
        return result


def set_answer(notebook: dict[str, Any], grade_id: str, answer: str) -> None:
    """Type `answer` into the answer cell `grade_id`, below its ``%%answer`` line."""
    for cell in notebook["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            cell["source"] = source.split("\n", 1)[0] + "\n" + answer
            return
    raise KeyError(f"no cell with grade_id {grade_id!r}")
