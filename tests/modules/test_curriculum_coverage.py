"""Does the course as a whole cover every SAMHSA peer competency category and IC&RC domain?"""

from __future__ import annotations

import re

from grading.course.curriculum import ICRC_DOMAINS, ICRC_MINIMUM_HOURS, load_curriculum
from tests.modules.conftest import ROOT, graded_ids

CURRICULUM = load_curriculum(ROOT / "modules" / "curriculum.yaml")


def test_all_twelve_samhsa_categories_are_covered():
    """Is each of the 12 SAMHSA core competency categories practised by some exercise?"""
    covered = {n for m in CURRICULUM.modules for e in m.exercises for n in e.samhsa}
    assert covered == set(range(1, 13)), sorted(set(range(1, 13)) - covered)


def test_all_four_icrc_domains_are_covered():
    """Is each IC&RC peer recovery domain practised by some exercise?"""
    covered = {d for m in CURRICULUM.modules for e in m.exercises for d in e.icrc}
    assert covered == set(ICRC_DOMAINS), sorted(set(ICRC_DOMAINS) - covered)


def test_every_curriculum_module_exists_and_lists_exactly_its_graded_cells():
    """Is each curriculum entry a module folder whose graded cells it lists exactly?"""
    for module in CURRICULUM.modules:
        assert (ROOT / "modules" / module.id).is_dir(), module.id
        assert {e.grade_id for e in module.exercises} == set(graded_ids(module.id)), module.id


def test_the_course_gives_the_icrc_hours_in_every_domain():
    """Does the course reach the IC&RC 46 hours, and each domain's own minimum (ethics 16)?"""
    by_domain = CURRICULUM.hours_by_domain()
    short = {
        d: f"{by_domain[d]:g} of {need:g}"
        for d, need in ICRC_MINIMUM_HOURS.items()
        if by_domain[d] < need
    }
    assert not short, f"IC&RC domains short of hours: {short}"
    assert sum(m.hours for m in CURRICULUM.modules) >= sum(ICRC_MINIMUM_HOURS.values())


def test_every_module_splits_its_hours_across_icrc_domains():
    """Does every module say how its hours count toward the IC&RC domains?"""
    unsplit = [m.id for m in CURRICULUM.modules if m.hours and not m.icrc_hours]
    assert not unsplit, f"modules without icrc_hours: {unsplit}"


def test_the_readme_course_table_matches_the_curriculum():
    """Does the README's course table name every module with the hours curriculum.yaml gives?"""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([0-9]{2}-[a-z-]+)` [^|]+ \| ([0-9.]+) \|", readme, re.MULTILINE)
    assert rows == [(m.id, f"{m.hours:g}") for m in CURRICULUM.modules]
    total = re.search(r"^\| \*\*all\*\* \| \*\*([0-9.]+)\*\* \|", readme, re.MULTILINE)
    assert total and total.group(1) == f"{sum(m.hours for m in CURRICULUM.modules):g}"
