"""`python -m grading`: help with worked examples, and clear errors without tracebacks."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from grading.cli import app

COMMANDS = ["build", "release", "collect", "autograde", "feedback", "report"]
runner = CliRunner()


@pytest.mark.parametrize("command", [*COMMANDS, "workspace"])
def test_every_command_has_help_with_an_example(command):
    """Does `--help` explain the command and show a runnable example?"""
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"python -m grading {command}" in result.output


def test_top_level_help_walks_through_a_whole_cycle():
    """Does `python -m grading --help` list the trainer's path in order?"""
    result = subprocess.run(
        [sys.executable, "-m", "grading", "--help"], capture_output=True, text=True, check=True
    )
    positions = [result.stdout.index(f"python -m grading {c}") for c in COMMANDS]
    assert positions == sorted(positions)


@pytest.mark.parametrize("command", ["release", "collect", "autograde", "feedback", "report"])
def test_a_missing_course_is_a_message_not_a_traceback(command, tmp_path):
    """Does pointing at a folder that is not a course exit 1 with one clear line?"""
    result = runner.invoke(app, [command, "--course", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "not a course directory" in result.output or "no such" in result.output
    assert "Traceback" not in result.output


def test_a_bad_modules_folder_is_named(tmp_path):
    """Does `build` with a wrong --modules folder say which folder?"""
    result = runner.invoke(app, ["build", "--modules", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "nope" in result.output and "Traceback" not in result.output
