"""A role-play chat for JupyterLab, built from ipywidgets.

    from simulator.faces.widgets import RolePlay, ScenarioPicker
    RolePlay("alcohol-ambivalence")            # coach=False for graded attempts
    ScenarioPicker(extra_dirs=["my-org/scenarios"])   # free practice: pick a person, start
    ScenarioPicker(voice="authored")           # free practice with the written lines only

The person's replies are worded by the voice the organization set in org.yaml (`voice:`, read
from the built ``org.json`` next to the notebook): the written lines unless it runs a model
server; graded attempts use the model only when `voice.graded` is true. The widget says which.

The engine is `Session` (plain Python); each handler here is a short adapter run through
`_guarded`, so an error is shown to the trainee in the widget (and kept in `.errors`) instead
of vanishing into the browser console (ipywidgets #2612). Focus order follows the layout:
conversation, what you say, Send, coach switch, End session, Start over, Save, download link.

Nothing is lost: only Enter or Send sends (`ChatEntry`); the transcript is saved next to the
notebook after every turn; running the cell again over an unfinished saved conversation offers
to resume it (the turns are replayed, so the conversation is the same); starting a new one keeps
the earlier file under a dated name.
"""

from __future__ import annotations

import html
import traceback
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

import ipywidgets as widgets
from IPython.display import HTML

from simulator.coding.stigma import load_lexicon
from simulator.engine.metrics import summarize
from simulator.engine.scenario import Scenario, list_scenarios, load_scenario
from simulator.engine.session import Session
from simulator.engine.transcript import Transcript, Turn
from simulator.engine.voices import RecordedVoice
from simulator.errors import SimulatorError
from simulator.faces.chat_entry import ChatEntry
from simulator.faces.chat_html import (
    counters_html,
    download_html,
    header_html,
    missing_folders_html,
    mood_html,
    scenario_table_html,
    summary_html,
)
from simulator.faces.chat_log import ChatLog
from simulator.voice import VoiceConfig, voice_for_attempt, voice_settings

FULL_WIDTH = widgets.Layout(width="100%")
LABEL_STYLE = {"description_width": "initial"}


class GuardedErrors(widgets.Output):
    """An Output that shows errors raised inside widget callbacks in plain words; a traceback
    only behind a "Details for your trainer" toggle."""

    def show(self, error: Exception) -> None:
        """Show `error`: the message for our own errors, the traceback for anything else."""
        if isinstance(error, SimulatorError):
            self.append_stderr(f"{error}\n")
            return
        self.append_stderr(
            "Something went wrong, and this action did not finish. Your conversation so far is "
            "saved. Try again; if it happens again, tell your trainer (the details below help "
            "them).\n"
        )
        details = html.escape(traceback.format_exc())
        summary = "<summary>Details for your trainer</summary>"
        self.append_display_data(HTML(f"<details>{summary}<pre>{details}</pre></details>"))


def run_guarded(errors: GuardedErrors, action: Callable[[], object]) -> None:
    """Run a callback's work; any exception is shown in `errors` rather than swallowed."""
    errors.outputs = ()
    try:
        action()
    except Exception as error:
        errors.show(error)


