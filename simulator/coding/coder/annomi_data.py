"""Where the AnnoMI data is looked for, and what to tell someone who does not have it.

The shipped model file works without the data; only retraining (`python -m simulator.coding.coder
train`) and the coder accuracy benchmark need it. The folder is ``$ANNOMI_DIR`` if set, else
``data/annomi`` inside the checkout (ignored by git).
"""

from __future__ import annotations

import os
from pathlib import Path

REPOSITORY = "https://github.com/uccollab/AnnoMI"
COMMIT = "42936645ec3857a9c84ab296a36a3c34b779ef49"
# sha256 of the files the shipped model and the saved benchmark figures were made from: the rows
# of 106 of the 133 transcripts, unchanged (27 are held back for independent evaluation).
FILES = {
    "AnnoMI-simple.csv": "702a318fb6a1a98a57acffc90d4f832eacbe54efbf6337f5b05332947162a2c7",
    "AnnoMI-full.csv": "792fa0a71efc2b82aceca0efb84bc3913b75ae798896da3ef79707a2eac5e1df",
}
CHECKOUT = Path(__file__).resolve().parents[3]


def default_dir() -> Path:
    """``$ANNOMI_DIR`` if set, else ``data/annomi`` in the checkout."""
    return Path(os.environ.get("ANNOMI_DIR") or CHECKOUT / "data" / "annomi")


def missing_files(folder: Path) -> list[str]:
    """The AnnoMI file names not present in ``folder``."""
    return [name for name in FILES if not (folder / name).is_file()]


def how_to_get(folder: Path) -> str:
    """A plain message: which files are missing where, and how to get them."""
    missing = missing_files(folder)
    return (
        f"AnnoMI not found: {', '.join(missing)} missing in {folder}. "
        f"Get {' and '.join(FILES)} from {REPOSITORY} (commit {COMMIT[:12]}, see "
        "simulator/coding/coder/README.md for the checksums and the citation), put them in "
        "data/annomi/ or point ANNOMI_DIR (or --annomi) at their folder."
    )
