"""Does the dependency audit judge each distribution correctly from the registry's project JSON?

No network: every project JSON here is written in the test, the way the registry answers
``/pypi/NAME/json`` (``info.version``, ``releases`` with each file's ``requires_python``, and
``vulnerabilities`` for the latest release).
"""

from __future__ import annotations

from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from tests.security.audit import (
    EXCEPTIONS,
    Exceptions,
    FetchError,
    Installed,
    Status,
    audit_from_registry,
    exit_code,
    held_back,
    judge,
    latest_for_python,
    load_exceptions,
    stale_exceptions,
)

PY311 = Version("3.11.7")
NONE = Exceptions()


def project(
    latest: str,
    vulnerabilities: list[dict[str, Any]] | None = None,
    releases: dict[str, str | None] | None = None,
) -> dict[str, Any]:
    """A project JSON: `releases` maps version -> requires_python of its one file."""
    releases = releases or {latest: ">=3.9"}
    return {
        "info": {"name": "demo", "version": latest},
        "releases": {
            version: [{"requires_python": rp, "yanked": False, "upload_time_iso_8601": "x"}]
            for version, rp in releases.items()
        },
        "urls": [{"upload_time_iso_8601": "2026-11-27T20:53:44Z"}],
        "vulnerabilities": vulnerabilities or [],
    }


def advisory(fixed_in: list[str], id: str = "PYSEC-2026-1") -> dict[str, Any]:
    return {
        "id": id,
        "aliases": ["CVE-2026-0001"],
        "fixed_in": fixed_in,
        "link": f"https://osv.dev/vulnerability/{id}",
        "summary": "Demo is vulnerable",
        "withdrawn": None,
    }


def test_open_vulnerability_of_latest_release_is_reported():
    """Is a vulnerability of the installed latest release, not fixed yet, reported with its fix?"""
    result = judge(Installed("demo", "2.0"), project("2.0", [advisory(["2.1"])]), NONE, PY311)
    assert result.status is Status.VULNERABLE
    assert "PYSEC-2026-1" in result.reason and "2.1" in result.reason
    assert exit_code([result]) == 1


def test_vulnerability_with_no_fix_is_reported():
    """Is a vulnerability without any fixed version reported as such?"""
    result = judge(Installed("demo", "2.0"), project("2.0", [advisory([])]), NONE, PY311)
    assert result.status is Status.VULNERABLE
    assert "no fix yet" in result.reason


def test_vulnerability_fixed_in_installed_version_is_clean():
    """Is the latest release clean when its listed vulnerability is fixed in that very version?"""
    result = judge(Installed("demo", "2.1"), project("2.1", [advisory(["2.1"])]), NONE, PY311)
    assert result.status is Status.CLEAN
    assert exit_code([result]) == 0


def test_backport_on_own_line_counts_as_fixed_but_other_line_does_not():
    """Does a fix on the installed major.minor line count, and one on a higher line not?"""
    fixes = [advisory(["2.7.5", "3.1.2"])]
    on_line = judge(Installed("demo", "2.7.6"), project("2.7.6", fixes), NONE, PY311)
    between = judge(Installed("demo", "3.0.5"), project("3.0.5", fixes), NONE, PY311)
    assert on_line.status is Status.CLEAN
    assert between.status is Status.VULNERABLE


def test_withdrawn_advisory_is_ignored():
    """Is an advisory the registry marks as withdrawn left out?"""
    withdrawn = advisory([]) | {"withdrawn": "2026-05-01T00:00:00Z"}
    result = judge(Installed("demo", "2.0"), project("2.0", [withdrawn]), NONE, PY311)
    assert result.status is Status.CLEAN


def test_documented_advisory_exception_is_honoured_by_alias():
    """Is an open vulnerability accepted when its CVE alias has a documented reason?"""
    documented = Exceptions(advisories={"CVE-2026-0001": "only the unused CLI is affected"})
    result = judge(Installed("demo", "2.0"), project("2.0", [advisory(["2.1"])]), documented)
    assert result.status is Status.EXCEPTION
    assert "only the unused CLI is affected" in result.reason
    assert exit_code([result]) == 0


def test_behind_latest_without_exception_is_an_unchecked_failure():
    """Is a distribution behind the latest release unchecked, naming both versions, a failure?"""
    behind = project("2.0", releases={"1.0": ">=3.9", "2.0": ">=3.9"})
    result = judge(Installed("demo", "1.0"), behind, NONE, PY311)
    assert result.status is Status.UNCHECKED
    assert "not checkable from here (installed 1.0, latest 2.0)" in result.reason
    assert result.behind
    assert exit_code([result]) == 1


def test_latest_vulnerabilities_do_not_apply_to_an_older_install():
    """Are the latest release's advisories left out for an older install (they describe 2.0)?"""
    behind = project("2.0", [advisory(["2.1"])], releases={"1.0": None, "2.0": None})
    result = judge(Installed("demo", "1.0"), behind, NONE, PY311)
    assert result.status is Status.UNCHECKED
    assert result.findings == ()


