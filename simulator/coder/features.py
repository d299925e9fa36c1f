"""Turn an utterance and the utterances before it into named features for the linear model.

Pure Python and deterministic, so training and inference share one definition. Features come
in blocks (the utterance's words, its characters, how it starts and ends, hand-written cues,
and the previous utterances); each block is weighted and length-normalised separately.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence

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


def _chars(text: str) -> Counter[str]:
    padded_words = [f" {word} " for word in text.split()]
    return Counter(
        f"c:{padded[start : start + size]}"
        for padded in padded_words
        for size in (2, 3, 4, 5)
        for start in range(len(padded) - size + 1)
    )


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


def extract(text: str, context: Sequence[str] = ()) -> dict[str, Counter[str]]:
    """The raw feature counts of an utterance, by block. `context` is most recent last."""
    norm = normalise(text)
    toks = tokens(norm)
    blocks: dict[str, Counter[str]] = {
        "w": _words("w", toks, bigrams=True),
        "c": _chars(norm),
        "s": _shape("s", toks),
        "h": _cues(norm, toks),
    }
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
    """Apply sublinear term frequency, idf (for known features), and per-block L2 weighting.

    Features missing from `idf` (when given) are dropped before normalising, as at inference.
    """
    vector: dict[str, float] = {}
    for block, counts in blocks.items():
        if idf is None:
            values = {name: _sublinear(count) for name, count in counts.items() if count}
        else:
            values = {
                name: _sublinear(count) * weight
                for name, count in counts.items()
                if count and (weight := idf.get(name)) is not None
            }
        norm = math.hypot(*values.values())
        if norm:
            factor = BLOCK_WEIGHTS[block] / norm
            vector |= {name: value * factor for name, value in values.items()}
    return vector


def _sublinear(count: float) -> float:
    """1 + log(count) for counts; fractions (the ratio cues) are kept as they are."""
    return count if count <= 1 else 1.0 + math.log(count)
