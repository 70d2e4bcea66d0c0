"""Many draws at once: Monte Carlo and sensitivity runs share this engine.

Each draw has its own parameters (row *d* of the model's :class:`~landsim.model.Params`)
and its own random events (:class:`~landsim.streams.DrawStream`). The expensive part of
a draw is selection. When nothing that selection depends on differs between draws —
quotas, caps, budget (and, with a finite budget, the costs), thresholds, existing
industries' growth and upgrades, owners' refusals, a random order, project phases of
uncertain fate, and, when the yearly evaluation sees new firms, everything that decides
when they produce — selection runs once and only the cheap parts run per draw: assigning
land (lags, demand) and binning. Otherwise each draw runs in full, spread over worker
processes when asked. Either way the economics of all draws are computed together, as
arrays.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np

from landsim.axes import DRAW, PARCEL, TREATMENT, YEAR, array
from landsim.engine.assign import assign_land
from landsim.engine.bins import Bins, land_bins, paid_bins, selection_bins, stack
from landsim.engine.candidates import treatment_costs
from landsim.engine.simulate import simulate_draw
from landsim.engine.state import Events, State
from landsim.model import TREATED, Model
from landsim.streams import DrawStream

#: Parameters that change which parcels are selected, and when.
SELECTION_FIELDS = (
    "quota",
    "platform_cap",
    "budget",
    "candidate_tax",
    "vacate_tax",
    "growth_old",
    "upgrade_lag",
    "upgrade_uplift",
)
#: Parameters that decide when new firms produce; the yearly evaluation sees them.
LAND_FIELDS = (
    "prep_vacate",
    "prep_reactivate",
    "demand",
    "construction",
    "ramp",
    "new_output",
    "new_tax",
    "new_va",
    "new_jobs",
    "new_growth",
    "new_investment",
    "investment_cap",
    "relocation_lag",
    "relocation_land",
)
#: Parameters that change costs; they change selection only under a finite budget.
COST_FIELDS = ("comp_land", "comp_building", "comp_reactivate", "subsidy")
#: What :attr:`Batch.counts` counts per parcel: each treatment, then "contiguous".
COUNTED = (*(t.label for t in TREATED), "contiguous")


@dataclass
class Batch:
    """What many draws produced, binned.

    Attributes
    ----------
    bins
        Binned events, one row per draw.
    quotas
        Effective quotas (carry-over included).
    counts
        In how many draws each parcel was vacated, upgraded, reactivated, and counted
        as contiguous (columns in the order of :data:`COUNTED`).
    shared_selection
        Whether one selection served every draw.
    """

    bins: Bins
    quotas: np.ndarray = array(DRAW, TREATMENT, YEAR)
    counts: np.ndarray = array(PARCEL, "counted")
    shared_selection: bool = False


def selection_varies(model: Model) -> bool:
    """Whether draws must each run their own selection."""
    params = model.params
    rules = model.rules
    if rules.strategy == "random" or np.any(params.refusal > 0):
        return True
    if any(0 < p.probability < 1 for p in rules.projects):
        return True
    fields = SELECTION_FIELDS + (COST_FIELDS if np.isfinite(params.budget).any() else ())
    if rules.evaluation.yearly:
        fields += LAND_FIELDS
    return not all(_same_in_every_draw(getattr(params, f)) for f in fields)


def _same_in_every_draw(values: np.ndarray) -> bool:
    return bool(np.array_equal(values, np.broadcast_to(values[:1], values.shape), equal_nan=True))


def simulate_batch(
    model: Model,
    streams: Sequence[DrawStream],
    *,
    workers: int = 1,
    executor: Executor | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Batch:
    """Run every draw of *model* (draw *d* uses ``model.draw(d)`` and ``streams[d]``).

    The result does not depend on how the draws are spread: each draw's events depend
    only on its parameters and its stream.

    Parameters
    ----------
    model
        The model with the parameters of every draw.
    streams
        The random events of each draw (from :class:`landsim.streams.Streams`).
    workers
        Processes to spread the draws over; 1 runs everything in this process. With an
        *executor*, the number of chunks to cut the draws into is ``4 × workers``.
    executor
        A :class:`concurrent.futures.Executor` to run the chunks on (e.g. a Dask
        client's ``get_executor()``); by default a process pool of *workers*.
    progress
        Called as ``progress(done, total)``.
    """
    n_draws = model.params.draws
    draws = list(range(n_draws))
    shared = None
    if not selection_varies(model):
        shared = simulate_draw(model.draw(0), streams[0])
    # a few chunks per worker, so progress can be reported as chunks finish
    pieces = min(len(draws), workers * 4) if workers > 1 or executor is not None else 1
    chunks = [ch for ch in (draws[i::pieces] for i in range(pieces)) if ch]
    if len(chunks) > 1:
        pool = executor if executor is not None else ProcessPoolExecutor(max_workers=workers)
        try:
            futures = [
                pool.submit(_chunk, model, [streams[d] for d in ch], ch, shared, None)
                for ch in chunks
            ]
            parts = []
            for f in futures:
                parts.append(f.result())
                if progress is not None:
                    progress(sum(len(x[0]) for x in parts), n_draws)
        finally:
            if executor is None:
                pool.shutdown()
    else:
        parts = [_chunk(model, [streams[d] for d in draws], draws, shared, progress)]
    order = np.argsort(np.concatenate([np.asarray(ch) for ch in chunks]))
    bins = [b for part in parts for b in part[0]]
    quotas = np.concatenate([part[1] for part in parts])[order]
    counts = sum(part[2] for part in parts)
    return Batch(stack([bins[i] for i in order]), quotas, counts, shared is not None)


def _chunk(
    model: Model,
    streams: list[DrawStream],
    draws: list[int],
    shared: Events | None,
    progress: Callable[[int, int], None] | None,
) -> tuple[list[dict[str, np.ndarray]], np.ndarray, np.ndarray]:
    """Run some draws: each in full, or land assignment on a *shared* selection."""
    bins, quotas = [], []
    counts = np.zeros((model.n, len(COUNTED)), dtype=np.int32)
    chosen = selection_bins(model, shared.state) if shared is not None else None
    for done, (d, stream) in enumerate(zip(draws, streams, strict=True), start=1):
        one = model.draw(d)
        if shared is None:
            events = simulate_draw(one, stream)
        else:
            events = shared
            assign_land(one, events.state)
        bins.append(
            {
                **(chosen or selection_bins(one, events.state)),
                **land_bins(one, events.state),
                **paid_bins(one, events.state, treatment_costs(one)),
            }
        )
        quotas.append(np.stack([log.quota for log in events.logs], axis=1))
        _count(counts, events.state)
        if progress is not None and (done % 10 == 0 or done == len(draws)):
            progress(done, model.params.draws)
    return bins, np.stack(quotas), counts


def _count(counts: np.ndarray, state: State) -> None:
    for k, treatment in enumerate(TREATED):
        counts[:, k] += state.treated_as(treatment)
    counts[:, len(TREATED)] += state.contiguous
