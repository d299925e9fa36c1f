"""Tests for grading.report.retention: are old transcripts deleted and recent ones kept?"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from grading.report.retention import RetentionError, purge


def _transcript(path: Path, age_days: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{}", encoding="utf-8")
    stamp = time.time() - age_days * 86400
    os.utime(path, (stamp, stamp))
    return path


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A course with one old and one recent transcript, and an old notebook."""
    course = tmp_path / "course"
    _transcript(course / "submitted" / "ana" / "m1" / "roleplay-old.json", 400)
    _transcript(course / "autograded" / "ana" / "m1" / "roleplay-new.json", 10)
    _transcript(course / "submitted" / "ana" / "m1" / "answers.ipynb", 400)
    return course


def test_old_transcripts_are_deleted_and_others_kept(course: Path) -> None:
    """Are only transcripts older than the period deleted (notebooks and new ones kept)?"""
    result = purge(course, older_than_days=365)
    assert [p.name for p in result.deleted] == ["roleplay-old.json"]
    assert result.kept == 1
    assert not (course / "submitted" / "ana" / "m1" / "roleplay-old.json").exists()
    assert (course / "autograded" / "ana" / "m1" / "roleplay-new.json").exists()
    assert (course / "submitted" / "ana" / "m1" / "answers.ipynb").exists()


def test_dry_run_deletes_nothing(course: Path) -> None:
    """Does a dry run list what would go without deleting it?"""
    result = purge(course, older_than_days=5, dry_run=True)
    assert len(result.deleted) == 2
    assert (course / "submitted" / "ana" / "m1" / "roleplay-old.json").exists()


def test_period_comes_from_the_org_profile(course: Path) -> None:
    """Is retention_days in the course's org.json used when no period is given?"""
    (course / "org.json").write_text(json.dumps({"retention_days": 30}), encoding="utf-8")
    assert [p.name for p in purge(course).deleted] == ["roleplay-old.json"]


def test_missing_or_bad_period_is_a_clear_error(course: Path) -> None:
    """Is a missing or zero period refused with a message saying what to do?"""
    with pytest.raises(RetentionError, match="--older-than"):
        purge(course)
    with pytest.raises(RetentionError, match="at least 1 day"):
        purge(course, older_than_days=0)


def test_retention_days_set_in_org_yaml_reaches_the_course(tmp_path):
    """Does `retention_days` in an org profile land in the org.json that purge reads?"""
    from grading.course.org import OrgProfile, install_profile
    from grading.report.retention import retention_days

    install_profile(OrgProfile(retention_days=90), tmp_path)
    assert retention_days(tmp_path) == 90
