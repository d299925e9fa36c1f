"""The stored linear models: reading and writing the versioned model file (NumPy `.npz`).

The file holds plain arrays only and is read with `allow_pickle=False`, so loading it can never
run code. Per task ("helper", "consumer"): the vocabulary (feature names joined by newlines, as
UTF-8 bytes), idf weights, a weight matrix (features x labels) and biases; plus one JSON string
of metadata (format version, labels, training data sha256, metrics).
"""

from __future__ import annotations

import itertools
import json
import math
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from simulator.coding.coder.features import (
    FEATURE_VERSION,
    extract,
    normalise,
    weight_block,
    word_char_grams,
)
from simulator.errors import SimulatorError

FORMAT = "micoder-model"
FORMAT_VERSION = 1
DEFAULT_MODEL = Path(__file__).with_name("micoder-1.npz")
RETRAIN = "python -m simulator.coding.coder train --annomi PATH/TO/annomi"


class ModelError(SimulatorError):
    """The model file is missing, corrupt, or was written by another version of the coder."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}. Retrain the coder's model with: {RETRAIN}")


@dataclass
class TaskModel:
    """One multinomial linear model over named features."""

    labels: tuple[str, ...]
    vocabulary: list[str]
    idf: np.ndarray  # (n_features,)
    weights: np.ndarray  # (n_features, n_labels)
    bias: np.ndarray  # (n_labels,)
    index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.index = dict(zip(self.vocabulary, range(len(self.vocabulary)), strict=True))
        self._idf = self.idf.astype(np.float64)  # float64 once, not per call
        self._weights = self.weights.astype(np.float64)
        self._bias = self.bias.astype(np.float64)
        self._word_rows = lru_cache(maxsize=16384)(self._char_rows)

    def _char_rows(self, word: str) -> tuple[int, ...]:
        """The rows of the weights for a word's known character grams."""
        find = self.index.get
        return tuple(row for gram in word_char_grams(word) if (row := find(gram)) is not None)

    def _block_scores(self, block: str, counts: dict[int, float]) -> np.ndarray | float:
        """What one block of features (row -> count) adds to each label's score."""
        if not counts:
            return 0.0
        rows = list(counts)
        values = weight_block(
            block, np.fromiter(counts.values(), float, len(rows)), self._idf[rows]
        )
        return values @ self._weights[rows]

    def probabilities(self, text: str, context: tuple[str, ...] | list[str]) -> np.ndarray:
        """Label probabilities for one utterance, in the order of `labels`."""
        find = self.index.get
        scores = self._bias + self._block_scores(
            "c",
            Counter(itertools.chain.from_iterable(map(self._word_rows, normalise(text).split()))),
        )
        for block, counts in extract(text, context, chars=False).items():
            known = {
                row: count
                for name, count in counts.items()
                if count and (row := find(name)) is not None
            }
            scores = scores + self._block_scores(block, known)
        scores = np.exp(scores - scores.max())
        return scores / scores.sum()


def idf_from(documents: list[set[str]], min_df: int) -> dict[str, float]:
    """Smoothed idf of every feature present in at least `min_df` documents."""
    counts: dict[str, int] = {}
    for names in documents:
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    total = len(documents)
    return {
        name: math.log((1 + total) / (1 + count)) + 1.0
        for name, count in sorted(counts.items())
        if count >= min_df
    }


def save_models(path: Path, tasks: dict[str, TaskModel], metadata: dict[str, Any]) -> None:
    """Write the models and metadata as a compressed `.npz` file of plain arrays."""
    arrays: dict[str, np.ndarray] = {}
    meta = {"format": FORMAT, "format_version": FORMAT_VERSION, "feature_version": FEATURE_VERSION}
    meta |= metadata | {"labels": {task: list(model.labels) for task, model in tasks.items()}}
    arrays["meta"] = np.frombuffer(json.dumps(meta, sort_keys=True).encode(), dtype=np.uint8)
    for task, model in tasks.items():
        vocabulary = "\n".join(model.vocabulary).encode()
        arrays[f"{task}.vocabulary"] = np.frombuffer(vocabulary, dtype=np.uint8)
        arrays[f"{task}.idf"] = model.idf.astype(np.float32)
        arrays[f"{task}.weights"] = model.weights.astype(np.float32)
        arrays[f"{task}.bias"] = model.bias.astype(np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp.npz")
    np.savez_compressed(temporary, **arrays)
    temporary.replace(path)


def load_models(path: Path = DEFAULT_MODEL) -> tuple[dict[str, TaskModel], dict[str, Any]]:
    """Read a model file written by `save_models`; a clear ModelError if it cannot be used."""
    if not path.is_file():
        raise ModelError(path, "no model file here")
    try:
        with np.load(path, allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in stored.files}
        meta = json.loads(arrays["meta"].tobytes().decode())
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, UnicodeDecodeError) as error:
        raise ModelError(path, f"not a readable coder model file ({error})") from error
    found = (meta.get("format"), meta.get("format_version"), meta.get("feature_version"))
    if found != (FORMAT, FORMAT_VERSION, FEATURE_VERSION):
        raise ModelError(
            path,
            f"model format {found[0]!r} version {found[1]} with features v{found[2]}; this coder"
            f" reads {FORMAT!r} version {FORMAT_VERSION} with features v{FEATURE_VERSION}",
        )
    tasks = {}
    try:
        for task, labels in meta["labels"].items():
            vocabulary = arrays[f"{task}.vocabulary"].tobytes().decode().split("\n")
            weights = arrays[f"{task}.weights"]
            if weights.shape != (len(vocabulary), len(labels)):
                raise ValueError(f"{task} weights have shape {weights.shape}")
            tasks[task] = TaskModel(
                tuple(labels), vocabulary, arrays[f"{task}.idf"], weights, arrays[f"{task}.bias"]
            )
    except (KeyError, ValueError) as error:
        raise ModelError(path, f"the model file is incomplete or inconsistent ({error})") from error
    return tasks, meta
