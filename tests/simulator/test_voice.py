"""Does a model voice only word the engine's replies, fall back safely, and leave scores alone?

A real chat-completions exchange over HTTP with a small stdlib server on 127.0.0.1
(`tests/simulator/chat_server.py`), answering with canned replies, errors and delays.
"""

from __future__ import annotations

import html
import json
import socket

import pytest
from ipywidgets import HTML

from grading.checks.roleplay import score_roleplay
from simulator import Session, Transcript, replay
from simulator.errors import SimulatorError
from simulator.faces.widgets import RolePlay, ScenarioPicker
from simulator.voice import AuthoredVoice, VoiceConfig, make_voice, voice_for_attempt
from simulator.voice.openai_compatible import CRISIS_KEPT
from tests.simulator.chat_server import Answer, chat_server

SCENARIO = "alcohol-ambivalence"
ASK_AGE = "How old is your daughter?"
CONVERSATION = [
    "What brings you in today?",
    "So the wine helps you come down after work, and you wonder what it costs you.",
    ASK_AGE,
    "You want to be there for Lucía in the mornings.",
    "You should really cut down.",
    "What would be different if you drank less?",
]


def model_voice(base_url: str, **settings: object):
    config = {"backend": "openai-compatible", "base_url": base_url, "model": "tiny", **settings}
    return make_voice(VoiceConfig.model_validate(config))


@pytest.fixture
def server():
    with chat_server() as running:
        yield running


def test_the_default_voice_is_the_authored_line_and_makes_no_network_call(monkeypatch):
    """With no voice settings, is every reply the composed line, with no socket opened at all?"""
    opened: list[object] = []
    monkeypatch.setattr(socket.socket, "connect", lambda sock, address: opened.append(address))
    voice = voice_for_attempt(graded=False, settings=VoiceConfig())
    session = Session.from_utterances(SCENARIO, CONVERSATION, voice=voice)
    assert isinstance(voice, AuthoredVoice) and opened == []
    for turn in session.transcript.turns:
        assert turn.voice.backend == "authored" and turn.voice.model == ""
        assert turn.reply == turn.voice.authored and turn.voice.fallback is None


def test_a_model_reply_that_passes_the_guards_is_shown_with_its_anchor_recorded(server):
    """Does the model's wording reach the trainee, with backend, model and anchor recorded?"""
    server.queue("Lucía? She's fifteen, and she has opinions about everything.")
    session = Session(SCENARIO, voice=model_voice(server.base_url, seed=7, max_tokens=90))
    turn = session.respond(ASK_AGE)
    assert turn.reply == "Lucía? She's fifteen, and she has opinions about everything."
    assert (turn.voice.backend, turn.voice.model) == ("openai-compatible", "tiny")
    assert turn.voice.authored == "Lucía. She's fifteen." and turn.voice.fallback is None
    (request,) = server.requests
    assert request["path"] == "/v1/chat/completions"
    body = request["json"]
    assert (body["model"], body["temperature"], body["seed"], body["max_tokens"]) == (
        "tiny",
        0,
        7,
        90,
    )
    sheet, *history, this_turn = body["messages"]
    assert "Teresa" in sheet["content"] and "Lucía. She's fifteen." in sheet["content"]
    assert history == [{"role": "assistant", "content": session.scenario.opening}]
    assert ASK_AGE in this_turn["content"] and '"Lucía. She\'s fifteen."' in this_turn["content"]
    assert "answers a fact" in this_turn["content"]


BAD_REPLIES = {
    "As an AI language model, I can't share personal details.": "breaks character",
    "She's fifteen. How can I help you today?": "breaks character",
    "Teresa: She's fifteen.": "role label",
    "She's fifteen. Helper: And how is school?": "role label",
    "She's nineteen now, all grown up.": "the number 19 is not in the scenario",
    "She's a teenager, you know how it is.": "drops a fact (the number 15",
    "She's fifteen. My sister Brunhilde helps with her.": "names 'Brunhilde'",
    "She's fifteen. Take 200 mg of ibuprofen and you'll sleep.": "medical or self-harm",
    "She's fifteen. You should double your dose if you can't sleep.": "medical",
    "She's fifteen. Honestly you're probably bipolar yourself.": "medical advice",
    "She's fifteen. The junkies downtown scare me for her.": "stigmatizing label",
    "She's fifteen." + " Really" * 80: "too long",
    "   ": "empty reply",
    "My sister thinks I drink too much. I think I work too much. Anyway, somebody said you do"
    " coffee here.": "repeats an earlier reply",
}


@pytest.mark.parametrize("bad, reason", BAD_REPLIES.items(), ids=list(BAD_REPLIES.values()))
def test_a_reply_that_trips_a_guard_is_replaced_by_the_authored_line(server, bad, reason):
    """Is each kind of bad wording caught, the authored line shown, and the reason recorded?"""
    server.queue(bad)
    turn = Session(SCENARIO, voice=model_voice(server.base_url)).respond(ASK_AGE)
    assert turn.reply == "Lucía. She's fifteen." == turn.voice.authored
    assert turn.voice.fallback.startswith("guard: ") and reason in turn.voice.fallback


