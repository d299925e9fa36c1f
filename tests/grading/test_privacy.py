"""Tests for grading.report.privacy: are personal details scrubbed and course facts kept?"""

from __future__ import annotations

import pandas as pd
import pytest

from grading.report.privacy import Scrubber, scrub_frame, scrub_text


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("Call me at (555) 123-4567 tonight.", "(555) 123-4567"),
        ("My cell is 555.123.4567.", "555.123.4567"),
        ("Text +1 555 123 4567 after work.", "555 123 4567"),
        ("The desk is 555-0100.", "555-0100"),
        ("Reach her on 5551234567", "5551234567"),
        ("Write to ana.p+peer@example.org please", "ana.p+peer@example.org"),
        ("She lives at 42 Oak Street, Apt 3, Springfield, IL 62704.", "42 Oak Street"),
        ("Send it to PO Box 17.", "PO Box 17"),
        ("DOB: 3/14/1990", "3/14/1990"),
        ("I was born on May 2, 1988 in Ohio.", "May 2, 1988"),
        ("date of birth 1990-03-14", "1990-03-14"),
        ("SSN 123-45-6789", "123-45-6789"),
    ],
)
def test_personal_details_are_replaced(text: str, detail: str) -> None:
    """Is each kind of personal detail gone from the scrubbed text, with a placeholder left?"""
    scrubbed = scrub_text(text)
    assert detail not in scrubbed
    assert "[" in scrubbed and "]" in scrubbed


def test_marked_names_are_replaced_whole_word_any_case() -> None:
    """Are the names a trainee marks replaced, whole words only, in any case?"""
    scrubbed = scrub_text("Maria said Maria's brother and MARIA, not Mariana.", ["Maria", " "])
    assert scrubbed == "[name] said [name]'s brother and [name], not Mariana."


def test_course_facts_are_kept() -> None:
    """Are crisis lines, billing codes, session dates, times and counts left alone?"""
    text = (
        "Call or text 988. Service code H0038, Units: 4, Date: 03/14/2026, 9:00 AM - 9:45 AM, "
        "15 minutes, 2 people, in 2024, age 34, checksum 3f5a5551234567abcd."
    )
    assert scrub_text(text) == text


def test_json_data_and_frames_are_scrubbed_but_keys_kept() -> None:
    """Are strings inside JSON-like data and DataFrame cells scrubbed, keys and numbers kept?"""
    data = {"helper": "Call Jo at 555-0100", "turn": 3, "codes": ["jo@x.org"]}
    assert Scrubber(("Jo",)).data(data) == {
        "helper": "Call [name] at [phone]",
        "turn": 3,
        "codes": ["[email]"],
    }
    frame = pd.DataFrame({"note": ["Jo: 555-0100"], "score": [3.0]})
    scrubbed = scrub_frame(frame, ["Jo"])
    assert scrubbed.loc[0, "note"] == "[name]: [phone]"
    assert scrubbed.loc[0, "score"] == 3.0
