"""Consistency rules that span several parts of a scenario.

Each rule is a small function ``rule(scenario) -> [(path, message), ...]``. They run
after the schema has validated every field, so they can rely on types, and their
messages point at the offending key (``file:line:col``) when the scenario came from YAML.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from landsim.scenario.schema.scenario import Scenario, iter_values
from landsim.scenario.yearly import Yearly, check_coverage

Finding = tuple[tuple[Any, ...], str]
Rule = Callable[[Scenario], Iterable[Finding]]


def yearly_values_cover_start(scenario: Scenario) -> Iterable[Finding]:
    """Every yearly mapping has a value for the horizon's first year."""
    for path, value in iter_values(scenario):
        if isinstance(value, Yearly) and (msg := check_coverage(value, scenario.horizon.start)):
            yield path, msg


RULES: list[Rule] = [yearly_values_cover_start]


def check(scenario: Scenario, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Run every consistency rule and return all findings."""
    return [f for rule in (RULES if rules is None else rules) for f in rule(scenario)]
