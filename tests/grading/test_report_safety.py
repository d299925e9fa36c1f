"""`grading report` with a hostile organization profile: names are text in every page."""

from __future__ import annotations

import json
import subprocess
import sys

from grading.report.files import templates
from tests.security.corpus_output import markup_problems

HOSTILE_NAME = "<script>alert('PWNED')</script><img src=x onerror=\"alert('PWNED')\">"


def test_every_template_escapes_whatever_its_file_name():
    """Is autoescape on for every *.html.j2 (which select_autoescape() would not match)?"""
    environment = templates()
    names = environment.list_templates()
    assert any(name.endswith(".html.j2") for name in names)
    for name in names:
        on = environment.autoescape
        assert on is True or (callable(on) and on(name)), name


def test_report_escapes_a_hostile_org_name(graded_course, tmp_path):
    """Through `python -m grading report --org`: is the org name escaped in report.html and in
    every completion record (HTML), with nothing that would run?"""
    org = tmp_path / "org.yaml"
    org.write_text(f"name: {json.dumps(HOSTILE_NAME)}\n", encoding="utf-8")
    out = tmp_path / "reports"
    result = subprocess.run(
        [sys.executable, "-m", "grading", "report", "--course", str(graded_course.course),
         "--org", str(org), "--out", str(out)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    pages = [out / "report.html", *sorted((out / "completion").glob("*.html"))]
    assert len(pages) > 1
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert markup_problems(text) == [], page
        assert "<script>alert" not in text and "&lt;script&gt;alert" in text, page
