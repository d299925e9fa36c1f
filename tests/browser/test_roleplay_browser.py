"""Does the role-play work for a trainee in a real JupyterLab, in a real browser?

A JupyterLab server is started on 127.0.0.1 (free port, token) over a temporary folder holding
the free-practice notebook; Playwright drives Debian's chromium (`apt-get install -y chromium`;
Playwright's own browser download is never used). One module-scoped run opens the notebook, runs
it, picks a person, types a 6-turn conversation, saves and ends the session; the tests below
assert on what that run saw. Screenshots go to $BROWSER_ARTIFACTS (default: the test's tmp dir).
The server is stopped in the fixture's teardown, whatever happens.
"""

from __future__ import annotations

import json
import shutil
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from simulator import Session, Transcript, list_scenarios, load_scenario, replay
from simulator.engine.metrics import summarize
from tests.browser.lab import (
    CHROMIUM,
    CHROMIUM_ARGS,
    TIMEOUT_MS,
    artifacts_folder,
    jupyterlab,
    lab_environment,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "modules" / "practice" / "free-practice.ipynb"
ORG_SCENARIO = ROOT / "tests" / "fixtures" / "scenarios" / "practice-mini.yaml"
SCENARIO = "alcohol-ambivalence"
UTTERANCES = [
    "What brings you in today?",
    "So drinking helps you unwind after work, and you wonder what it costs you.",
    "Do you drink every night?",
    "You want to be present for your daughter.",
    "What would be different if you cut back?",
    "It sounds like part of you is ready to try something new.",
]
LATENCY_HOOK = """() => {
  const log = document.querySelector('.pstl-roleplay .pstl-log');
  window.__pstl = {start: null, seen: log.querySelectorAll('.pstl-person').length, ms: []};
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') window.__pstl.start = performance.now();
  }, true);
  new MutationObserver(() => {
    const count = log.querySelectorAll('.pstl-person').length;
    if (count > window.__pstl.seen && window.__pstl.start !== null) {
      window.__pstl.ms.push(performance.now() - window.__pstl.start);
      window.__pstl.seen = count;
      window.__pstl.start = null;
    }
  }).observe(log, {childList: true});
}"""

CONTRAST_SCRIPT = """(root) => {
  const rgba = (text) => {
    const parts = text.match(/rgba?\\(([^)]+)\\)/)[1].split(',').map(parseFloat);
    return parts.length > 3 ? parts : [...parts, 1];
  };
  const channel = (v) => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const background = (element) => {
    for (let e = element; e; e = e.parentElement) {
      const colour = rgba(getComputedStyle(e).backgroundColor);
      if (colour[3] > 0) return colour;
    }
    return [255, 255, 255, 1];
  };
  const own = root.querySelectorAll(
    '.pstl-log, .pstl-log *, .pstl-status, [style*="color"], [style*="color"] *');
  const found = [];
  for (const element of own) {
    const text = [...element.childNodes].filter((n) => n.nodeType === 3)
      .map((n) => n.textContent).join('').trim();
    if (!text || !element.getClientRects().length) continue;
    const fg = luminance(rgba(getComputedStyle(element).color));
    const bg = luminance(background(element));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    found.push({text: text.slice(0, 50), ratio: Math.round(ratio * 100) / 100});
  }
  return found;
}"""


@dataclass
class BrowserRun:
    """What the scripted trainee saw and did."""

    folder: Path
    artifacts: Path
    picker_options: list[str] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)
    counters: dict[str, str] = field(default_factory=dict)
    coach_text: str = ""
    coach_role: str = ""
    mood_text: str = ""
    status_after_save: str = ""
    downloaded: dict = field(default_factory=dict)
    summary_text: str = ""
    summary_image_alt: str = ""
    latencies_ms: list[float] = field(default_factory=list)
    accessible_names: list[tuple[str, str, str]] = field(default_factory=list)
    log_attributes: dict[str, str | None] = field(default_factory=dict)
    contrast: list[dict] = field(default_factory=list)
    focus_order: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server over a temp folder with the practice notebook; stopped afterwards."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `apt-get update && apt-get install -y chromium`")
    home = tmp_path_factory.mktemp("lab")
    folder = home / "root" / "practice"
    folder.mkdir(parents=True)
    shutil.copy2(NOTEBOOK, folder / NOTEBOOK.name)
    (folder / "org-scenarios").mkdir()  # as `grading workspace` installs an organization's extras
    shutil.copy2(ORG_SCENARIO, folder / "org-scenarios" / ORG_SCENARIO.name)
    env = lab_environment(home)
    with jupyterlab(home / "root", env, home / "jupyterlab.log") as (base, token):
        yield base, token, folder


