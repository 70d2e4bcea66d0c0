"""Classes by rank: the 亩均 classes A–D from each scoring group's rated firms.

With ``classes.method: percentile`` the best ``share_A`` of a group's rated firms are
class A, the next ``share_B`` B, and so on; ties at a cut are taken in inventory order.
The classes are decided every year of every draw, so only the three cut points are
searched (:func:`_select_ranks`, two passes over the scores), not the order.
"""

from __future__ import annotations

import numba
import numpy as np


def percentile_codes(score: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """Class codes (1–4 for A–D; 0 not rated) of one group's scores, by rank.

    Rated firms sorted by score, best first, ties in the order given; the first
    ``round(share_A × N)`` are A, up to ``round((share_A + share_B) × N)`` B, and so on.
    """
    rated = np.flatnonzero(~np.isnan(score))
    group = np.zeros(len(score), dtype=np.int8)
    return grouped_percentile_codes(score, rated, group, 1, np.asarray(shares, dtype=float))


@numba.njit(cache=True, nogil=True)
def grouped_percentile_codes(score, rated, group, n_groups, shares):  # pragma: no cover
    """:func:`percentile_codes` within each scoring group, in one compiled call.

    *rated* lists the rated firms in inventory order; *group* is each parcel's scoring
    group. Each group's firms are gathered, then classed (:func:`ranked_codes`).
    """
    sizes = np.zeros(n_groups + 1, dtype=np.int64)
    for i in rated:
        sizes[group[i] + 1] += 1
    starts = np.cumsum(sizes)  # group g's firms are at starts[g] … starts[g + 1] − 1
    fill = starts[:-1].copy()
    members = np.empty(rated.size, dtype=np.int64)
    neg = np.empty(rated.size)
    for i in rated:  # every group's firms, each in inventory order
        g = group[i]
        members[fill[g]] = i
        neg[fill[g]] = -score[i]
        fill[g] += 1
    return ranked_codes(score.size, (members, neg, starts[:-1], sizes[1:]), shares)


@numba.njit(cache=True, nogil=True)
def ranked_codes(n, ranked, shares):  # pragma: no cover - compiled
    """Class codes (0 not rated, 1–4 A–D) of *n* parcels from each group's rated firms.

    *ranked* is ``(members, neg, first, counts)``: rated firms and minus their scores,
    group *g*'s ``counts[g]`` firms from place ``first[g]`` on, in inventory order. Only
    the three cut points are searched (:func:`_select_ranks`), not the order; each
    group's firms are then classed against them in a last pass.
    """
    members, neg, first, counts = ranked
    code = np.zeros(n, dtype=np.int8)
    for g in range(counts.size):
        a, b = first[g], first[g] + counts[g]
        if b > a:
            _group_codes(neg[a:b], members[a:b], shares, code)
    return code


@numba.njit(cache=True, nogil=True)
def _group_codes(neg, members, shares, code):  # pragma: no cover - compiled
    """Class codes of one group's firms (*neg*: minus their scores) into *code*.

    The best ``round((share_A + …) × n)`` firms are above class ``c + 2``; firms equal to
    a cut's score are taken in inventory order until the cut is full. How many firms lie
    above each cut comes with the cut (:func:`_select_ranks`): no pass to count them.
    """
    n = neg.size
    cuts = np.zeros(3, dtype=np.int64)
    total = 0.0
    for c in range(3):
        total += shares[c]
        cuts[c] = min(max(int(np.round(total * n)), 0), n)
    th, below = _select_ranks(neg, _span(neg), np.maximum(cuts - 1, 0))
    # a cut of 0 lifts nobody: its threshold below every value
    t0 = th[0] if cuts[0] > 0 else -np.inf
    t1 = th[1] if cuts[1] > 0 else -np.inf
    t2 = th[2] if cuts[2] > 0 else -np.inf
    # firms equal to each threshold that are among the best, taken in inventory order
    up = np.zeros(3, dtype=np.int64)
    for c in range(3):
        up[c] = cuts[c] - below[c] if cuts[c] > 0 else 0
    for j in range(n):
        x = neg[j]
        lifts = (x < t0) + (x < t1) + (x < t2)
        if x in (t0, t1, t2):  # rare: ties at a cut
            lifts += _tied(x, (t0, t1, t2), up)
        code[members[j]] = 4 - lifts


@numba.njit(cache=True, nogil=True, inline="always")
def _tied(x, thresholds, up):  # pragma: no cover - compiled
    """Lifts of a firm equal to some thresholds, while their cuts have room; uses it up."""
    lifts = 0
    for c in range(3):
        if x == thresholds[c] and up[c] > 0:
            lifts += 1
            up[c] -= 1
    return lifts


@numba.njit(cache=True, nogil=True)
def kth_smallest(values, ks):  # pragma: no cover - compiled
    """Return the ``k``-th smallest of *values* (0-based) for each ``k`` of *ks*.

    See :func:`_select_ranks`, after a pass for the least and greatest value.
    """
    return _select_ranks(values, _span(values), ks)[0]


@numba.njit(cache=True, nogil=True)
def _span(values):  # pragma: no cover - compiled
    """Return the least and the greatest of *values* (not empty)."""
    lo = values[0]
    hi = values[0]
    for x in values:
        lo = min(lo, x)
        hi = max(hi, x)
    return lo, hi


@numba.njit(cache=True, nogil=True)
def _select_ranks(values, span, ks):  # pragma: no cover - compiled
    """Return the ``k``-th smallest of *values* for each ``k`` of *ks*, and how many are less.

    *span* is ``(least, greatest)`` of *values*. Values are counted into 4,096 equal
    buckets between them (bucket order follows value order); only the buckets holding
    the ranks wanted are gathered, in one more pass, and sorted. Two passes over the
    values instead of a sort or a partition per ``k``. A value's count of smaller ones
    is that of the buckets below its own, plus those before it in its sorted bucket.
    """
    n = values.size
    lo, hi = span
    n_buckets = 4096
    scale = (n_buckets - 1) / (hi - lo) if hi > lo else 0.0
    bucket = np.empty(n, dtype=np.int32)
    counts = np.zeros(n_buckets + 1, dtype=np.int64)
    for j in range(n):
        b = int((values[j] - lo) * scale)
        bucket[j] = b
        counts[b + 1] += 1
    starts = np.cumsum(counts)  # bucket b holds ranks starts[b] … starts[b + 1] − 1
    slot = np.full(n_buckets, -1, dtype=np.int64)  # where a wanted bucket is gathered
    offset = np.zeros(ks.size + 1, dtype=np.int64)
    wanted = np.empty(ks.size, dtype=np.int64)
    n_wanted = 0
    for c in range(ks.size):
        b = np.searchsorted(starts, ks[c], side="right") - 1
        wanted[c] = b
        if slot[b] < 0:
            slot[b] = n_wanted
            offset[n_wanted + 1] = offset[n_wanted] + counts[b + 1]
            n_wanted += 1
    inside = np.empty(offset[n_wanted], dtype=values.dtype)
    fill = offset[:n_wanted].copy()
    for j in range(n):
        w = slot[bucket[j]]
        if w >= 0:
            inside[fill[w]] = values[j]
            fill[w] += 1
    for w in range(n_wanted):
        inside[offset[w] : offset[w + 1]].sort()
    out = np.empty(ks.size)
    below = np.empty(ks.size, dtype=np.int64)
    for c in range(ks.size):
        b = wanted[c]
        sorted_b = inside[offset[slot[b]] : offset[slot[b] + 1]]
        out[c] = sorted_b[ks[c] - starts[b]]
        below[c] = starts[b] + np.searchsorted(sorted_b, out[c])
    return out, below
