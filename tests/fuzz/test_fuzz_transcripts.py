"""Fuzzing: does a damaged or forged role-play transcript ever crash loading or grading?

Loading must load or raise TranscriptError naming the file; grading (score_roleplay, which
replays the transcript) must score it or raise AssertionError with a message for the trainee.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from grading.checks.roleplay import score_roleplay
from simulator import Session, Transcript, load_scenario
from simulator.errors import TranscriptError
from tests.fuzz.strategies import FUZZ, as_text, hostile_text, json_like, mutated

SCENARIO = load_scenario(
    Path(__file__).resolve().parents[1] / "fixtures" / "scenarios" / "practice-mini.yaml"
)


def _real_transcript() -> dict:
    session = Session(SCENARIO, seed=0)
    for text in ["What brings you here today?", "You want to breathe easier.", "Tell me more."]:
        session.respond(text)
    return json.loads(session.transcript.model_dump_json())


REAL = _real_transcript()
transcript_texts = st.one_of(
    hostile_text, json_like.map(as_text), mutated(REAL, rounds=4).map(as_text)
)


@FUZZ
@given(text=transcript_texts)
@example(text=json.dumps(REAL))
@example(text=json.dumps({**REAL, "schema_version": 99}))
def test_transcript_load_never_crashes(new_file, text: str) -> None:
    """Does any transcript file load or raise TranscriptError naming the file?"""
    path = new_file(".json", text)
    try:
        Transcript.load(path)
    except TranscriptError as error:
        assert str(path) in str(error), f"the error does not name the file: {error}"


@FUZZ
@given(data=st.binary(max_size=300))
def test_transcript_bytes_never_crash(new_file, data: bytes) -> None:
    """Does a binary transcript file raise TranscriptError rather than crash?"""
    path = new_file(".json", data)
    with pytest.raises(TranscriptError):
        Transcript.load(path)


@FUZZ
@given(text=transcript_texts)
@example(text=json.dumps(REAL))
def test_grading_a_forged_transcript_never_crashes(new_file, text: str) -> None:
    """Does grading a damaged transcript score it or tell the trainee what to do?"""
    path = new_file(".json", text)
    try:
        score = score_roleplay(path, SCENARIO)
    except AssertionError as error:
        assert str(error).strip(), "an AssertionError without a message for the trainee"
    else:
        assert score.criteria
