"""``make audit``: check the installed dependencies for known vulnerabilities.

Two sources, in this order:

1. **pip-audit** (PyPI's per-version JSON API by default; ``AUDIT_SERVICE=osv`` for OSV). Every
   distribution it audits is judged from its answer.
2. **The registry's project JSON** (``https://pypi.org/pypi/NAME/json``), for every distribution
   pip-audit could not audit (a registry mirror that serves the project JSON but answers 404 for
   the per-version JSON gives this). Its ``vulnerabilities`` list describes the project's
   *latest* release only, so it is authoritative only for a distribution installed at exactly
   that release. A distribution behind the latest release (or ahead of it) cannot be checked from
   here: it needs a documented reason under ``unverifiable`` in ``audit-exceptions.yaml``. The
   audit says, for each of them, whether newer releases need a newer Python (from the releases'
   ``requires_python``) and which of our pins or which installed package holds it back.

``audit-exceptions.yaml`` (beside this file) has two mappings: ``exceptions`` (advisory id or
alias -> why it does not apply) and ``unverifiable`` (distribution -> why it is behind the latest
release and why that is acceptable).

Exit codes:

* 0: every distribution was checked clean or is covered by a documented exception;
* 1: a known vulnerability, or a distribution that could not be checked, without a documented
  exception (the table says which, and the fix);
* 2: neither source answered for any distribution.

The judging (:func:`judge`, :func:`unreachable`, :func:`from_pip_audit`, :func:`held_back`) is
pure; the network is touched only by :func:`fetch_project` and the pip-audit subprocess.
"""

from __future__ import annotations

import enum
import json
import os
import platform
import subprocess
import sys
import tomllib
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version
from rich.console import Console
from rich.table import Table
from rich.text import Text
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
EXCEPTIONS = Path(__file__).with_name("audit-exceptions.yaml")
OWN_DISTRIBUTION = "peer-support-training-lab"
REGISTRY = os.environ.get("AUDIT_REGISTRY", "https://pypi.org/pypi")
TIMEOUT_SECONDS = 30.0
WORKERS = 8

ProjectJSON = Mapping[str, Any]


class Status(enum.Enum):
    """What the audit concluded about one distribution."""

    CLEAN = "clean"
    VULNERABLE = "VULNERABLE"
    EXCEPTION = "EXCEPTION"
    UNCHECKED = "UNCHECKED"


@dataclass(frozen=True)
class Installed:
    """A distribution installed in this environment."""

    name: str
    version: str


@dataclass(frozen=True)
class Exceptions:
    """Documented exceptions from ``audit-exceptions.yaml``."""

    advisories: Mapping[str, str] = field(default_factory=dict)
    """Advisory id or alias -> why it does not apply to this project."""
    unverifiable: Mapping[str, str] = field(default_factory=dict)
    """Canonical distribution name -> why it is behind the latest release, and why that is fine."""


@dataclass(frozen=True)
class Finding:
    """One known vulnerability of an installed version."""

    id: str
    aliases: tuple[str, ...]
    fixed_in: tuple[str, ...]
    summary: str = ""
    link: str = ""
    exception: str | None = None
    """The documented reason it does not apply, or None when it is open."""

    def describe(self) -> str:
        fixes = ", ".join(self.fixed_in) or "no fix yet"
        if self.exception:
            return f"{self.id}: {self.exception}"
        return f"{self.id} (fixed in {fixes}) {self.link}".strip()


@dataclass(frozen=True)
class Result:
    """The audit's conclusion about one distribution."""

    name: str
    installed: str
    status: Status
    reason: str = ""
    latest: str | None = None
    latest_for_python: str | None = None
    """Newest release whose files accept the running Python (None: unknown)."""
    findings: tuple[Finding, ...] = ()
    source: str = "registry"

    @property
    def failed(self) -> bool:
        return self.status in (Status.VULNERABLE, Status.UNCHECKED)

    @property
    def behind(self) -> bool:
        """Installed below the newest release this Python can use (something holds it back)."""
        target = self.latest_for_python or self.latest
        return target is not None and _version(self.installed) < _version(target)


