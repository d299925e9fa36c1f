"""Do the end-of-session plots show MITI thresholds, rapport and talk without relying on colour?"""

from __future__ import annotations

import pytest

from simulator import Session
from simulator.engine.metrics import summarize
from simulator.faces.plots import describe, figure_png, session_figure

TURNS = [
    "What brings you in today?",
    "So drinking helps you unwind, and you wonder what it costs you.",
    "You want to be there for your daughter.",
]


@pytest.fixture(scope="module")
def summary():
    return summarize(Session.from_utterances("alcohol-ambivalence", TURNS).transcript)


def test_threshold_panels_mark_fair_and_good_with_different_line_styles(summary):
    """Are the MITI fair and good thresholds drawn where MITI puts them, dashed vs solid, named?"""
    figure = session_figure(summary)
    titles = [axes.get_title() for axes in figure.axes]
    assert titles == [
        "Reflections per question (R:Q)",
        "Complex reflections (%)",
        "Rapport over turns",
        "Change vs sustain talk",
    ]
    for axes, (fair, good) in zip(figure.axes[:2], [(1, 2), (40, 50)], strict=True):
        lines = {line.get_xdata()[0]: line.get_linestyle() for line in axes.get_lines()}
        assert lines == {fair: "--", good: "-"}
        assert {"fair", "good"} <= {text.get_text().strip() for text in axes.texts}


def test_rapport_and_talk_panels_carry_the_numbers(summary):
    """Does the rapport line follow every turn, and do the talk bars carry their counts as text?"""
    rapport_axes, talk_axes = session_figure(summary).axes[2:]
    assert list(rapport_axes.get_lines()[0].get_ydata()) == summary.rapport
    labels = [text.get_text() for text in talk_axes.texts]
    assert labels == [str(summary.change_talk), str(summary.sustain_talk)]
    assert {patch.get_hatch() for patch in talk_axes.patches} == {"..", "xx"}


def test_description_gives_every_number_in_words(summary):
    """Does the alt text name each measure, its MITI level and the rapport after each turn?"""
    text = describe(summary)
    assert f"Reflections per question {summary.reflection_to_question:.1f}" in text
    assert summary.level("percent_complex_reflections") in text
    assert all(f"{value:.2f}" in text for value in summary.rapport)
    assert f"Change talk {summary.change_talk}, sustain talk {summary.sustain_talk}" in text


def test_an_empty_session_still_plots():
    """Does ending before the first turn give a figure and a description, not an error?"""
    empty = summarize(Session("alcohol-ambivalence").end())
    assert figure_png(session_figure(empty)).startswith(b"\x89PNG")
    assert "no turns yet" in describe(empty)
