"""Does the project stand on its own, away from the machine it was built on?"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Paths of the machine this project was built on, and the sibling folder it once leaned on.
BUILD_MACHINE_PATHS = ("/work/main", "/work/shared", "../shared/")


def tracked_files() -> list[Path]:
    """The files git tracks in this checkout, plus new ones it would track (not ignored)."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the tracked files are unknown")
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    return [ROOT / name for name in listing.decode().split("\0") if name]


def test_no_tracked_file_names_a_path_of_the_build_machine():
    """Does no tracked file (code, docs, notebooks, data) name a folder of one machine?"""
    this_file = Path(__file__).resolve()
    needles = {path.encode() for path in BUILD_MACHINE_PATHS} | {str(ROOT).encode() + b"/"}
    found = [
        f"{path.relative_to(ROOT)}: {needle.decode()}"
        for path in tracked_files()
        if path.is_file() and path != this_file
        for needle in needles
        if needle in path.read_bytes()
    ]
    assert found == [], "machine paths in tracked files:\n" + "\n".join(found)


@pytest.fixture
def copy_elsewhere(tmp_path: Path) -> Path:
    """The tracked files, as they are now, copied into an unrelated folder with no ../shared."""
    copy = tmp_path / "somewhere" / "peer-support-lab"
    for path in tracked_files():
        if path.is_file():
            target = copy / path.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    assert not (copy.parent / "shared").exists()
    return copy


def test_coder_benchmark_without_annomi_says_what_is_missing_and_exits_0(copy_elsewhere):
    """Does `make bench`'s coder step skip cleanly on a fresh copy, naming the missing files?"""
    env = {key: value for key, value in os.environ.items() if key != "ANNOMI_DIR"}
    env["PYTHONPATH"] = str(copy_elsewhere)  # import the copy's code, not this checkout's
    run = subprocess.run(
        [sys.executable, "benchmarks/coder.py"],
        cwd=copy_elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = " ".join((run.stdout + run.stderr).split())  # rich wraps long lines
    assert run.returncode == 0, output
    assert "coder benchmark skipped" in output
    assert "AnnoMI-simple.csv" in output and "AnnoMI-full.csv" in output
    assert str(copy_elsewhere / "data" / "annomi") in output
    assert "github.com/uccollab/AnnoMI" in output
    assert "Cross-validating" not in output