# ---------------------------------------------------------------------------------------------
# Judging (pure)


def _version(text: str) -> Version:
    try:
        return Version(text)
    except InvalidVersion:
        return Version("0")


def _fixed(installed: Version, fixed_in: Iterable[str]) -> bool:
    """Whether `installed` already has one of the fixes.

    Fixed when it is at or above the highest fixed version, or at or above a fix on its own
    ``major.minor`` line (a backport such as 2.7.5 for a 2.7.x install). A version between two
    lines (2.8.0 for fixes 2.7.5 and 3.1.2) counts as not fixed.
    """
    fixes = [_version(text) for text in fixed_in]
    if not fixes:
        return False
    if installed >= max(fixes):
        return True
    return any(fix.release[:2] == installed.release[:2] and installed >= fix for fix in fixes)


def _finding(entry: Mapping[str, Any], exceptions: Exceptions) -> Finding:
    ids = (str(entry.get("id", "?")), *map(str, entry.get("aliases") or ()))
    reason = next((exceptions.advisories[i] for i in ids if i in exceptions.advisories), None)
    return Finding(
        id=ids[0],
        aliases=ids[1:],
        fixed_in=tuple(map(str, entry.get("fixed_in") or entry.get("fix_versions") or ())),
        summary=str(entry.get("summary") or entry.get("description") or "")[:200],
        link=str(entry.get("link") or ""),
        exception=reason,
    )


def _from_findings(installed: Installed, findings: tuple[Finding, ...], **known: Any) -> Result:
    if any(f.exception is None for f in findings):
        status = Status.VULNERABLE
    elif findings:
        status = Status.EXCEPTION
    else:
        status = Status.CLEAN
    reason = "; ".join(f.describe() for f in findings)
    return Result(installed.name, installed.version, status, reason, findings=findings, **known)


def _accepts(requires_python: str | None, python: Version) -> bool:
    if not requires_python:
        return True
    try:
        return python in SpecifierSet(requires_python)
    except InvalidSpecifier:
        return True  # pip ignores a broken requires_python; so do we


def latest_for_python(project: ProjectJSON, python: Version) -> Version | None:
    """The newest final release with a non-yanked file whose ``requires_python`` accepts `python`.

    None when the project JSON has no ``releases`` (a registry may leave them out).
    """
    releases = project.get("releases")
    if not isinstance(releases, Mapping):
        return None
    best: Version | None = None
    for text, files in releases.items():
        try:
            version = Version(text)
        except InvalidVersion:
            continue
        if version.is_prerelease or (best is not None and version <= best):
            continue
        usable = [f for f in files or () if not f.get("yanked")]
        if any(_accepts(f.get("requires_python"), python) for f in usable):
            best = version
    return best


def _newer_python_needed(project: ProjectJSON, installed: Version, python: Version) -> str:
    """The ``requires_python`` of the releases newer than `installed` that `python` cannot use."""
    needs = set()
    for text, files in (project.get("releases") or {}).items():
        try:
            version = Version(text)
        except InvalidVersion:
            continue
        if version > installed and not version.is_prerelease:
            for f in files or ():
                if not f.get("yanked") and not _accepts(f.get("requires_python"), python):
                    needs.add(str(f.get("requires_python")))
    return ", ".join(sorted(needs))


