"""Do the completion record (HTML and PDF) and the cohort report read well, in a real browser?

One small course is graded once: a trainee with a very long full name on the roster (full marks,
a role-play, a prose answer graded by hand) and one with partial marks and a supervisor flag.
The HTML pages are laid out by Debian's chromium through Playwright (never a downloaded browser);
the PDF is read back with pdfplumber. Every check asks the same question: is each piece of text
inside its table cell, and is the trainee's full name there? Screenshots (PNG) go to
$BROWSER_ARTIFACTS (default: the test's tmp dir).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from grading.course.build import build, release
from grading.grade.autograde import Limits, run
from grading.grade.collect import collect
from grading.report.write import ReportFiles, report
from tests.browser.lab import CHROMIUM, CHROMIUM_ARGS, artifacts_folder
from tests.grading import factories as f
from tests.grading.conftest import grade_manually

pytestmark = pytest.mark.browser

LONG_NAME = "Anastasia-Maximiliana Wolfeschlegelsteinhausen-Bergerdorff-Ramaswamy"
A4_WIDTH_PX = 794  # 210 mm at 96 px per inch
TEXT_OUTSIDE_ITS_CELL = """() => {
  const outside = [];
  for (const cell of document.querySelectorAll("td, th")) {
    const box = cell.getBoundingClientRect();
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        if (r.left < box.left - 1 || r.right > box.right + 1 ||
            r.top < box.top - 1 || r.bottom > box.bottom + 1) {
          outside.push(node.textContent.trim().slice(0, 60));
        }
      }
    }
  }
  return outside;
}"""


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> ReportFiles:
    root = tmp_path_factory.mktemp("layout")
    course = root / "course"
    first, last = LONG_NAME.split(" ", 1)
    roster = root / "roster.csv"
    roster.write_text(
        f"id,first_name,last_name,email\nana,{first},{last},ana@example.org\n"
        "ben,Ben,Okafor,ben@example.org\n",
        encoding="utf-8",
    )
    build(f.FIXTURE_MODULES, course, roster=roster)
    release(course)
    f.submit_through_exchange(course, root / "home-ana", "ana", f.FULL, f.GOOD_ROLEPLAY)
    collect(course)
    partial = f.answered(course / "release" / f.MODULE / f.NOTEBOOK, f.PARTIAL)
    f.write_submission(root / "in" / "ben" / f.MODULE, partial, f.ON_TIME)
    collect(course, root / "in")
    run(course, workers=2, limits=Limits(cell_timeout=10), show_progress=False)
    grade_manually(course, "ana", "opening_q3", 2.0)
    return report(course, root / "reports")


@pytest.fixture(scope="module")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium not installed: `make browser-deps`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return artifacts_folder(tmp_path_factory, "report-artifacts")


def test_completion_record_page_keeps_every_word_in_its_cell(reports, browser, artifacts):
    """At A4 width, printed, is the long full name shown and no text outside its table cell?"""
    page = browser.new_page(viewport={"width": A4_WIDTH_PX, "height": 1123})
    page.emulate_media(media="print")
    page.goto((reports.html.parent / "completion" / "ana.html").as_uri())
    assert LONG_NAME in page.inner_text("#full-name")
    assert page.evaluate(TEXT_OUTSIDE_ITS_CELL) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= A4_WIDTH_PX
    text = page.inner_text("body")
    for expected in (
        "1. Engages peers in collaborative and caring relationships",
        "Ethical Responsibility",
        "warm line crisis",
        "Attestation",
        "Trainer: name and signature",
        "Supervisor: name and signature",
    ):
        assert expected in text
    page.screenshot(path=artifacts / "completion-record.png", full_page=True)
    page.close()


def test_completion_record_pdf_keeps_every_character_in_its_cell(reports, artifacts):
    """Does the PDF name the trainee in full, with each table character inside a cell?"""
    import pdfplumber

    with pdfplumber.open(reports.html.parent / "completion" / "ana.pdf") as pdf:
        assert LONG_NAME in " ".join(pdf.pages[0].extract_text().split())
        outside, tables_found = [], 0
        for page in pdf.pages:
            tables = page.find_tables()
            tables_found += len(tables)
            for char in page.chars:
                assert char["x0"] >= 0 and char["x1"] <= page.width, char["text"]
                middle = ((char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2)
                for table in tables:
                    if _inside(middle, table.bbox) and not any(
                        _inside((char["x0"] + 0.5, char["top"] + 0.5), cell)
                        and _inside((char["x1"] - 0.5, char["bottom"] - 0.5), cell)
                        for cell in table.cells
                    ):
                        outside.append(char["text"])
        assert tables_found >= 3  # modules, competencies, role-plays
        assert outside == []
        for number, page in enumerate(pdf.pages, start=1):
            page.to_image(resolution=110).save(
                artifacts / f"completion-record-pdf-page-{number}.png"
            )


def _inside(point: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return x0 <= point[0] <= x1 and top <= point[1] <= bottom


def test_report_opens_with_status_and_what_is_waiting(reports, browser, artifacts):
    """Does report.html start with the status table and the waiting list, read in words, and
    leave the per-cell detail to the workbook?"""
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(reports.html.as_uri())
    headings = page.eval_on_selector_all("h2", "hs => hs.map(h => h.id || h.textContent)")
    assert headings[:3] == ["status", "waiting", "figures"]
    status = page.inner_text("#status + table")
    assert "Anastasia-Maximiliana" in status and "passed" in status and "not passed" in status
    waiting = page.inner_text("section.waiting")
    assert "ben, 01-fixture-basics: crisis cue missed" in waiting
    tables = " ".join(page.eval_on_selector_all("table", "ts => ts.map(t => t.innerText)"))
    for raw in ("None", "True", "False", "NaN", "NaT", "nan"):
        assert raw not in tables.split(), raw
    assert "grade_id" not in tables  # per-cell detail is in the workbook, not on the page
    assert page.evaluate(TEXT_OUTSIDE_ITS_CELL) == []
    assert page.evaluate("document.body.scrollHeight") < 6000
    page.screenshot(path=artifacts / "report.png", full_page=True)
    page.close()
    workbook = pd.read_excel(reports.excel, sheet_name=None)
    assert {"grades", "manual", "competencies"} <= set(workbook)


def test_competencies_sort_naturally_in_the_workbook(reports):
    """Are SAMHSA competencies in the order 1, 2, ..., 10 (not 1, 10, 2)?"""
    competencies = pd.read_csv(reports.csv_dir / "competencies.csv")
    samhsa = competencies[
        (competencies["trainee"] == "ana") & (competencies["framework"] == "SAMHSA")
    ]
    numbers = samhsa["competency"].astype(int).tolist()
    assert numbers == sorted(numbers) and numbers[-1] == 10


def test_feedback_hints_wrap_in_a_narrow_window(reports, browser, artifacts):
    """Does a failed test's hint wrap inside a 480 px window instead of running off the edge?"""
    from grading.feedback.generate import generate_feedback

    course = reports.html.parent.parent / "course"
    result = generate_feedback(course, trainees=["ben"], show_progress=False)
    page = browser.new_page(viewport={"width": 480, "height": 800})
    page.goto(result.written[0].as_uri())
    hint = page.locator("pre", has_text="Not quite").first
    assert hint.is_visible()
    widths = hint.evaluate("p => [p.scrollWidth, p.clientWidth]")
    assert widths[0] <= widths[1] + 1, widths
    page.screenshot(path=artifacts / "feedback-narrow.png", full_page=True)
    page.close()
