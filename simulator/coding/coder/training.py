"""Train the coder's linear models on AnnoMI plus the project's own peer-support utterances.

Development only: needs pandas and scikit-learn (`pip install -e .[dev]`); inference never
imports this module. Splits are always by transcript, never by row. Deterministic: the same
data give the same model file.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from simulator.coding.coder.features import extract, weighted
from simulator.coding.coder.model import DEFAULT_MODEL, TaskModel, idf_from, save_models

PROJECT_UTTERANCES = Path(__file__).with_name("peer_support_utterances.csv")
ANNOMI_FILE = "AnnoMI-simple.csv"
CONTEXT_SIZE = 2  # preceding utterances the features look at
MIN_DF = 2
C = 1.0  # inverse regularisation strength, chosen by transcript-level cross-validation
#: Each task: the AnnoMI interlocutor and the column holding its label.
TASKS = {
    "helper": ("therapist", "main_therapist_behaviour"),
    "consumer": ("client", "client_talk_type"),
}


@dataclass(frozen=True)
class Example:
    """One labelled utterance with the utterances before it."""

    text: str
    context: tuple[str, ...]
    label: str
    group: str  # the transcript (or project file section) it comes from


def sha256(path: Path) -> str:
    """The hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def annomi_examples(folder: Path) -> dict[str, list[Example]]:
    """AnnoMI utterances by task, each with its preceding utterances, in transcript order."""
    import pandas as pd

    path = folder / ANNOMI_FILE if folder.is_dir() else folder
    frame = pd.read_csv(path, keep_default_na=False)
    frame = frame.sort_values(["transcript_id", "utterance_id"], kind="stable")
    examples: dict[str, list[Example]] = {task: [] for task in TASKS}
    for transcript, rows in frame.groupby("transcript_id", sort=True):
        texts = rows["utterance_text"].tolist()
        for position, row in enumerate(rows.itertuples(index=False)):
            context = tuple(texts[max(0, position - CONTEXT_SIZE) : position])
            for task, (speaker, column) in TASKS.items():
                if row.interlocutor == speaker:
                    label = getattr(row, column)
                    examples[task].append(
                        Example(row.utterance_text, context, label, f"annomi-{transcript}")
                    )
    return examples


def project_examples(path: Path = PROJECT_UTTERANCES) -> dict[str, list[Example]]:
    """The project's own labelled peer-support utterances (columns: task, label, context, text)."""
    examples: dict[str, list[Example]] = {task: [] for task in TASKS}
    with path.open(newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            context = (row["context"],) if row["context"] else ()
            group = f"project-{row['task']}-{number % 10}"
            examples[row["task"]].append(Example(row["text"], context, row["label"], group))
    return examples


def fit(examples: Sequence[Example], c: float = C) -> TaskModel:
    """Fit one multinomial logistic regression (scikit-learn) and keep its arrays."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    raw = [extract(example.text, example.context) for example in examples]
    idf = idf_from([{name for block in item.values() for name in block} for item in raw], MIN_DF)
    vocabulary = list(idf)
    index = {name: position for position, name in enumerate(vocabulary)}
    rows, cols, values = [], [], []
    for row, item in enumerate(raw):
        for name, value in weighted(item, idf).items():
            rows.append(row)
            cols.append(index[name])
            values.append(value)
    matrix = csr_matrix((values, (rows, cols)), shape=(len(raw), len(vocabulary)))
    labels = [example.label for example in examples]
    classifier = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
    classifier.fit(matrix, labels)
    return TaskModel(
        tuple(str(label) for label in classifier.classes_),
        vocabulary,
        np.array([idf[name] for name in vocabulary], dtype=np.float32),
        classifier.coef_.T.astype(np.float32),
        classifier.intercept_.astype(np.float32),
    )


def predict(model: TaskModel, examples: Iterable[Example]) -> list[str]:
    """The most probable label of each example."""
    return [
        model.labels[int(np.argmax(model.probabilities(ex.text, ex.context)))] for ex in examples
    ]


def cross_validate(
    examples: Sequence[Example], folds: int = 5, extra: Sequence[Example] = ()
) -> list[str]:
    """Out-of-fold predictions; folds hold whole transcripts; `extra` joins every training set."""
    from sklearn.model_selection import GroupKFold

    predictions = [""] * len(examples)
    groups = [example.group for example in examples]
    for train, test in GroupKFold(n_splits=folds).split(examples, groups=groups):
        model = fit([examples[i] for i in train] + list(extra))
        for position, label in zip(test, predict(model, (examples[i] for i in test)), strict=True):
            predictions[position] = label
    return predictions


def macro_f1(truth: Sequence[str], predicted: Sequence[str]) -> float:
    """Macro-averaged F1 over the labels present in `truth`."""
    from sklearn.metrics import f1_score

    return float(f1_score(truth, predicted, average="macro"))


def train(annomi: Path, output: Path = DEFAULT_MODEL, evaluate: bool = True) -> dict[str, object]:
    """Train both tasks on AnnoMI plus project data; write the model file; return its metadata."""
    annomi_path = annomi / ANNOMI_FILE if annomi.is_dir() else annomi
    corpus = annomi_examples(annomi_path)
    own = project_examples()
    metrics: dict[str, object] = {}
    tasks = {}
    for task in TASKS:
        if evaluate:
            oof = cross_validate(corpus[task], extra=own[task])
            truth = [example.label for example in corpus[task]]
            metrics[task] = {
                "annomi_transcript_cv_macro_f1": round(macro_f1(truth, oof), 4),
                "folds": 5,
            }
        tasks[task] = fit(corpus[task] + own[task])
    metadata = {
        "name": "micoder-1",
        "training_data": {
            ANNOMI_FILE: sha256(annomi_path),
            PROJECT_UTTERANCES.name: sha256(PROJECT_UTTERANCES),
        },
        "examples": {task: len(corpus[task]) + len(own[task]) for task in TASKS},
        "c": C,
        "min_df": MIN_DF,
        "metrics": metrics,
    }
    save_models(output, tasks, metadata)
    return metadata
