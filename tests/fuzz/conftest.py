"""Fuzz fixtures: a private folder for the files hypothesis writes (each example a new name)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def new_file(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str | bytes], Path]:
    """Write text or bytes to a fresh file (new name per call, so no loader cache is reused)."""
    folder = tmp_path_factory.mktemp("fuzz")
    counter = itertools.count()

    def write(suffix: str, content: str | bytes) -> Path:
        path = folder / f"case-{next(counter)}{suffix}"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", errors="surrogatepass")
        return path

    return write
