"""Monte Carlo: sample every uncertain parameter, run the draws, summarize across them.

Each uncertain parameter is sampled from its own stream (:meth:`Streams.parameter`), each
draw's random steps use the draw's generator (:meth:`Streams.draw`); see
:mod:`landsim.streams`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from landsim.accounting.economics import Outcome, compute
from landsim.accounting.long import quantile_table, target_probabilities
from landsim.engine.batch import COUNTED, Batch, simulate_batch
from landsim.model import Model, Reader, build_params
from landsim.model.params import Sampler
from landsim.scenario import Scenario
from landsim.streams import Streams


def monte_carlo_sampler(streams: Streams) -> Sampler:
    """Make a sampler for :class:`~landsim.model.params.Reader` with pseudo-random draws."""

    def sample(path: str, dist: Any, draws: int) -> np.ndarray:
        return dist.ppf(streams.parameter(path).random(draws))

    return sample


@dataclass
class MonteCarlo:
    """What the draws of a run produced.

    Attributes
    ----------
    model
        The model with every draw's parameters.
    batch
        The binned events of every draw.
    outcome
        The economics of every draw.
    quantiles
        Every variable's quantiles and mean across draws.
    probabilities
        The share of draws meeting each year's targets.
    """

    model: Model
    batch: Batch
    outcome: Outcome
    quantiles: pd.DataFrame
    probabilities: pd.DataFrame

    def frequencies(self) -> pd.DataFrame:
        """For each parcel, the share of draws in which it was treated (by treatment)."""
        shares = self.batch.counts / self.model.params.draws
        out = pd.DataFrame({"share_selected": shares[:, : len(COUNTED) - 1].sum(axis=1)})
        for k, name in enumerate(COUNTED):
            out[f"share_{name}"] = shares[:, k]
        return out


def monte_carlo(
    scenario: Scenario,
    model: Model,
    streams: Streams,
    draws: int,
    *,
    workers: int = 1,
    executor: Executor | None = None,
    quantiles: Sequence[float] = (0.1, 0.5, 0.9),
    progress: Callable[[int, int], None] | None = None,
) -> MonteCarlo:
    """Run *draws* Monte Carlo draws of *model* (compiled from *scenario*).

    Parameters
    ----------
    scenario
        Where the uncertain parameters are read from.
    model
        The compiled model (its parameters are replaced by the draws').
    streams
        The run's random streams.
    draws
        Number of draws.
    workers
        Processes for draws that each need their own selection.
    executor
        Where to run the draws instead of a local process pool (e.g. a Dask client's
        ``get_executor()``); the results are the same.
    quantiles
        Quantiles reported across draws.
    progress
        Called as ``progress(done, total)``.
    """
    params = build_params(scenario, Reader(draws, sampler=monte_carlo_sampler(streams)))
    sampled = model.with_params(params)
    batch = simulate_batch(
        sampled, streams.draws(draws), workers=workers, executor=executor, progress=progress
    )
    outcome = compute(sampled, batch.bins)
    return MonteCarlo(
        sampled,
        batch,
        outcome,
        quantile_table(scenario, sampled, outcome, batch.quotas, quantiles),
        target_probabilities(scenario, sampled, outcome),
    )
