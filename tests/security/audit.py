"""``make audit``: check the installed dependencies for known vulnerabilities with pip-audit.

pip-audit asks its vulnerability service (PyPI's JSON API by default; ``AUDIT_SERVICE=osv``
for OSV) about every installed distribution. Exit codes:

* 0: every dependency was audited; no known vulnerability, or only documented exceptions
  (``audit-exceptions.yaml`` beside this file: advisory id -> why it does not apply);
* 1: a known vulnerability without a documented exception (the table says which, and the fix);
* 2: the audit could not run: the service did not answer for some packages. A registry mirror
  that serves only the package index (no JSON API) gives this; run it where PyPI is reachable.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

EXCEPTIONS = Path(__file__).with_name("audit-exceptions.yaml")
OWN_DISTRIBUTION = "peer-support-training-lab"


def exceptions() -> dict[str, str]:
    """Documented exceptions: advisory id -> reason it does not apply to this project."""
    data = YAML(typ="safe").load(EXCEPTIONS.read_text(encoding="utf-8")) or {}
    return {str(key): str(value) for key, value in (data.get("exceptions") or {}).items()}


def main() -> int:
    """Run pip-audit on this environment and print what it found; see the module docstring."""
    service = os.environ.get("AUDIT_SERVICE", "pypi")
    command = [sys.executable, "-m", "pip_audit", "--local", "--format", "json"]
    command += ["--progress-spinner", "off", "--vulnerability-service", service]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        print(f"pip-audit did not run: {done.stderr.strip()[-2000:]}")
        return 2
    documented = exceptions()
    dependencies = report["dependencies"]
    skipped = [d for d in dependencies if "skip_reason" in d and d["name"] != OWN_DISTRIBUTION]
    found = [(d, v) for d in dependencies for v in d.get("vulns", [])]
    open_findings = 0
    for dependency, vuln in found:
        ids = [vuln["id"], *vuln.get("aliases", [])]
        reason = next((documented[i] for i in ids if i in documented), None)
        fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
        status = f"EXCEPTION: {reason}" if reason else f"VULNERABLE (fixed in {fixes})"
        print(f"{dependency['name']} {dependency['version']}  {vuln['id']}  {status}")
        open_findings += reason is None
    audited = sum("skip_reason" not in d for d in dependencies)
    print(
        f"pip-audit ({service}): {audited} of {len(dependencies)} distributions audited, "
        f"{len(found)} known vulnerabilities, {len(found) - open_findings} documented exceptions."
    )
    if open_findings:
        return 1
    if skipped:
        print(
            f"Could not audit {len(skipped)} distributions, e.g. {skipped[0]['skip_reason']}.\n"
            "The vulnerability service was not reachable (see docs/security.md, 'Dependency "
            "audit'). Run `make audit` where pypi.org's JSON API or OSV can be reached."
        )
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
