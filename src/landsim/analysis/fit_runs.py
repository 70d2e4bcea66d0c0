"""Simulations at chosen parameter values: the draws a calibration is made of.

Every value tried, the estimate, the simulated histories and the scenario as it was are
run here, with common random numbers: draw *k* of any value uses the same random events
(and the same draws of the other uncertain parameters) as draw *k* of any other.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from landsim.analysis.backtest import random_variant
from landsim.analysis.fit_params import Fitted, set_values, structural_scenario
from landsim.analysis.replay import Paths, concat, replay
from landsim.inventory.prepare import Prepared
from landsim.model import Reader, compile_model
from landsim.model.params import central_sampler
from landsim.streams import Streams

Nuisance = Literal["sampled", "central"]


class Counter:
    """Turn the progress of each simulation into the progress of the whole calibration."""

    def __init__(self, progress: Callable[[int, int], None] | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def extend(self, more: int) -> None:
        """Count *more* simulations in the total: work found on the way (a grid centred again)."""
        self.total += more

    def part(self) -> Callable[[int, int], None] | None:
        """Return the progress callback of one simulation, counted into the whole."""
        if self.progress is None:
            return None
        start = self.done

        def report(done: int, _total: int) -> None:
            self.done = start + done
            self.progress(min(self.done, self.total), self.total)  # type: ignore[misc]

        return report


@dataclass(frozen=True)
class Setup:
    """What every simulation of one calibration shares."""

    prepared: Prepared
    fitted: list[Fitted]
    streams: Streams
    nuisance: Nuisance
    workers: int
    counter: Counter


def simulate_at(
    setup: Setup,
    values: np.ndarray,
    draws: int,
    *,
    offset: int,
    baseline: bool = False,
    distinct: bool = False,
) -> Paths:
    """Run *draws* draws at each row of *values* (one value per fitted parameter).

    Draw *k* of every row uses the random events and the other parameters' values of draw
    ``offset + k``, so rows differ only by their values; with *distinct*, row *i* uses
    draws ``offset + i × draws + k`` instead (independent histories).
    """
    structural = [j for j, f in enumerate(setup.fitted) if f.parameter.structural]
    keys = [tuple(row[structural]) for row in values]
    parts: dict[int, Paths] = {}
    for key in dict.fromkeys(keys):
        rows = [i for i, k in enumerate(keys) if k == key]
        scenario = structural_scenario(setup.prepared.scenario, setup.fitted, values[rows[0]])
        if baseline:
            scenario = random_variant(scenario)
        first = [offset + (i * draws if distinct else 0) for i in rows]
        reader = Reader(len(rows) * draws, sampler=sampler(setup, first, draws))
        model = compile_model(dataclasses.replace(setup.prepared, scenario=scenario), reader)
        model = set_values(model, setup.fitted, np.repeat(values[rows], draws, axis=0))
        streams = [setup.streams.draw(start + k) for start in first for k in range(draws)]
        paths = replay(model, streams, workers=setup.workers, progress=setup.counter.part())
        for n, i in enumerate(rows):
            parts[i] = paths.take(slice(n * draws, (n + 1) * draws))
    return concat([parts[i] for i in range(len(values))])


def sampler(setup: Setup, first: list[int], draws: int) -> Any:
    """Sample every other uncertain parameter for each row of a simulation.

    Row *i* takes draws ``first[i] … first[i] + draws − 1`` (the same for every row
    unless histories are distinct); with ``nuisance: central``, central values.
    """
    if setup.nuisance == "central":
        return central_sampler

    def sample(path: str, dist: Any, n: int) -> np.ndarray:
        u = setup.streams.parameter(path).random(max(first) + draws)
        return dist.ppf(np.concatenate([u[start : start + draws] for start in first]))

    return sample
