"""Values that change by year and hold until the next year given (a step function).

In YAML a yearly value is either one number, valid for every year::

    vacate_mu: 2500

or a mapping of years to numbers, each valid until the next year given::

    tax_per_mu_below: {2024: 2, 2026: 3, 2028: 5}

A mapping must start no later than the scenario's first year; landsim checks that
when the whole scenario is validated (:func:`check_coverage`).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

from landsim.scenario.distributions import finite, parse_distribution, text_hint

#: The key under which a single number is stored: "from the beginning of time".
ALWAYS = -(10**6)


@dataclass(frozen=True)
class Yearly:
    """A step function of years.

    Parameters
    ----------
    steps
        ``(first_year, value)`` pairs sorted by year; the first year of a single number
        is :data:`ALWAYS`.

    Examples
    --------
    >>> y = Yearly.parse({2024: 2, 2026: 3})
    >>> [y.at(t) for t in (2024, 2025, 2026, 2030)]
    [2.0, 2.0, 3.0, 3.0]
    >>> Yearly.parse(5).at(1999)
    5.0
    """

    steps: tuple[tuple[int, Any], ...]

    @classmethod
    def parse(cls, raw: Any) -> Yearly:
        """Build from a number or a ``{year: number}`` mapping; raise ``ValueError`` if neither."""
        if isinstance(raw, Yearly):
            return raw
        if isinstance(raw, Mapping) and "dist" not in raw:
            if not raw:
                raise ValueError("give at least one year")
            steps = []
            for year, value in raw.items():
                if isinstance(year, bool) or not isinstance(year, int):
                    raise ValueError(f"year keys must be whole years like 2024, not {year!r}")
                steps.append((year, _number(value, f"the value for {year}")))
            return cls(tuple(sorted(steps)))
        return cls(((ALWAYS, _number(raw, "the value")),))

    def at(self, year: int) -> Any:
        """Value in force in *year*; raise ``ValueError`` before the first year given."""
        years = [y for y, _ in self.steps]
        i = bisect.bisect_right(years, year) - 1
        if i < 0:
            raise ValueError(f"no value for {year}: the first year given is {years[0]}")
        return self.steps[i][1]

    @property
    def first_year(self) -> int:
        """The first year with a value (:data:`ALWAYS` for a single number)."""
        return self.steps[0][0]

    def values(self) -> Iterator[Any]:
        """Iterate over the values given."""
        return (v for _, v in self.steps)

    def map(self, fn: Any) -> Yearly:
        """Apply *fn* to every value, keeping the years."""
        return Yearly(tuple((y, fn(v)) for y, v in self.steps))

    def dump(self) -> Any:
        """Return the YAML form: a number, or a ``{year: value}`` mapping."""
        if len(self.steps) == 1 and self.steps[0][0] == ALWAYS:
            return _dump_leaf(self.steps[0][1])
        return {y: _dump_leaf(v) for y, v in self.steps}

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.with_info_plain_validator_function(
            _validate,
            serialization=core_schema.plain_serializer_function_ser_schema(lambda v: v.dump()),
        )


def _validate(raw: Any, info: core_schema.ValidationInfo) -> Yearly:
    try:
        value = Yearly.parse(raw)
    except ValueError as exc:
        problem = str(exc)  # a value's own hint says what to write: no second "write"
        if " write " not in problem:
            problem += "; write one number or a mapping like {2024: 2, 2026: 3}"
        raise PydanticCustomError("yearly", "{problem}", {"problem": problem}) from None
    start = (info.context or {}).get("horizon_start")
    if isinstance(start, int) and (msg := check_coverage(value, start)):
        raise PydanticCustomError("yearly_coverage", "{problem}", {"problem": msg})
    return value


def _number(value: Any, what: str) -> Any:
    # Distributions (see landsim.scenario.distributions) are allowed wherever a number is.
    if hasattr(value, "sample") and hasattr(value, "central"):
        return value
    if isinstance(value, Mapping) and "dist" in value:
        return parse_distribution(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{what} must be a number, got {value!r}{text_hint(value)}")
    try:
        return finite(value)
    except ValueError as exc:
        raise ValueError(f"{what}: {exc}") from None


def _dump_leaf(value: Any) -> Any:
    return value.dump() if hasattr(value, "dump") else value


def check_coverage(value: Yearly, start: int) -> str | None:
    """Return a message if *value* has no value for the first simulated year *start*."""
    if value.first_year > start:
        return (
            f"the first year given is {value.first_year} but the horizon starts in {start}; "
            f"add a value for {start}"
        )
    return None
