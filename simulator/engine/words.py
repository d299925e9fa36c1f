"""Plain word handling for understanding a turn: lower case, no accents, crude stems, stopwords.

Pure Python and fast: a turn is a sentence or two, and a scenario a few hundred phrases.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import pairwise

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

#: Question words: kept apart from content words, they tell what kind of answer is wanted.
WH_WORDS = frozenset({"who", "what", "when", "where", "why", "how", "which"})
#: How an open request starts when it has no question word.
OPEN_STARTS = ("tell me", "describe", "walk me through", "talk about", "say more", "help me")

_STOPWORD_TEXT = """a about above after again all also am an and any are aren't as at be because
    been before
    being both but by can can't could couldn't did didn't do does doesn't doing don't down
    during each else even ever few for from further get gets got had hadn't has hasn't have
    haven't having he he's her here here's hers herself him himself his how how's i i'd i'll
    i'm i've if in into is isn't it it's its itself just let's like me might more most
    must mustn't my myself no nor not now of off on once only or other ought our ours
    ourselves out over own really right same say says she she'd she'll she's should
    shouldn't so some such tell than that that's the their theirs them themselves then there
    there's these they they'd they'll they're they've thing things think this those through
    to too under until up us very was wasn't we we'd we'll we're we've well were weren't
    what what's when when's where where's which while who who's whom why why's will with
    won't would wouldn't yeah yes you you'd you'll you're you've your yours yourself
    yourselves okay ok oh um uh mm hmm sounds sound seems kind lot lots bit maybe sure know
    feel feeling feels want wants go going went come comes one"""
STOPWORDS = WH_WORDS | frozenset(_STOPWORD_TEXT.split())


def plain(text: str) -> str:
    """Lower case, accents removed, curly quotes straightened."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


#: Past forms a trainee uses in asking ("what brought you in" asks what "brings" you in).
IRREGULAR = {"brought": "bring", "seen": "see", "saw": "see", "ate": "eat", "eaten": "eat"}
IRREGULAR |= {"slept": "sleep", "drank": "drink", "drunk": "drink", "spoke": "speak"}


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A crude stem: 'drinking', 'drinks' and 'drinker' all become 'drink'."""
    word = word.removesuffix("'s").removesuffix("'")
    if word in IRREGULAR:
        return IRREGULAR[word]
    if word.endswith(("ss", "us", "is")):
        return word
    for suffix in ("ings", "ing", "ied", "ies", "ers", "er", "ed", "es", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if suffix in ("ied", "ies"):
                return base + "y"
            if suffix == "es" and not base.endswith(("s", "x", "z", "ch", "sh")):
                return word[:-1]  # 'bottles' -> 'bottle', but 'glasses' -> 'glass'
            if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "aeiouls":
                base = base[:-1]  # 'stopped' -> 'stop'
            return base
    return word


def tokens(text: str) -> list[str]:
    """The words of `text`, plain."""
    return WORD.findall(plain(text))


def content_stems(text: str) -> frozenset[str]:
    """Stems of the words that carry meaning (stopwords dropped)."""
    return frozenset(stem(word) for word in tokens(text) if word not in STOPWORDS)


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A pattern that finds `phrase` as whole words in plain text (stems allowed at the end)."""
    words = [re.escape(stem(word)) for word in tokens(phrase)]
    body = r"\w*\s+".join(words)
    return re.compile(rf"\b{body}\w*")


def question_words(words: list[str]) -> frozenset[str]:
    """The question words among `words` ("how's" counts as "how"; "what made you…" and "how
    come" ask why)."""
    found = frozenset(word.split("'")[0] for word in words) & WH_WORDS
    pairs = set(pairwise(words))
    if pairs & {("what", "made"), ("what", "makes"), ("how", "come")}:
        found |= {"why"}
    return found


def all_stems(text: str) -> frozenset[str]:
    """Stems of every word of `text`, stopwords included (aliases may be common words)."""
    return frozenset(stem(word) for word in tokens(text))
