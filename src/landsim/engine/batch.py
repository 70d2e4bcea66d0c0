"""Many draws at once: Monte Carlo and sensitivity runs share this engine.

Each draw has its own parameters (a :class:`~.params.Params` with ``draws`` rows) and its
own random generator. The expensive part of a draw is selection. When nothing that
selection depends on differs between draws — quotas, caps, budget (and, with a finite
budget, the costs), thresholds, existing industries' growth, owners' refusals, a random
order — selection runs once and only the cheap parts run per draw: assigning land (lags,
demand) and binning. Otherwise each draw runs in full, spread over worker processes when
asked. Either way the economics of all draws are computed together, as arrays.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np

from landsim.engine.assign import assign_land
from landsim.engine.bins import Histograms, land_bins, paid_bins, selection_bins, stack
from landsim.engine.simulate import select_years
from landsim.engine.state import Events
from landsim.engine.year import treatment_costs
from landsim.model.compile import Compiled
from landsim.model.params import Params

#: Parameters that change which parcels are selected, and when.
SELECTION_FIELDS = ("quota", "platform_cap", "budget", "candidate_tax", "vacate_tax", "growth_old")
#: Parameters that change costs; they change selection only under a finite budget.
COST_FIELDS = ("comp_land", "comp_building", "comp_reactivate", "subsidy")


@dataclass
class Batch:
    """What many draws produced, binned.

    Attributes
    ----------
    histograms
        Binned events, one row per draw.
    quotas
        ``(D, 3, T)`` effective quotas (carry-over included).
    counts
        ``(n, 4)``: in how many draws each parcel was vacated, upgraded, reactivated, and
        counted as contiguous.
    shared_selection
        Whether one selection served every draw.
    """

    histograms: Histograms
    quotas: np.ndarray
    counts: np.ndarray
    shared_selection: bool


def selection_varies(c: Compiled, p: Params) -> bool:
    """Whether draws must each run their own selection."""
    if c.scenario.selection.strategy == "random" or np.any(p.refusal > 0):
        return True
    fields = SELECTION_FIELDS + (COST_FIELDS if np.isfinite(p.budget).any() else ())
    return not all(_same_in_every_draw(getattr(p, f)) for f in fields)


def _same_in_every_draw(values: np.ndarray) -> bool:
    return bool(np.array_equal(values, np.broadcast_to(values[:1], values.shape), equal_nan=True))


def simulate_batch(
    c: Compiled,
    p: Params,
    seeds: Sequence[np.random.SeedSequence],
    *,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Batch:
    """Run ``p.draws`` draws of *c* (draw *d* uses ``p.draw(d)`` and ``seeds[d]``).

    Parameters
    ----------
    workers
        Processes to spread the draws over; 1 runs everything in this process.
    progress
        Called as ``progress(done, total)``.
    """
    varies = selection_varies(c, p)
    draws = list(range(p.draws))
    shared = None if varies else select_years(c, p.draw(0), np.random.default_rng(seeds[0]))
    # a few chunks per worker, so progress can be reported as chunks finish
    pieces = min(len(draws), workers * 4) if workers > 1 else 1
    chunks = [ch for ch in (draws[i::pieces] for i in range(pieces)) if ch]
    if len(chunks) > 1:
        slim = dataclasses.replace(c, prepared=None)
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [
                pool.submit(_chunk, slim, p, [seeds[d] for d in ch], ch, shared, None)
                for ch in chunks
            ]
            parts = []
            for f in futures:
                parts.append(f.result())
                if progress is not None:
                    progress(sum(len(x[0]) for x in parts), p.draws)
    else:
        parts = [_chunk(c, p, [seeds[d] for d in draws], draws, shared, progress)]
    order = np.argsort(np.concatenate([np.asarray(ch) for ch in chunks]))
    bins = [b for part in parts for b in part[0]]
    quotas = np.concatenate([part[1] for part in parts])[order]
    counts = sum(part[2] for part in parts)
    return Batch(
        stack([bins[i] for i in order]), quotas, counts, shared_selection=shared is not None
    )


def _chunk(
    c: Compiled,
    p: Params,
    seeds: list[np.random.SeedSequence],
    draws: list[int],
    shared: Events | None,
    progress: Callable[[int, int], None] | None,
) -> tuple[list[dict[str, np.ndarray]], np.ndarray, np.ndarray]:
    """Run some draws: each its own selection, or land assignment on a *shared* one."""
    bins, quotas = [], []
    counts = np.zeros((c.n, 4), dtype=np.int32)
    chosen = selection_bins(c, shared.state) if shared is not None else None
    for done, (d, seed) in enumerate(zip(draws, seeds, strict=True), start=1):
        pd_ = p.draw(d)
        events = shared if shared is not None else select_years(c, pd_, np.random.default_rng(seed))
        assign_land(c, pd_, events.state)
        bins.append(
            {
                **(chosen or selection_bins(c, events.state)),
                **land_bins(c, events.state),
                **paid_bins(c, events.state, treatment_costs(c, pd_)),
            }
        )
        quotas.append(np.stack([log.quota for log in events.logs], axis=1))
        _count(counts, events.state)
        if progress is not None and (done % 10 == 0 or done == len(draws)):
            progress(done, p.draws)
    return bins, np.stack(quotas), counts


def _count(counts: np.ndarray, st) -> None:
    for k in range(3):
        counts[:, k] += st.treatment == k + 1
    counts[:, 3] += st.contiguous
