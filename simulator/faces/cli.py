"""Command line: list scenarios, play one in a terminal, replay a transcript, code an utterance."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from simulator.engine.metrics import summarize
from simulator.engine.scenario import list_scenarios, load_scenario
from simulator.engine.session import Session, default_coder, replay
from simulator.engine.transcript import Transcript
from simulator.errors import SimulatorError
from simulator.faces.unexpected import exit_on_unexpected

app = typer.Typer(
    help="Practise peer-support conversations with simulated people.\n\n"
    "Example: python -m simulator play alcohol-ambivalence",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(highlight=False)
ExtraDirs = Annotated[
    list[Path] | None, typer.Option("--extra", help="A folder of extra scenario YAML files.")
]
QUIT_WORDS = {"quit", "exit", "/quit", "/end"}


@app.command()
def scenarios(extra: ExtraDirs = None) -> None:
    """List the scenarios you can play.

    Example: python -m simulator scenarios --extra my-org/scenarios
    """
    table = Table("id", "title", "setting")
    for scenario in list_scenarios(extra or ()):
        table.add_row(escape(scenario.id), escape(scenario.title), escape(scenario.setting))
    console.print(table)


@app.command()
def play(
    name: Annotated[str, typer.Argument(help="Scenario id or YAML path.")],
    seed: Annotated[int, typer.Option(help="Same seed + same words = same conversation.")] = 0,
    coach: Annotated[bool, typer.Option(help="Show a coach note after each turn.")] = True,
    save: Annotated[Path | None, typer.Option(help="Where to save the transcript.")] = None,
    extra: ExtraDirs = None,
) -> None:
    """Hold a conversation in the terminal. Type 'quit' or press Ctrl-D to end.

    Example: python -m simulator play alcohol-ambivalence --seed 3
    """
    scenario = load_scenario(name, extra or ())
    session = Session(scenario, seed=seed)
    console.print(f"[bold]{escape(scenario.title)}[/bold] — {escape(scenario.setting)}")
    console.print(escape(scenario.person.background))
    console.print("Type what you would say. 'quit' or Ctrl-D ends the session.\n")
    console.print(f"[bold]{escape(scenario.person.name)}:[/bold] {escape(scenario.opening)}")
    while True:
        try:
            text = input("You: ")
        except (EOFError, KeyboardInterrupt):
            console.print()
            break
        if text.strip().lower() in QUIT_WORDS:
            break
        if not text.strip():
            continue
        turn = session.respond(text)
        console.print(f"[bold]{escape(scenario.person.name)}:[/bold] {escape(turn.reply)}")
        if coach and turn.coach:
            console.print(f"  [italic]coach: {escape(turn.coach)}[/italic]")
    transcript = session.end()
    _print_summary(transcript)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = transcript.save(save or Path("transcripts") / f"{scenario.id}-{stamp}.json")
    console.print(f"Transcript saved to {escape(str(target))}")


@app.command(name="replay")
def replay_command(
    file: Annotated[Path, typer.Argument(help="A transcript JSON file.")],
    extra: ExtraDirs = None,
) -> None:
    """Replay a saved transcript through the simulator and print its summary.

    Example: python -m simulator replay transcripts/alcohol-ambivalence-20260101-101500.json
    """
    recorded = Transcript.load(file)
    replayed = replay(recorded, load_scenario(recorded.scenario, extra or ()))
    same = replayed.turns == recorded.turns
    _print_summary(replayed)
    for note in replayed.notes:
        console.print(f"Note: {escape(note)}")
    console.print(
        "Replay matches the saved transcript."
        if same
        else "[bold]The replay differs from the saved file[/bold] (edited, or a newer coder)."
    )
    if not same:
        raise typer.Exit(1)


@app.command()
def upgrade(
    file: Annotated[Path, typer.Argument(help="A format-1 scenario YAML file.")],
) -> None:
    """Rewrite a format-1 scenario file as format 2, keeping every line (original kept as .v1.bak).

    The upgraded file plays, but listens poorly until you add facts and split its lines into
    topics (docs/authoring-guide.md, "Scenario files, format v2").

    Example: python -m simulator upgrade my-org/scenarios/front-desk.yaml
    """
    from simulator.engine.upgrade import upgrade_file

    written = upgrade_file(file)
    console.print(
        f"Upgraded {escape(str(written))} to format 2 (original kept as"
        f" {escape(written.name)}.v1.bak). Next: add facts and split the lines into topics."
    )


@app.command()
def export(
    file: Annotated[Path, typer.Argument(help="A transcript JSON file.")],
    html: Annotated[Path, typer.Option("--html", help="Where to write the HTML page.")],
    scrub: Annotated[bool, typer.Option(help="Remove e-mail addresses and phone numbers.")] = True,
    extra: ExtraDirs = None,
) -> None:
    """Write a read-only HTML page of a transcript for trainers: codes, peer flags, coach notes.

    Example: python -m simulator export roleplay-alcohol-ambivalence.json --html review.html
    """
    from simulator.faces.transcript_html import export_html

    console.print(f"Wrote {escape(str(export_html(file, html, extra or (), scrub_details=scrub)))}")


@app.command()
def code(
    text: Annotated[str, typer.Argument(help="An utterance to code.")],
    speaker: Annotated[str, typer.Option(help="helper or consumer.")] = "helper",
) -> None:
    """Show how the coder labels one utterance.

    Example: python -m simulator code "So part of you wants to cut down."
    """
    if speaker not in ("helper", "consumer"):
        raise SimulatorError(f"--speaker must be 'helper' or 'consumer', not '{speaker}'")
    coding = default_coder().code(text, speaker=speaker)  # type: ignore[arg-type]
    table = Table("field", "value")
    table.add_row("code", escape(coding.code))
    table.add_row(
        "behaviour" if speaker == "helper" else "talk", str(coding.behaviour or coding.talk)
    )
    table.add_row("confidence", f"{coding.confidence:.2f}")
    table.add_row("why", escape("; ".join(coding.reasons)))
    for flag in coding.peer_flags:
        detail = flag.detail + (f" → {flag.suggestion}" if flag.suggestion else "")
        table.add_row(escape(flag.kind), escape(detail))
    console.print(table)


def _print_summary(transcript: Transcript) -> None:
    summary = summarize(transcript)
    table = Table("measure", "value", "MITI level", title="Session summary")
    table.add_row("helper turns", str(summary.helper_turns), "")
    table.add_row(
        "reflections : questions",
        f"{summary.reflection_to_question:.2f}",
        summary.level("reflection_to_question"),
    )
    table.add_row(
        "% complex reflections",
        f"{summary.percent_complex_reflections:.0f}%",
        summary.level("percent_complex_reflections"),
    )
    table.add_row(
        "open / closed questions", f"{summary.open_questions} / {summary.closed_questions}", ""
    )
    table.add_row("change / sustain talk", f"{summary.change_talk} / {summary.sustain_talk}", "")
    table.add_row("MI-non-adherent", str(summary.mi_non_adherent), "")
    console.print(table)


def main() -> None:
    """Run the CLI; bad input exits 1 with a message, never a traceback."""
    try:
        app()
    except SimulatorError as error:
        # soft wrap: a long file name stays whole on a narrow terminal (copyable, searchable)
        console.print(f"[bold red]error:[/bold red] {escape(str(error))}", soft_wrap=True)
        sys.exit(1)
    except Exception as error:
        exit_on_unexpected(console, error)
