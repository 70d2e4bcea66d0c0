"""Run a scenario and get its tables: the Python API.

>>> import landsim
>>> res = landsim.run("scenarios/xiaoshan_2024.yaml")   # doctest: +SKIP
>>> res.table("area|contiguous")                        # doctest: +SKIP
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from landsim.accounting.economics import Outcome, compute
from landsim.accounting.long import long_table, quantile_table, target_probabilities
from landsim.accounting.tables import parcel_table, project_table, shortfall_table
from landsim.analysis.montecarlo import draw_seeds, monte_carlo_sampler
from landsim.engine.batch import Batch, simulate_batch
from landsim.engine.bins import histograms
from landsim.engine.simulate import simulate_draw
from landsim.engine.state import Events
from landsim.inventory.prepare import prepare
from landsim.model.compile import Compiled, compile_model
from landsim.model.params import Params, Reader, build_params
from landsim.scenario import Scenario, load_scenario

DEFAULT_QUANTILES = (0.1, 0.5, 0.9)


@dataclass
class Results:
    """What a run produced.

    Attributes
    ----------
    scenario
        The validated scenario.
    long
        ``scenario, platform, variable, unit, year, value`` (see ``docs/variables.md``).
    parcels
        One row per parcel: evaluation, flags and what happened to it.
    shortfalls
        Every unmet quota and target, with its cause.
    projects
        Each major project: placed where and when, or why not.
    timings
        Seconds spent in each stage.
    draws
        Number of Monte Carlo draws (1 for a deterministic run).
    quantiles
        Monte Carlo only: every variable's quantiles and mean across draws
        (``scenario, platform, variable, unit, statistic, year, value``).
    probabilities
        Monte Carlo only: the share of draws meeting each year's targets.
    """

    scenario: Scenario
    long: pd.DataFrame
    parcels: pd.DataFrame
    shortfalls: pd.DataFrame
    projects: pd.DataFrame
    timings: dict[str, float] = field(default_factory=dict)
    compiled: Compiled | None = field(default=None, repr=False)
    outcome: Outcome | None = field(default=None, repr=False)
    draws: int = 1
    quantiles: pd.DataFrame | None = None
    probabilities: pd.DataFrame | None = None

    def band(self, variable: str, platform: str = "district") -> pd.DataFrame:
        """Monte Carlo quantiles of one variable as a year × statistic table."""
        if self.quantiles is None:
            raise ValueError("no Monte Carlo draws in this run; run it with draws > 1")
        q = self.quantiles
        sub = q[(q["variable"] == variable) & (q["platform"] == platform)]
        return sub.pivot(index="year", columns="statistic", values="value")

    def table(self, variable: str) -> pd.DataFrame:
        """One variable as a year × platform table (district last)."""
        sub = self.long[self.long["variable"] == variable]
        if sub.empty:
            raise KeyError(f"no variable {variable!r}; see the `variable` column of .long")
        wide = sub.pivot(index="year", columns="platform", values="value")
        cols = [p for p in self.scenario.platforms if p in wide.columns]
        return wide[cols + [c for c in wide.columns if c not in cols]]


def run(
    scenario: Scenario | str | Path,
    *,
    seed: int | None = None,
    draws: int = 1,
    workers: int = 1,
    quantiles: tuple[float, ...] = DEFAULT_QUANTILES,
    progress: Callable[[int, int], None] | None = None,
) -> Results:
    """Run a scenario: one projection at central values, and Monte Carlo draws if asked.

    Parameters
    ----------
    scenario
        A scenario or the path of a scenario file.
    seed
        Overrides the scenario's seed. It drives every random step: the ``random``
        strategy, owners' refusals and, with draws, the sampling of distributions.
    draws
        Number of Monte Carlo draws; 1 runs only the projection at central values
        (every distribution at its central value, see ``docs/uncertainty.md``).
    workers
        Processes for draws that each need their own selection.
    quantiles
        Quantiles reported across draws.
    progress
        Called as ``progress(done, total)``: years of the projection, then draws.

    Returns
    -------
    Results
        The long table, the parcel table, shortfalls and projects of the projection;
        with draws, also quantiles, target probabilities and selection frequencies.
    """
    clock = _Clock()
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    prepared = prepare(scenario)
    clock.lap("load")
    compiled = compile_model(prepared)
    params = build_params(compiled)
    clock.lap("compile")
    rng = draw_generators(scenario.seed if seed is None else seed, 1)[0]
    n_years = len(compiled.years)
    events = simulate_draw(
        compiled,
        params.draw(0),
        rng,
        None if progress is None else lambda t: progress(t + 1, n_years),
    )
    clock.lap("simulate")
    outcome = compute(compiled, params, histograms(compiled, [events]))
    clock.lap("economics")
    res = tabulate(compiled, params, events, outcome, clock)
    if draws > 1:
        _monte_carlo(
            res,
            seed if seed is not None else scenario.seed,
            draws,
            workers,
            quantiles,
            progress,
            clock,
        )
    return res


def _monte_carlo(
    res: Results,
    seed: int,
    draws: int,
    workers: int,
    quantiles: tuple[float, ...],
    progress: Callable[[int, int], None] | None,
    clock: _Clock,
) -> None:
    """Add Monte Carlo tables to *res*."""
    c = res.compiled
    assert c is not None
    params = build_params(c, Reader(draws, sampler=monte_carlo_sampler(seed)))
    batch = simulate_batch(c, params, draw_seeds(seed, draws), workers=workers, progress=progress)
    clock.lap("draws")
    outcome = compute(c, params, batch.histograms)
    clock.lap("draws_economics")
    res.draws = draws
    res.quantiles = quantile_table(c, outcome, batch.quotas, quantiles)
    res.probabilities = target_probabilities(c, outcome)
    res.parcels = _with_frequencies(res.parcels, batch, draws)
    clock.lap("draws_tables")
    res.timings = {**clock.laps, "shared_selection": batch.shared_selection}


def _with_frequencies(parcels: pd.DataFrame, batch: Batch, draws: int) -> pd.DataFrame:
    """Add, for each parcel, the share of draws in which it was treated (by treatment)."""
    counts = batch.counts / draws
    out = parcels.copy()
    out["share_selected"] = counts[:, :3].sum(axis=1)
    for k, name in enumerate(("vacate", "upgrade", "reactivate", "contiguous")):
        out[f"share_{name}"] = counts[:, k]
    return out


def tabulate(c: Compiled, p: Params, ev: Events, o: Outcome, clock: _Clock) -> Results:
    """Build the result tables of a deterministic run."""
    quotas = np.stack([log.quota for log in ev.logs], axis=1)[None]
    long = long_table(c, o, quotas)
    res = Results(
        c.scenario,
        long,
        parcel_table(c, p, ev),
        shortfall_table(c, ev, long),
        project_table(c, ev),
        compiled=c,
        outcome=o,
    )
    clock.lap("tables")
    res.timings = clock.laps
    return res


def draw_generators(seed: int, draws: int) -> list[np.random.Generator]:
    """Independent generators for *draws* draws, spawned from one seed."""
    return [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(draws)]


class _Clock:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._t = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self._t, 4)
        self._t = now
