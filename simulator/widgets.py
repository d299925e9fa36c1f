"""A role-play chat for JupyterLab, built from ipywidgets.

    from simulator.widgets import RolePlay
    RolePlay("alcohol-ambivalence")

The engine is `Session`; every handler here is a short adapter run inside an `Output`, so an
error is shown to the trainee instead of vanishing into the browser console.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets

from simulator.metrics import summarize
from simulator.scenario import Scenario, load_scenario
from simulator.session import Session
from simulator.transcript import Transcript, Turn

LOG_STYLE = (
    "max-height:24em;overflow-y:auto;border:1px solid #767676;padding:0.5em;"
    "font-size:1em;line-height:1.5;background:#ffffff;color:#1a1a1a"
)


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
        self.coach_on = coach
        self.errors = widgets.Output()
        self.conversation = widgets.HTML()
        self.entry = widgets.Text(
            placeholder="Type what you would say, then press Enter",
            description="You say:",
            continuous_update=False,
            layout=widgets.Layout(width="100%"),
        )
        self.send_button = widgets.Button(description="Send", tooltip="Send what you typed")
        self.end_button = widgets.Button(description="End session", tooltip="End and see summary")
        self.save_button = widgets.Button(description="Save", tooltip="Save the transcript")
        self.coach_panel = widgets.HTML()
        self.counters = widgets.HTML()
        self.status = widgets.HTML()
        self.summary = widgets.HTML()
        self.entry.observe(self._on_enter, names="value")
        self.send_button.on_click(lambda _: self._guarded(self.send))
        self.end_button.on_click(lambda _: self._guarded(self.end))
        self.save_button.on_click(lambda _: self._guarded(self.save))
        header = widgets.HTML(
            f"<h3>{escape(self.scenario.title)}</h3><p><b>Setting:</b> "
            f"{escape(self.scenario.setting)}</p><p>{escape(self.scenario.person.background)}</p>"
        )
        buttons = widgets.HBox([self.send_button, self.end_button, self.save_button])
        super().__init__(
            [
                header,
                self.conversation,
                self.entry,
                buttons,
                self.coach_panel,
                self.counters,
                self.status,
                self.summary,
                self.errors,
            ]
        )
        self._render()

    @property
    def transcript(self) -> Transcript:
        """The conversation so far."""
        return self.session.transcript

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
        self._render()
        return turn

    def end(self) -> Transcript:
        """End the session, show the summary and save the transcript."""
        transcript = self.session.end()
        self.save()
        self._render()
        return transcript

    def save(self) -> Path:
        """Save the transcript next to the notebook."""
        path = self.transcript.save(self.save_path)
        self.status.value = f"<p role='status'>Saved to <code>{escape(str(path))}</code>.</p>"
        return path

    def _on_enter(self, change: dict[str, object]) -> None:
        if str(change["new"]).strip():
            self._guarded(self.send)

    def _guarded(self, action: object) -> None:
        self.errors.clear_output()
        with self.errors:
            action()  # type: ignore[operator]

    def _render(self) -> None:
        name = escape(self.scenario.person.name)
        lines = [f"<p><b>{name}:</b> {escape(self.scenario.opening)}</p>"]
        for turn in self.transcript.turns:
            lines.append(f"<p><b>You:</b> {escape(turn.helper)}</p>")
            lines.append(f"<p><b>{name}:</b> {escape(turn.reply)}</p>")
        self.conversation.value = (
            f"<div role='log' aria-live='polite' aria-label='Conversation' style='{LOG_STYLE}'>"
            + "".join(lines)
            + "</div>"
        )
        turns = self.transcript.turns
        note = turns[-1].coach if turns and self.coach_on else ""
        self.coach_panel.value = f"<p><b>Coach:</b> {escape(note)}</p>" if note else ""
        summary = summarize(self.transcript)
        self.counters.value = (
            f"<p>Open questions {summary.open_questions} · closed {summary.closed_questions} · "
            f"simple reflections {summary.simple_reflections} · complex "
            f"{summary.complex_reflections + summary.summaries} · "
            f"R:Q {summary.reflection_to_question:.1f}</p>"
        )
        self.entry.disabled = self.send_button.disabled = self.session.ended
        if self.session.ended:
            self.summary.value = (
                "<h4>Session summary</h4><ul>"
                f"<li>Reflections per question: {summary.reflection_to_question:.1f} "
                f"({summary.level('reflection_to_question')})</li>"
                f"<li>Complex reflections: {summary.percent_complex_reflections:.0f}% "
                f"({summary.level('percent_complex_reflections')})</li>"
                f"<li>Change talk: {summary.change_talk} · "
                f"sustain talk: {summary.sustain_talk}</li>"
                "</ul>"
            )
