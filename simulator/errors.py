"""Errors the simulator raises, each naming the file and the place that is wrong.

SimulatorError
├── ContentError        a YAML file (scenario, profile) is missing, unreadable or invalid
├── ScenarioNotFound    no packaged or extra scenario has that id
└── TranscriptError     a transcript file is corrupt, from another schema version, or
                        does not replay
"""

from __future__ import annotations


class SimulatorError(Exception):
    """Base class: every error the simulator raises on bad input."""


class ContentError(SimulatorError):
    """A content file is invalid. `problems` lists each one as 'file, line N: field: message'."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        listing = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{path} is not valid:\n{listing}")


class ScenarioNotFound(SimulatorError):
    """No scenario with the requested id."""


class TranscriptError(SimulatorError):
    """A transcript cannot be loaded or replayed."""
