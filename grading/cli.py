"""``python -m grading``: the trainer's commands, each a thin wrapper over a typed function.

build → grading.course.build.build, release → grading.course.build.release, collect →
grading.grade.collect.collect, autograde → grading.grade.autograde.run, feedback →
grading.feedback.generate.generate_feedback, report → grading.report.write.report,
new-org → grading.course.org_starter.write_starter, export → grading.report.export.export,
purge → grading.report.retention.purge, workspace → grading.course.workspace.setup_workspace.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Column, Table

from grading.course.lock import course_lock
from grading.errors import GradingError
from simulator.errors import SimulatorError

app = typer.Typer(
    name="grading",
    help="Build, release, collect, autograde, return feedback and report on the course.\n\n"
    "\b\nWorked example (a whole cycle):\n"
    "  python -m grading build --modules modules --course course --roster roster.csv\n"
    "  python -m grading release --course course --due 2026-03-01T17:00\n"
    "  python -m grading collect --course course --from submissions.zip\n"
    "  python -m grading autograde --course course --workers 2\n"
    "  python -m grading feedback --course course --return\n"
    "  python -m grading report --course course --out reports",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)

CourseOption = Annotated[Path, typer.Option("--course", help="The course directory.")]
ModulesOption = Annotated[
    list[str] | None, typer.Option("--module", help="Only this module (repeatable).")
]
TraineesOption = Annotated[
    list[str] | None, typer.Option("--trainee", help="Only this trainee (repeatable).")
]
OrgOption = Annotated[
    Path | None,
    typer.Option("--org", help="Organization profile (YAML); default profile if unset."),
]


def domain_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a GradingError (or a SimulatorError met while grading) into a one-line message and
    exit code 1 (no traceback); the message is printed as text, never as rich markup."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (GradingError, SimulatorError) as error:
            message = escape(str(error))
            console.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None

    return wrapper


def _report_problems(problems: list[str]) -> None:
    for problem in problems:
        console.print(
            f"[yellow]skipped:[/yellow] {escape(problem)}", highlight=False, soft_wrap=True
        )
    if problems:
        raise typer.Exit(1)


@app.command()
@domain_errors
def build(
    modules: Annotated[Path, typer.Option(help="Folder of module source folders.")] = Path(
        "modules"
    ),
    course: Annotated[
        Path, typer.Option("--course", "--out", help="The course directory to build.")
    ] = Path("course"),
    org: OrgOption = None,
    roster: Annotated[
        Path | None, typer.Option(help="CSV of trainees: id[,first_name,last_name,email].")
    ] = None,
    exchange: Annotated[
        Path | None, typer.Option(help="Exchange folder (default: COURSE/exchange).")
    ] = None,
) -> None:
    """Build the nbgrader course from modules/ for an organization, and generate releases.

    \b
    Example:
      python -m grading build --modules modules --course course --org org.yaml
    """
    from grading.course.build import build as build_course
    from grading.course.org import load_org

    with course_lock(course, "build"):
        result = build_course(modules, course, load_org(org, modules), roster, exchange)
    console.print(
        f"Built {result.course_dir} with {len(result.modules)} module(s): "
        f"{', '.join(result.modules)}; {result.trainees} trainee(s) added."
    )
    for warning in result.warnings:
        console.print(f"[yellow]warning:[/yellow] {warning}", highlight=False, soft_wrap=True)


@app.command()
@domain_errors
def release(
    course: CourseOption = Path("course"),
    module: ModulesOption = None,
    due: Annotated[
        datetime | None, typer.Option(help="Due date (ISO, UTC), e.g. 2026-03-01T17:00.")
    ] = None,
) -> None:
    """Release modules (all by default) to the exchange so trainees can fetch them.

    \b
    Example:
      python -m grading release --course course --module 01-motivational-interviewing
    """
    from grading.course.build import release as release_modules

    with course_lock(course, "release"):
        released = release_modules(course, module, due)
    console.print(f"Released: {', '.join(released)}")


@app.command()
@domain_errors
def collect(
    course: CourseOption = Path("course"),
    source: Annotated[
        Path | None,
        typer.Option("--from", help="Folder or .zip laid out as TRAINEE/MODULE/FILE."),
    ] = None,
    module: ModulesOption = None,
    replace: Annotated[
        bool,
        typer.Option(help="Replace already graded submissions (they count until the new grade)."),
    ] = False,
) -> None:
    """Collect submissions from the exchange, or import a folder or zip of them.

    \b
    Example:
      python -m grading collect --course course --from submissions.zip
      python -m grading collect --course course --from fixed.zip --replace
    """
    from grading.grade.collect import collect as collect_submissions

    with course_lock(course, "collect"):
        result = collect_submissions(course, source, module, replace)
    console.print(f"Collected {len(result.imported)} submission(s).")
    _report_problems(result.problems)


@app.command()
@domain_errors
def autograde(
    course: CourseOption = Path("course"),
    module: ModulesOption = None,
    trainee: TraineesOption = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes (default: CPUs).")] = None,
    cell_timeout: Annotated[int, typer.Option(help="Seconds per cell.")] = 30,
    submission_timeout: Annotated[int, typer.Option(help="Wall seconds per submission.")] = 600,
    memory_mb: Annotated[int, typer.Option(help="Kernel memory limit in MB (0: none).")] = 2048,
    output_kb: Annotated[
        int, typer.Option(help="Output one submission may produce, KB, all cells (0: none).")
    ] = 4096,
    limits_only: Annotated[
        bool, typer.Option(help="No namespaces or user change, even as root (not isolated).")
    ] = False,
    force: Annotated[bool, typer.Option(help="Regrade unchanged submissions too.")] = False,
) -> None:
    """Autograde submissions in parallel; broken ones are recorded with a reason.

    \b
    Example:
      python -m grading autograde --course course --workers 2 --cell-timeout 60

    Results go to COURSE/autograde-results.json. The exit code is 1 if any submission
    failed or was rejected.
    """
    from grading.grade.autograde import Limits, run
    from grading.grade.sandbox import LIMITS_ONLY_GAPS, full_isolation_available

    limits = Limits(
        cell_timeout=cell_timeout,
        submission_timeout=submission_timeout,
        memory_mb=memory_mb,
        output_kb=output_kb,
        limits_only=limits_only,
    )
    if limits_only or not full_isolation_available():
        console.print(f"[yellow]warning:[/yellow] {LIMITS_ONLY_GAPS}", highlight=False)
    with course_lock(course, "autograde"):
        summary = run(course, module, trainee, workers, limits, force)
    table = Table(
        *(Column(name, overflow="fold") for name in ("trainee", "module", "status", "score")),
        Column("late", overflow="fold"),
        Column("reason", overflow="fold", ratio=1),  # long reasons wrap, never cut at the edge
        title="Autograde",
    )
    for r in summary.results:
        score = "—" if r.score is None else f"{r.score:g}/{r.max_score:g}"
        rerun = "" if r.graded_this_run or r.status == "rejected" else " (unchanged)"
        table.add_row(
            r.trainee, r.module, r.status + rerun, score, "late" if r.late else "", escape(r.reason)
        )
    console.print(table)
    console.print(
        f"{summary.count('graded')} graded, {summary.count('failed')} failed, "
        f"{summary.count('rejected')} rejected in {summary.seconds:.1f} s "
        f"with {summary.workers} worker(s)."
    )
    if summary.count("failed") or summary.count("rejected"):
        raise typer.Exit(1)


@app.command()
@domain_errors
def feedback(
    course: CourseOption = Path("course"),
    module: ModulesOption = None,
    trainee: TraineesOption = None,
    return_: Annotated[
        bool, typer.Option("--return", help="Also return it to trainees via the exchange.")
    ] = False,
) -> None:
    """Write feedback HTML without hidden tests or solutions; optionally return it.

    \b
    Example:
      python -m grading feedback --course course --return
    """
    from grading.feedback.generate import generate_feedback

    with course_lock(course, "feedback"):
        result = generate_feedback(course, module, trainee, return_)
    console.print(f"Wrote {len(result.written)} feedback page(s); returned {len(result.returned)}.")
    for note in result.notes:
        console.print(f"note: {escape(note)}", highlight=False)
    _report_problems(result.problems)


@app.command()
@domain_errors
def report(
    course: CourseOption = Path("course"),
    out: Annotated[
        Path | None,
        typer.Option(
            help="Folder for the report files (default: COURSE/reports, unseen by kernels)."
        ),
    ] = None,
    org: OrgOption = None,
    curriculum: Annotated[
        Path | None, typer.Option(help="curriculum.yaml (default: the course's copy).")
    ] = None,
    trainee: Annotated[
        list[str] | None,
        typer.Option("--trainee", help="Completion records only for this trainee (repeatable)."),
    ] = None,
) -> None:
    """Write the cohort report (HTML, CSV, Excel) and per-trainee completion records.

    \b
    Example:
      python -m grading report --course course --out reports
      python -m grading report --course course --out reports --trainee alex
    """
    from grading.course.org import load_org
    from grading.report.write import report as write_report

    out = out or course / "reports"
    with course_lock(course, "report"):
        files = write_report(course, out, load_org(org) if org else None, curriculum, trainee)
    console.print(
        f"Report: {files.html}\nExcel: {files.excel}\nCSV: {files.csv_dir}\n"
        f"Completion records: {len(files.completion_records)} file(s) in {out / 'completion'}"
    )


@app.command()
@domain_errors
def workspace(
    course: CourseOption = Path("course"),
    out: Annotated[Path, typer.Option(help="The trainee's workspace folder.")] = Path("workspace"),
    modules: Annotated[
        Path, typer.Option(help="Modules folder (for the free-practice notebooks).")
    ] = Path("modules"),
) -> None:
    """Copy the released modules into a trainee workspace, never overwriting their work.

    \b
    Example:
      python -m grading workspace --course course --out workspace
    """
    from grading.course.workspace import setup_workspace

    result = setup_workspace(course, out, modules)
    console.print(
        f"Workspace {out}: {len(result.added)} file(s) added, "
        f"{len(result.kept)} of yours kept unchanged."
    )


@app.command("new-org")
@domain_errors
def new_org(
    path: Annotated[Path, typer.Argument(help="Where to write the profile.")] = Path("org.yaml"),
    force: Annotated[bool, typer.Option(help="Replace the file if it exists.")] = False,
) -> None:
    """Write a commented starter organization profile that builds as-is.

    \b
    Example:
      python -m grading new-org my-agency/org.yaml
      python -m grading build --org my-agency/org.yaml
    """
    from grading.course.org_starter import write_starter

    written = write_starter(path, overwrite=force)
    console.print(f"Wrote {written}. Edit it, then: python -m grading build --org {written}")
    console.print(
        f"A starter role-play scenario is in {written.parent / 'scenarios'}; "
        "set extra_scenarios: [scenarios] to use it."
    )


@app.command()
@domain_errors
def export(
    sources: Annotated[list[Path], typer.Argument(help="Files or folders to export.")],
    out: Annotated[Path, typer.Option(help="Folder for the scrubbed copies.")] = Path("export"),
    name: Annotated[
        list[str] | None, typer.Option("--name", help="A name to hide (repeatable).")
    ] = None,
    names_file: Annotated[
        Path | None, typer.Option(help="File of names to hide, one per line.")
    ] = None,
) -> None:
    """Export transcripts, notes and reports with personal details scrubbed.

    \b
    Example:
      python -m grading export course/submitted reports --out export --name Maria
    """
    from grading.report.export import export as export_files

    result = export_files(sources, out, name or [], names_file)
    console.print(f"Exported {len(result.written)} scrubbed file(s) to {out}.")
    for reason in result.skipped:
        console.print(
            f"[yellow]left out:[/yellow] {escape(reason)}", highlight=False, soft_wrap=True
        )


@app.command()
@domain_errors
def purge(
    course: CourseOption = Path("course"),
    older_than: Annotated[
        int | None,
        typer.Option(help="Delete transcripts older than DAYS (default: org retention_days)."),
    ] = None,
    folder: Annotated[
        list[Path] | None, typer.Option("--folder", help="Also purge this folder (repeatable).")
    ] = None,
    dry_run: Annotated[bool, typer.Option(help="Only list what would be deleted.")] = False,
    trainee: TraineesOption = None,
) -> None:
    """Delete role-play transcripts older than the retention period.

    \b
    Example:
      python -m grading purge --course course --older-than 365 --dry-run
      python -m grading purge --course course --older-than 1 --trainee alex
    """
    from grading.report.retention import purge as purge_transcripts

    result = purge_transcripts(course, older_than, folder, dry_run, trainees=trainee)
    verb = "Would delete" if dry_run else "Deleted"
    console.print(f"{verb} {len(result.deleted)} transcript(s); kept {result.kept}.")


def main() -> None:
    """Entry point for ``python -m grading``: never a traceback (see simulator.faces.unexpected)."""
    from simulator.faces.unexpected import exit_on_unexpected

    try:
        app()
    except Exception as error:
        exit_on_unexpected(console, error)
