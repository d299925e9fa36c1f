"""`python -m simulator …` in a plain terminal (run as a real subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios" / "practice-mini.yaml"


def run(*args: str, stdin: str = "", cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env={"COLUMNS": "120", "PATH": "/usr/bin:/bin"},
    )


@pytest.mark.parametrize("command", ["scenarios", "play", "replay", "code"])
def test_help_shows_an_example(command):
    """Does every subcommand's --help carry a worked example?"""
    result = run(command, "--help")
    assert result.returncode == 0
    assert "Example: python -m simulator" in result.stdout


def test_scenarios_lists_packaged_ones():
    """Does `scenarios` list the packaged scenarios by id?"""
    result = run("scenarios")
    assert result.returncode == 0 and "alcohol-ambivalence" in result.stdout


def test_play_until_end_of_input_saves_and_replays(tmp_path):
    """Does a terminal session end at Ctrl-D with a summary, save, and replay identically?"""
    lines = "It sounds like smoking is your break.\nWhat would breathing easier mean for you?\n"
    result = run(
        "play", "alcohol-ambivalence", "--seed", "2", "--save", "t.json", stdin=lines, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "Session summary" in result.stdout and "Transcript saved to t.json" in result.stdout
    saved = json.loads((tmp_path / "t.json").read_text())
    assert [t["helper"] for t in saved["turns"]] == lines.strip().split("\n")
    assert saved["ended"] is True
    replayed = run("replay", str(tmp_path / "t.json"))
    assert replayed.returncode == 0 and "Replay matches" in replayed.stdout


def test_quit_ends_the_session_and_saves_by_default(tmp_path):
    """Does typing 'quit' end the session and save under transcripts/?"""
    result = run(
        "play", str(FIXTURE), stdin="How are you?\nquit\nThis is never sent\n", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    saved = list((tmp_path / "transcripts").glob("practice-mini-*.json"))
    assert len(saved) == 1
    assert len(json.loads(saved[0].read_text())["turns"]) == 1


def test_edited_transcript_fails_replay(tmp_path):
    """Does `replay` exit 1 when the saved replies were edited?"""
    run(
        "play",
        "alcohol-ambivalence",
        "--save",
        "t.json",
        stdin="What brings you here?\n",
        cwd=tmp_path,
    )
    data = json.loads((tmp_path / "t.json").read_text())
    data["turns"][0]["reply"] = "edited"
    (tmp_path / "t.json").write_text(json.dumps(data))
    result = run("replay", str(tmp_path / "t.json"))
    assert result.returncode == 1 and "differs" in result.stdout


def test_code_shows_the_code_and_reason():
    """Does `code` print the code and why the coder chose it?"""
    result = run("code", "Why don't you just stop drinking?")
    assert result.returncode == 0
    assert "advise_without_permission" in result.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("play", "no-such-scenario"), "no scenario called 'no-such-scenario'"),
        (("replay", "missing.json"), "no such transcript file"),
        (("code", "hi", "--speaker", "robot"), "--speaker must be"),
    ],
)
def test_bad_input_exits_1_with_a_message(tmp_path, args, expected):
    """Does bad input give a one-line error and exit 1, never a traceback?"""
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 1
    assert expected in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
