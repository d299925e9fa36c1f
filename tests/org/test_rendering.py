"""Rendering every module notebook with each example profile, without nbgrader (fast)."""

from __future__ import annotations

from pathlib import Path

import pytest

from grading.course.build import render_notebook
from grading.course.org import default_org, load_org

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "modules").glob("*/*.ipynb"))
PROFILES = {
    "default": None,
    "county": ROOT / "examples/org/county-behavioral-health/org.yaml",
    "rco": ROOT / "examples/org/recovery-community-center/org.yaml",
}


@pytest.mark.parametrize("key", PROFILES)
def test_every_notebook_renders_with_no_placeholder_left(key):
    """Does each example profile fill every placeholder of every module notebook?"""
    org = load_org(PROFILES[key], ROOT / "modules") if PROFILES[key] else default_org()
    assert NOTEBOOKS
    for path in NOTEBOOKS:
        for number, cell in enumerate(render_notebook(path, org).cells, start=1):
            for marker in ("{{", "}}", "{%", "%}", "{#", "#}"):
                assert marker not in cell.source, f"{path}, cell {number}: '{marker}' left"


def test_the_profiles_words_reach_the_lessons():
    """Do the county's and the center's names, words and lines appear in the rendered lessons?"""
    texts = {}
    for key in ("county", "rco"):
        org = load_org(PROFILES[key], ROOT / "modules")
        texts[key] = "\n".join(
            cell.source for path in NOTEBOOKS for cell in render_notebook(path, org).cells
        )
    assert "Harbor County Behavioral Health Services" in texts["county"]
    assert "consumers" in texts["county"] and "participants" in texts["rco"]
    assert "Riverbend Recovery Warm Line" in texts["rco"]
    assert "Harbor County" not in texts["rco"] and "Riverbend" not in texts["county"]