def judge(
    installed: Installed,
    project: ProjectJSON,
    exceptions: Exceptions,
    python: Version | None = None,
) -> Result:
    """Judge one distribution from the registry's project JSON.

    The JSON's ``vulnerabilities`` list covers ``info.version`` (the latest release) only: it is
    authoritative for `installed` when that is the installed version, and says nothing otherwise.
    """
    python = python or Version(platform.python_version())
    latest_text = str((project.get("info") or {}).get("version") or "")
    if not latest_text:
        return unreachable(installed, "the project JSON has no info.version", exceptions)
    # A local build ("2.1.0+cpu") is judged as the public release it was built from.
    current, latest = Version(_version(installed.version).public), _version(latest_text)
    for_python = latest_for_python(project, python)
    known = {"latest": latest_text, "latest_for_python": str(for_python) if for_python else None}
    if current == latest:
        entries = [v for v in project.get("vulnerabilities") or () if not v.get("withdrawn")]
        findings = tuple(
            _finding(v, exceptions) for v in entries if not _fixed(current, v.get("fixed_in") or ())
        )
        return _from_findings(installed, findings, **known)

    if current > latest:
        why = f"installed {installed.version} is newer than the registry's latest {latest_text}"
    else:
        why = f"installed {installed.version}, latest {latest_text}"
        if for_python is not None and for_python < latest:
            needs = _newer_python_needed(project, max(current, for_python), python)
            if current >= for_python:
                why += f"; newer releases need Python {needs}"
            else:
                why += f"; newest for Python {python}: {for_python} (later ones need {needs})"
    reason = f"not checkable from here ({why})"
    documented = exceptions.unverifiable.get(canonicalize_name(installed.name))
    if documented:
        return Result(
            installed.name, installed.version, Status.EXCEPTION, f"{documented} [{why}]", **known
        )
    return Result(installed.name, installed.version, Status.UNCHECKED, reason, **known)


def unreachable(installed: Installed, error: str, exceptions: Exceptions) -> Result:
    """The result for a distribution whose project JSON could not be fetched."""
    why = f"the registry did not answer: {error}"
    documented = exceptions.unverifiable.get(canonicalize_name(installed.name))
    if documented:
        return Result(installed.name, installed.version, Status.EXCEPTION, f"{documented} [{why}]")
    return Result(installed.name, installed.version, Status.UNCHECKED, f"not checkable ({why})")


def from_pip_audit(dependency: Mapping[str, Any], exceptions: Exceptions) -> Result:
    """Judge one entry of pip-audit's JSON report that it did audit (no ``skip_reason``)."""
    installed = Installed(str(dependency["name"]), str(dependency["version"]))
    findings = tuple(_finding(v, exceptions) for v in dependency.get("vulns") or ())
    return _from_findings(installed, findings, source="pip-audit")


@dataclass(frozen=True)
class Hold:
    """Why a distribution is not at the newest release this Python can use."""

    name: str
    installed: str
    target: str
    ours: tuple[str, ...]
    """Our own requirements (pyproject.toml) that exclude `target`."""
    others: tuple[str, ...]
    """Installed distributions whose requirements exclude `target` ("nbgrader: nbclient<0.11")."""


def held_back(
    results: Iterable[Result],
    our_requirements: Iterable[Requirement],
    requirements_of: Mapping[str, Iterable[Requirement]],
) -> list[Hold]:
    """For each result behind its newest usable release, the requirements that exclude it."""
    ours = list(our_requirements)
    holds = []
    for result in results:
        if not result.behind:
            continue
        target_text = result.latest_for_python or result.latest or ""
        target, name = _version(target_text), canonicalize_name(result.name)

        def excludes(req: Requirement, name: str = name, target: Version = target) -> bool:
            return canonicalize_name(req.name) == name and not req.specifier.contains(
                target, prereleases=True
            )

        holds.append(
            Hold(
                result.name,
                result.installed,
                target_text,
                tuple(str(r) for r in ours if excludes(r)),
                tuple(
                    f"{owner}: {r}"
                    for owner, reqs in sorted(requirements_of.items())
                    for r in reqs
                    if excludes(r)
                ),
            )
        )
    return holds


def stale_exceptions(results: Iterable[Result], exceptions: Exceptions) -> list[str]:
    """``unverifiable`` entries that no longer match an unverifiable distribution."""
    used = {
        canonicalize_name(r.name)
        for r in results
        if r.status is Status.EXCEPTION and not r.findings
    }
    return sorted(set(exceptions.unverifiable) - used)


def exit_code(results: Iterable[Result]) -> int:
    """0 when nothing failed, 1 otherwise (2, "no source answered", is decided by the caller)."""
    return 1 if any(r.failed for r in results) else 0


