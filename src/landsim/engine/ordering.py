"""Compiled passes around the worst-first order (:mod:`.strategies`).

The order itself is numpy's quicksort of the scores (a compiled sort was several times
slower). These passes do what surrounds it, each in one pass over the candidates: read
the scores, split a chunk off, and put the parcels with equal scores in the order of
their other keys (unrated after rated, then tax per mu, then inventory order).

Positions are places in the array of candidates (parcel indices, in inventory order);
the passes return positions rather than parcels so that the fill can mark what it takes
in a mask over the candidates.
"""

from __future__ import annotations

import numba
import numpy as np


def primary_scores(
    idx: np.ndarray, score: np.ndarray, area: np.ndarray
) -> tuple[np.ndarray, float]:
    """Return the scores of the parcels *idx*, unrated (NaN) as ``inf``, and their area.

    Examples
    --------
    >>> primary, mu = primary_scores(np.array([0, 2]), np.array([3.0, 1.0, np.nan]),
    ...                              np.array([1.0, 2.0, 4.0]))
    >>> primary.tolist(), mu
    ([3.0, inf], 5.0)
    """
    primary = np.empty(idx.size)
    mu = _primary_scores(idx, score, area, primary)
    return primary, float(mu)


def split_at(pos: np.ndarray, primary: np.ndarray, cut: float) -> tuple[np.ndarray, np.ndarray]:
    """Return the positions *pos* whose score (*primary*) is at most *cut*, and those scores."""
    return _split_at(pos, primary, cut)


def beyond(
    pos: np.ndarray,
    primary: np.ndarray,
    cut: float,
    idx: np.ndarray,
    area: np.ndarray,
    limit: float,
) -> np.ndarray:
    """Return the positions *pos* scored above *cut* whose parcel's area is at most *limit*."""
    return _beyond(pos, primary, cut, idx, area, limit)


def resolve_ties(
    pos: np.ndarray,
    order: np.ndarray,
    primary: np.ndarray,
    idx: np.ndarray,
    score: np.ndarray,
    tax_per_mu: np.ndarray,
) -> np.ndarray:
    """Return ``pos[order]``, each run of equal scores put in the order of the other keys.

    Parameters
    ----------
    pos
        Positions in *idx*.
    order
        An order of *pos* by their scores *primary* (``primary[i]`` is the score of
        ``pos[i]``; no NaN), equal scores in any order.
    idx
        The candidates (parcel indices).
    score, tax_per_mu
        Every parcel's score (NaN: unrated) and tax per mu.

    Returns
    -------
    np.ndarray
        Positions in *idx*, by score, then unrated after rated, then tax per mu (NaN
        last), then parcel index: the order of ``np.lexsort`` on those keys.
    """
    return _resolve_ties(pos, order, primary, idx, score, tax_per_mu)


@numba.njit(cache=True, nogil=True)
def _primary_scores(idx, score, area, primary):  # pragma: no cover - compiled
    """Fill *primary*; return the total area of *idx*."""
    mu = 0.0
    for i in range(idx.size):
        s = score[idx[i]]
        primary[i] = np.inf if np.isnan(s) else s
        mu += area[idx[i]]
    return mu


@numba.njit(cache=True, nogil=True)
def _split_at(pos, primary, cut):  # pragma: no cover - compiled
    """Positions with a score at most *cut*, and their scores (one pass, no branch)."""
    out = np.empty(pos.size, dtype=np.int64)
    scores = np.empty(pos.size)
    k = 0
    for i in range(pos.size):
        s = primary[pos[i]]
        out[k] = pos[i]
        scores[k] = s
        k += s <= cut
    return out[:k], scores[:k]


@numba.njit(cache=True, nogil=True)
def _beyond(pos, primary, cut, idx, area, limit):  # pragma: no cover - compiled
    """Positions with a score above *cut* and an area at most *limit* (one pass)."""
    out = np.empty(pos.size, dtype=np.int64)
    k = 0
    for i in range(pos.size):
        p = pos[i]
        out[k] = p
        k += (primary[p] > cut) & (area[idx[p]] <= limit)
    return out[:k]


@numba.njit(cache=True, nogil=True)
def _resolve_ties(pos, order, primary, idx, score, tax):  # pragma: no cover - compiled
    """Gather ``pos[order]``; sort each run of equal scores by the other keys."""
    n = order.size
    out = np.empty(n, dtype=np.int64)
    for i in range(n):
        out[i] = pos[order[i]]
    i = 0
    while i < n:
        j = i + 1
        s = primary[order[i]]
        while j < n and primary[order[j]] == s:
            j += 1
        if j - i > 1:
            _sort_run(out[i:j], idx, score, tax)
        i = j
    return out


@numba.njit(cache=True, nogil=True)
def _before(x, y, idx, score, tax):  # pragma: no cover - compiled
    """Whether position *x* comes before *y* among parcels of equal scores."""
    px, py = idx[x], idx[y]
    nx, ny = np.isnan(score[px]), np.isnan(score[py])
    if nx != ny:
        return ny  # rated first
    tx, ty = tax[px], tax[py]
    if tx < ty:
        return True
    if ty < tx:
        return False
    if np.isnan(tx) != np.isnan(ty):
        return np.isnan(ty)  # NaN last, as numpy sorts
    return px < py


@numba.njit(cache=True, nogil=True)
def _sort_run(run, idx, score, tax):  # pragma: no cover - compiled
    """Sort *run* in place by :func:`_before` (a bottom-up merge sort)."""
    n = run.size
    src = run.copy()
    dst = np.empty_like(run)
    width = 1
    while width < n:
        for lo in range(0, n, 2 * width):
            mid = min(lo + width, n)
            hi = min(lo + 2 * width, n)
            a, b, k = lo, mid, lo
            while a < mid and b < hi:
                if _before(src[b], src[a], idx, score, tax):
                    dst[k] = src[b]
                    b += 1
                else:
                    dst[k] = src[a]
                    a += 1
                k += 1
            while a < mid:
                dst[k] = src[a]
                a += 1
                k += 1
            while b < hi:
                dst[k] = src[b]
                b += 1
                k += 1
        src, dst = dst, src
        width *= 2
    run[:] = src
