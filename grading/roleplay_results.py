"""Role-play transcripts handed in with a module: MITI metrics and supervisor flags.

A transcript is ``roleplay-<scenario>.json`` next to the notebook (saved by the role-play
widget). Reports read it from the autograded submission folder with the simulator's own
:class:`simulator.Transcript` and :func:`simulator.metrics.summarize`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from grading.course import TRANSCRIPT_GLOB
from grading.flags import SupervisorFlag, flags_in_notebook_outputs, register_flag_reader

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


def _summaries(submission_dir: Path) -> list[tuple[Path, Any]]:
    from simulator import Transcript, TranscriptError
    from simulator.metrics import summarize

    found = []
    for path in sorted(submission_dir.glob(TRANSCRIPT_GLOB)):
        try:
            found.append((path, summarize(Transcript.load(path))))
        except TranscriptError:
            continue  # a damaged transcript is graded (and reported) by the role-play checker
    return found


def roleplay_metrics(submission_dir: Path) -> list[dict[str, Any]]:
    """One row of MITI metrics per transcript in an autograded submission folder."""
    rows = []
    for path, summary in _summaries(submission_dir):
        scenario = path.stem.removeprefix("roleplay-")
        values = summary.as_dict()
        rows.append({"scenario": scenario} | {name: values[name] for name in METRICS})
    return rows


@register_flag_reader
def flags_in_transcripts(submission_dir: Path) -> list[SupervisorFlag]:
    """Crisis cues missed, scope-of-practice violations and stigmatizing language.

    A kind that a test cell of the submission already raised is left out: the test cell's flag
    names the exact criterion, so the supervisor reads each event once.
    """
    raised = {flag.kind for flag in flags_in_notebook_outputs(submission_dir)}
    flags = []
    for path, summary in _summaries(submission_dir):
        checks = (
            ("crisis_cue_missed", summary.crisis_missed, "a crisis cue was not followed up"),
            ("scope_violation", summary.scope_violations, "stepped outside the peer role"),
            ("stigmatizing_language", summary.stigma_flags, "used stigmatizing language"),
        )
        for kind, count, what in checks:
            if count and kind not in raised:
                flags.append(
                    SupervisorFlag(kind=kind, detail=f"{what} ({count}x)", source=path.name)
                )
    return flags
