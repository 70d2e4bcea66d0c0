"""What both sensitivity methods share: the output studied, the uncertain parameters, runs.

An :class:`Output` is one variable of the long table in one year, for the district or a
platform. :func:`evaluate` measures it at many sets of parameter values in one batch of
draws (each set one draw, with common random numbers); the one-at-a-time method
(:mod:`landsim.analysis.sensitivity`) and Sobol' indices (:mod:`landsim.analysis.sobol`)
both call it.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from landsim.accounting.economics import compute
from landsim.accounting.long import series
from landsim.accounting.variables import BY_NAME, QUANTITY_LABELS, Variable, new_use_variable
from landsim.engine.batch import simulate_batch
from landsim.errors import InputError, Problem
from landsim.model import Model, Reader, build_params
from landsim.scenario import Scenario
from landsim.streams import Streams


@dataclass(frozen=True)
class Output:
    """The output studied: one variable, one year, one platform (or the district)."""

    variable: str
    year: int
    platform: str = "district"

    def label(self) -> str:
        """How the output is named in tables and charts."""
        where = "" if self.platform == "district" else f" ({self.platform})"
        return f"{self.variable}{where} in {self.year}"


def output_variable(name: str) -> Variable | None:
    """Return the long table's definition of variable *name*: its unit and its labels.

    A new use's contribution (``output|programme|new|<use>``) is defined per use, as the
    long table does; any other unknown name has no definition.
    """
    if name in BY_NAME:
        return BY_NAME[name]
    parts = name.split("|", 3)
    if len(parts) == 4 and parts[1:3] == ["programme", "new"] and parts[0] in QUANTITY_LABELS:
        return new_use_variable(parts[0], parts[3])
    return None


@dataclass
class _WholeYears(Reader):
    """A reader that notes the paths the model reads as whole years (:meth:`Reader.years`)."""

    paths: set[str] = field(default_factory=set)

    def years(self, value: Any, path: str) -> np.ndarray:
        """Read whole years, and note *path*."""
        self.paths.add(path)
        return super().years(value, path)


def uncertain_parameters(scenario: Scenario) -> dict[str, Any]:
    """Every parameter given as a distribution, by dotted path, in reading order."""
    found: dict[str, Any] = {}

    def record(path: str, dist: Any, draws: int) -> np.ndarray:
        found[path] = dist
        return np.full(draws, dist.central())

    build_params(scenario, Reader(1, sampler=record))
    return found


def whole_year_parameters(scenario: Scenario) -> set[str]:
    """Dotted paths of the parameters the model rounds to whole years (lags, durations)."""
    reader = _WholeYears(1)
    build_params(scenario, reader)
    return reader.paths


def as_run(path: str, values: np.ndarray, whole_years: set[str]) -> np.ndarray:
    """*values* of the parameter at *path* as the model runs them.

    Lags and durations (*whole_years*) are rounded as :meth:`Reader.years` rounds them
    (to the nearest year, halves up, never below 0); other values are run as given.
    """
    values = np.asarray(values, dtype=float)
    if path not in whole_years:
        return values
    reader = Reader(len(values), overrides={path: values})
    return reader.years(None, path).astype(float)


def evaluate(
    scenario: Scenario,
    model: Model,
    output: Output,
    values: dict[str, np.ndarray],
    draws: int,
    *,
    streams: Streams,
    workers: int = 1,
    executor: Executor | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> np.ndarray:
    """Compute the output for *draws* parameter sets; parameters not in *values* stay central.

    The evaluations run on *executor* (e.g. Dask's) when given, else on *workers* processes.
    """

    def sampler(path: str, dist: Any, n: int) -> np.ndarray:
        return (
            np.asarray(values[path], dtype=float) if path in values else np.full(n, dist.central())
        )

    c = model.with_params(build_params(scenario, Reader(draws, sampler=sampler)))
    # common random numbers: the events `landsim.run` gives its run at central values
    common = [streams.common()] * draws
    batch = simulate_batch(c, common, workers=workers, executor=executor, progress=progress)
    outcome = compute(c, batch.bins)
    for name, data in series(scenario, c, outcome, batch.quotas):
        if name == output.variable:
            last = int(c.years[-1])
            years = np.arange(last - data.shape[-1] + 1, last + 1)
            if output.year not in years:
                raise _bad_output(c, output, f"year {output.year} is outside {years[0]}–{last}")
            row = [*c.platform_ids, "district"].index(output.platform)
            column = int(np.flatnonzero(years == output.year)[0])
            if np.isnan(data[:, row, column]).all():
                raise _bad_output(c, output, _where_defined(data[0], years, output))
            return data[:, row, column]
    raise _bad_output(c, output, f"no variable {output.variable!r}; see docs/variables.md")


def check_output(scenario: Scenario, model: Model, output: Output, streams: Streams) -> None:
    """Refuse an output with no value where it is asked for, from one run at central values.

    Before the analysis's many runs: an output that is not there (a target share in a
    run-out year, or of a platform) would otherwise come out as "no parameter matters".
    """
    evaluate(scenario, model, output, {}, 1, streams=streams)


def _where_defined(data: np.ndarray, years: np.ndarray, output: Output) -> str:
    """Say where the ``(platform, year)`` values *data* of the output have a value."""
    known = ~np.isnan(data)
    when = years[known.any(axis=0)]
    if not when.size:
        return f"{output.variable} has no value in any year"
    span = f"{when[0]}–{when[-1]}" if when.size > 1 else str(when[0])
    why = (
        " (a target's share exists for the district, in programme years)"
        if output.variable.startswith("target_share|")
        else ""
    )
    return (
        f"{output.variable} has no value for {output.platform} in {output.year}; it has "
        f"values in {span}{why}: choose another --year or --platform"
    )


def _bad_output(c: Model, output: Output, why: str) -> InputError:
    return InputError("cannot measure that output", [Problem("--output", output.variable, why)])


def required_parameters(scenario: Scenario) -> dict[str, Any]:
    """Return the uncertain parameters (:func:`uncertain_parameters`); refuse if none."""
    params = uncertain_parameters(scenario)
    if not params:
        raise InputError(
            "nothing to analyse",
            [
                Problem(
                    scenario.name,
                    "",
                    "the scenario has no distributions; give uncertain parameters as "
                    "{dist: ...} (see docs/uncertainty.md)",
                )
            ],
        )
    return params
