"""``python -m grading export``: copy transcripts, notes and reports out, scrubbed.

Every text a trainer exports (to share with a supervisor, a certification board or a
researcher) passes through :class:`grading.report.privacy.Scrubber`. Files whose format cannot be
scrubbed (images, PDFs, the gradebook database) are left out and listed, never copied as-is.
JSON and notebooks are read with bounded size and depth; every CSV or Excel cell that a
spreadsheet would run as a formula is written as text (:mod:`grading.report.formula_guard`).

Example::

    python -m grading export course/submitted reports --out export --name Maria --name Jo
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from grading.course.names import in_words
from grading.errors import GradingError
from grading.report.formula_guard import as_text
from grading.report.name_typos import misspelled
from grading.report.privacy import Scrubber
from simulator.errors import SimulatorError
from simulator.safe_load import load_json, read_text

TEXT_SUFFIXES = {".txt", ".md", ".csv", ".tsv", ".html", ".htm"}
JSON_SUFFIXES = {".json", ".ipynb"}
TABLE_SUFFIXES = {".csv": ",", ".tsv": "\t"}
#: Largest file the export reads (reports and transcripts are far smaller).
MAX_EXPORT_BYTES = 64 * 2**20


class ExportError(GradingError):
    """The export cannot start: a source is missing or the output folder is misplaced."""


@dataclass
class ExportResult:
    """Files written (scrubbed) and files left out, each with the reason."""

    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def read_names(names: Iterable[str] = (), names_file: Path | None = None) -> list[str]:
    """The marked names: `names` plus one per line of `names_file` (``#`` starts a comment)."""
    marked = [name.strip() for name in names if name.strip()]
    if names_file is not None:
        try:
            lines = Path(names_file).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise ExportError(f"{names_file}: cannot read the list of names ({error})") from None
        marked += [line.split("#", 1)[0].strip() for line in lines]
    return [name for name in marked if name]


def export(
    sources: list[Path],
    out: Path = Path("export"),
    names: Iterable[str] = (),
    names_file: Path | None = None,
) -> ExportResult:
    """Write scrubbed copies of the files in `sources` (files or folders) under `out`.

    A folder keeps its layout under ``out/<folder name>/``; a file goes to ``out/<file name>``.
    """
    names = list(names)
    scrubber = Scrubber(tuple(read_names(names, names_file)))
    out = Path(out).resolve()
    result = ExportResult()
    for source in map(Path, sources):
        resolved = source.resolve()
        if not resolved.exists():
            raise ExportError(f"{source}: no such file or folder to export.")
        if resolved == out or resolved in out.parents or out in resolved.parents:
            raise ExportError(
                f"{source}: the output folder {out} must be outside what is exported."
            )
    _refuse_misspelled_names(names, sources)
    for source in map(Path, sources):
        for path, relative in _files(source.resolve()):
            shown = f"{source}/{relative}" if source.is_dir() else str(source)
            scrub = _scrubber_for(path)
            if scrub is None:
                result.skipped.append(f"{shown}: {path.suffix or 'this'} files cannot be scrubbed")
                continue
            try:
                content = scrub(path, scrubber)
            except (UnicodeDecodeError, ValueError, OSError, csv.Error, SimulatorError) as error:
                result.skipped.append(f"{shown}: cannot be read ({type(error).__name__})")
                continue
            target = out / relative
            _write_atomically(target, content)
            result.written.append(target)
    return result


def _refuse_misspelled_names(names: Iterable[str], sources: list[Path]) -> None:
    """Stop before writing when a --name to hide looks like a typo of a name in the files."""
    texts = (
        path.read_text(encoding="utf-8", errors="replace")
        for source in map(Path, sources)
        for path, _ in _files(source.resolve())
        if path.suffix.lower() in TEXT_SUFFIXES | JSON_SUFFIXES
        and path.stat().st_size <= MAX_EXPORT_BYTES
    )
    typos = misspelled(names, texts)
    if typos:
        raise ExportError(
            " ".join(
                f"--name '{name}' occurs in no file to export, so it would hide nothing. "
                f"Did you mean {in_words(close, 'or')}?"
                for name, close in typos.items()
            )
            + " Nothing was written."
        )


def _files(source: Path) -> Iterator[tuple[Path, Path]]:
    if source.is_file():
        yield source, Path(source.name)
        return
    for path in sorted(source.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, Path(source.name) / path.relative_to(source)


def _scrubber_for(path: Path) -> Callable[[Path, Scrubber], bytes] | None:
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        return _scrub_table_file
    if suffix in TEXT_SUFFIXES:
        return _scrub_text_file
    if suffix in JSON_SUFFIXES:
        return _scrub_json_file
    if suffix == ".xlsx":
        return _scrub_workbook
    return None


def _scrub_text_file(path: Path, scrubber: Scrubber) -> bytes:
    return scrubber.text(read_text(path, MAX_EXPORT_BYTES, "file")).encode("utf-8")


def _scrub_table_file(path: Path, scrubber: Scrubber) -> bytes:
    delimiter = TABLE_SUFFIXES[path.suffix.lower()]
    text = scrubber.text(read_text(path, MAX_EXPORT_BYTES, "file"))
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(
        [as_text(cell) for cell in row] for row in rows
    )
    return out.getvalue().encode("utf-8")


def _scrub_json_file(path: Path, scrubber: Scrubber) -> bytes:
    data = load_json(path, MAX_EXPORT_BYTES, "file")
    return (json.dumps(scrubber.data(data), indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def _scrub_workbook(path: Path, scrubber: Scrubber) -> bytes:
    from io import BytesIO

    from openpyxl import load_workbook

    workbook = load_workbook(path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = as_text(scrubber.text(cell.value))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_atomically(target: Path, content: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
