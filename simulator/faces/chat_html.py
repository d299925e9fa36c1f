"""Escaped HTML fragments for the role-play widget: header, scenarios, counters, mood, summary.

Every value that comes from a scenario or a trainee passes through `html.escape`. Colours are
never the only signal: levels are words plus shapes (● ○, ▲ ▼ ■, ✔ ◐ ✖), and every colour
pair used here has a contrast of at least 4.5:1. Sizes are in em, so text scales with the page.
"""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path

from simulator.engine.metrics import THRESHOLDS, SessionSummary
from simulator.engine.scenario import Scenario
from simulator.engine.transcript import Transcript

PANEL = "color:#1a1a1a;background:#ffffff;font-size:1em;line-height:1.5;margin:0.3em 0"
RAPPORT_WORDS = ("very low", "very low", "low", "moderate", "good", "strong")
LEVEL_MARKS = {"good": "✔ good", "fair": "◐ fair", "below": "✖ below fair"}
TREND_MARKS = {1: "▲ rising", -1: "▼ falling", 0: "■ steady"}


#: One line under each summary measure saying what its number counts.
MEANINGS = {
    "Reflections per question (R:Q)": "Reflections you made for each question you asked.",
    "Complex reflections": "Share of your reflections that added a feeling or meaning.",
    "Open questions": "Share of your questions that invited a story, not a yes or no.",
    "MI-adherent / non-adherent": "Turns that affirmed, supported the person's choice or "
    "invited working together / turns that advised without permission, confronted or persuaded.",
    "Change talk / sustain talk": "Times the person spoke for change / for staying the same.",
    "Rapport at the end": "How much the person trusted you at the end, from 0 (none) to 1.",
    "Scope-of-practice flags": "Turns that gave medication, dose or diagnosis advice.",
    "Stigmatizing-language flags": "Turns that used a label or stigmatizing word.",
    "Crisis cue": "Whether you asked about safety or connected the person with crisis help.",
    "Secrecy promises": "Turns that promised to keep something secret; safety can't be secret.",
    "Cold referrals": "Turns that gave a number and ended the contact instead of connecting.",
    "Lethal means": "Turns that asked about, or planned distance from, guns, pills or other means.",
}


def header_html(scenario: Scenario) -> str:
    """Who the trainee is talking with, where, and what they practise."""
    objectives = "".join(f"<li>{escape(item)}</li>" for item in scenario.learning_objectives)
    return (
        f"<div style='{PANEL}'><h3 style='font-size:1.25em;margin:0.2em 0'>"
        f"{escape(scenario.title)}</h3>"
        f"<p><strong>Setting:</strong> {escape(scenario.setting)}</p>"
        f"<p>{escape(scenario.person.background)}</p>"
        f"<p><strong>You are practising:</strong></p><ul>{objectives}</ul></div>"
    )


def scenario_table_html(scenarios: list[Scenario]) -> str:
    """A table of the scenarios to choose from: title, setting, what is practised."""
    rows = "".join(
        f"<tr><th scope='row' style='text-align:left;padding-right:1em'>{escape(s.title)}</th>"
        f"<td style='padding-right:1em'>{escape(s.setting)}</td>"
        f"<td>{escape(' '.join(_sentence(goal) for goal in s.learning_objectives))}</td></tr>"
        for s in scenarios
    )
    return (
        f"<table style='{PANEL};border-collapse:collapse'>"
        f"<caption style='text-align:left;font-weight:bold'>{len(scenarios)} people to talk "
        "with</caption><thead><tr><th scope='col' style='text-align:left'>Person</th>"
        "<th scope='col' style='text-align:left'>Setting</th>"
        f"<th scope='col' style='text-align:left'>You practise</th></tr></thead><tbody>{rows}"
        "</tbody></table>"
    )


def missing_folders_html(folders: list[Path]) -> str:
    """A plain notice naming extra scenario folders that were not found ('' if none)."""
    if not folders:
        return ""
    names = ", ".join(f"'{escape(str(folder))}'" for folder in folders)
    return (
        f"<p style='{PANEL}'>No folder called {names} next to this notebook, so only the "
        "built-in people are listed. Ask your trainer if you expected your organization's own "
        "scenarios here.</p>"
    )


def counters_html(summary: SessionSummary) -> str:
    """Live counts of questions and reflections and the R:Q ratio."""
    items = (
        ("Open questions", str(summary.open_questions)),
        ("Closed questions", str(summary.closed_questions)),
        ("Simple reflections", str(summary.simple_reflections)),
        ("Complex reflections", str(summary.complex_reflections + summary.summaries)),
        ("Reflections per question (R:Q)", f"{summary.reflection_to_question:.1f}"),
    )
    cells = "".join(
        f"<li style='display:inline-block;margin-right:1.2em'>{name}: "
        f"<strong data-counter='{escape(name)}'>{value}</strong></li>"
        for name, value in items
    )
    return (
        f"<div style='{PANEL}' role='group' aria-label='Counts so far'>"
        f"<ul style='padding:0;margin:0;list-style:none'>{cells}</ul></div>"
    )


