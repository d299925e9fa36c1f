"""Measure a checker against labelled cases: precision and recall over the labels it reports.

A case is the labels a careful human gave a text and the labels the checker gave it; both are
sets of strings (lexicon terms, note finding codes). Precision = share of the checker's labels
that were right; recall = share of the human labels the checker found.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Agreement:
    """Counts of agreement between checker and human labels."""

    true_positives: int
    false_positives: int
    false_negatives: int
    cases: int

    @property
    def precision(self) -> float:
        """Share of the checker's labels that a human also gave (1.0 when it gave none)."""
        reported = self.true_positives + self.false_positives
        return self.true_positives / reported if reported else 1.0

    @property
    def recall(self) -> float:
        """Share of the human labels the checker also gave (1.0 when there were none)."""
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


def agreement(pairs: Iterable[tuple[set[str], set[str]]]) -> Agreement:
    """Agreement over (expected labels, checker labels) pairs, one pair per case."""
    tp = fp = fn = cases = 0
    for expected, found in pairs:
        tp += len(expected & found)
        fp += len(found - expected)
        fn += len(expected - found)
        cases += 1
    return Agreement(tp, fp, fn, cases)
