"""Role-play simulator for peer support training.

from simulator import load_scenario, list_scenarios, Session, Transcript, replay
"""

from simulator.errors import ContentError, ScenarioNotFound, SimulatorError, TranscriptError
from simulator.scenario import Scenario, list_scenarios, load_scenario
from simulator.session import Session, replay
from simulator.transcript import Transcript, Turn

__all__ = [
    "ContentError",
    "Scenario",
    "ScenarioNotFound",
    "Session",
    "SimulatorError",
    "Transcript",
    "TranscriptError",
    "Turn",
    "list_scenarios",
    "load_scenario",
    "replay",
]
