"""`python -m simulator export FILE --html OUT` in a plain terminal (a real subprocess)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from simulator import Session


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", "export", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        env={"COLUMNS": "120", "PATH": "/usr/bin:/bin"},
    )


def test_export_writes_the_html_page(tmp_path):
    """Does `export` write a page holding the conversation and say where it is?"""
    session = Session.from_utterances("alcohol-ambivalence", ["What brings you in today?"])
    transcript = session.transcript.save(tmp_path / "roleplay-alcohol-ambivalence.json")
    result = run(transcript, "--html", tmp_path / "review" / "page.html")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "page.html" in result.stdout
    page = (tmp_path / "review" / "page.html").read_text()
    assert "What brings you in today?" in page and session.transcript.turns[0].coach in page


def test_export_of_a_broken_file_exits_1_naming_it(tmp_path):
    """Does a file that is not a transcript give exit code 1 and a message naming the file?"""
    broken = tmp_path / "notes.json"
    broken.write_text("{not json")
    result = run(broken, "--html", tmp_path / "page.html")
    assert result.returncode == 1
    assert "notes.json" in result.stdout and "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "page.html").exists()


def test_export_help_shows_an_example():
    """Does `export --help` carry a worked example?"""
    result = run("--help")
    assert result.returncode == 0 and "Example: python -m simulator export" in result.stdout
