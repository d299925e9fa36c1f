"""Role-play metrics and flags in reports come from replay, never from a transcript's numbers."""

from __future__ import annotations

import json
from pathlib import Path

from grading.checks.flags import collect_flags
from grading.report.roleplay_results import roleplay_metrics
from tests.grading.factories import RISKY_ROLEPLAY, roleplay_transcript

SCENARIO = "warm-line-crisis"


def submission(tmp_path: Path) -> tuple[Path, Path]:
    """autograded/kim/05-wellness-and-crisis holding a real transcript with a scope violation."""
    folder = tmp_path / "autograded" / "kim" / "05-wellness-and-crisis"
    folder.mkdir(parents=True)
    path = roleplay_transcript(folder / f"roleplay-{SCENARIO}.json", SCENARIO, RISKY_ROLEPLAY)
    return folder, path


def forge(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def pasted_good_codes(data: dict) -> None:
    for turn in data["turns"]:
        turn["coding"].update(code="complex_reflection", behaviour="reflection", peer_flags=[])
        turn["reply_kind"] = "change:reasons"


def test_pasted_codes_change_no_metric_and_hide_no_flag(tmp_path):
    """Does a transcript edited to show 100 % complex reflections report what was really said?"""
    folder, path = submission(tmp_path)
    honest_metrics, honest_flags = roleplay_metrics(folder), collect_flags(folder)
    assert ("scope_violation", path.name) in {(f.kind, f.source) for f in honest_flags}
    forge(path, pasted_good_codes)
    assert roleplay_metrics(folder) == honest_metrics
    assert honest_metrics[0]["percent_complex_reflections"] < 100
    assert collect_flags(folder) == honest_flags


def test_a_transcript_of_another_scenario_version_is_rescored_with_a_note(tmp_path):
    """Is a transcript recorded for another scenario version re-scored by replay (same metrics
    as the current version gives its words), with a plain note for the trainer?"""
    folder, path = submission(tmp_path)
    honest_metrics = roleplay_metrics(folder)
    forge(path, lambda data: data.update(scenario_fingerprint="0" * 16))
    assert roleplay_metrics(folder) == honest_metrics
    notes = [flag for flag in collect_flags(folder) if flag.kind == "roleplay_rescored"]
    assert len(notes) == 1 and "earlier version of the scenario" in notes[0].detail


def test_a_deeply_nested_transcript_is_a_flag_not_a_crash(tmp_path):
    """Does a 200 KB transcript of nested brackets end as a flag (no RecursionError)?"""
    folder, path = submission(tmp_path)
    path.write_text('{"schema_version": 1, "turns": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert roleplay_metrics(folder) == []
    (flag,) = collect_flags(folder)
    assert flag.kind == "roleplay_not_replayed" and "nested" in flag.detail


def test_a_scenario_planted_in_the_submission_is_not_used(tmp_path):
    """Can a trainee replace the scenario (and its rubric) by handing in a YAML file? No."""
    folder, _ = submission(tmp_path)
    (folder / "org-scenarios").mkdir()
    (folder / "org-scenarios" / f"{SCENARIO}.yaml").write_text("id: forged\n")
    (folder / f"{SCENARIO}.yaml").write_text("id: forged\n")
    assert {f.kind for f in collect_flags(folder)} == {"scope_violation"}


def test_a_number_too_long_to_read_is_a_flag_not_a_crash(tmp_path):
    """Does a transcript with a 5,000-digit seed (Python refuses to read it) end as a flag?"""
    folder, path = submission(tmp_path)
    path.write_text('{"schema_version": 1, "seed": ' + "9" * 5000 + "}")
    assert roleplay_metrics(folder) == []
    (flag,) = collect_flags(folder)
    assert flag.kind == "roleplay_not_replayed" and "4300 digits" in flag.detail


def test_the_report_names_the_scenario_that_was_replayed_not_the_file_name(tmp_path):
    """A crisis role-play renamed ``roleplay-angry-about-services.json`` is reported as the
    crisis scenario it replays as (the file name is the trainee's to choose: it showed the
    easier scenario's name, or any text, against the crisis scenario's numbers)."""
    folder, path = submission(tmp_path)
    path.rename(folder / "roleplay-angry-about-services.json")
    assert [row["scenario"] for row in roleplay_metrics(folder)] == [SCENARIO]
