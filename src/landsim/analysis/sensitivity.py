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

import numpy as np
import pandas as pd

from landsim.analysis.sensitivity_runs import (
    Output,
    as_run,
    check_output,
    evaluate,
    output_variable,
    required_parameters,
    uncertain_parameters,
    whole_year_parameters,
)
from landsim.analysis.sobol import sobol
from landsim.model import Model
from landsim.scenario import Scenario
from landsim.streams import Streams

#: Names importers take from here; the shared runs live in :mod:`.sensitivity_runs`,
#: Sobol' indices in :mod:`.sobol`.
__all__ = [
    "NOISE_TOLERANCE",
    "Output",
    "check_output",
    "noisy_indices",
    "oat_with_effect",
    "one_at_a_time",
    "output_variable",
    "sobol",
    "sobol_with_effect",
    "uncertain_parameters",
]


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
