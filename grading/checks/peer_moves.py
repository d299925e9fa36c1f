"""Peer moves in a written answer, heard by the simulator's own peer codes.

A written line ("Write what you would say if she asks whether the police will come") is judged
by the same rules as a role-play turn, so the two never disagree:

    >>> sorted(peer_moves("I can't promise the police won't come; only if you're in danger."))
    ['emergency_honesty']
"""

from __future__ import annotations

from simulator.coding.peer_codes import peer_flags


def peer_moves(text: str, context: str = "") -> set[str]:
    """The peer codes (e.g. 'naloxone', 'emergency_honesty', 'scope_violation') heard in `text`
    as a helper's words; `context` is what the person said just before, if the answer replies
    to it ("Could someone hold onto it?" after "The rifle is in the basement.")."""
    return {flag.kind for flag in peer_flags(str(text), "helper", [context] if context else [])}
