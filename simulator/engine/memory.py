"""What the simulated person remembers of the conversation: so they never repeat a line,
tell a fact the same way every time, and keep to their thread.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from simulator.engine.understanding import Recent

#: Unused lines considered at each pick: mostly in order (surface to deeper), a little varied.
PICK_WINDOW = 2


@dataclass
class Memory:
    """The person's memory of one session."""

    random: random.Random
    thread: str
    used: set[str] = field(default_factory=set)
    told: set[str] = field(default_factory=set)  # fact ids and crisis answers already given
    recent: list[Recent] = field(default_factory=list)
    mentioned: set[str] = field(default_factory=set)
    permission_given: bool = False  # granted, for the turn that follows (or the one after)
    permission_turns: int = 0  # turns the granted permission still covers
    permission_to_share: bool = False  # leave to share or suggest (not to ask questions)
    cue_ignored: int = 0

    def pick(self, lines: Sequence[str]) -> str | None:
        """The next unused line of `lines` (in order, with a little seeded variety), or None."""
        fresh = [line for line in lines if line not in self.used]
        if not fresh:
            return None
        choice = self.random.choice(fresh[:PICK_WINDOW])
        self.used.add(choice)
        return choice

    def heard(self, line: str, topic: str | None, named: set[str]) -> None:
        """Remember a line the person said, its topic, and the topics it names."""
        self.recent = [*self.recent[-3:], Recent(line, topic)]
        if topic is not None:
            self.thread = topic
            self.mentioned.add(topic)
        self.mentioned |= named
