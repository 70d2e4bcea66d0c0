"""Per-parcel events binned by platform, industry and year: small arrays per draw.

The economics never look at parcels again: everything they need is a sum of areas or
base-year figures by (platform, industry, year). Binning is one ``bincount`` per
quantity, so even a million parcels bin in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landsim.engine.state import Events
from landsim.model.compile import REACTIVATE, UPGRADE, VACATE, Compiled


@dataclass(frozen=True)
class Histograms:
    """Binned events of ``D`` draws.

    ``T`` years, ``P`` platforms, ``I`` existing industries, ``K`` new uses.

    Attributes
    ----------
    selected
        ``(D, 3, P, T)`` mu selected, by treatment (vacate, upgrade, reactivate).
    contiguous
        ``(D, P, T)`` vacated mu counted as contiguous.
    paid
        ``(D, 3, P, T)`` 万元 paid at selection, by treatment.
    stopped
        ``(D, 4, P, I, T)`` base-year output, tax, value added and jobs of parcels vacated.
    upgraded
        ``(D, 3, P, I, T)`` base-year output, tax and value added of parcels upgraded.
    ready
        ``(D, P, T)`` mu becoming ready for transfer.
    transferred
        ``(D, P, K, T)`` mu transferred to each new use.
    """

    selected: np.ndarray
    contiguous: np.ndarray
    paid: np.ndarray
    stopped: np.ndarray
    upgraded: np.ndarray
    ready: np.ndarray
    transferred: np.ndarray


def _bin(keys: np.ndarray, weights: np.ndarray, size: int) -> np.ndarray:
    return np.bincount(keys, weights, minlength=size)[:size]


def _treatment_key(c: Compiled, st, treated: np.ndarray) -> np.ndarray:
    """Flat (treatment, platform, year) bin of each treated parcel."""
    n_t, n_p = len(c.years), len(c.platform_ids)
    code = st.treatment[treated].astype(np.int64)
    return ((code - 1) * n_p + c.platform[treated]) * n_t + st.year[treated]


def histograms(c: Compiled, events: list[Events]) -> Histograms:
    """Bin the events of every draw (money at the prices recorded in each state)."""
    parts = [
        {
            **selection_bins(c, ev.state),
            **land_bins(c, ev.state),
            **paid_bins(c, ev.state),
        }
        for ev in events
    ]
    return stack(parts)


def stack(parts: list[dict[str, np.ndarray]]) -> Histograms:
    """Stack per-draw bins (as returned by :func:`selection_bins` and :func:`land_bins`)."""
    return Histograms(**{k: np.stack([part[k] for part in parts]) for k in parts[0]})


def selection_bins(c: Compiled, st) -> dict[str, np.ndarray]:
    """Bins that depend only on which parcels were selected, when, and how."""
    n_t, n_p, n_i = len(c.years), len(c.platform_ids), len(c.existing_ids)
    base = np.stack([c.base_output, c.base_tax, c.base_va, c.base_jobs])
    treated = np.flatnonzero(st.treatment > 0)
    t = st.year[treated]
    plat = c.platform[treated]
    key = _treatment_key(c, st, treated)
    cont = st.contiguous[treated]
    pit = (plat * n_i + c.industry[treated]) * n_t + t
    vac = st.treatment[treated] == VACATE
    upg = st.treatment[treated] == UPGRADE
    b = base[:, treated]
    return {
        "selected": _bin(key, c.area[treated], 3 * n_p * n_t).reshape(3, n_p, n_t),
        "contiguous": _bin((plat * n_t + t)[cont], c.area[treated][cont], n_p * n_t).reshape(
            n_p, n_t
        ),
        "stopped": np.stack([_bin(pit[vac], q[vac], n_p * n_i * n_t) for q in b]).reshape(
            4, n_p, n_i, n_t
        ),
        "upgraded": np.stack([_bin(pit[upg], q[upg], n_p * n_i * n_t) for q in b[:3]]).reshape(
            3, n_p, n_i, n_t
        ),
    }


def paid_bins(c: Compiled, st, costs: dict[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """Money paid at selection, by treatment, platform and year.

    At one draw's prices ``costs`` (per-parcel arrays by treatment), or at the prices
    recorded in the state when ``costs`` is None.
    """
    n_t, n_p = len(c.years), len(c.platform_ids)
    treated = np.flatnonzero(st.treatment > 0)
    if costs is None:
        per_parcel = st.cost[treated]
    else:
        per_parcel = np.choose(
            st.treatment[treated].astype(np.int64) - 1,
            [costs["vacate"][treated], costs["upgrade"][treated], costs["reactivate"][treated]],
        )
    key = _treatment_key(c, st, treated)
    return {"paid": _bin(key, per_parcel, 3 * n_p * n_t).reshape(3, n_p, n_t)}


def land_bins(c: Compiled, st) -> dict[str, np.ndarray]:
    """Bins of when land is ready and where it goes (they vary with lags and demand)."""
    n_t, n_p, n_k = len(c.years), len(c.platform_ids), len(c.target_ids)
    land = np.flatnonzero((st.treatment == VACATE) | (st.treatment == REACTIVATE))
    ready_t, moved_t = st.ready[land], st.transfer[land]
    plat, area = c.platform[land], c.area[land]
    ready = (ready_t >= 0) & (ready_t < n_t)
    moved = (moved_t >= 0) & (moved_t < n_t)
    pkt = (plat[moved] * n_k + st.use[land][moved]) * n_t + moved_t[moved]
    return {
        "ready": _bin(plat[ready] * n_t + ready_t[ready], area[ready], n_p * n_t).reshape(n_p, n_t),
        "transferred": _bin(pkt, area[moved], n_p * n_k * n_t).reshape(n_p, n_k, n_t),
    }
