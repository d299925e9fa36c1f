"""Drive the course hub over HTTP the way a browser would: log in, start a server, fetch,
answer, submit; and, for a trainer, use the formgrader service's API.

Used by the hub integration test and the load benchmark.

    person = HubPerson.login("http://127.0.0.1:8000", "trainee1", password)
    person.start_server(); person.fetch("peer-support", "00-welcome")
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import requests

TIMEOUT = 60


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
        xsrf = browser.cookies.get("_xsrf", "")
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
            headers={"X-XSRFToken": browser.cookies.get("_xsrf", xsrf)},
            timeout=TIMEOUT,
        )
        token = _check(created, f"token for {name}").json()["token"]
        http = requests.Session()
        http.headers["Authorization"] = f"token {token}"
        return cls(base_url, name, token, http)

    # --- the person's own single-user server
    @property
    def server_url(self) -> str:
        return f"{self.base_url}/user/{self.name}"

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
    def service_get(self, service: str, path: str) -> requests.Response:
        return self.http.get(f"{self.base_url}/services/{service}/{path}", timeout=TIMEOUT,
                             allow_redirects=False)  # fmt: skip

    def formgrader(self, service: str, api_path: str, method: str = "POST") -> Any:
        """Call the formgrader API (e.g. ``assignment/00-welcome/release``) through the hub."""
        url = f"{self.base_url}/services/{service}/formgrader/api/{api_path}"
        response = self.http.request(method, url, timeout=300)
        result = _check(response, f"formgrader {api_path} as {self.name}").json()
        if isinstance(result, dict) and result.get("success") is False:
            raise HubError(f"formgrader {api_path}: {result.get('error') or result.get('log')}")
        return result


def set_answer(notebook: dict[str, Any], grade_id: str, line: str) -> None:
    """Replace the answer line in the cell `grade_id` (e.g. ``welcome_q1_choice = "B"``)."""
    for cell in notebook["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            variable = line.split("=", 1)[0].strip()
            lines = [line if ln.startswith(f"{variable} =") else ln for ln in source.split("\n")]
            cell["source"] = "\n".join(lines)
            return
    raise KeyError(f"no cell with grade_id {grade_id!r}")
