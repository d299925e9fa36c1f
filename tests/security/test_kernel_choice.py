"""Does a submission's notebook metadata choose its grading kernel? (It must not.)

nbclient starts the kernel named in the notebook's ``kernelspec``: a trainee who named another
kernel installed on the grader's machine (``ipykernel install --user --name ...``, a conda
environment's kernel) was graded outside the sandbox, as the grading account.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import pytest

from grading.course.build import build, release
from grading.grade.autograde import Limits, run
from grading.grade.collect import collect
from grading.grade.sandbox import full_isolation_available
from tests.grading import factories as f


def test_a_kernel_named_by_the_notebook_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A notebook naming an unsandboxed kernel installed on the machine is still graded in
    the sandboxed one: what its code writes to the grader's folders never arrives."""
    installed = tmp_path / "jupyter" / "kernels" / "plain-python"
    installed.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec = {"argv": argv, "display_name": "plain", "language": "python"}
    (installed / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    course = tmp_path / "course"
    build(f.FIXTURE_MODULES, course, roster=f.roster_csv(tmp_path / "roster.csv", ["ana"]))
    release(course, due=datetime.fromisoformat(f.DUE))
    marker = tmp_path / "written-outside-the-sandbox.txt"
    code = f"open({str(marker)!r}, 'w').write('escaped')\n" + f.choice("open_q1_choice", "B")
    notebook = f.answered(course / "release" / f.MODULE / f.NOTEBOOK, {**f.FULL, "open_q1": code})
    notebook.metadata["kernelspec"] = {"name": "plain-python", "display_name": "plain"}
    f.write_submission(tmp_path / "inbox" / "ana" / f.MODULE, notebook, f.ON_TIME)
    collect(course, tmp_path / "inbox")
    isolated = full_isolation_available()
    limits = Limits(cell_timeout=10, startup_timeout=30, submission_timeout=90)
    summary = run(course, workers=1, limits=limits, show_progress=False)
    assert [r.status for r in summary.results] == ["graded"]
    logs = "".join(p.read_text("utf-8") for p in (course / ".grading" / "logs").glob("*.log"))
    assert "sandbox: uid" in logs if isolated else "sandbox: limits only" in logs
    if isolated:
        assert not marker.exists()
