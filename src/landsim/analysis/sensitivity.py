"""Sensitivity analysis: which uncertain parameter matters most for a headline output.

Two methods, both on the parameters a scenario gives as distributions:

* **one at a time** (OAT): each parameter in turn at a low and a high quantile of its
  distribution (default P10 and P90), all others at their central values; the swing of
  the output is drawn as a tornado chart.
* **Sobol indices**: variance-based first-order and total indices from quasi-random
  (Sobol') samples, with ``scipy.stats.sobol_indices`` and bootstrap confidence
  intervals (:mod:`landsim.analysis.sobol`). It costs ``n × (d + 2)`` evaluations for
  ``d`` parameters.

Every evaluation is one draw of the batch engine, so all of them run together; each uses
the same random events (:meth:`Streams.common`: common random numbers), so
refusals do not add noise to the comparison. Sobol' sequences are scrambled with a stream
of their own (:meth:`Streams.sobol`).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

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


#: How far a Sobol' estimate may stray outside 0 ≤ first order ≤ total order before it is
#: called sampling noise (assumption: indices within 0.01 of a bound change no reading of
#: which parameters matter; a −0.0002 was flagged and a 0.013 above 0.005 was not).
NOISE_TOLERANCE = 0.01


def noisy_indices(table: pd.DataFrame, tolerance: float = NOISE_TOLERANCE) -> pd.DataFrame:
    """Rows of a Sobol' *table* whose first-order index is below 0 or above the total.

    In theory 0 ≤ S1 ≤ ST; estimates outside that by more than *tolerance* are sampling
    noise, and more samples are needed.
    """
    first, total = table["first_order"], table["total_order"]
    return table[(first < -tolerance) | (first > total + tolerance)]


def oat_with_effect(table: pd.DataFrame) -> pd.DataFrame:
    """Rows of a one-at-a-time *table* whose parameter moves the output (swing above noise).

    What the tornado chart and the console show; the others are counted in a note.
    """
    return table[table["swing"] > 1e-9 * max(float(table["swing"].max()), 1.0)]


def sobol_with_effect(table: pd.DataFrame) -> pd.DataFrame:
    """Rows of a Sobol' *table* whose parameter has an index other than 0."""
    return table[(table["total_order"].abs() > 1e-9) | (table["first_order"].abs() > 1e-9)]


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


def one_at_a_time(
    scenario: Scenario,
    model: Model,
    output: Output,
    *,
    low: float = 0.1,
    high: float = 0.9,
    streams: Streams,
    workers: int = 1,
    executor: Executor | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Swing of *output* as each parameter moves from its *low* to its *high* quantile.

    Returns
    -------
    pandas.DataFrame
        One row per parameter, largest swing first: ``parameter, value_low, value_high,
        output_low, output_high, swing``, ``output_central`` (all parameters central),
        ``unit`` (the output's, as in the long table), ``value_central``, and
        ``quantile_low, quantile_high``: the distribution's quantiles. The values are those
        the model runs: a lag or duration is rounded to whole years
        (:func:`whole_year_parameters`), so its ``value_low`` may differ from its
        ``quantile_low`` and equal its ``value_central``.
    """
    params = required_parameters(scenario)
    names = list(params)
    draws = 1 + 2 * len(names)
    values = {}
    for k, name in enumerate(names):
        dist = params[name]
        column = np.full(draws, dist.central())
        column[1 + 2 * k], column[2 + 2 * k] = dist.ppf(np.array([low, high]))
        values[name] = column
    y = evaluate(
        scenario,
        model,
        output,
        values,
        draws,
        streams=streams,
        workers=workers,
        executor=executor,
        progress=progress,
    )
    whole = whole_year_parameters(scenario)
    run = {n: as_run(n, values[n], whole) for n in names}
    variable = output_variable(output.variable)
    table = pd.DataFrame(
        {
            "parameter": names,
            "value_low": [run[n][1 + 2 * k] for k, n in enumerate(names)],
            "value_high": [run[n][2 + 2 * k] for k, n in enumerate(names)],
            "output_low": y[1::2],
            "output_high": y[2::2],
        }
    )
    table["swing"] = (table["output_high"] - table["output_low"]).abs()
    table["output_central"] = y[0]
    table["unit"] = variable.unit if variable else ""
    table["value_central"] = [run[n][0] for n in names]
    table["quantile_low"] = [values[n][1 + 2 * k] for k, n in enumerate(names)]
    table["quantile_high"] = [values[n][2 + 2 * k] for k, n in enumerate(names)]
    return table.sort_values("swing", ascending=False, kind="stable", ignore_index=True)


def __getattr__(name: str) -> Any:
    """``sobol`` lives in :mod:`landsim.analysis.sobol`; this path still gives it."""
    if name == "sobol":
        from landsim.analysis.sobol import sobol

        return sobol
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
