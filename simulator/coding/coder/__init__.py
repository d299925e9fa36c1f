"""The MI and peer-practice coder: `MICoder.load()` gives the shipped, trained coder.

Importing this package is cheap: NumPy and the model file are loaded by `MICoder.load()`.
Retrain the model with `python -m simulator.coding.coder train --annomi PATH` (dev extras needed).

Modules: ``micoder`` (``MICoder``), ``model`` (the versioned model file), ``features`` (what the
linear models read), ``fine_codes`` and ``miti_moves`` (the finer MITI moves, by rule),
``talk_kinds`` (DARN-CAT kinds of change talk), ``training`` and ``annomi_data`` (retraining).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator.coding.coder.micoder import MICoder

if TYPE_CHECKING:
    from simulator.coding.coder.model import ModelError

__all__ = ["MICoder", "ModelError"]


def __getattr__(name: str) -> Any:
    if name == "ModelError":  # lives with the NumPy model code; imported on first use
        from simulator.coding.coder.model import ModelError

        return ModelError
    raise AttributeError(f"module 'simulator.coding.coder' has no attribute {name!r}")