# ---------------------------------------------------------------------------------------------
# Reading this environment


def load_exceptions(path: Path = EXCEPTIONS) -> Exceptions:
    """The documented exceptions in `path`."""
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}
    advisories = {str(k): str(v) for k, v in (data.get("exceptions") or {}).items()}
    unverifiable = {
        canonicalize_name(str(k)): " ".join(str(v).split())
        for k, v in (data.get("unverifiable") or {}).items()
    }
    return Exceptions(advisories, unverifiable)


def installed_distributions() -> list[Installed]:
    """Every distribution installed in this environment except this project, by name."""
    found: dict[str, Installed] = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if name and canonicalize_name(name) != OWN_DISTRIBUTION:
            found.setdefault(canonicalize_name(name), Installed(name, dist.version))
    return sorted(found.values(), key=lambda d: canonicalize_name(d.name))


def our_requirements(pyproject: Path = ROOT / "pyproject.toml") -> list[Requirement]:
    """Our own pins: the runtime and dev requirements in pyproject.toml."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    lines = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        lines += extra
    return [Requirement(line) for line in lines]


def installed_requirements() -> dict[str, list[Requirement]]:
    """Each installed distribution's requirements that apply here (extras left out)."""
    found: dict[str, list[Requirement]] = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if not name or canonicalize_name(name) == OWN_DISTRIBUTION:
            continue
        reqs = []
        for line in dist.requires or ():
            try:
                req = Requirement(line)
            except InvalidRequirement:
                continue
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                reqs.append(req)
        found[name] = reqs
    return found


# ---------------------------------------------------------------------------------------------
# The network (thin)


class FetchError(Exception):
    """The registry gave no usable project JSON for a distribution; the message says why."""


def fetch_project(name: str, timeout: float = TIMEOUT_SECONDS) -> ProjectJSON:
    """GET the registry's project JSON for `name`."""
    url = f"{REGISTRY}/{canonicalize_name(name)}/json"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        raise FetchError(f"HTTP {error.code} for {url}") from error
    except urllib.error.URLError as error:
        raise FetchError(f"{error.reason} ({url})") from error
    except TimeoutError as error:
        raise FetchError(f"no answer within {timeout:g} s ({url})") from error
    except (OSError, ValueError) as error:
        raise FetchError(f"{type(error).__name__}: {error} ({url})") from error


def audit_from_registry(
    distributions: Iterable[Installed],
    exceptions: Exceptions,
    fetch: Callable[[str], ProjectJSON] = fetch_project,
) -> tuple[list[Result], int, str | None]:
    """Judge each distribution from its project JSON, fetched concurrently.

    Returns the results, how many fetches succeeded, and the newest upload time seen (the
    snapshot the answers come from).
    """
    results, answered, newest = [], 0, None
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = {pool.submit(fetch, dist.name): dist for dist in distributions}
        for future in as_completed(futures):
            dist = futures[future]
            try:
                project = future.result()
            except FetchError as error:
                results.append(unreachable(dist, str(error), exceptions))
                continue
            answered += 1
            results.append(judge(dist, project, exceptions))
            uploads = [f.get("upload_time_iso_8601") or "" for f in project.get("urls") or ()]
            newest = max([newest or "", *uploads]) or None
    return results, answered, newest


def run_pip_audit(service: str) -> tuple[list[dict[str, Any]], str | None]:
    """pip-audit's JSON report entries, or an empty list and the reason it did not run."""
    command = [sys.executable, "-m", "pip_audit", "--local", "--format", "json"]
    command += ["--progress-spinner", "off", "--vulnerability-service", service]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        return list(json.loads(done.stdout)["dependencies"]), None
    except (json.JSONDecodeError, KeyError, TypeError):
        return [], done.stderr.strip()[-500:] or f"exit {done.returncode}, no report"


# ---------------------------------------------------------------------------------------------
# Report