class RolePlay(widgets.VBox):
    """Chat with the person in a scenario; Save writes `roleplay-<id>.json` next to the notebook."""

    def __init__(
        self,
        scenario: Scenario | str,
        seed: int = 0,
        coach: bool = True,
        save_to: str | Path | None = None,
        voice: VoiceConfig | str | None = None,
    ) -> None:
        self.scenario = load_scenario(scenario) if isinstance(scenario, str) else scenario
        self.seed = seed
        self.save_path = Path(save_to or f"roleplay-{self.scenario.id}.json")
        self.voice = voice_for_attempt(not coach, voice_settings(), voice)
        self.session = Session(self.scenario, seed=seed, voice=self.voice)
        load_lexicon()  # cached: load the stigma lexicon now, not during the first reply
        name = self.scenario.person.name
        self.errors = GuardedErrors()
        self.conversation = ChatLog(label=f"Conversation with {name}")
        self.entry = ChatEntry(
            placeholder="Type what you would say, then press Enter",
            no_answer=(
                "The notebook is not answering: its kernel may have restarted or stopped. Your "
                f"conversation so far is saved in {self.save_path.name}. Run this cell again "
                "(Shift+Enter) to continue where you left off; what you typed is still here."
            ),
            layout=FULL_WIDTH,
        )
        self.coach_toggle = widgets.Checkbox(
            value=coach, description="Show coach notes", indent=False
        )
        self.end_button = widgets.Button(
            description="End session", tooltip="End the conversation and see your summary"
        )
        self.restart_button = widgets.Button(
            description="Start over", tooltip="Begin a new conversation with the same person"
        )
        self.save_button = widgets.Button(
            description="Save transcript", tooltip=f"Save to {self.save_path.name}"
        )
        self.mood = widgets.HTML()
        self.counters = widgets.HTML()
        self.download = widgets.HTML()
        self.summary = widgets.HTML()
        self.resume_offer = widgets.HTML()
        self.resume_button = widgets.Button(
            description="Resume conversation", tooltip="Continue the saved conversation"
        )
        self.fresh_button = widgets.Button(
            description="Start a new one", tooltip="Keep the saved file and begin again"
        )
        self.resume_bar = widgets.VBox(
            [self.resume_offer, widgets.HBox([self.resume_button, self.fresh_button])]
        )
        self.entry.on_submit(self._on_submit)
        self.coach_toggle.observe(lambda _: self._guarded(self._show_state), names="value")
        self.resume_button.on_click(lambda _: self._guarded(self.resume))
        self.fresh_button.on_click(lambda _: self._guarded(self.restart))
        self.end_button.on_click(lambda _: self._guarded(self.end))
        self.restart_button.on_click(lambda _: self._guarded(self.restart))
        self.save_button.on_click(lambda _: self._guarded(self.save))
        coach_control: widgets.Widget = (
            self.coach_toggle
            if coach
            else widgets.HTML("<p>Coach notes are off: this is a graded attempt.</p>")
        )
        super().__init__(
            [
                widgets.HTML(header_html(self.scenario)),
                widgets.HTML(f"<p>{html.escape(self.voice.describe())}</p>"),
                self.resume_bar,
                self.conversation,
                self.entry,
                coach_control,
                self.mood,
                self.counters,
                widgets.HBox([self.end_button, self.restart_button, self.save_button]),
                self.download,
                self.errors,
                self.summary,
            ]
        )
        self.add_class("pstl-roleplay")
        self._keep_saved_file = True
        self._show_opening()
        self._offer_resume()

    @property
    def transcript(self) -> Transcript:
        """The conversation so far."""
        return self.session.transcript

    @property
    def coach_on(self) -> bool:
        """Whether coach notes are shown after each turn."""
        return self.coach_toggle.value

    def send(self, text: str) -> Turn | None:
        """Send `text`, show the reply and save the transcript next to the notebook."""
        if not text.strip() or self.session.ended or self.entry.disabled:
            return None
        self.entry.disabled = True
        try:
            turn = self.session.respond(text)
        finally:
            self.entry.disabled = False
        self._show_turns([turn])
        self.conversation.status = ""
        self._write()
        self._show_state()
        return turn

    def resume(self) -> None:
        """Continue the saved conversation: its turns are replayed with the same seed."""
        saved = Transcript.load(self.save_path)
        self.session = Session(
            self.scenario,
            seed=saved.seed,
            coder=self.session.coder,
            voice=RecordedVoice(saved, self.voice),  # the words shown then, not asked again
        )
        self._show_opening()
        self.resume_bar.layout.display = "none"
        self._keep_saved_file = False
        self._show_turns([self.session.respond(text) for text in saved.helper_utterances])
        self.session.voice = self.voice
        self._show_state()
        turns = len(self.transcript.turns)
        self.conversation.status = f"Resumed your saved conversation ({turns} turn(s))."

    def _show_turns(self, turns: list[Turn]) -> None:
        name = self.scenario.person.name
        lines = [
            line
            for turn in turns
            for line in (
                {"role": "helper", "speaker": "You", "text": turn.helper},
                {"role": "person", "speaker": name, "text": turn.reply},
            )
        ]
        self.conversation.messages = [*self.conversation.messages, *lines]

    def _offer_resume(self) -> None:
        """Offer the saved, unfinished conversation (typing waits until the trainee chooses)."""
        saved = _saved_transcript(self.save_path)
        resumable = (
            saved is not None
            and saved.turns
            and not saved.ended
            and saved.scenario_fingerprint == self.scenario.fingerprint
        )
        self.resume_bar.layout.display = None if resumable else "none"
        if resumable:
            when = datetime.fromtimestamp(self.save_path.stat().st_mtime).strftime("%H:%M")
            self.resume_offer.value = (
                f"<p>You have a saved conversation with {self.scenario.person.name} "
                f"({len(saved.turns)} turn(s), last saved at {when}). Resume it, or start a new "
                "one (the saved one is kept under a dated name).</p>"
            )
            self.entry.disabled = self.end_button.disabled = True

    def end(self) -> Transcript:
        """End the session, save the transcript and show the summary with plots."""
        from simulator.faces.plots import describe, figure_png, session_figure

        transcript = self.session.end()
        path = self.save()
        summary = summarize(transcript)
        figure = figure_png(session_figure(summary))
        self.summary.value = summary_html(summary, figure, describe(summary))
        self._enable(False)
        self.conversation.status = f"Session ended. Transcript saved to {path.name}; summary below."
        return transcript

    def restart(self) -> None:
        """Start a new conversation with the same person. The saved one stays where it is until
        the new one is saved; then it is kept under a dated name."""
        self.session = Session(
            self.scenario, seed=self.seed, coder=self.session.coder, voice=self.voice
        )
        self._show_opening()
        self.resume_bar.layout.display = "none"
        self._keep_saved_file = True

    def _write(self) -> Path:
        """Save the transcript; the first save of a new conversation keeps the earlier file."""
        if self._keep_saved_file:
            kept = _keep_earlier(self.save_path)
            self._keep_saved_file = False
            if kept is not None:
                self.conversation.status = f"Your earlier conversation is kept as {kept.name}."
        return self.transcript.save(self.save_path)

    def _show_opening(self) -> None:
        opening = {"role": "person", "speaker": self.scenario.person.name}
        self.conversation.messages = [opening | {"text": self.scenario.opening}]
        self.conversation.status = ""
        self.summary.value = self.download.value = ""
        self._enable(True)
        self._show_state()

    def save(self) -> Path:
        """Save the transcript next to the notebook, and offer it as a download."""
        path = self._write()
        turns = len(self.transcript.turns)
        self.conversation.status = f"Saved {turns} turn(s) to {path.name}."
        self.download.value = download_html(self.transcript, path.name)
        return path

    def _show_state(self) -> None:
        turns = self.transcript.turns
        initial = self.scenario.initial_state
        if turns:
            state = turns[-1].state
            previous = turns[-2].state.rapport if len(turns) > 1 else initial.rapport
            rapport, readiness = state.rapport, (state.importance + state.confidence) / 2
        else:
            previous = None
            rapport, readiness = initial.rapport, (initial.importance + initial.confidence) / 2
        self.mood.value = mood_html(rapport, previous, readiness)
        self.counters.value = counters_html(summarize(self.transcript))
        self.conversation.coach = turns[-1].coach if turns and self.coach_on else ""

    def _enable(self, active: bool) -> None:
        self.entry.disabled = self.end_button.disabled = not active

    def _on_submit(self, text: str) -> bool:
        sent: list[Turn | None] = []
        self._guarded(lambda: sent.append(self.send(text)))
        return bool(sent and sent[0] is not None)

    def _guarded(self, action: Callable[[], object]) -> None:
        run_guarded(self.errors, action)


