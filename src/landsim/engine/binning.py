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
    then the upgrades of parcels treated again later.
    """
    treatment, year, upgrade_year = state
    n_t, n_p = shape
    out = np.zeros(3 * n_p * n_t)
    for i in range(treatment.size):
        k = treatment[i]
        if k != NONE:
            w = weights[0][i] if k == VACATE else (weights[1][i] if k == UPGRADE else weights[2][i])
            _put(out, ((k - 1) * n_p + platform[i]) * n_t + year[i], w)
    for i in range(treatment.size):
        if upgrade_year[i] >= 0 and treatment[i] != UPGRADE:
            _put(out, (n_p + platform[i]) * n_t + upgrade_year[i], weights[1][i])
    return out.reshape(3, n_p, n_t)


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
    treatment, year, upgrade_year, contiguous, relocate = state
    area, platform, industry = parcels
    n_t, n_p, n_i = shape
    contig = np.zeros(n_p * n_t)
    ended = np.zeros(n_p * n_t)
    figures = np.zeros((4 + 3 + 3 + 4, n_p * n_i * n_t))  # stopped, upgraded, uplift, moved
    for i in range(treatment.size):
        p = platform[i]
        cell = p * n_i + industry[i]
        if contiguous[i]:
            _put(contig, p * n_t + year[i], area[i])
        if upgrade_year[i] >= 0:
            _figures(figures[4:7], cell * n_t + upgrade_year[i], base, i, 1.0)
        if treatment[i] != VACATE:
            continue
        _figures(figures[0:4], cell * n_t + year[i], base, i, 1.0)
        if upgrade_year[i] >= 0:
            _figures(figures[7:10], cell * n_t + year[i], base, i, 1.0)
            _put(ended, p * n_t + year[i], area[i])
        if relocate[i] > 0:
            to = p if target < 0 else target
            _figures(figures[10:14], (to * n_i + industry[i]) * n_t + year[i], base, i, relocate[i])
    return contig, figures[0:4], figures[4:7], figures[7:10], ended, figures[10:14]


@numba.njit(cache=True, nogil=True, inline="always")
def _figures(out, key, base, i, share):  # pragma: no cover - compiled
    """Add parcel *i*'s first ``len(out)`` base figures times *share* at bin *key*.

    A share of 1 changes no figure (``x × 1 = x`` exactly).
    """
    if key < out.shape[1]:  # the figures by name: their arrays' types may differ
        out[0, key] += base[0][i] * share
        out[1, key] += base[1][i] * share
        out[2, key] += base[2][i] * share
        if out.shape[0] > 3:
            out[3, key] += base[3][i] * share


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
