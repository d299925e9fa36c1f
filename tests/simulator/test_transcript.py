"""Transcript files: saved atomically, and bad files fail with a clear message."""

from __future__ import annotations

import json

import pytest

from simulator import Session, Transcript, TranscriptError, replay


@pytest.fixture
def saved(tmp_path, mini_scenario):
    session = Session.from_utterances(mini_scenario, ["What brings you in today?"], seed=1)
    return session.transcript.save(tmp_path / "roleplay.json")


def test_save_leaves_no_temporary_files(saved):
    """Does saving leave exactly the transcript file and nothing half-written?"""
    assert [p.name for p in saved.parent.iterdir()] == ["roleplay.json"]
    assert json.loads(saved.read_text())["schema_version"] == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        (b"\xff\xfe\x00".decode("latin-1"), "not valid JSON"),
    ],
)
def test_corrupt_file_names_the_file(tmp_path, content, expected):
    """Does a corrupt transcript fail naming the file, without a traceback from json?"""
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TranscriptError, match=expected) as caught:
        Transcript.load(path)
    assert str(path) in str(caught.value)


def test_other_schema_version_says_what_to_do(saved):
    """Does a transcript from another schema version say which versions are readable?"""
    data = json.loads(saved.read_text())
    data["schema_version"] = 99
    saved.write_text(json.dumps(data))
    with pytest.raises(TranscriptError, match=r"schema_version is 99.*reads version 1"):
        Transcript.load(saved)


def test_missing_field_is_named(saved):
    """Does a transcript missing a field say which one?"""
    data = json.loads(saved.read_text())
    del data["turns"][0]["reply"]
    saved.write_text(json.dumps(data))
    with pytest.raises(TranscriptError, match=r"turns\.0\.reply"):
        Transcript.load(saved)


def test_edited_reply_does_not_survive_replay(saved, mini_scenario):
    """If a trainee edits the person's reply in the file, does replay restore the real one?"""
    data = json.loads(saved.read_text())
    real = data["turns"][0]["reply"]
    data["turns"][0]["reply"] = "I will quit tomorrow, you are amazing."
    data["turns"][0]["reply_kind"] = "change:commitment"
    saved.write_text(json.dumps(data))
    replayed = replay(Transcript.load(saved), mini_scenario)
    assert replayed.turns[0].reply == real


def test_changed_scenario_is_rescored_with_a_plain_note(saved, mini_scenario):
    """Is a transcript recorded against another version of the scenario re-scored by replaying
    the trainee's words against the current one, with a plain note and no error?"""
    recorded = Transcript.load(saved)
    edited = mini_scenario.model_copy(update={"opening": "Something else entirely."})
    replayed = replay(recorded, edited)
    assert replayed.helper_utterances == recorded.helper_utterances
    assert replayed.scenario_fingerprint == edited.fingerprint
    assert len(replayed.notes) == 1 and "earlier version of the scenario" in replayed.notes[0]
    assert "differ from what the trainee saw" in replayed.notes[0]
    assert replay(recorded, mini_scenario).notes == []


def test_transcript_of_a_v1_scenario_is_rescored_against_v2(tmp_path):
    """Does a transcript saved before format v2 (no decisions, old fingerprint) load and
    re-score against the v2 scenario, keeping the grade inputs and adding the note?"""
    old = {
        "schema_version": 1,
        "scenario": "alcohol-ambivalence",
        "scenario_fingerprint": "0123456789abcdef",
        "seed": 0,
        "coder": "micoder-1",
        "opening": "My sister thinks I drink too much.",
        "turns": [
            {
                "index": 1,
                "helper": "What brings you in today?",
                "coding": {"code": "open_question", "confidence": 0.9},
                "reply": "I've worked in kitchens since I was sixteen.",
                "reply_kind": "neutral",
                "state": {
                    "rapport": 0.43,
                    "discord": 0.08,
                    "importance": 4.2,
                    "confidence": 4.1,
                    "crisis": "none",
                },
            }
        ],
        "ended": True,
    }
    path = tmp_path / "roleplay-alcohol-ambivalence.json"
    path.write_text(json.dumps(old))
    replayed = replay(Transcript.load(path))
    assert replayed.helper_utterances == ["What brings you in today?"]
    assert replayed.turns[0].decision is not None and replayed.notes
