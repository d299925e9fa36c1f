"""Does the role-play widget behave for a trainee, driven from Python (Button.click, values)?

The real engine, coder and ipywidgets run; only the browser is missing (see tests/browser).
Every widget made here is checked at teardown: an error shown in its error area, or an
exception ipywidgets logged from a callback, fails the test unless the test expects it.
"""

from __future__ import annotations

import base64
import json
import logging
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ipywidgets import HTML

from simulator import Session, Transcript, replay
from simulator.engine.metrics import summarize
from simulator.engine.scenario import list_scenarios
from simulator.errors import SimulatorError
from simulator.faces.chat_log import ChatLog
from simulator.faces.widgets import GuardedErrors, RolePlay, ScenarioPicker, run_guarded

SCENARIO = "alcohol-ambivalence"
FIXTURE_SCENARIO = Path(__file__).resolve().parents[1] / "fixtures/scenarios/practice-mini.yaml"
TURNS = [
    "What brings you in today?",
    "So drinking helps you unwind after work, and you wonder what it costs you.",
    "Do you drink every night?",
    "You want to be present for your daughter.",
]


class Made:
    """The widgets a test made, and which of them may show errors."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.widgets: list[RolePlay | ScenarioPicker] = []
        self.may_fail: set[int] = set()

    def roleplay(self, scenario: str = SCENARIO, **options: object) -> RolePlay:
        options.setdefault("save_to", self.folder / f"roleplay-{scenario}.json")
        widget = RolePlay(scenario, **options)  # type: ignore[arg-type]
        self.widgets.append(widget)
        return widget

    def picker(self, **options: object) -> ScenarioPicker:
        widget = ScenarioPicker(**options)  # type: ignore[arg-type]
        self.widgets.append(widget)
        return widget

    def expect_errors(self, widget: RolePlay | ScenarioPicker) -> None:
        self.may_fail.add(id(widget))


@pytest.fixture
def made(tmp_path, caplog, monkeypatch):
    """Make widgets; fail at teardown on any error shown in them or logged by ipywidgets."""
    monkeypatch.chdir(tmp_path)
    caplog.set_level(logging.WARNING)
    tracker = Made(tmp_path)
    yield tracker
    for widget in tracker.widgets:
        if id(widget) not in tracker.may_fail:
            assert widget.errors.outputs == (), f"error shown in {type(widget).__name__}"
    logged = [r.getMessage() for r in caplog.records if "Exception in" in r.getMessage()]
    assert not logged, f"a widget callback raised: {logged}"


def _type(widget: RolePlay, text: str) -> None:
    """What the browser does on Enter or Send: a submit message with the typed text."""
    widget.entry.submit(text)


def _counter(widget: RolePlay, name: str) -> str:
    found = re.search(rf"data-counter='{re.escape(name)}'>([^<]*)<", widget.counters.value)
    assert found, f"no counter {name!r}"
    return found.group(1)


def test_enter_sends_the_turn_and_shows_the_reply(made):
    """Does pressing Enter send the text, clear the box and show both lines with speakers?"""
    widget = made.roleplay()
    _type(widget, TURNS[0])
    expected = Session(SCENARIO, seed=0).respond(TURNS[0])
    assert [m["speaker"] for m in widget.conversation.messages] == ["Teresa", "You", "Teresa"]
    assert widget.conversation.messages[1]["text"] == TURNS[0]
    assert widget.conversation.messages[2]["text"] == expected.reply
    assert len(widget.transcript.turns) == 1


def test_send_and_blank_text(made):
    """Does send() show the turn, and do Send or Enter with blank text leave no turn?"""
    widget = made.roleplay()
    _type(widget, "")
    _type(widget, "   ")
    assert widget.transcript.turns == []
    turn = widget.send(TURNS[1])
    assert turn is not None and widget.conversation.messages[-1]["text"] == turn.reply
    assert widget.transcript.helper_utterances == [TURNS[1]]
    assert not widget.entry.disabled


def test_counters_follow_the_session_summary(made):
    """Do the live counters show the same counts as the MITI summary of the transcript?"""
    widget = made.roleplay()
    for text in TURNS:
        _type(widget, text)
    summary = summarize(widget.transcript)
    assert _counter(widget, "Open questions") == str(summary.open_questions)
    assert _counter(widget, "Closed questions") == str(summary.closed_questions)
    assert _counter(widget, "Simple reflections") == str(summary.simple_reflections)
    complex_count = summary.complex_reflections + summary.summaries
    assert _counter(widget, "Complex reflections") == str(complex_count)
    ratio = _counter(widget, "Reflections per question (R:Q)")
    assert ratio == f"{summary.reflection_to_question:.1f}"
    assert summary.questions >= 2 and summary.reflections >= 1, "the turns exercise the counters"


def test_coach_notes_can_be_switched_off(made):
    """Does the coach note follow the switch, and is there no switch in a graded attempt?"""
    widget = made.roleplay()
    _type(widget, TURNS[2])
    assert widget.conversation.coach == widget.transcript.turns[-1].coach != ""
    widget.coach_toggle.value = False
    assert widget.conversation.coach == ""
    widget.coach_toggle.value = True
    assert widget.conversation.coach == widget.transcript.turns[-1].coach
    graded = made.roleplay(coach=False)
    _type(graded, TURNS[2])
    assert graded.conversation.coach == ""
    assert graded.coach_toggle not in graded.children
    assert any("graded attempt" in getattr(child, "value", "") for child in graded.children)


def test_mood_is_told_in_words_and_shapes(made):
    """Does the rapport line use words, dots and a trend arrow (not colour) as rapport moves?"""
    widget = made.roleplay()
    assert "Rapport:" in widget.mood.value and "■ steady" in widget.mood.value
    _type(widget, TURNS[1])
    assert "▲ rising" in widget.mood.value
    _type(widget, "You need to stop drinking. Just pour it out tonight.")
    assert "▼ falling" in widget.mood.value
    assert re.search(r"[●○]{5}", widget.mood.value)
    state = widget.transcript.turns[-1].state
    assert f"{(state.importance + state.confidence) / 2:.1f} of 10" in widget.mood.value


def test_end_saves_the_transcript_and_shows_summary_with_plots(made):
    """Does End session save a replayable transcript, show the summary and plots, and lock input?"""
    widget = made.roleplay()
    for text in TURNS:
        _type(widget, text)
    widget.end_button.click()
    saved = Transcript.load(made.folder / f"roleplay-{SCENARIO}.json")
    assert saved.ended and saved.helper_utterances == TURNS
    assert replay(saved) == saved
    assert "Session summary" in widget.summary.value
    image = re.search(r"data:image/png;base64,([A-Za-z0-9+/=]+)", widget.summary.value)
    assert image and base64.b64decode(image.group(1)).startswith(b"\x89PNG")
    assert re.search(r"alt='Reflections per question [^']+Change talk \d+", widget.summary.value)
    assert widget.entry.disabled and widget.end_button.disabled
    assert widget.send("One more thing.") is None
    assert len(widget.transcript.turns) == len(TURNS)


def test_start_over_begins_a_fresh_conversation(made):
    """Does Start over clear the log, summary and transcript and allow typing again?"""
    widget = made.roleplay()
    _type(widget, TURNS[0])
    widget.end_button.click()
    widget.restart_button.click()
    assert widget.transcript.turns == [] and not widget.transcript.ended
    assert len(widget.conversation.messages) == 1
    assert widget.summary.value == "" and not widget.entry.disabled
    _type(widget, TURNS[0])
    assert widget.transcript.helper_utterances == [TURNS[0]]


def test_save_writes_the_file_and_offers_a_download(made):
    """Does Save write roleplay-<id>.json and offer a download holding the same transcript?"""
    widget = made.roleplay(save_to=None)
    _type(widget, TURNS[0])
    widget.save_button.click()
    path = made.folder / f"roleplay-{SCENARIO}.json"
    assert Transcript.load(path) == widget.transcript
    assert widget.conversation.status == f"Saved 1 turn(s) to {path.name}."
    link = re.search(
        r"download='([^']+)' href='data:application/json;base64,([^']+)'", widget.download.value
    )
    assert link and link.group(1) == path.name
    downloaded = json.loads(base64.b64decode(link.group(2)))
    assert Transcript.from_data(downloaded) == widget.transcript


def test_a_failing_save_is_shown_to_the_trainee(made, tmp_path):
    """Is an error inside a button callback shown in the widget instead of being swallowed?"""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    widget = made.roleplay(save_to=blocker / "roleplay.json")
    made.expect_errors(widget)
    widget.save_button.click()
    shown = "".join(output.get("text", "") for output in widget.errors.outputs)
    assert "Something went wrong" in shown and "Traceback" not in shown
    details = [o["data"]["text/html"] for o in widget.errors.outputs if "data" in o]
    assert len(details) == 1 and details[0].startswith("<details>") and "Traceback" in details[0]
    widget.coach_toggle.value = not widget.coach_toggle.value  # the next action clears it
    assert widget.errors.outputs == ()


def test_every_turn_is_saved_at_once(made):
    """Is the transcript on disk after each turn, without pressing Save or End session?"""
    widget = made.roleplay()
    path = made.folder / f"roleplay-{SCENARIO}.json"
    for number, text in enumerate(TURNS[:2], start=1):
        _type(widget, text)
        assert Transcript.load(path).helper_utterances == TURNS[:number]
    assert not list(made.folder.glob(".transcript-*"))  # no temp file left behind


def test_running_the_cell_again_offers_to_resume(made):
    """After a restart, does a new widget offer the saved conversation and resume every turn?"""
    first = made.roleplay()
    for text in TURNS:
        _type(first, text)
    again = made.roleplay()
    assert again.resume_bar.layout.display is None and "4 turn(s)" in again.resume_offer.value
    assert again.entry.disabled, "typing waits until the trainee chooses"
    again.resume_button.click()
    assert again.transcript.helper_utterances == TURNS
    assert again.transcript.turns == first.transcript.turns
    assert len(again.conversation.messages) == 1 + 2 * len(TURNS)
    assert not again.entry.disabled and again.resume_bar.layout.display == "none"
    _type(again, "What else?")
    saved = Transcript.load(made.folder / f"roleplay-{SCENARIO}.json")
    assert saved.helper_utterances == [*TURNS, "What else?"]
    assert not list(made.folder.glob(f"roleplay-{SCENARIO}-*.json"))


def test_starting_anew_keeps_the_saved_conversation(made):
    """Does "Start a new one" keep the earlier file (renamed) once the new one is saved?"""
    first = made.roleplay()
    _type(first, TURNS[0])
    again = made.roleplay()
    again.fresh_button.click()
    path = made.folder / f"roleplay-{SCENARIO}.json"
    assert Transcript.load(path).helper_utterances == [TURNS[0]], "kept until a new turn"
    _type(again, TURNS[1])
    (kept,) = made.folder.glob(f"roleplay-{SCENARIO}-*.json")
    assert Transcript.load(kept).helper_utterances == [TURNS[0]]
    assert Transcript.load(path).helper_utterances == [TURNS[1]]
    assert kept.name in again.conversation.status


def test_enter_is_acknowledged_and_clears_the_box_only_when_sent(made, monkeypatch):
    """Does each submit get an ack (so the browser knows the kernel lives), clearing the box
    only when a turn was sent?"""
    widget = made.roleplay()
    sent: list[dict] = []
    monkeypatch.setattr(widget.entry, "send", lambda content, buffers=None: sent.append(content))
    _type(widget, TURNS[0])
    _type(widget, "   ")
    assert sent == [{"event": "ack", "clear": True}, {"event": "ack", "clear": False}]
    assert "kernel may have restarted" in widget.entry.no_answer


def test_simulator_errors_are_shown_in_plain_words():
    """Is a SimulatorError shown as its message alone, without a traceback?"""
    errors = GuardedErrors()

    def fail() -> None:
        raise SimulatorError("this session has ended; start a new Session to keep practising")

    run_guarded(errors, fail)
    assert [output["text"] for output in errors.outputs] == [
        "this session has ended; start a new Session to keep practising\n"
    ]


def test_picker_lists_every_scenario_and_starts_the_chosen_one(made, tmp_path):
    """Does the picker list packaged and extra scenarios and open a chat with the chosen one?"""
    extra = tmp_path / "org-scenarios"
    extra.mkdir()
    shutil.copy2(FIXTURE_SCENARIO, extra / FIXTURE_SCENARIO.name)
    picker = made.picker(extra_dirs=[extra])
    ids = [value for _, value in picker.choice.options]
    assert ids == [scenario.id for scenario in list_scenarios([extra])]
    assert "practice-mini" in ids and len(ids) == len(list_scenarios()) + 1
    table = picker.children[1].value
    assert all(scenario.setting.split()[0] in table for scenario in picker.scenarios)
    picker.choice.value = "practice-mini"
    picker.start_button.click()
    assert picker.roleplay is not None and picker.roleplay.scenario.id == "practice-mini"
    assert picker.stage.children == (picker.roleplay,)
    made.widgets.append(picker.roleplay)
    assert picker.notice.value == ""


def test_picker_names_a_missing_extra_folder(made):
    """Does a missing extra folder give a plain notice (not a crash) and the built-in people?"""
    picker = made.picker(extra_dirs=["org-scenarios"])
    assert "'org-scenarios'" in picker.notice.value
    assert len(picker.choice.options) == len(list_scenarios())


def test_picker_passes_over_a_missing_optional_folder_quietly(made, tmp_path):
    """Is the practice notebook's `org-scenarios` used when present and never noticed when not?"""
    quiet = made.picker(optional_dirs=["org-scenarios"])
    assert quiet.notice.value == "" and len(quiet.choice.options) == len(list_scenarios())
    extra = tmp_path / "org-scenarios"
    extra.mkdir()
    shutil.copy2(FIXTURE_SCENARIO, extra / FIXTURE_SCENARIO.name)
    found = made.picker(optional_dirs=["org-scenarios"])
    assert "practice-mini" in [value for _, value in found.choice.options]


