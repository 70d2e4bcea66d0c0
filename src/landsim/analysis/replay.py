"""Run draws and keep what happened to each parcel, and when: the paths a back-test compares.

:func:`landsim.engine.batch.simulate_batch` keeps only binned sums and per-parcel counts
across draws; a back-test needs, for every draw and parcel, the year of each treatment,
of the land's sale and of the new user's first production. :func:`replay` runs the
draws through the engine's own :func:`~landsim.engine.simulate.simulate_draw` and keeps
those years as small integer arrays (year indices; −1: not in the simulated years).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, fields

import numpy as np

from landsim.engine.candidates import treatment_costs
from landsim.engine.simulate import simulate_draw
from landsim.engine.state import State
from landsim.model import TREATED, Model, Treatment
from landsim.streams import DrawStream

#: The per-parcel years kept, in this order.
YEARS = ("vacate", "upgrade", "reactivate", "transfer", "production")
NONE = -1


@dataclass(frozen=True)
class Paths:
    """What each draw did to each parcel.

    Attributes
    ----------
    vacate, upgrade, reactivate
        ``(draws, parcels)`` year index of each treatment (−1: not treated so). An
        upgraded parcel vacated later has both.
    transfer, production
        ``(draws, parcels)`` year index at which vacated or reactivated land was sold to
        a new user, and at which that user started producing (−1: not within the
        simulated years).
    contiguous
        ``(draws, parcels)`` whether the parcel counted as contiguous vacated land.
    paid
        ``(draws, treatment, platform, year)`` 万元 paid at selection, at each draw's
        prices (compensation, subsidies).
    """

    vacate: np.ndarray
    upgrade: np.ndarray
    reactivate: np.ndarray
    transfer: np.ndarray
    production: np.ndarray
    contiguous: np.ndarray
    paid: np.ndarray

    @property
    def draws(self) -> int:
        """Number of draws."""
        return int(self.vacate.shape[0])

    def of(self, name: str) -> np.ndarray:
        """Return the years of *name*: a treatment, ``transfer``, ``production``, or ``any``.

        ``any`` is the first treatment of each parcel.
        """
        if name != "any":
            return getattr(self, name)
        stacked = np.stack([self.vacate, self.upgrade, self.reactivate])
        first = np.where(stacked >= 0, stacked, np.iinfo(stacked.dtype).max).min(axis=0)
        return np.where(first == np.iinfo(stacked.dtype).max, NONE, first).astype(stacked.dtype)

    def take(self, draws: np.ndarray | slice) -> Paths:
        """Return the paths of some draws."""
        return Paths(*(getattr(self, f.name)[draws] for f in fields(self)))


def concat(parts: Sequence[Paths]) -> Paths:
    """Stack the draws of several :class:`Paths`."""
    return Paths(*(np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(Paths)))


def replay(
    model: Model,
    streams: Sequence[DrawStream],
    *,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Paths:
    """Run every draw of *model* (draw *d* with ``model.draw(d)`` and ``streams[d]``).

    Parameters
    ----------
    model
        The model with the parameters of every draw.
    streams
        The random events of each draw.
    workers
        Processes to spread the draws over.
    progress
        Called as ``progress(done, total)``.
    """
    n = model.params.draws
    pieces = min(n, workers * 4) if workers > 1 else 1
    chunks = [list(range(i, n, pieces)) for i in range(pieces)]
    chunks = [c for c in chunks if c]
    if len(chunks) == 1:
        return _chunk(model, [streams[d] for d in chunks[0]], chunks[0], progress)
    parts = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_chunk, model, [streams[d] for d in ch], ch, None) for ch in chunks]
        for f in futures:
            parts.append(f.result())
            if progress is not None:
                progress(sum(p.draws for p in parts), n)
    order = np.argsort(np.concatenate(chunks))
    return concat(parts).take(order)


def _chunk(
    model: Model,
    streams: list[DrawStream],
    draws: list[int],
    progress: Callable[[int, int], None] | None,
) -> Paths:
    rows = []
    for done, (d, stream) in enumerate(zip(draws, streams, strict=True), start=1):
        one = model.draw(d)
        rows.append(paths_of(one, simulate_draw(one, stream).state))
        if progress is not None and (done % 10 == 0 or done == len(draws)):
            progress(done, model.params.draws)
    return Paths(*(np.stack([r[f.name] for r in rows]) for f in fields(Paths)))


def paths_of(model: Model, state: State) -> dict[str, np.ndarray]:
    """One draw's years per parcel (``model`` holds that draw's parameters alone)."""
    n_t = len(model.years)
    latest = state.treatment
    upgraded = np.where(latest == Treatment.UPGRADE, state.year, state.upgrade_year)
    land = state.land() & (state.transfer >= 0) & (state.use >= 0)
    lag = np.append(model.params.construction[0], 0)[state.use]
    production = np.where(land, state.transfer + lag, NONE)
    out = {
        "vacate": np.where(latest == Treatment.VACATE, state.year, NONE),
        "upgrade": np.where(upgraded >= 0, upgraded, NONE),
        "reactivate": np.where(latest == Treatment.REACTIVATE, state.year, NONE),
        "transfer": np.where(land & (state.transfer < n_t), state.transfer, NONE),
        "production": np.where(production < n_t, production, NONE),
    }
    out = {k: v.astype(np.int8) for k, v in out.items()}
    out["contiguous"] = state.contiguous.copy()
    out["paid"] = _paid(model, out)
    return out


def _paid(model: Model, years: dict[str, np.ndarray]) -> np.ndarray:
    """万元 paid per treatment, platform and year, at this draw's prices."""
    n_t, n_p = len(model.years), len(model.platform_ids)
    costs = treatment_costs(model)
    out = np.zeros((len(TREATED), n_p, n_t))
    for k, treatment in enumerate(TREATED):
        when = years[treatment.label]
        hit = np.flatnonzero(when >= 0)
        key = model.platform[hit] * n_t + when[hit]
        out[k] = np.bincount(key, costs[treatment][hit], minlength=n_p * n_t).reshape(n_p, n_t)
    return out