@pytest.fixture(scope="module")
def run(lab, tmp_path_factory) -> BrowserRun:
    """Open the practice notebook, run it, and hold a 6-turn conversation by typing."""
    from playwright.sync_api import sync_playwright

    base, token, folder = lab
    artifacts = artifacts_folder(tmp_path_factory, "browser-artifacts")
    seen = BrowserRun(folder=folder, artifacts=artifacts)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
            page.set_default_timeout(TIMEOUT_MS)
            try:
                _converse(page, f"{base}/lab/tree/practice/{NOTEBOOK.name}?token={token}", seen)
            except Exception:
                page.screenshot(path=artifacts / "failure.png", full_page=True)
                (artifacts / "failure.html").write_text(page.content())
                raise
        finally:
            browser.close()
    return seen


def _converse(page: Page, url: str, seen: BrowserRun) -> None:
    page.goto(url)
    page.locator(".jp-Notebook").wait_for()
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for()
    page.locator(".jp-Cell").first.click()
    for _ in range(page.locator(".jp-Cell").count()):  # Shift+Enter, cell by cell, as taught
        page.keyboard.press("Shift+Enter")
    choice = page.get_by_label("Person to talk with:")
    choice.select_option(label=load_scenario(SCENARIO).title)
    options = choice.locator("option").all_text_contents()
    seen.picker_options = [text.replace("\xa0", " ") for text in options]  # ipywidgets: nbsp
    page.get_by_role("button", name="Start role-play").click()
    widget = page.locator(".pstl-roleplay")
    log = widget.locator(".pstl-log")
    log.locator(".pstl-person").first.wait_for()
    page.evaluate(LATENCY_HOOK)
    entry = widget.get_by_label("You say:")
    for number, text in enumerate(UTTERANCES, start=1):
        entry.click()
        entry.press_sequentially(text)
        entry.press("Enter")
        log.locator(".pstl-person").nth(number).wait_for()
    seen.latencies_ms = page.evaluate("() => window.__pstl.ms")
    seen.replies = [
        line.inner_text().split(": ", 1)[1] for line in log.locator(".pstl-person").all()[1:]
    ]
    for counter in widget.locator("[data-counter]").all():
        seen.counters[counter.get_attribute("data-counter")] = counter.inner_text()
    seen.coach_text = widget.locator(".pstl-coach").inner_text()
    seen.coach_role = widget.locator(".pstl-coach").get_attribute("role") or ""
    seen.mood_text = widget.locator(".widget-html-content", has_text="Rapport:").inner_text()
    widget.screenshot(path=seen.artifacts / "roleplay-chat.png")

    widget.get_by_role("button", name="Save transcript").click()
    status = widget.locator(".pstl-status")
    status.get_by_text("Saved").wait_for()
    seen.status_after_save = status.inner_text()
    with page.expect_download() as download:
        widget.get_by_role("link", name=f"Download roleplay-{SCENARIO}.json").click()
    seen.downloaded = json.loads(Path(download.value.path()).read_text())

    _check_focus_order(page, seen)
    _check_names_and_contrast(page, seen)

    widget.get_by_role("button", name="End session").click()
    summary = widget.locator("section[aria-label='Session summary']")
    summary.locator("img").wait_for()
    page.wait_for_function(
        "() => document.querySelector(\"section[aria-label='Session summary'] img\").complete"
    )
    seen.summary_text = summary.inner_text()
    seen.summary_image_alt = summary.locator("img").get_attribute("alt") or ""
    summary.screenshot(path=seen.artifacts / "roleplay-summary.png")
    _check_names_and_contrast(page, seen)


def _check_names_and_contrast(page: Page, seen: BrowserRun) -> None:
    """Collect Chromium's own accessible names, the log's live-region attributes and contrast."""
    widget = page.locator(".pstl-roleplay")
    log = widget.locator(".pstl-log")
    seen.log_attributes = {
        name: log.get_attribute(name) for name in ("role", "aria-live", "aria-label", "tabindex")
    }
    cdp = page.context.new_cdp_session(page)
    cdp.send("Accessibility.enable")
    document = cdp.send("DOM.getDocument", {"depth": -1})
    root = cdp.send(
        "DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": ".pstl-roleplay"}
    )
    controls = cdp.send(
        "DOM.querySelectorAll",
        {
            "nodeId": root["nodeId"],
            "selector": "input, button, select, textarea, a[href], [tabindex], [role=log], img",
        },
    )
    for node_id in controls["nodeIds"]:
        nodes = cdp.send(
            "Accessibility.getPartialAXTree", {"nodeId": node_id, "fetchRelatives": False}
        )["nodes"]
        if not nodes or nodes[0].get("ignored"):
            continue  # hidden (e.g. Resume before there is anything to resume): no one meets it
        node = nodes[0]
        html = cdp.send("DOM.getOuterHTML", {"nodeId": node_id})["outerHTML"][:120]
        role = node.get("role", {}).get("value", "")
        name = str(node.get("name", {}).get("value", "")).strip()
        seen.accessible_names.append((role, name, html))
    cdp.detach()
    seen.contrast += widget.evaluate(CONTRAST_SCRIPT)


def _check_focus_order(page: Page, seen: BrowserRun) -> None:
    """Press Tab from the text box and note the label of each control that gets focus."""
    page.locator(".pstl-roleplay").get_by_label("You say:").focus()
    for _ in range(6):
        page.keyboard.press("Tab")
        seen.focus_order.append(
            page.evaluate(
                "() => { const e = document.activeElement;"
                " return (e.labels && e.labels[0] ? e.labels[0].innerText : e.innerText)"
                ".trim(); }"
            )
        )