def test_trainee_text_cannot_inject_html(made):
    """Is markup typed by a trainee kept as text everywhere the widget shows HTML?"""
    widget = made.roleplay()
    _type(widget, "<img src=x onerror=alert(1)> what brings you here?")
    widget.end_button.click()
    assert widget.conversation.messages[1]["text"].startswith("<img")  # rendered as text in JS
    for html in (widget.summary.value, widget.mood.value, widget.counters.value):
        assert "<img src=x" not in html


def test_importing_the_simulator_does_not_load_widgets_or_matplotlib():
    """Does `import simulator` (and the widget module) stay light: no matplotlib until the end?"""
    code = (
        "import sys, simulator, simulator.faces.widgets; "
        "print('matplotlib' in sys.modules, 'ipywidgets' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["False", "True"], result.stderr
    code = "import sys, simulator; print('ipywidgets' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["False"], result.stderr


def test_text_sizes_are_relative_so_text_scales(made):
    """Are all font sizes in the widget's own styles relative (em), so text follows the zoom?"""
    widget = made.roleplay()
    _type(widget, TURNS[1])
    widget.end_button.click()
    html = [child.value for child in widget.children if isinstance(child, HTML)]
    html += [widget.mood.value, widget.counters.value]
    sizes = re.findall(r"font-size:\s*([^;'\"}]+)", " ".join([ChatLog._css, *html]))
    assert len(sizes) >= 3
    assert all(size.strip().endswith("em") for size in sizes), sizes


def test_trainee_words_stay_out_of_the_widget_repr(made):
    """Are the trainee's words kept out of the widget's repr (and so out of logs and tracebacks)?"""
    widget = made.roleplay()
    _type(widget, "I was in recovery housing on Elm Street last spring.")
    assert "Elm Street" not in repr(widget)
    assert "Elm Street" not in repr(widget.conversation)