SERVER_TROUBLE = {
    "HTTP 500": Answer(status=500, body=b'{"error": "model crashed"}'),
    "the answer is not a chat completion": Answer(body=b"<html>gateway</html>"),
    "no answer within 0.3 s": Answer(text="She's fifteen.", delay=1.5),
}


@pytest.mark.parametrize("answer, reason", [(a, r) for r, a in SERVER_TROUBLE.items()])
def test_a_server_error_or_timeout_falls_back_to_the_authored_line(server, answer, reason):
    """Does an error status, a foreign body or a slow server show the authored line, and why?"""
    server.queue(answer)
    turn = Session(SCENARIO, voice=model_voice(server.base_url, timeout=0.3)).respond(ASK_AGE)
    assert turn.reply == "Lucía. She's fifteen."
    assert turn.voice.fallback == f"server: {reason}"


def test_a_stopped_server_falls_back_and_the_conversation_goes_on(server):
    """When the server is gone mid-conversation, do later turns fall back instead of failing?"""
    with chat_server() as short_lived:
        short_lived.queue(Answer(echo=True, text="Well, "))
        session = Session(SCENARIO, voice=model_voice(short_lived.base_url, timeout=2))
        first = session.respond(CONVERSATION[0])
    later = session.respond(ASK_AGE)
    assert first.reply.startswith("Well, ") and first.voice.fallback is None
    assert later.reply == "Lucía. She's fifteen."
    assert later.voice.fallback.startswith("server: cannot be reached")


def test_a_crisis_turn_keeps_its_written_words(server, mini_scenario):
    """Is a crisis-arc reply shown as written, without asking the model, and noted as such?"""
    server.queue(*[Answer(echo=True, text="Mm. ")] * 10)
    session = Session(mini_scenario, voice=model_voice(server.base_url))
    turns = [session.respond(text) for text in ["How are things?"] * 4]
    crisis = [turn for turn in turns if turn.decision.crisis is not None]
    assert crisis, "the mini scenario's hint and cue come by turn 3"
    for turn in crisis:
        assert turn.reply == turn.voice.authored and turn.voice.fallback == CRISIS_KEPT
    assert len(server.requests) == len(turns) - len(crisis)


def test_scores_and_replay_are_the_same_as_with_the_authored_voice(server, tmp_path):
    """With model wording, fall-backs and a timeout, are the decisions, codes and scores of the
    session, its saved file and its replay exactly those of the authored voice?"""
    server.queue(
        Answer(echo=True, text="Honestly? "),
        Answer(text="I don't know. Maybe nineteen glasses."),
        Answer(echo=True, text="Well, "),
        Answer(status=500),
        Answer(echo=True, text="Yeah. "),
        Answer(echo=True, text="Hm. ", delay=1.5),
    )
    voiced = Session.from_utterances(
        SCENARIO, CONVERSATION, voice=model_voice(server.base_url, timeout=0.5)
    ).transcript
    authored = Session.from_utterances(SCENARIO, CONVERSATION).transcript
    assert [t.reply for t in voiced.turns] != [t.reply for t in authored.turns]
    assert sum(t.voice.fallback is None for t in voiced.turns) >= 2
    assert sum(t.voice.fallback is not None for t in voiced.turns) >= 3

    def engine(transcript: Transcript) -> list[tuple]:
        return [(t.decision, t.coding, t.state, t.reply_kind, t.coach) for t in transcript.turns]

    assert engine(voiced) == engine(authored)
    assert [t.voice.authored for t in voiced.turns] == [t.reply for t in authored.turns]
    saved = Transcript.load(voiced.save(tmp_path / "roleplay.json"))
    assert saved == voiced
    assert engine(replay(saved)) == engine(authored)
    scored, expected = score_roleplay(saved, SCENARIO), score_roleplay(authored, SCENARIO)
    assert [(c.id, c.passed, c.value) for c in scored.criteria] == [
        (c.id, c.passed, c.value) for c in expected.criteria
    ]
    assert scored.points == expected.points and len(server.requests) == len(CONVERSATION)


def test_graded_attempts_use_the_model_only_when_the_organization_says_so():
    """Is the model voice off in graded role-plays unless `graded: true`, and is an override
    refused there but honoured in practice?"""
    settings = VoiceConfig(backend="openai-compatible", base_url="http://127.0.0.1:9/v1", model="m")
    assert isinstance(voice_for_attempt(graded=True, settings=settings), AuthoredVoice)
    assert voice_for_attempt(graded=False, settings=settings).backend == "openai-compatible"
    allowed = settings.model_copy(update={"graded": True})
    assert voice_for_attempt(graded=True, settings=allowed).backend == "openai-compatible"
    practice = voice_for_attempt(graded=False, settings=settings, override="authored")
    assert isinstance(practice, AuthoredVoice)
    assert voice_for_attempt(False, VoiceConfig(), override=settings).backend != "authored"
    with pytest.raises(SimulatorError, match="graded role-play uses the organization's voice"):
        voice_for_attempt(graded=True, settings=settings, override=settings)


