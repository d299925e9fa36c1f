"""Coach notes on a helper's turn, read as a trainee reads them."""

from __future__ import annotations

from simulator.coding.coach import coach_note
from simulator.coding.coder import MICoder


def test_a_stigma_note_names_every_term_with_its_reason_and_alternative():
    """Does a turn with two labels get a note naming both, why each hurts and what to say
    instead, without quoting the explanation as if it were the word?"""
    coding = MICoder.load().code("So you relapsed again, you addict?", context=["I used again."])
    note = coach_note(coding, "neutral")
    assert note.startswith("Careful with this wording.")
    for term, instead in (("relapsed", "return to use"), ("addict", "person with a substance")):
        assert f'"{term}":' in note and f'Say "{instead}' in note, note
    assert "more)" not in note and "'\"" not in note and ".;" not in note
    assert note.count("Careful") == 1
