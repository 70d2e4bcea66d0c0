"""Per-parcel events binned by platform, industry and year: small arrays per draw.

The economics never look at parcels again: everything they need is a sum of areas or
base-year figures by (platform, industry, year). Binning is one ``bincount`` per
quantity, so even a million parcels bin in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landsim.axes import DRAW, FIGURE, INDUSTRY, PLATFORM, TREATMENT, UPLIFT, USE, YEAR, array
from landsim.engine.state import Events, State
from landsim.model import TREATED, Model, Treatment
from landsim.model.codes import treatment_axis


@dataclass(frozen=True)
class Bins:
    """Binned events of ``draws`` draws (axes declared per field).

    Attributes
    ----------
    selected
        Mu selected, by treatment (vacate, upgrade, reactivate).
    contiguous
        Vacated mu counted as contiguous.
    paid
        万元 paid at selection, by treatment.
    stopped
        Base-year output, tax, value added and jobs of parcels vacated.
    upgraded
        Base-year output, tax and value added of parcels upgraded.
    ready
        Mu becoming ready for transfer.
    transferred
        Mu transferred to each new use.
    """

    selected: np.ndarray = array(DRAW, TREATMENT, PLATFORM, YEAR)
    contiguous: np.ndarray = array(DRAW, PLATFORM, YEAR)
    paid: np.ndarray = array(DRAW, TREATMENT, PLATFORM, YEAR)
    stopped: np.ndarray = array(DRAW, FIGURE, PLATFORM, INDUSTRY, YEAR)
    upgraded: np.ndarray = array(DRAW, UPLIFT, PLATFORM, INDUSTRY, YEAR)
    ready: np.ndarray = array(DRAW, PLATFORM, YEAR)
    transferred: np.ndarray = array(DRAW, PLATFORM, USE, YEAR)


def _bin(keys: np.ndarray, weights: np.ndarray, size: int) -> np.ndarray:
    return np.bincount(keys, weights, minlength=size)[:size]


def _treatment_key(model: Model, state: State, treated: np.ndarray) -> np.ndarray:
    """Flat (treatment axis, platform, year) bin of each treated parcel."""
    n_t, n_p = len(model.years), len(model.platform_ids)
    axis = treatment_axis(state.treatment[treated])
    return (axis * n_p + model.platform[treated]) * n_t + state.year[treated]


def bin_events(model: Model, events: list[Events]) -> Bins:
    """Bin the events of every draw (money at the prices recorded in each state)."""
    parts = [
        {
            **selection_bins(model, ev.state),
            **land_bins(model, ev.state),
            **paid_bins(model, ev.state),
        }
        for ev in events
    ]
    return stack(parts)


def stack(parts: list[dict[str, np.ndarray]]) -> Bins:
    """Stack per-draw bins (as returned by :func:`selection_bins` and :func:`land_bins`)."""
    return Bins(**{k: np.stack([part[k] for part in parts]) for k in parts[0]})


def selection_bins(model: Model, state: State) -> dict[str, np.ndarray]:
    """Bins that depend only on which parcels were selected, when, and how."""
    n_t, n_p, n_i = len(model.years), len(model.platform_ids), len(model.existing_ids)
    base = np.stack([model.base_output, model.base_tax, model.base_va, model.base_jobs])
    treated = np.flatnonzero(~state.untreated())
    t = state.year[treated]
    plat = model.platform[treated]
    key = _treatment_key(model, state, treated)
    cont = state.contiguous[treated]
    pit = (plat * n_i + model.industry[treated]) * n_t + t
    vac = state.treatment[treated] == Treatment.VACATE
    upg = state.treatment[treated] == Treatment.UPGRADE
    b = base[:, treated]
    n_k = len(TREATED)
    area = model.area[treated]
    return {
        "selected": _bin(key, area, n_k * n_p * n_t).reshape(n_k, n_p, n_t),
        "contiguous": _bin((plat * n_t + t)[cont], area[cont], n_p * n_t).reshape(n_p, n_t),
        "stopped": np.stack([_bin(pit[vac], q[vac], n_p * n_i * n_t) for q in b]).reshape(
            len(b), n_p, n_i, n_t
        ),
        "upgraded": np.stack([_bin(pit[upg], q[upg], n_p * n_i * n_t) for q in b[:3]]).reshape(
            3, n_p, n_i, n_t
        ),
    }


def paid_bins(
    model: Model, state: State, costs: dict[Treatment, np.ndarray] | None = None
) -> dict[str, np.ndarray]:
    """Money paid at selection, by treatment, platform and year.

    At one draw's prices ``costs`` (per-parcel arrays by treatment), or at the prices
    recorded in the state when ``costs`` is None.
    """
    n_t, n_p = len(model.years), len(model.platform_ids)
    treated = np.flatnonzero(~state.untreated())
    if costs is None:
        per_parcel = state.cost[treated]
    else:
        per_parcel = np.choose(
            treatment_axis(state.treatment[treated]),
            [costs[k][treated] for k in TREATED],
        )
    key = _treatment_key(model, state, treated)
    n_k = len(TREATED)
    return {"paid": _bin(key, per_parcel, n_k * n_p * n_t).reshape(n_k, n_p, n_t)}


def land_bins(model: Model, state: State) -> dict[str, np.ndarray]:
    """Bins of when land is ready and where it goes (they vary with lags and demand)."""
    n_t, n_p, n_k = len(model.years), len(model.platform_ids), len(model.uses)
    land = np.flatnonzero(
        state.treated_as(Treatment.VACATE) | state.treated_as(Treatment.REACTIVATE)
    )
    ready_t, moved_t = state.ready[land], state.transfer[land]
    plat, area = model.platform[land], model.area[land]
    ready = (ready_t >= 0) & (ready_t < n_t)
    moved = (moved_t >= 0) & (moved_t < n_t)
    pkt = (plat[moved] * n_k + state.use[land][moved]) * n_t + moved_t[moved]
    return {
        "ready": _bin(plat[ready] * n_t + ready_t[ready], area[ready], n_p * n_t).reshape(n_p, n_t),
        "transferred": _bin(pkt, area[moved], n_p * n_k * n_t).reshape(n_p, n_k, n_t),
    }