def write_built_profile(folder, voice: dict) -> None:
    """An ``org.json`` as the course build writes it next to a notebook, with `voice`."""
    (folder / "org.json").write_text(json.dumps({"name": "Harbor House", "voice": voice}))


def test_the_widget_says_which_voice_speaks_and_shows_the_models_words(
    server, tmp_path, monkeypatch
):
    """Does the role-play show the model's words in practice, the written lines in a graded
    attempt (voice.graded is false), and say which voice is in use each time?"""
    monkeypatch.chdir(tmp_path)
    write_built_profile(
        tmp_path, {"backend": "openai-compatible", "base_url": server.base_url, "model": "tiny"}
    )
    server.queue("Lucía? She's fifteen and knows it all.")
    practice = RolePlay(SCENARIO, coach=True, save_to=tmp_path / "practice.json")
    graded = RolePlay(SCENARIO, coach=False, save_to=tmp_path / "graded.json")
    assert "worded by the model 'tiny' on 127.0.0.1" in widget_text(practice)
    assert "the scenario's written lines" in widget_text(graded)
    practice.send(ASK_AGE)
    graded.send(ASK_AGE)
    assert practice.conversation.messages[-1]["text"] == "Lucía? She's fifteen and knows it all."
    assert graded.conversation.messages[-1]["text"] == "Lucía. She's fifteen."
    assert practice.errors.outputs == graded.errors.outputs == ()
    saved = Transcript.load(tmp_path / "practice.json").turns[-1].voice
    assert (saved.backend, saved.model, saved.authored) == (
        "openai-compatible",
        "tiny",
        "Lucía. She's fifteen.",
    )
    assert len(server.requests) == 1


def test_free_practice_can_choose_the_written_lines(server, tmp_path, monkeypatch):
    """Does ScenarioPicker(voice='authored') keep the written lines though the org runs a model?"""
    monkeypatch.chdir(tmp_path)
    write_built_profile(
        tmp_path, {"backend": "openai-compatible", "base_url": server.base_url, "model": "tiny"}
    )
    picker = ScenarioPicker(voice="authored")
    picker.choice.value = SCENARIO
    roleplay = picker.start()
    assert "the scenario's written lines" in widget_text(roleplay)
    roleplay.send(ASK_AGE)
    assert roleplay.transcript.turns[-1].voice.backend == "authored" and not server.requests


def test_a_broken_voice_setting_in_the_built_profile_names_the_file_and_field(
    tmp_path, monkeypatch
):
    """Is an org.json whose voice points outside the organization refused with file and field?"""
    monkeypatch.chdir(tmp_path)
    write_built_profile(
        tmp_path,
        {"backend": "openai-compatible", "base_url": "https://api.example.com/v1", "model": "m"},
    )
    with pytest.raises(SimulatorError, match=r"org.json: .*voice\.base_url: .*api\.example\.com"):
        RolePlay(SCENARIO)


def widget_text(widget) -> str:
    """All HTML text inside `widget`, as a reader sees it (entities unescaped)."""
    found = [html.unescape(widget.value)] if isinstance(widget, HTML) else []
    for child in getattr(widget, "children", ()):
        found.append(widget_text(child))
    return " ".join(text for text in found if isinstance(text, str))


def test_resuming_shows_the_saved_words_without_asking_the_model_again(
    server, tmp_path, monkeypatch
):
    """After a kernel restart, does Resume show the model's words as saved, with no new request,
    and does the next turn ask the model again?"""
    monkeypatch.chdir(tmp_path)
    write_built_profile(
        tmp_path, {"backend": "openai-compatible", "base_url": server.base_url, "model": "tiny"}
    )
    server.queue(Answer(echo=True, text="Honestly? "), "Lucía? She's fifteen and knows it all.")
    first = RolePlay(SCENARIO, save_to=tmp_path / "roleplay.json")
    for text in CONVERSATION[:2]:
        first.send(text)
    first.send(ASK_AGE)  # the queue is empty: the server answers 503, the written line is shown
    shown = [message["text"] for message in first.conversation.messages]
    again = RolePlay(SCENARIO, save_to=tmp_path / "roleplay.json")
    again.resume()
    assert [message["text"] for message in again.conversation.messages] == shown
    assert len(server.requests) == 3 and again.transcript == first.transcript
    server.queue(Answer(echo=True, text="Yes. "))
    assert again.send(CONVERSATION[3]).reply.startswith("Yes. ") and len(server.requests) == 4
