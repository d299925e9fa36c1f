"""Does every module's source notebook (with solutions) run top to bottom under nbval?

Notebooks are rendered with the default organization profile first, as `grading build` does,
then run by nbval in a separate pytest process, in a copy of the module folder.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grading.course.build import render_notebook
from grading.course.org import default_org

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted(path for path in (ROOT / "modules").iterdir() if any(path.glob("*.ipynb")))


@pytest.mark.notebook
@pytest.mark.parametrize("module", MODULES, ids=lambda path: path.name)
def test_source_notebooks_run_under_nbval(module, tmp_path):
    """Does each rendered source notebook run without errors (nbval --nbval-lax)?"""
    work = tmp_path / module.name
    shutil.copytree(module, work)
    for notebook in work.glob("*.ipynb"):
        rendered = render_notebook(notebook, default_org())
        notebook.write_text(json.dumps(rendered, indent=1), encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval-lax",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(work),
            str(work),
        ],
        capture_output=True,
        text=True,
        cwd=work,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


@pytest.mark.parametrize(
    "notebook",
    sorted((ROOT / "modules").glob("*/*.ipynb")),
    ids=lambda path: f"{path.parent.name}/{path.name}",
)
def test_committed_without_outputs(notebook):
    """Is every module notebook committed without outputs or execution counts?"""
    data = json.loads(notebook.read_text(encoding="utf-8"))
    for number, cell in enumerate(data["cells"], start=1):
        if cell["cell_type"] == "code":
            assert not cell["outputs"], f"{notebook.name}, cell {number}: strip outputs"
            assert cell["execution_count"] is None, f"{notebook.name}, cell {number}"
