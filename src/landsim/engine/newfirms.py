"""Compiled passes of the new firms' evaluation (:func:`landsim.engine.evaluate._new_firms`).

The new firms are found in one pass over the parcels and their figures written in one
more over the firms, with the same operations in the same order as the numpy code they
replace; only the growth's powers are left to numpy (its ``power`` may differ from
``libm``'s in the last bit).
"""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True, nogil=True)
def producing_firms(state, params, t, grace):  # pragma: no cover - compiled
    """Parcels whose new firm is evaluated in year index *t*, and its years producing.

    *state* is ``(use, transfer)`` of every parcel; *params* ``(construction,
    new_output)`` per new use. A firm is evaluated once it has produced *grace* years
    (by the data year) and its use produces at all. Both lists in inventory order.
    """
    use, transfer = state
    construction, output = params
    n = use.size
    given = np.empty(n, dtype=np.int64)
    m = 0
    for i in range(n):  # no branch per parcel (a test that branches mispredicts)
        given[m] = i
        m += (use[i] >= 0) & (transfer[i] >= 0)
    idx = np.empty(m, dtype=np.int64)
    years = np.empty(m, dtype=np.int64)
    k = 0
    for i in given[:m]:
        j = (t - 1) - (transfer[i] + construction[use[i]])
        idx[k] = i
        years[k] = j
        k += (j >= grace) & (output[use[i]] > 0)
    return idx[:k], years[:k]


@numba.njit(cache=True, nogil=True)
def new_figures(firms, params, columns, n_k):  # pragma: no cover - compiled
    """``(m, K)`` numerators and denominators of the new firms' indicators (NaN: none).

    Parameters
    ----------
    firms
        ``(use, years, full, area)``: each firm's use, years producing, share of full
        output once its ramp is over (growth included), and area.
    params
        ``(ramp, length, tax, va, jobs)``: each use's ramp shares and ramp length, and
        its tax, value added and jobs per mu at full output.
    columns
        ``(tax, va, worker)``: the indicators' columns.
    n_k
        Number of indicators.
    """
    use, years, full, area = firms
    ramp, length, tax, va, jobs = params
    c_tax, c_va, c_worker = columns
    m = use.size
    num = np.full((m, n_k), np.nan)
    den = np.full((m, n_k), np.nan)
    last = max(ramp.shape[1] - 1, 0)
    for r in range(m):
        u = use[r]
        in_ramp = years[r] < length[u]
        ramp_share = ramp[u, min(years[r], last)] if ramp.shape[1] else 1.0
        share = ramp_share if in_ramp else full[r]
        staff = ramp_share if in_ramp else 1.0
        value = va[u] * area[r] * share
        num[r, c_tax], den[r, c_tax] = tax[u] * area[r] * share, area[r]
        num[r, c_va], den[r, c_va] = value, area[r]
        num[r, c_worker], den[r, c_worker] = value, jobs[u] * area[r] * staff
    return num, den
