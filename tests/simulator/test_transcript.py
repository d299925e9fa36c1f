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


def test_changed_scenario_is_refused(saved, mini_scenario):
    """Is a transcript recorded against another version of the scenario refused, not mis-scored?"""
    edited = mini_scenario.model_copy(update={"opening": "Something else entirely."})
    with pytest.raises(TranscriptError, match="different version of scenario"):
        replay(Transcript.load(saved), edited)
