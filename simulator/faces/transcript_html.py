"""A read-only HTML page of a role-play transcript, for trainers and supervisors.

Shows every turn with the coder's code and confidence, peer flags (with the suggested wording),
the person's reply and state, and the coach note; the MITI summary with fair/good levels; and
whether the file still replays to the same session. Rendered by Jinja2 with autoescaping, so
nothing a trainee typed can become markup. E-mail addresses and phone numbers are scrubbed by
default: transcripts stay on the machine, exports may travel.

    python -m simulator export roleplay-alcohol-ambivalence.json --html review.html
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from jinja2 import Environment

from simulator.engine.metrics import THRESHOLDS, SessionSummary, summarize
from simulator.engine.scenario import Scenario, load_scenario
from simulator.engine.session import replay
from simulator.engine.transcript import Transcript
from simulator.errors import SimulatorError

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<!\d)(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)")

TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Role-play transcript: {{ title }}</title>
<style>
body { font-family: system-ui, sans-serif; font-size: 1rem; line-height: 1.5; color: #1a1a1a;
  background: #ffffff; max-width: 70rem; margin: 1rem auto; padding: 0 1rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #767676; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: #e8f0fe; }
.flag { background: #fff4ce; border-left: 4px solid #7a5a00; padding: 0.1rem 0.4rem;
  margin: 0.2rem 0; }
.muted { color: #4a4a4a; }
</style></head><body>
<h1>Role-play transcript: {{ title }}</h1>
<p>Scenario <code>{{ t.scenario }}</code> · seed {{ t.seed }} · coder {{ t.coder }} ·
{{ t.turns | length }} turn(s) · {{ "ended" if t.ended else "not ended" }}.</p>
<p><strong>Replay check:</strong> {{ replay_check }}</p>
{% if scrubbed %}<p class="muted">E-mail addresses and phone numbers were removed from this
export.</p>{% endif %}

<h2>Summary (MITI 4.2.1 thresholds)</h2>
<table><thead><tr><th scope="col">Measure</th><th scope="col">Value</th>
<th scope="col">Fair / good</th><th scope="col">Level</th></tr></thead><tbody>
{% for row in measures %}<tr><th scope="row">{{ row.name }}</th><td>{{ row.value }}</td>
<td>{{ row.thresholds }}</td><td>{{ row.level }}</td></tr>
{% endfor %}</tbody></table>

<h2>For the supervisor</h2>
{% if supervisor %}<ul>{% for item in supervisor %}<li>{{ item }}</li>{% endfor %}</ul>
{% else %}<p>Nothing to flag: no scope-of-practice, stigmatizing-language or missed crisis
flags.</p>{% endif %}

<h2>Conversation</h2>
<p><strong>{{ person }} (opening):</strong> {{ opening }}</p>
<table><caption class="muted">Each row: what the trainee said, how it was coded, what
{{ person }} replied, and the state after the turn.</caption>
<thead><tr><th scope="col">#</th><th scope="col">Trainee said</th><th scope="col">Code</th>
<th scope="col">{{ person }} replied</th><th scope="col">State after</th>
<th scope="col">Coach note</th></tr></thead><tbody>
{% for turn in turns %}<tr id="turn-{{ turn.index }}"><th scope="row">{{ turn.index }}</th>
<td>{{ turn.helper }}</td>
<td>{{ turn.code }} <span class="muted">({{ turn.confidence }})</span>
{% for flag in turn.flags %}<div class="flag">⚑ {{ flag }}</div>{% endfor %}</td>
<td>{{ turn.reply }} <span class="muted">[{{ turn.reply_kind }}]</span></td>
<td>{{ turn.state }}</td><td>{{ turn.coach }}</td></tr>
{% endfor %}</tbody></table>
</body></html>
"""


def scrub(text: str) -> str:
    """Replace e-mail addresses and phone numbers with a placeholder."""
    return PHONE.sub("[phone removed]", EMAIL.sub("[e-mail removed]", text))


