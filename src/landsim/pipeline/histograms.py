"""Per-parcel events binned by platform, industry and year: small arrays per draw.

The economics never look at parcels again: everything they need is a sum of areas or
base-year figures by (platform, industry, year). Binning is one ``bincount`` per
quantity, so even a million parcels bin in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landsim.compile import REACTIVATE, UPGRADE, VACATE, Compiled
from landsim.pipeline.state import Events


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


def histograms(c: Compiled, events: list[Events]) -> Histograms:
    """Bin the events of every draw."""
    n_t, n_p, n_i, n_k = len(c.years), len(c.platform_ids), len(c.existing_ids), len(c.target_ids)
    base = np.stack([c.base_output, c.base_tax, c.base_va, c.base_jobs])
    out = {
        k: []
        for k in ("selected", "contiguous", "paid", "stopped", "upgraded", "ready", "transferred")
    }
    for ev in events:
        st = ev.state
        treated = st.treatment > 0
        t = np.clip(st.year, 0, n_t - 1)
        key = ((st.treatment.astype(np.int64) - 1) * n_p + c.platform) * n_t + t
        out["selected"].append(
            _bin(key[treated], c.area[treated], 3 * n_p * n_t).reshape(3, n_p, n_t)
        )
        out["paid"].append(_bin(key[treated], st.cost[treated], 3 * n_p * n_t).reshape(3, n_p, n_t))
        cont = treated & st.contiguous
        out["contiguous"].append(
            _bin(c.platform[cont] * n_t + t[cont], c.area[cont], n_p * n_t).reshape(n_p, n_t)
        )
        pit = (c.platform * n_i + c.industry) * n_t + t
        vac, upg = st.treatment == VACATE, st.treatment == UPGRADE
        out["stopped"].append(
            np.stack([_bin(pit[vac], b[vac], n_p * n_i * n_t) for b in base]).reshape(
                4, n_p, n_i, n_t
            )
        )
        out["upgraded"].append(
            np.stack([_bin(pit[upg], b[upg], n_p * n_i * n_t) for b in base[:3]]).reshape(
                3, n_p, n_i, n_t
            )
        )
        land = (st.treatment == VACATE) | (st.treatment == REACTIVATE)
        ready = land & (st.ready >= 0) & (st.ready < n_t)
        out["ready"].append(
            _bin(c.platform[ready] * n_t + st.ready[ready], c.area[ready], n_p * n_t).reshape(
                n_p, n_t
            )
        )
        moved = land & (st.transfer >= 0) & (st.transfer < n_t)
        pkt = (c.platform[moved] * n_k + st.use[moved]) * n_t + st.transfer[moved]
        out["transferred"].append(_bin(pkt, c.area[moved], n_p * n_k * n_t).reshape(n_p, n_k, n_t))
    return Histograms(**{k: np.stack(v) for k, v in out.items()})
