"""Turn an utterance and the utterances before it into named features for the linear model.

Deterministic, so training and inference share one definition. Features come in blocks (the
utterance's words, its characters, how it starts and ends, hand-written cues, and the previous
utterances); each block is weighted and length-normalised separately (`weight_block`).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

#: Bump when features change: a model trained on other features is refused at load time.
FEATURE_VERSION = 1

TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[?!]")
SPACES = re.compile(r"\s+")

WH_WORDS = frozenset({"what", "how", "why", "where", "who", "which", "when", "whats", "what's"})
AUX_WORDS = frozenset(
    [
        "do",
        "does",
        "did",
        "are",
        "is",
        "was",
        "were",
        "have",
        "has",
        "had",
        "can",
        "could",
        "will",
        "would",
        "should",
        "shall",
        "may",
        "might",
        "am",
        "aren't",
        "isn't",
        "don't",
        "doesn't",
        "didn't",
        "won't",
        "wouldn't",
        "can't",
        "couldn't",
    ]
)
REFLECTION_STEMS = (
    "it sounds like",
    "sounds like",
    "it seems",
    "seems like",
    "you feel",
    "you're feeling",
    "you're",
    "you are",
    "you want",
    "you've",
    "you don't",
    "part of you",
    "on one hand",
    "on the one hand",
    "so you",
    "it's like",
    "you're saying",
    "what i'm hearing",
    "i hear",
)
BACKCHANNELS = frozenset(
    [
        "mm",
        "hmm",
        "mhm",
        "mm-hmm",
        "uh-huh",
        "uh",
        "huh",
        "yeah",
        "yes",
        "okay",
        "ok",
        "right",
        "sure",
        "alright",
        "yep",
        "oh",
        "ah",
        "um",
    ]
)

#: Word-count buckets (upper limit, name); longer utterances are "41+".
LENGTH_BUCKETS = ((0, "0"), (2, "1-2"), (6, "3-6"), (15, "7-15"), (40, "16-40"))

#: Weight of each feature block in the model's input vector.
BLOCK_WEIGHTS: dict[str, float] = {
    "w": 1.0,  # words and word pairs of the utterance
    "c": 1.0,  # character 2-5 grams of the utterance
    "s": 0.6,  # first words and last token
    "h": 0.6,  # hand-written cues (question mark, "it sounds like", "you" framing, length)
    "p": 0.5,  # previous utterance: words
    "q": 0.4,  # previous utterance: how it starts and ends, its length
    "r": 0.3,  # the utterance before that: words
}


def normalise(text: str) -> str:
    """Lower-case, straighten quotes and collapse spaces."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return SPACES.sub(" ", text).strip()


def tokens(text: str) -> list[str]:
    """Words (with contractions kept whole) and the marks ? and !."""
    return TOKEN.findall(text)


def _words(prefix: str, toks: list[str], bigrams: bool) -> Counter[str]:
    grams = Counter(f"{prefix}:{tok}" for tok in toks)
    if bigrams:
        padded = ["<s>", *toks, "</s>"]
        grams.update(f"{prefix}:{a} {b}" for a, b in itertools.pairwise(padded))
    return grams


@lru_cache(maxsize=16384)
def word_char_grams(word: str) -> tuple[str, ...]:
    """The "c" block's features of one word: its character 2-5 grams, padded with a space each
    side (cached: words recur). The block counts them over `normalise(text).split()`."""
    padded = f" {word} "
    return tuple(
        f"c:{padded[start : start + size]}"
        for size in (2, 3, 4, 5)
        for start in range(len(padded) - size + 1)
    )


def _chars(text: str) -> Counter[str]:
    return Counter(itertools.chain.from_iterable(map(word_char_grams, text.split())))


def _shape(prefix: str, toks: list[str]) -> Counter[str]:
    shape: Counter[str] = Counter()
    words = [tok for tok in toks if tok not in "?!"]
    for size in (1, 2, 3):
        if len(words) >= size:
            shape[f"{prefix}:first{size}={' '.join(words[:size])}"] = 1
    if toks:
        shape[f"{prefix}:last={toks[-1]}"] = 1
    if len(words) >= 2:
        shape[f"{prefix}:last2={' '.join(words[-2:])}"] = 1
    bucket = next((name for limit, name in LENGTH_BUCKETS if len(words) <= limit), "41+")
    shape[f"{prefix}:len={bucket}"] = 1
    shape[f"{prefix}:qmark={'?' in toks}"] = 1
    return shape