def test_documented_unverifiable_exception_is_honoured():
    """Is a distribution behind the latest release accepted when its reason is documented?"""
    documented = Exceptions(unverifiable={"demo-pkg": "held at 1.x until the grader supports 2.x"})
    behind = project("2.0", releases={"1.0": ">=3.9", "2.0": ">=3.9"})
    result = judge(Installed("Demo_Pkg", "1.0"), behind, documented, PY311)
    assert result.status is Status.EXCEPTION
    assert result.reason.startswith("held at 1.x until the grader supports 2.x")
    assert stale_exceptions([result], documented) == []
    assert exit_code([result]) == 0


def test_exception_becomes_stale_once_the_latest_release_is_installed():
    """Is an ``unverifiable`` entry reported as stale when the distribution is checked clean?"""
    documented = Exceptions(unverifiable={"demo": "was behind"})
    result = judge(Installed("demo", "2.0"), project("2.0"), documented, PY311)
    assert result.status is Status.CLEAN
    assert stale_exceptions([result], documented) == ["demo"]


def test_newer_releases_needing_newer_python_are_named():
    """When every newer release needs a newer Python, does the result say which Python?"""
    numpy_like = project(
        "2.5.5", releases={"2.4.6": ">=3.11", "2.5.0": ">=3.12", "2.5.5": ">=3.12", "3.0rc1": None}
    )
    assert latest_for_python(numpy_like, PY311) == Version("2.4.6")
    result = judge(Installed("numpy", "2.4.6"), numpy_like, NONE, PY311)
    assert result.status is Status.UNCHECKED
    assert result.latest_for_python == "2.4.6"
    assert "newer releases need Python >=3.12" in result.reason
    assert not result.behind  # nothing of ours holds it back: it is the newest for this Python


def test_yanked_release_does_not_count_for_python_support():
    """Is a yanked file left out when finding the newest release for this Python?"""
    data = project("2.0", releases={"1.0": None, "2.0": None})
    data["releases"]["2.0"][0]["yanked"] = True
    assert latest_for_python(data, PY311) == Version("1.0")


def test_missing_releases_key_leaves_python_support_unknown():
    """Without ``releases`` in the JSON, is the newest release for this Python left unknown?"""
    data = project("2.0")
    del data["releases"]
    result = judge(Installed("demo", "1.0"), data, NONE, PY311)
    assert latest_for_python(data, PY311) is None
    assert result.status is Status.UNCHECKED
    assert result.latest_for_python is None


def test_our_pin_that_holds_a_package_back_is_named():
    """Does the audit name our pin, and another package's requirement, that exclude the latest?"""
    behind = judge(
        Installed("rich", "14.3.4"),
        project("15.0.0", releases={"14.3.4": ">=3.8", "15.0.0": ">=3.9"}),
        NONE,
        PY311,
    )
    holds = held_back(
        [behind],
        [Requirement("rich>=13,<15"), Requirement("typer>=0.12")],
        {"typer": [Requirement("rich>=13.8")], "oldtool": [Requirement("rich<15")]},
    )
    assert len(holds) == 1
    assert holds[0].target == "15.0.0"
    assert holds[0].ours == ("rich<15,>=13",)
    assert holds[0].others == ("oldtool: rich<15",)


def test_fetch_errors_become_unchecked_results_per_package():
    """Does one failed fetch become that package's unchecked result, the others still judged?"""

    def fetch(name: str) -> dict[str, Any]:
        if name == "gone":
            raise FetchError("HTTP 404 for https://pypi.org/pypi/gone/json")
        return project("1.0")

    results, answered, newest = audit_from_registry(
        [Installed("gone", "1.0"), Installed("here", "1.0")], NONE, fetch=fetch
    )
    by_name = {r.name: r for r in results}
    assert answered == 1
    assert newest == "2026-11-27T20:53:44Z"
    assert by_name["here"].status is Status.CLEAN
    assert by_name["gone"].status is Status.UNCHECKED
    assert "HTTP 404" in by_name["gone"].reason


@pytest.mark.parametrize("key", ["exceptions", "unverifiable"])
def test_exceptions_file_has_reasons(key):
    """Does every documented exception in audit-exceptions.yaml give a reason?"""
    documented = load_exceptions(EXCEPTIONS)
    entries = documented.advisories if key == "exceptions" else documented.unverifiable
    assert all(len(reason) > 20 for reason in entries.values())


def test_local_build_is_judged_as_its_public_release():
    """Is a local build ("2.0+cpu") of the latest release judged from that release's advisories?"""
    result = judge(Installed("demo", "2.0+cpu"), project("2.0", [advisory(["2.1"])]), NONE, PY311)
    assert result.status is Status.VULNERABLE