def _saved_transcript(path: Path) -> Transcript | None:
    """The transcript saved at `path`, or None when there is none or it cannot be read."""
    try:
        return Transcript.load(path) if path.is_file() else None
    except (OSError, ValueError, SimulatorError):
        return None


def _keep_earlier(path: Path) -> Path | None:
    """Rename a saved conversation with turns to `<name>-<date-time>.json`; the new name."""
    saved = _saved_transcript(path)
    if saved is None or not saved.turns:
        return None
    stamp = datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"{path.stem}-{stamp}{path.suffix}")
    path.replace(kept)
    return kept


class ScenarioPicker(widgets.VBox):
    """Free practice: every scenario (packaged and the organization's extras), pick one, start.

    A folder in `extra_dirs` that does not exist is named in a notice, not raised. Folders in
    `optional_dirs` are used when they exist and pass silently when not: the practice notebook
    lists `org-scenarios`, which only organizations with extra scenarios have.
    """

    def __init__(
        self,
        extra_dirs: Iterable[str | Path] = (),
        seed: int = 0,
        coach: bool = True,
        optional_dirs: Iterable[str | Path] = (),
        voice: VoiceConfig | str | None = None,
    ) -> None:
        folders = [Path(folder) for folder in extra_dirs]
        missing = [folder for folder in folders if not folder.is_dir()]
        present = [Path(folder) for folder in optional_dirs if Path(folder).is_dir()]
        self.scenarios = list_scenarios([f for f in folders if f not in missing] + present)
        self.seed, self.coach, self.voice = seed, coach, voice
        self.roleplay: RolePlay | None = None
        self.errors = GuardedErrors()
        self.choice = widgets.Dropdown(
            options=[(scenario.title, scenario.id) for scenario in self.scenarios],
            description="Person to talk with:",
            style=LABEL_STYLE,
            layout=FULL_WIDTH,
        )
        self.start_button = widgets.Button(
            description="Start role-play", tooltip="Open the chat with the person you picked"
        )
        self.stage = widgets.VBox()
        self.start_button.on_click(lambda _: run_guarded(self.errors, self.start))
        self.notice = widgets.HTML(missing_folders_html(missing))
        super().__init__(
            [
                self.notice,
                widgets.HTML(scenario_table_html(self.scenarios)),
                widgets.HBox([self.choice, self.start_button], layout=FULL_WIDTH),
                self.errors,
                self.stage,
            ]
        )

    def start(self) -> RolePlay:
        """Open a RolePlay with the chosen scenario below the picker."""
        scenario = next(s for s in self.scenarios if s.id == self.choice.value)
        self.roleplay = RolePlay(scenario, seed=self.seed, coach=self.coach, voice=self.voice)
        self.stage.children = (self.roleplay,)
        self.roleplay.entry.focus()
        return self.roleplay
