"""Competencies count as met only when mapped graded work reaches the curriculum's minimum."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

from grading.course.curriculum import ICRC_DOMAINS, Curriculum, load_curriculum
from grading.errors import CourseBuildError
from grading.report.tables import _competencies

ROOT = Path(__file__).resolve().parents[2]
COURSE = load_curriculum(ROOT / "modules" / "curriculum.yaml")
SMALL = Curriculum.model_validate(
    {
        "competency_minimum": {"points": 3, "exercises": 2},
        "modules": [
            {
                "id": "m1",
                "title": "One",
                "hours": 1,
                "exercises": [
                    {"grade_id": "a_test", "samhsa": [2], "icrc": ["Advocacy"]},
                    {"grade_id": "b_test", "samhsa": [2]},
                    {"grade_id": "essay", "samhsa": [3]},
                ],
            }
        ],
    }
)


def grades(*rows: tuple[str, float, float, bool]) -> pd.DataFrame:
    """Gradebook rows for trainee 'ana' in module m1: (grade_id, score, max_score, manual)."""
    return pd.DataFrame(
        [
            {
                "trainee": "ana",
                "module": "m1",
                "grade_id": g,
                "score": s,
                "max_score": m,
                "needs_manual_grade": manual,
            }
            for g, s, m, manual in rows
        ]
    )


def met(table: pd.DataFrame) -> set[str]:
    return set(table.loc[table["met"], "framework"] + " " + table.loc[table["met"], "competency"])


def table_for(*rows: tuple[str, float, float, bool]) -> pd.DataFrame:
    return _competencies(grades(*rows), pd.DataFrame({"trainee": ["ana"]}), SMALL)


def test_one_one_point_item_does_not_meet_a_competency():
    """Does full marks on a single one-point item leave its competencies not yet met?"""
    table = table_for(("a_test", 1, 1, False), ("b_test", 0, 1, False), ("essay", 0, 3, False))
    assert met(table) == set()
    row = table[(table["framework"] == "SAMHSA") & (table["competency"] == "2")].iloc[0]
    assert (row["points"], row["exercises_scored"], row["points_needed"]) == (1, 1, 3)


def test_one_big_item_alone_is_not_enough_either():
    """Does a single three-point answer fall short of the two-exercise minimum?"""
    assert met(table_for(("essay", 3, 3, False))) == set()


def test_enough_points_from_enough_exercises_meet_it():
    """Do 3 points from two exercises meet SAMHSA 2, and partial credit count toward it?"""
    table = table_for(("a_test", 2, 2, False), ("b_test", 1, 2, False))
    assert met(table) == {"SAMHSA 2"}


def test_work_awaiting_a_trainer_does_not_count():
    """Are points on a cell still awaiting manual grading left out until it is graded?"""
    assert met(table_for(("a_test", 2, 2, False), ("b_test", 1, 2, True))) == set()


def test_the_course_documents_its_minimum():
    """Does modules/curriculum.yaml state the minimum itself (not rely on a default)?"""
    text = (ROOT / "modules" / "curriculum.yaml").read_text(encoding="utf-8")
    assert "\ncompetency_minimum:\n" in text
    assert COURSE.competency_minimum.points > 1 and COURSE.competency_minimum.exercises >= 2


def test_every_competency_and_domain_can_reach_the_minimum():
    """Can a trainee meet every SAMHSA category and IC&RC domain with the course's graded work?"""
    points: dict[tuple[str, str], float] = defaultdict(float)
    exercises: dict[tuple[str, str], int] = defaultdict(int)
    for module in COURSE.modules:
        for exercise in module.exercises:
            for tag in exercise.tags():
                points[tag] += float(getattr(exercise, "points", 0) or 0)
                exercises[tag] += 1
    wanted = [("SAMHSA", str(n)) for n in range(1, 13)] + [("IC&RC", d) for d in ICRC_DOMAINS]
    minimum = COURSE.competency_minimum
    short = [tag for tag in wanted if not minimum.met(points[tag], exercises[tag])]
    assert short == [], f"not enough graded work mapped to {short}"


def test_a_bad_minimum_names_the_file_and_field(tmp_path):
    """Is a minimum of zero points refused with the file and the field named?"""
    path = tmp_path / "curriculum.yaml"
    path.write_text("competency_minimum:\n  points: 0\nmodules: []\n", encoding="utf-8")
    with pytest.raises(CourseBuildError, match=r"curriculum\.yaml: competency_minimum\.points"):
        load_curriculum(path)


def test_domain_hours_that_do_not_add_up_name_the_file_and_module(tmp_path):
    """Are icrc_hours that do not add up to the module's hours refused, naming the module?"""
    path = tmp_path / "curriculum.yaml"
    path.write_text(
        "modules:\n  - id: 06-ethics\n    title: Ethics\n    hours: 4\n"
        "    icrc_hours:\n      Ethical Responsibility: 3\n",
        encoding="utf-8",
    )
    with pytest.raises(
        CourseBuildError, match=r"curriculum\.yaml: .*06-ethics add up to 3.* 4 hours"
    ):
        load_curriculum(path)