def transcript_html(
    transcript: Transcript, scenario: Scenario | None = None, scrub_details: bool = True
) -> str:
    """The transcript as a self-contained, escaped HTML page (see the module docstring)."""
    clean = scrub if scrub_details else str
    summary = summarize(transcript)
    measures = [
        _measure("Reflections per question (R:Q)", summary, "reflection_to_question", "{:.2f}"),
        _measure("Complex reflections (%)", summary, "percent_complex_reflections", "{:.0f}%"),
        _measure("Open questions (% of questions)", summary, "percent_open_questions", "{:.0f}%"),
        _measure("MI-adherent", summary, "mi_adherent", "{:g}"),
        _measure("MI-non-adherent", summary, "mi_non_adherent", "{:g}"),
        _measure("Change talk", summary, "change_talk", "{:g}"),
        _measure("Sustain talk", summary, "sustain_talk", "{:g}"),
        _measure("Rapport at the end (0 to 1)", summary, "final_rapport", "{:.2f}"),
    ]
    turns = [
        {
            "index": turn.index,
            "helper": clean(turn.helper),
            "code": turn.coding.code.replace("_", " "),
            "confidence": f"{turn.coding.confidence:.2f}",
            "flags": [
                f"{flag.kind.replace('_', ' ')}: {clean(flag.detail)}"
                + (f" → {clean(flag.suggestion)}" if flag.suggestion else "")
                for flag in turn.coding.peer_flags
            ],
            "reply": clean(turn.reply),
            "reply_kind": turn.reply_kind,
            "state": (
                f"rapport {turn.state.rapport:.2f}, discord {turn.state.discord:.2f}, "
                f"importance {turn.state.importance:.1f}, confidence "
                f"{turn.state.confidence:.1f}, crisis {turn.state.crisis}"
            ),
            "coach": turn.coach,
        }
        for turn in transcript.turns
    ]
    environment = Environment(autoescape=True, keep_trailing_newline=True)
    return environment.from_string(TEMPLATE).render(
        t=transcript,
        title=scenario.title if scenario else transcript.scenario,
        person=scenario.person.name if scenario else "The person",
        opening=clean(transcript.opening),
        replay_check=_replay_check(transcript, scenario),
        scrubbed=scrub_details,
        measures=measures,
        supervisor=_supervisor_notes(summary),
        turns=turns,
    )


def export_html(
    transcript_file: str | Path,
    out: str | Path,
    extra_dirs: Iterable[Path] = (),
    scrub_details: bool = True,
) -> Path:
    """Write the HTML page for a transcript file; returns the path written."""
    transcript = Transcript.load(transcript_file)
    try:
        scenario: Scenario | None = load_scenario(transcript.scenario, extra_dirs)
    except SimulatorError:
        scenario = None
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(transcript_html(transcript, scenario, scrub_details), encoding="utf-8")
    return target


def _measure(name: str, summary: SessionSummary, metric: str, form: str) -> dict[str, str]:
    value = summary.value(metric)
    row = {"name": name, "value": form.format(value), "thresholds": "", "level": ""}
    if metric in THRESHOLDS:
        fair, good = THRESHOLDS[metric]
        row["thresholds"] = f"{fair:g} / {good:g}"
        row["level"] = summary.level(metric)
    return row


def _supervisor_notes(summary: SessionSummary) -> list[str]:
    notes = []
    if summary.crisis_missed:
        notes.append("A crisis cue was given and never met with a direct question or connection.")
    for metric, words in (
        ("scope_violations", "scope-of-practice flag(s) (diagnosis, medication or legal advice)"),
        ("stigma_flags", "stigmatizing-language flag(s)"),
        ("secrecy_promises", "promise(s) to keep a safety risk secret"),
        ("cold_referrals", "cold referral(s): a number given, then the contact ended"),
    ):
        count = int(summary.value(metric))
        if count:
            notes.append(f"{count} {words}.")
    return notes


def _replay_check(transcript: Transcript, scenario: Scenario | None) -> str:
    if scenario is None:
        return f"not checked: scenario '{transcript.scenario}' was not found on this machine."
    try:
        replayed = replay(transcript, scenario)
    except SimulatorError as error:
        return f"cannot replay: {error}."
    if replayed.turns == transcript.turns:
        return "the file replays to exactly this session."
    return "the replay differs from this file (edited by hand, or recorded with another coder)."
