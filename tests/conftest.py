"""Shared fixtures. Everything a test writes goes under tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator import Scenario, load_scenario
from tests.security.network_guard import no_network  # noqa: F401  (autouse: no network)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture
def mini_scenario() -> Scenario:
    """A small scenario with every bank and a crisis cue after turn 3."""
    return load_scenario(FIXTURES / "scenarios" / "practice-mini.yaml")
