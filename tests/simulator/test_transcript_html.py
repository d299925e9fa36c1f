"""Does the trainer's HTML view of a transcript show every turn, safely and honestly?"""

from __future__ import annotations

import html
import re

import pytest

from simulator import Session, load_scenario
from simulator.faces.transcript_html import export_html, scrub, transcript_html

SCENARIO = "medication-stopping"
TURNS = [
    "What has it been like since you started the new medication?",
    "You should stop taking that medication, it sounds like bipolar disorder.",
    "Are you an addict?",
    "Call me at 555-123-4567 or write to jo@example.org. <script>alert(1)</script>",
]


@pytest.fixture(scope="module")
def session() -> Session:
    return Session.from_utterances(SCENARIO, TURNS, seed=2)


@pytest.fixture(scope="module")
def page(session) -> str:
    return transcript_html(session.transcript, load_scenario(SCENARIO))


def test_every_turn_shows_code_flags_reply_and_coach_note(session, page):
    """Does each turn appear with its code, peer flags with suggestions, reply and coach note?"""
    for turn in session.transcript.turns:
        row = re.search(rf'<tr id="turn-{turn.index}">(.*?)</tr>', page, re.S)
        assert row, f"turn {turn.index} missing"
        assert turn.coding.code.replace("_", " ") in row.group(1)
        assert turn.reply_kind in row.group(1)
    text = html.unescape(page)
    assert "scope violation: diagnoses" in text
    assert 'Say "person with a substance use disorder" instead.' in text
    assert all(turn.coach in text for turn in session.transcript.turns)


def test_summary_and_supervisor_flags(page):
    """Does the page show the MITI levels and tell the supervisor about scope and stigma flags?"""
    assert "Reflections per question (R:Q)" in page and "1 / 2" in page
    assert "1 scope-of-practice flag(s)" in page
    assert "1 stigmatizing-language flag(s)" in page


def test_trainee_text_is_escaped(page):
    """Is markup typed by a trainee shown as text, never as live HTML?"""
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_personal_details_are_scrubbed_unless_asked_to_keep_them(session):
    """Are e-mail addresses and phone numbers removed by default (and kept on request)?"""
    scrubbed = transcript_html(session.transcript, load_scenario(SCENARIO))
    assert "555-123-4567" not in scrubbed and "jo@example.org" not in scrubbed
    assert "[phone removed]" in scrubbed and "[e-mail removed]" in scrubbed
    kept = transcript_html(session.transcript, load_scenario(SCENARIO), scrub_details=False)
    assert "555-123-4567" in kept and "jo@example.org" in kept
    assert scrub("Call or text 988 any time.") == "Call or text 988 any time."


def test_replay_check_tells_an_edited_file_apart(session, tmp_path):
    """Does the page say whether the file replays to the same session, or that it was edited?"""
    original = tmp_path / "original.json"
    session.transcript.save(original)
    assert (
        "replays to exactly this session" in export_html(original, tmp_path / "a.html").read_text()
    )
    edited = session.transcript.model_copy(deep=True)
    edited.turns[0] = edited.turns[0].model_copy(update={"reply": "Everything is perfect."})
    edited.save(tmp_path / "edited.json")
    page = export_html(tmp_path / "edited.json", tmp_path / "b.html").read_text()
    assert "the replay differs from this file" in page


def test_unknown_scenario_is_not_checked_but_still_shown(session, tmp_path):
    """Is a transcript of a scenario missing on this machine still exported, and said unchecked?"""
    foreign = session.transcript.model_copy(update={"scenario": "org-only-scenario"})
    foreign.save(tmp_path / "foreign.json")
    page = export_html(tmp_path / "foreign.json", tmp_path / "out" / "c.html").read_text()
    assert "not checked: scenario &#39;org-only-scenario&#39; was not found" in page
    assert session.transcript.turns[0].reply in html.unescape(page)
