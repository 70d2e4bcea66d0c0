"""Scenario files: YAML with variants, validated into frozen pydantic models."""

from landsim.scenario.load import load_scenario, scenario_source
from landsim.scenario.schema import Scenario

__all__ = ["Scenario", "load_scenario", "scenario_source"]
