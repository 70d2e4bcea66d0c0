"""The scenario contract: pydantic models, unknown keys refused, instances frozen.

``docs/scenario.md`` is rendered from these models (see :mod:`landsim.scenario.reference`),
so every field's docstring here is user documentation.
"""

from landsim.scenario.schema.scenario import Scenario

__all__ = ["Scenario"]
