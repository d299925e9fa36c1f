"""Role-play simulator for peer support training: a simulated person a trainee talks with.

    from simulator import load_scenario, list_scenarios, Session, Transcript, replay

Subpackages: ``engine`` (the simulated person, turn by turn: scenario, session, transcript,
metrics), ``coding`` (what the helper's words do: MITI and peer codes, the stigma lexicon),
``voice`` (an optional model voice), ``faces`` (the notebook chat, pages, plots and
``python -m simulator``). Shared by all: ``errors``, ``safe_load`` (bounded file reading) and
``yaml_model`` (YAML validated by pydantic, with located errors). docs/architecture.md draws
how they fit together.
"""

from simulator.engine.scenario import Scenario, list_scenarios, load_scenario
from simulator.engine.session import Session, replay
from simulator.engine.transcript import Transcript, Turn
from simulator.errors import ContentError, ScenarioNotFound, SimulatorError, TranscriptError

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
