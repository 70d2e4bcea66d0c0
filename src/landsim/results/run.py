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

from landsim.compile import Compiled, compile_model
from landsim.pipeline.economics import Outcome, compute
from landsim.pipeline.histograms import histograms
from landsim.pipeline.params import Params, build_params
from landsim.pipeline.simulate import simulate_draw
from landsim.pipeline.state import Events
from landsim.prepare import prepare
from landsim.results.long import long_table
from landsim.results.tables import parcel_table, project_table, shortfall_table
from landsim.scenario import Scenario, load_scenario


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
    """

    scenario: Scenario
    long: pd.DataFrame
    parcels: pd.DataFrame
    shortfalls: pd.DataFrame
    projects: pd.DataFrame
    timings: dict[str, float] = field(default_factory=dict)
    compiled: Compiled | None = field(default=None, repr=False)
    outcome: Outcome | None = field(default=None, repr=False)

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
    progress: Callable[[int, int], None] | None = None,
) -> Results:
    """Run one deterministic projection of *scenario*.

    Parameters
    ----------
    scenario
        A scenario or the path of a scenario file.
    seed
        Overrides the scenario's seed (used only by random steps: the ``random``
        strategy and owners' refusals).
    progress
        Called as ``progress(done, total)`` after each simulated year.

    Returns
    -------
    Results
        The long table, the parcel table, shortfalls and projects.
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
    return tabulate(compiled, params, events, outcome, clock)


def tabulate(c: Compiled, p: Params, ev: Events, o: Outcome, clock: _Clock) -> Results:
    """Build the result tables of a deterministic run."""
    long = long_table(c, o, ev.logs)
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