STYLE = {
    Status.CLEAN: "green",
    Status.VULNERABLE: "bold red",
    Status.EXCEPTION: "yellow",
    Status.UNCHECKED: "bold red",
}
ORDER = [Status.VULNERABLE, Status.UNCHECKED, Status.EXCEPTION, Status.CLEAN]


def table(results: Iterable[Result]) -> Table:
    """One row per distribution: failures first, then exceptions, then clean ones."""
    grid = Table(title="Dependency audit", show_lines=False)
    for column in ("package", "installed", "latest", "status"):
        grid.add_column(column, overflow="fold")
    rows = sorted(results, key=lambda r: (ORDER.index(r.status), canonicalize_name(r.name)))
    for r in rows:
        status = r.status.value + (f": {r.reason}" if r.reason else "")
        latest = r.latest or ("(pip-audit)" if r.source == "pip-audit" else "?")
        cells = (Text(cell) for cell in (r.name, r.installed, latest, status))  # no markup
        grid.add_row(*cells, style=STYLE[r.status])
    return grid


def summary(results: list[Result], sources: str) -> str:
    count = {s: sum(r.status is s for r in results) for s in Status}
    return (
        f"Audit ({sources}): {len(results)} distributions: {count[Status.CLEAN]} clean, "
        f"{count[Status.VULNERABLE]} vulnerable, {count[Status.EXCEPTION]} documented "
        f"exceptions, {count[Status.UNCHECKED]} unchecked without a documented reason."
    )


def print_holds(console: Console, holds: list[Hold]) -> None:
    """Say what keeps each distribution below the newest release this Python can use."""
    groups = {
        "Held back by our own pins (pyproject.toml):": [
            (h, ", ".join(h.ours)) for h in holds if h.ours
        ],
        "Held back by other installed packages:": [
            (h, "; ".join(h.others)) for h in holds if not h.ours and h.others
        ],
        "Behind, though no requirement holds it back (upgrade it):": [
            (h, f"pip install --upgrade {h.name}") for h in holds if not h.ours and not h.others
        ],
    }
    for title, rows in groups.items():
        if rows:
            console.print(title)
        for hold, why in rows:
            console.print(f"  {hold.name} {hold.installed} (newest usable {hold.target}): {why}")


def main() -> int:
    """Audit this environment and print what was found; see the module docstring."""
    width = None if sys.stdout.isatty() else 160
    console = Console(width=width, markup=False, highlight=False)  # names and reasons as written
    exceptions = load_exceptions()
    service = os.environ.get("AUDIT_SERVICE", "pypi")

    report, failure = run_pip_audit(service)
    audited = [
        from_pip_audit(d, exceptions)
        for d in report
        if "skip_reason" not in d and canonicalize_name(d["name"]) != OWN_DISTRIBUTION
    ]
    done = {canonicalize_name(r.name) for r in audited}
    rest = [d for d in installed_distributions() if canonicalize_name(d.name) not in done]
    sources = f"pip-audit ({service}): {len(audited)}"
    fallback: list[Result] = []
    if rest:
        why = failure or f"it could not audit {len(rest)} distributions"
        console.print(f"pip-audit ({service}) fell short ({why}); asking the registry.")
        fallback, answered, newest = audit_from_registry(rest, exceptions)
        if not audited and not answered:
            for result in fallback[:3]:
                console.print(f"  {result.name}: {result.reason}")
            console.print(
                f"Neither pip-audit nor the registry's project JSON answered for any of "
                f"{len(fallback)} distributions: nothing was checked (docs/security.md)."
            )
            return 2
        sources += f"; registry project JSON: {answered}, newest upload {newest or '?'}"
    results = audited + fallback

    console.print(table(results))
    print_holds(console, held_back(results, our_requirements(), installed_requirements()))
    for name in stale_exceptions(results, exceptions):
        console.print(f"Stale entry in audit-exceptions.yaml, unverifiable: {name} (remove it)")
    console.print(summary(results, sources), soft_wrap=True)
    return exit_code(results)


if __name__ == "__main__":
    sys.exit(main())
