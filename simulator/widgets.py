"""A role-play chat for JupyterLab, built from ipywidgets.

    from simulator.widgets import RolePlay, ScenarioPicker
    RolePlay("alcohol-ambivalence")            # coach=False for graded attempts
    ScenarioPicker(extra_dirs=["my-org/scenarios"])   # free practice: pick a person, start

The engine is `Session` (plain Python); each handler here is a short adapter run through
`_guarded`, so an error is shown to the trainee in the widget (and kept in `.errors`) instead
of vanishing into the browser console (ipywidgets #2612). Focus order follows the layout:
conversation, what you say, Send, coach switch, End session, Start over, Save, download link.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable
from pathlib import Path

import ipywidgets as widgets

from simulator.chat_html import (
    counters_html,
    download_html,
    header_html,
    missing_folders_html,
    mood_html,
    scenario_table_html,
    summary_html,
)
from simulator.chat_log import ChatLog
from simulator.errors import SimulatorError
from simulator.metrics import summarize
from simulator.scenario import Scenario, list_scenarios, load_scenario
from simulator.session import Session
from simulator.stigma import load_lexicon
from simulator.transcript import Transcript, Turn

FULL_WIDTH = widgets.Layout(width="100%")
LABEL_STYLE = {"description_width": "initial"}


class GuardedErrors(widgets.Output):
    """An Output that shows errors raised inside widget callbacks, in plain words first."""

    def show(self, error: Exception) -> None:
        """Show `error`: the message for our own errors, the traceback for anything else."""
        if isinstance(error, SimulatorError):
            self.append_stderr(f"{error}\n")
        else:
            self.append_stderr(
                f"Something went wrong ({type(error).__name__}: {error}). Please tell your "
                f"trainer and include the details below.\n\n{traceback.format_exc()}"
            )


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
    ) -> None:
        self.scenario = load_scenario(scenario) if isinstance(scenario, str) else scenario
        self.seed = seed
        self.save_path = Path(save_to or f"roleplay-{self.scenario.id}.json")
        self.session = Session(self.scenario, seed=seed)
        load_lexicon()  # cached: load the stigma lexicon now, not during the first reply
        name = self.scenario.person.name
        self.errors = GuardedErrors()
        self.conversation = ChatLog(label=f"Conversation with {name}")
        self.entry = widgets.Text(
            placeholder="Type what you would say, then press Enter",
            description="You say:",
            continuous_update=False,
            layout=FULL_WIDTH,
            style=LABEL_STYLE,
        )
        self.send_button = widgets.Button(description="Send", tooltip="Send what you typed")
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
        self.entry.observe(self._on_enter, names="value")
        self.coach_toggle.observe(lambda _: self._guarded(self._show_state), names="value")
        self.send_button.on_click(lambda _: self._guarded(self.send))
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
                self.conversation,
                widgets.HBox([self.entry, self.send_button], layout=FULL_WIDTH),
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
        self._show_opening()

    @property
    def transcript(self) -> Transcript:
        """The conversation so far."""
        return self.session.transcript

    @property
    def coach_on(self) -> bool:
        """Whether coach notes are shown after each turn."""
        return self.coach_toggle.value

    def send(self, text: str | None = None) -> Turn | None:
        """Send `text` (or what is in the box) and show the reply."""
        text = self.entry.value if text is None else text
        if not text.strip() or self.session.ended:
            return None
        self.send_button.disabled = True
        try:
            turn = self.session.respond(text)
        finally:
            self.send_button.disabled = False
        self.entry.value = ""
        name = self.scenario.person.name
        self.conversation.messages = [
            *self.conversation.messages,
            {"role": "helper", "speaker": "You", "text": turn.helper},
            {"role": "person", "speaker": name, "text": turn.reply},
        ]
        self.conversation.status = ""
        self._show_state()
        return turn

    def end(self) -> Transcript:
        """End the session, save the transcript and show the summary with plots."""
        from simulator.plots import describe, figure_png, session_figure

        transcript = self.session.end()
        path = self.save()
        summary = summarize(transcript)
        figure = figure_png(session_figure(summary))
        self.summary.value = summary_html(summary, figure, describe(summary))
        self._enable(False)
        self.conversation.status = f"Session ended. Transcript saved to {path.name}; summary below."
        return transcript

    def restart(self) -> None:
        """Start a new conversation with the same person (the saved file stays until Save)."""
        self.session = Session(self.scenario, seed=self.seed, coder=self.session.coder)
        self._show_opening()

    def _show_opening(self) -> None:
        opening = {"role": "person", "speaker": self.scenario.person.name}
        self.conversation.messages = [opening | {"text": self.scenario.opening}]
        self.conversation.status = ""
        self.entry.value = ""
        self.summary.value = self.download.value = ""
        self._enable(True)
        self._show_state()

    def save(self) -> Path:
        """Save the transcript next to the notebook, and offer it as a download."""
        path = self.transcript.save(self.save_path)
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
        self.entry.disabled = self.send_button.disabled = self.end_button.disabled = not active

    def _on_enter(self, change: dict[str, object]) -> None:
        if str(change["new"]).strip():
            self._guarded(self.send)

    def _guarded(self, action: Callable[[], object]) -> None:
        run_guarded(self.errors, action)


class ScenarioPicker(widgets.VBox):
    """Free practice: every scenario (packaged and the organization's extras), pick one, start.

    A folder in `extra_dirs` that does not exist is named in a notice, not raised: the practice
    notebook lists `org-scenarios`, which only organizations with extra scenarios have.
    """

    def __init__(
        self, extra_dirs: Iterable[str | Path] = (), seed: int = 0, coach: bool = True
    ) -> None:
        folders = [Path(folder) for folder in extra_dirs]
        missing = [folder for folder in folders if not folder.is_dir()]
        self.scenarios = list_scenarios([f for f in folders if f not in missing])
        self.seed, self.coach = seed, coach
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
        self.roleplay = RolePlay(scenario, seed=self.seed, coach=self.coach)
        self.stage.children = (self.roleplay,)
        self.roleplay.entry.focus()
        return self.roleplay