def test_picker_lists_every_scenario_with_the_organizations_extras(run):
    """Does the practice notebook's picker list every packaged scenario plus the org's extra?"""
    extras = [run.folder / "org-scenarios"]
    assert run.picker_options == [scenario.title for scenario in list_scenarios(extras)]
    assert load_scenario(ORG_SCENARIO).title in run.picker_options


def test_replies_are_the_simulators_replies(run):
    """Does each typed turn get the reply the simulator gives for the same words and seed?"""
    expected = Session.from_utterances(SCENARIO, UTTERANCES, seed=0).transcript
    assert run.replies == [turn.reply for turn in expected.turns]


def test_counters_coach_and_mood_are_shown(run):
    """Do the live counters match the session summary, and are coach and mood shown in words?"""
    summary = summarize(Session.from_utterances(SCENARIO, UTTERANCES, seed=0).transcript)
    assert run.counters == {
        "Open questions": str(summary.open_questions),
        "Closed questions": str(summary.closed_questions),
        "Simple reflections": str(summary.simple_reflections),
        "Complex reflections": str(summary.complex_reflections + summary.summaries),
        "Reflections per question (R:Q)": f"{summary.reflection_to_question:.1f}",
    }
    assert run.coach_text.startswith("Coach:") and len(run.coach_text) > 20
    assert run.coach_role == "status", "coach notes are announced to screen readers"
    assert "Rapport:" in run.mood_text and "of 1" in run.mood_text
    assert "Readiness to change:" in run.mood_text


def test_saved_transcript_replays_to_the_same_session(run):
    """Does the saved file hold the typed turns, match the download, and replay identically?"""
    saved = Transcript.load(run.folder / f"roleplay-{SCENARIO}.json")
    assert saved.helper_utterances == UTTERANCES
    assert saved.ended, "End session saves the ended transcript"
    assert replay(saved) == saved
    assert run.status_after_save == f"Saved 6 turn(s) to roleplay-{SCENARIO}.json."
    assert Transcript.from_data(run.downloaded).helper_utterances == UTTERANCES


def test_summary_appears_with_described_plots(run):
    """After End session, is there a summary table and a plot whose alt text gives the numbers?"""
    summary = summarize(Transcript.load(run.folder / f"roleplay-{SCENARIO}.json"))
    assert "Session summary" in run.summary_text
    assert f"{summary.reflection_to_question:.1f}" in run.summary_text
    assert "Rapport after each turn" in run.summary_image_alt
    assert (run.artifacts / "roleplay-chat.png").stat().st_size > 10_000
    assert (run.artifacts / "roleplay-summary.png").stat().st_size > 10_000


def test_every_control_has_an_accessible_name(run):
    """Does Chromium compute a non-empty accessible name for every control, log and image?"""
    unnamed = [(role, html) for role, name, html in run.accessible_names if not name]
    assert not unnamed, f"controls without an accessible name: {unnamed}"
    roles = {role for role, _, _ in run.accessible_names}
    assert {"log", "textbox", "button", "checkbox", "link", "image"} <= roles


def test_conversation_is_a_polite_live_log(run):
    """Is the conversation a focusable role=log region that screen readers announce politely?"""
    assert run.log_attributes == {
        "role": "log",
        "aria-live": "polite",
        "aria-label": "Conversation with Teresa",
        "tabindex": "0",
    }


def test_widget_colours_have_enough_contrast(run):
    """Does all text in the widget's own colours reach a 4.5:1 contrast ratio (WCAG AA)?"""
    assert len(run.contrast) > 10
    low = [item for item in run.contrast if item["ratio"] < 4.5]
    assert not low, f"text below 4.5:1 contrast: {low}"


def test_focus_order_follows_the_layout(run):
    """Does Tab go from the text box to Send, the coach switch, then the session buttons?"""
    assert run.focus_order == [
        "Send",
        "Show coach notes",
        "End session",
        "Start over",
        "Save transcript",
        f"Download roleplay-{SCENARIO}.json",
    ]


def test_latency_is_measured_and_printed(run, capsys, record_property):
    """How long from pressing Enter to the reply appearing? (printed, not asserted)

    Also written to latency.txt among the artifacts and recorded as a junit property, since
    pytest-xdist workers' prints do not reach the terminal.
    """
    assert len(run.latencies_ms) == len(UTTERANCES)
    line = (
        f"role-play latency, Enter to reply shown (ms): "
        f"{', '.join(f'{ms:.0f}' for ms in run.latencies_ms)}; "
        f"median {statistics.median(run.latencies_ms):.0f}, max {max(run.latencies_ms):.0f}"
    )
    (run.artifacts / "latency.txt").write_text(line + "\n")
    record_property("latency_ms", [round(ms) for ms in run.latencies_ms])
    with capsys.disabled():
        print("\n" + line)
