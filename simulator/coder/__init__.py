"""The MI and peer-practice coder: `MICoder.load()` gives the shipped, trained coder.

Importing this package is cheap: NumPy and the model file are loaded by `MICoder.load()`.
Retrain the model with `python -m simulator.coder train --annomi PATH` (dev extras needed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator.coder.micoder import MICoder

if TYPE_CHECKING:
    from simulator.coder.model import ModelError

__all__ = ["MICoder", "ModelError"]


def __getattr__(name: str) -> Any:
    if name == "ModelError":  # lives with the NumPy model code; imported on first use
        from simulator.coder.model import ModelError

        return ModelError
    raise AttributeError(f"module 'simulator.coder' has no attribute {name!r}")
