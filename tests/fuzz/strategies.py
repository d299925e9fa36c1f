"""Hypothesis strategies shared by the fuzz tests: hostile text, JSON-like data, mutations."""

from __future__ import annotations

import copy
import json
import os
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

#: Examples per input type; CI runs the default 500, FUZZ_EXAMPLES=5000 digs deeper.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "500"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
)
json_like = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)

#: Text editors and copy-paste produce: control characters, odd Unicode, YAML/JSON syntax.
hostile_text = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.sampled_from(list(":-[]{}#&*!|>'\"%@`,?\n\t \\")), max_size=60),
    st.sampled_from(
        [
            "",
            "\x00",
            "\ufeff",
            "!!python/object/apply:os.system ['echo pwned']",
            "a: &a [1, 2]\nb: *a\nc: *b",
            "a: !!binary aGVsbG8=",
            "? [a, b]\n: c",
            "---\n---\n",
            "%YAML 1.1\n---\nx: 1",
            "- " * 200,
            "[" * 500,
            '"\\ud800"',
            "x: 1e309",
            "\u202e\u200b\u0301",
        ]
    ),
)


def paths_of(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path (tuple of keys/indices) to a node of a JSON-like document."""
    paths = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            paths += paths_of(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            paths += paths_of(child, (*prefix, index))
    return paths


@st.composite
def mutated(draw: st.DrawFn, document: Any, rounds: int = 3) -> Any:
    """`document` with a few nodes deleted or replaced by arbitrary values."""
    document = copy.deepcopy(document)
    for _ in range(draw(st.integers(min_value=1, max_value=rounds))):
        paths = paths_of(document)
        path = draw(st.sampled_from(paths))
        if not path:
            document = draw(json_like)
            continue
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        if draw(st.booleans()):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(json_like)
    return document


def as_text(document: Any) -> str:
    """A document as JSON text (JSON is also YAML), keeping NaN/Infinity spelled out."""
    return json.dumps(document, default=str)
