"""Compiled passes behind :mod:`.bins`: a draw's events binned in a pass or two.

Each bin receives its parcels' figures in the order ``numpy.bincount`` gave them (the
order of the parcel lists :mod:`.bins` built: inventory order, the events of each
parcel's latest treatment before those of upgrades vacated later), so every sum is the
same to the last bit. One pass over the parcels fills every bin of the selection instead
of a dozen masks over all parcels and a ``bincount`` per quantity.
"""

from __future__ import annotations

import numba
import numpy as np

#: Treatment codes, as in :class:`landsim.model.codes.Treatment`.
NONE, VACATE, UPGRADE, REACTIVATE = 0, 1, 2, 3


@numba.njit(cache=True, nogil=True)
def event_bins(state, platform, weights, shape):  # pragma: no cover - compiled
    """``(3, P, T)`` sums of *weights* over treatment events, by treatment, platform, year.

    *state* is ``(treatment, year, upgrade_year)``; *weights* ``(vacate, upgrade,
    reactivate)`` per-parcel arrays (each event takes its treatment's); *shape* ``(n_t,
    n_p)``. The events of parcels' latest treatments come first, in inventory order,
    then the upgrades of parcels treated again later. A bin holds one treatment's events,
    so each treatment's are added in a loop of their own.
    """
    treatment, year, upgrade_year = state
    n_t, n_p = shape
    out = np.zeros(3 * n_p * n_t)
    vacated, upgraded, reactivated, earlier = _event_lists(treatment, upgrade_year)
    _events_at(out, vacated, (platform, year, weights[0]), 0, shape)
    _events_at(out, upgraded, (platform, year, weights[1]), 1, shape)
    _events_at(out, reactivated, (platform, year, weights[2]), 2, shape)
    _events_at(out, earlier, (platform, upgrade_year, weights[1]), 1, shape)
    return out.reshape(3, n_p, n_t)


@numba.njit(cache=True, nogil=True)
def _events_at(out, idx, parcels, k, shape):  # pragma: no cover - compiled
    """Add the events of parcels *idx* (in order) as treatment *k*'s.

    *parcels* is ``(platform, year, weight)`` of every parcel.
    """
    platform, year, weight = parcels
    n_t, n_p = shape
    for i in idx:
        _put(out, (k * n_p + platform[i]) * n_t + year[i], weight[i])


@numba.njit(cache=True, nogil=True)
def _event_lists(treatment, upgrade_year):  # pragma: no cover - compiled
    """Parcels vacated, upgraded, reactivated, and upgraded before being treated again.

    One pass without a branch per parcel (the treatments are mixed: a test that branches
    mispredicts).
    """
    n = treatment.size
    lists = np.empty((4, n), dtype=np.int64)
    m = np.zeros(4, dtype=np.int64)
    for i in range(n):
        k = treatment[i]
        lists[0, m[0]] = i
        lists[1, m[1]] = i
        lists[2, m[2]] = i
        lists[3, m[3]] = i
        m[0] += k == VACATE
        m[1] += k == UPGRADE
        m[2] += k == REACTIVATE
        m[3] += (upgrade_year[i] >= 0) & (k != UPGRADE)
    return lists[0, : m[0]], lists[1, : m[1]], lists[2, : m[2]], lists[3, : m[3]]


@numba.njit(cache=True, nogil=True, inline="always")
def _put(out, key, w):  # pragma: no cover - compiled
    """Add *w* to bin *key* of *out*, as ``bincount(...)[:size]`` (keys past it dropped)."""
    if key < out.size:
        out[key] += w