def _cues(text: str, toks: list[str]) -> Counter[str]:
    cues: Counter[str] = Counter()
    words = [tok for tok in toks if tok not in "?!"]
    first = words[0] if words else ""
    second = words[1] if len(words) > 1 and first in {"so", "and", "but", "well", "okay"} else ""
    cues["h:ends_q"] = int(text.rstrip().endswith("?"))
    cues["h:wh_start"] = int(first in WH_WORDS or second in WH_WORDS)
    cues["h:wh_anywhere"] = int(any(tok in WH_WORDS for tok in words))
    cues["h:aux_start"] = int(first in AUX_WORDS)
    cues["h:so_start"] = int(first == "so")
    for stem in REFLECTION_STEMS:
        if stem in text:
            cues[f"h:stem={stem}"] = 1
    you = sum(tok in {"you", "your", "you're", "you've", "yourself"} for tok in words)
    me = sum(tok in {"i", "me", "my", "i'm", "i've", "myself"} for tok in words)
    cues["h:you_ratio"] = you / (len(words) or 1)
    cues["h:i_ratio"] = me / (len(words) or 1)
    cues["h:you_more"] = int(you > me)
    cues["h:backchannel"] = int(bool(words) and all(tok in BACKCHANNELS for tok in words))
    cues["h:n_sentences"] = min(text.count(".") + text.count("?") + text.count("!"), 6) / 6
    cues["h:log_len"] = math.log1p(len(words)) / 5
    return cues


def extract(text: str, context: Sequence[str] = (), chars: bool = True) -> dict[str, Counter[str]]:
    """The raw feature counts of an utterance, by block. `context` is most recent last.

    `chars=False` leaves out the character block, for a caller that counts it itself from
    `word_char_grams` (the model, which caches each word's grams as rows of its weights).
    """
    norm = normalise(text)
    toks = tokens(norm)
    blocks: dict[str, Counter[str]] = {"w": _words("w", toks, bigrams=True)}
    if chars:
        blocks["c"] = _chars(norm)
    blocks["s"] = _shape("s", toks)
    blocks["h"] = _cues(norm, toks)
    previous = normalise(context[-1]) if context else ""
    prev_toks = tokens(previous)
    blocks["p"] = _words("p", prev_toks, bigrams=True)
    blocks["q"] = _shape("q", prev_toks) if context else Counter({"q:none": 1})
    earlier = normalise(context[-2]) if len(context) >= 2 else ""
    blocks["r"] = _words("r", tokens(earlier), bigrams=False)
    return blocks


def weighted(
    blocks: dict[str, Counter[str]], idf: dict[str, float] | None = None
) -> dict[str, float]:
    """Every feature's value: `weight_block` on each block (the training matrix's rows).

    Features missing from `idf` (when given) are dropped before normalising, as at inference.
    """
    vector: dict[str, float] = {}
    for block, counts in blocks.items():
        names = [name for name, count in counts.items() if count and (idf is None or name in idf)]
        if not names:
            continue
        block_idf = None if idf is None else np.array([idf[name] for name in names])
        values = weight_block(block, np.array([counts[name] for name in names], float), block_idf)
        if values.any():
            vector.update(zip(names, values.tolist(), strict=True))
    return vector


def weight_block(block: str, counts: np.ndarray, idf: np.ndarray | None = None) -> np.ndarray:
    """One block's values: sublinear term frequency (1 + log count; fractions such as the ratio
    cues kept as they are), times idf when given, L2-normalised to the block's weight.

    The one definition of the weighting, for training (`weighted`) and inference alike.
    """
    values = np.where(counts > 1, 1.0 + np.log(np.maximum(counts, 1.0)), counts)
    if idf is not None:
        values = values * idf
    norm = math.sqrt(float(values @ values))
    return values * (BLOCK_WEIGHTS[block] / norm) if norm else np.zeros_like(values)