def mood_html(rapport: float, previous_rapport: float | None, readiness: float) -> str:
    """Rapport (0–1) and readiness (0–10) as words, filled/empty dots and a trend arrow."""
    filled = max(0, min(5, round(rapport * 5)))
    trend = 0 if previous_rapport is None else _sign(round(rapport - previous_rapport, 3))
    ready = max(0, min(5, round(readiness / 2)))
    return (
        f"<div style='{PANEL}'>"
        f"<p style='margin:0'><strong>Rapport:</strong> {_dots(filled)} "
        f"{RAPPORT_WORDS[filled]} ({rapport:.2f} of 1), {TREND_MARKS[trend]}</p>"
        f"<p style='margin:0'><strong>Readiness to change:</strong> {_dots(ready)} "
        f"{readiness:.1f} of 10</p></div>"
    )


def summary_html(summary: SessionSummary, figure_png: bytes, figure_text: str) -> str:
    """The end-of-session summary: a table of measures with MITI levels, and the plots."""
    rows = [
        _row(
            "Reflections per question (R:Q)",
            f"{summary.reflection_to_question:.1f}",
            summary,
            "reflection_to_question",
        ),
        _row(
            "Complex reflections",
            f"{summary.percent_complex_reflections:.0f}%",
            summary,
            "percent_complex_reflections",
        ),
        _row("Open questions", f"{summary.percent_open_questions:.0f}% of questions"),
        _row("MI-adherent / non-adherent", f"{summary.mi_adherent} / {summary.mi_non_adherent}"),
        _row("Change talk / sustain talk", f"{summary.change_talk} / {summary.sustain_talk}"),
        _row("Rapport at the end", f"{summary.final_rapport:.2f} of 1"),
        _row("Scope-of-practice flags", str(summary.scope_violations)),
        _row("Stigmatizing-language flags", str(summary.stigma_flags)),
    ]
    if summary.crisis_cue_given:
        handled = "asked or connected" if not summary.crisis_missed else "✖ missed"
        rows.append(_row("Crisis cue", handled))
        rows.append(_row("Lethal means", str(summary.lethal_means)))
    if summary.secrecy_promises:
        rows.append(_row("Secrecy promises", f"✖ {summary.secrecy_promises}"))
    if summary.cold_referrals:
        rows.append(_row("Cold referrals", f"✖ {summary.cold_referrals}"))
    image = base64.b64encode(figure_png).decode("ascii")
    return (
        f"<section style='{PANEL}' aria-label='Session summary'>"
        "<h4 style='font-size:1.15em;margin:0.3em 0'>Session summary</h4>"
        "<table style='border-collapse:collapse'><thead><tr>"
        "<th scope='col' style='text-align:left;padding-right:1em'>Measure</th>"
        "<th scope='col' style='text-align:left;padding-right:1em'>You</th>"
        "<th scope='col' style='text-align:left;padding-right:1em'>MITI fair / good</th>"
        "<th scope='col' style='text-align:left'>Level</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"<figure style='margin:0.5em 0'><img src='data:image/png;base64,{image}' "
        f"alt='{escape(figure_text)}' style='max-width:100%;height:auto'>"
        f"<figcaption>{escape(figure_text)}</figcaption></figure></section>"
    )


def download_html(transcript: Transcript, filename: str) -> str:
    """A link that downloads the transcript JSON from the browser."""
    data = base64.b64encode(transcript.model_dump_json(indent=2).encode()).decode("ascii")
    return (
        f"<a download='{escape(filename)}' href='data:application/json;base64,{data}' "
        f"style='color:#1f4e99;background:#ffffff;text-decoration:underline'>"
        f"Download {escape(filename)}</a>"
    )


def _row(name: str, value: str, summary: SessionSummary | None = None, measure: str = "") -> str:
    if summary is not None and measure:
        fair, good = THRESHOLDS[measure]
        unit = "%" if measure.startswith("percent") else ""
        thresholds = f"{fair:g}{unit} / {good:g}{unit}"
        level = LEVEL_MARKS[summary.level(measure)]
    else:
        thresholds = level = ""
    meaning = f"<br><small>{escape(MEANINGS[name])}</small>" if name in MEANINGS else ""
    return (
        f"<tr><th scope='row' style='text-align:left;padding-right:1em;font-weight:normal'>"
        f"{escape(name)}{meaning}</th><td style='padding-right:1em'>{escape(value)}</td>"
        f"<td style='padding-right:1em'>{thresholds}</td><td>{level}</td></tr>"
    )


def _dots(filled: int) -> str:
    return f"<span aria-hidden='true'>{'●' * filled}{'○' * (5 - filled)}</span>"


def _sign(number: float) -> int:
    return (number > 0) - (number < 0)


def _sentence(text: str) -> str:
    """`text` ending with a full stop (learning goals are joined as sentences, never ".;")."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."