@numba.njit(cache=True, nogil=True)
def selection_pass(state, parcels, base, shape, target):  # pragma: no cover - compiled
    """Return the bins of :func:`landsim.engine.bins.selection_bins` but ``selected``.

    Parameters
    ----------
    state
        ``(treatment, year, upgrade_year, contiguous, relocate)`` of every parcel.
    parcels
        ``(area, platform, industry)``.
    base
        ``(output, tax, value added, jobs)`` base-year figures.
    shape
        ``(n_t, n_p, n_i)``: years, platforms, industries.
    target
        Platform relocated firms are booked in (−1: the one they left).

    Returns
    -------
    contiguous, stopped, upgraded, uplift_stopped, upgrade_ended, relocated
        Flat bins: ``(P·T)``, ``(4, P·I·T)``, ``(3, P·I·T)``, ``(3, P·I·T)``, ``(P·T)``,
        ``(4, P·I·T)``.
    """
    _, year, upgrade_year, _, relocate = state
    area, platform, industry = parcels
    n_t, n_p, n_i = shape
    size = n_p * n_i * n_t
    vacated, upgraded, together, vacated_upgraded, moving = _selection_lists(state)
    contig = np.zeros(n_p * n_t)
    for i in together:
        _put(contig, platform[i] * n_t + year[i], area[i])
    cells = (platform, industry, n_i, n_t)
    stopped = np.zeros((4, size))
    _figures(stopped, vacated, _keys(vacated, cells, year, -1), base, np.ones(vacated.size))
    lifted = np.zeros((3, size))
    keys = _keys(upgraded, cells, upgrade_year, -1)
    _figures(lifted, upgraded, keys, base, np.ones(upgraded.size))
    uplift_stopped = np.zeros((3, size))
    ended = np.zeros(n_p * n_t)
    keys = _keys(vacated_upgraded, cells, year, -1)
    _figures(uplift_stopped, vacated_upgraded, keys, base, np.ones(vacated_upgraded.size))
    for i in vacated_upgraded:
        _put(ended, platform[i] * n_t + year[i], area[i])
    relocated = np.zeros((4, size))
    keys = _keys(moving, cells, year, target)
    _figures(relocated, moving, keys, base, relocate[moving])
    return contig, stopped, lifted, uplift_stopped, ended, relocated


@numba.njit(cache=True, nogil=True)
def _selection_lists(state):  # pragma: no cover - compiled
    """Parcels vacated, upgraded (ever), contiguous, vacated after an upgrade, relocating.

    Each list in inventory order, in one pass without a branch per parcel.
    """
    treatment, _, upgrade_year, contiguous, relocate = state
    n = treatment.size
    lists = np.empty((5, n), dtype=np.int64)
    m = np.zeros(5, dtype=np.int64)
    for i in range(n):
        vacated = treatment[i] == VACATE
        upgraded = upgrade_year[i] >= 0
        for c in range(5):
            lists[c, m[c]] = i
        m[0] += vacated
        m[1] += upgraded
        m[2] += contiguous[i]
        m[3] += vacated & upgraded
        m[4] += vacated & (relocate[i] > 0)
    return (
        lists[0, : m[0]],
        lists[1, : m[1]],
        lists[2, : m[2]],
        lists[3, : m[3]],
        lists[4, : m[4]],
    )


@numba.njit(cache=True, nogil=True)
def _keys(idx, cells, year, target):  # pragma: no cover - compiled
    """(platform, industry, year) bins of parcels *idx*, booked in *target* unless −1.

    *cells* is ``(platform, industry, n_i, n_t)``; *year* each parcel's year index.
    """
    platform, industry, n_i, n_t = cells
    keys = np.empty(idx.size, dtype=np.int64)
    for j in range(idx.size):
        i = idx[j]
        p = platform[i] if target < 0 else target
        keys[j] = (p * n_i + industry[i]) * n_t + year[i]
    return keys


@numba.njit(cache=True, nogil=True)
def _figures(out, idx, keys, base, share):  # pragma: no cover - compiled
    """Add the first ``len(out)`` base figures of parcels *idx*, times *share*, at *keys*.

    *keys* and *share* are per parcel of *idx* (in order). The figures' arrays are read
    as locals: a tuple read in the loop cost ten times the sums. A share of 1 changes no
    figure (``x × 1 = x`` exactly).
    """
    b0, b1, b2, b3 = base
    size = out.shape[1]
    four = out.shape[0] > 3
    for j in range(idx.size):
        i, key, s = idx[j], keys[j], share[j]
        if key < size:
            out[0, key] += b0[i] * s
            out[1, key] += b1[i] * s
            out[2, key] += b2[i] * s
            if four:
                out[3, key] += b3[i] * s


@numba.njit(cache=True, nogil=True)
def land_pass(state, parcels, shape):  # pragma: no cover - compiled
    """``(P·T)`` mu becoming ready and ``(P·U·T)`` mu transferred, by year.

    *state* is ``(treatment, ready, transfer, use)``; *parcels* ``(area, platform)``;
    *shape* ``(n_t, n_p, n_uses)``. Vacated and reactivated parcels, in inventory order.
    """
    treatment, ready, transfer, use = state
    area, platform = parcels
    n_t, n_p, n_k = shape
    got_ready = np.zeros(n_p * n_t)
    moved = np.zeros(n_p * n_k * n_t)
    for i in range(treatment.size):
        if treatment[i] != VACATE and treatment[i] != REACTIVATE:
            continue
        p = platform[i]
        if 0 <= ready[i] < n_t:
            _put(got_ready, p * n_t + ready[i], area[i])
        if 0 <= transfer[i] < n_t:
            _put(moved, (p * n_k + use[i]) * n_t + transfer[i], area[i])
    return got_ready, moved
