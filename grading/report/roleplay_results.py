"""Role-play transcripts handed in with a module: MITI metrics and supervisor flags, by replay.

A transcript is ``roleplay-<scenario>.json`` next to the notebook (saved by the role-play
widget). The file is the trainee's, so nothing in it is believed but the words: only the helper
utterances and the seed are taken, and :func:`simulator.replay` recomputes every reply, code and
peer flag with the course's scenarios (``source/<module>/org-scenarios`` and the packaged ones,
never a scenario file from the submission). Pasting good codes into the file cannot raise a
metric or hide a flag. A transcript that cannot be replayed (damaged, too large) gives no
metrics and a ``roleplay_not_replayed`` flag instead; one recorded with an earlier version of
its scenario is re-scored against the current one, with a ``roleplay_rescored`` note.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from grading.checks.flags import SupervisorFlag, flags_in_notebook_outputs, register_flag_reader
from grading.course.build import TRANSCRIPT_GLOB
from grading.course.org import ORG_SCENARIOS_DIR

METRICS = (
    "reflection_to_question",
    "percent_complex_reflections",
    "percent_open_questions",
    "mi_adherent",
    "mi_non_adherent",
    "change_talk",
    "sustain_talk",
    "final_rapport",
)


@dataclass(frozen=True)
class Replayed:
    """One handed-in transcript after replay: its summary, or why it could not be replayed."""

    path: Path
    summary: Any | None
    problem: str = ""
    note: str = ""  # e.g. re-scored against a newer version of the scenario
    scenario: str = ""  # the id of the scenario it was replayed with (not the file's name)


def course_scenarios(submission_dir: Path) -> Path:
    """The organization's scenarios built into the course for this submission's module.

    ``submission_dir`` is ``<course>/autograded/<trainee>/<module>``.
    """
    module = submission_dir.name
    return submission_dir.parents[2] / "source" / module / ORG_SCENARIOS_DIR


@cache
def _replay(path: Path, scenarios: Path, stamp: tuple[int, int]) -> Replayed:
    from simulator import Transcript, load_scenario, replay
    from simulator.engine.metrics import summarize
    from simulator.errors import SimulatorError

    try:
        recorded = Transcript.load(path)
        extra = [scenarios] if scenarios.is_dir() else []
        scenario = load_scenario(recorded.scenario, extra)
        replayed = replay(recorded, scenario)
        return Replayed(
            path, summarize(replayed), note=" ".join(replayed.notes), scenario=scenario.id
        )
    except SimulatorError as error:
        return Replayed(path, None, str(error).replace(f"{path}: ", ""))


def replayed_transcripts(submission_dir: Path) -> list[Replayed]:
    """Every transcript of an autograded submission folder, replayed (cached per file version)."""
    found = []
    for path in sorted(submission_dir.glob(TRANSCRIPT_GLOB)):
        if not path.is_file() or path.is_symlink():
            continue
        status = path.stat()
        found.append(
            _replay(
                path.resolve(),
                course_scenarios(submission_dir),
                (status.st_mtime_ns, status.st_size),
            )
        )
    return found


def roleplay_metrics(submission_dir: Path) -> list[dict[str, Any]]:
    """One row of MITI metrics per replayable transcript in an autograded submission folder."""
    rows = []
    for replayed in replayed_transcripts(submission_dir):
        if replayed.summary is None:
            continue
        values = replayed.summary.as_dict()
        rows.append({"scenario": replayed.scenario} | {name: values[name] for name in METRICS})
    return rows


@register_flag_reader
def flags_in_transcripts(submission_dir: Path) -> list[SupervisorFlag]:
    """Crisis cues missed, scope-of-practice violations and stigmatizing language, by replay.

    A kind that a test cell of the submission already raised is left out: the test cell's flag
    names the exact criterion, so the supervisor reads each event once (the kind is still
    listed, so a notebook cannot make an event disappear).
    """
    raised = {flag.kind for flag in flags_in_notebook_outputs(submission_dir)}
    flags = []
    for replayed in replayed_transcripts(submission_dir):
        if replayed.summary is None:
            flags.append(
                SupervisorFlag(
                    kind="roleplay_not_replayed",
                    detail=f"the saved role-play could not be replayed: {replayed.problem}",
                    source=replayed.path.name,
                )
            )
            continue
        if replayed.note:
            flags.append(
                SupervisorFlag(
                    kind="roleplay_rescored", detail=replayed.note, source=replayed.path.name
                )
            )
        summary = replayed.summary
        checks = (
            ("crisis_cue_missed", summary.crisis_missed, "a crisis cue was not followed up"),
            ("scope_violation", summary.scope_violations, "stepped outside the peer role"),
            ("stigmatizing_language", summary.stigma_flags, "used stigmatizing language"),
        )
        for kind, count, what in checks:
            if count and kind not in raised:
                flags.append(
                    SupervisorFlag(
                        kind=kind, detail=f"{what} ({count}x)", source=replayed.path.name
                    )
                )
    return flags
