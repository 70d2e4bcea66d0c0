"""The 亩均 scoring kernels: running sums for the benchmarks, and scores of many firms.

Scoring is the engine's hottest step (the evaluation is rerun every year of every draw),
so it is compiled with numba. Benchmarks are ratios of sums of numerators and
denominators; the sums are kept by group, indicator and industry (:func:`add_sums`), so a
year's benchmarks follow from growth factors per industry and only the firms that changed
are added or taken out. :func:`score_firms` then scores every firm in one pass, scaling
its base-year indicators by its industry's growth and its upgrade on the fly. The same
kernels score the base year at compile time: there is one implementation of the formula.
"""

from __future__ import annotations

import numba
import numpy as np

MISSING_MODES = ("reweight", "zero", "unrated")


@numba.njit(cache=True, nogil=True)
def add_sums(idx, num, den, group, industry, sign, s_num, s_den):  # pragma: no cover
    """Add (*sign* = 1) or take out (−1) the indicators of firms *idx* from running sums.

    ``s_num``, ``s_den`` are ``(G, K, I)``: by scoring group, indicator and industry.
    """
    for j in range(idx.size):
        i = idx[j]
        g = group[i]
        if g < 0:
            continue
        ind = industry[i]
        for k in range(num.shape[1]):
            a = num[i, k]
            b = den[i, k]
            if a == a and b == b and b > 0:
                s_num[g, k, ind] += sign * a
                s_den[g, k, ind] += sign * b


@numba.njit(cache=True, nogil=True)
def score_firms(firms, year, formula):  # pragma: no cover - compiled
    """Score firms from their base-year indicators, grown and uplifted to the data year.

    Parameters
    ----------
    firms
        ``(scored, ratio, group, industry, treatment, upgrade_year)``: the firms to score
        (indices), ``(n, K)`` base-year indicator values (NaN where undefined), each
        parcel's scoring group, industry, latest treatment (vacated firms, 1, are not
        scored) and upgrade year index (−1).
    year
        ``(t, lag, growth_ind, expo, lift)``: the year index, the upgrade's lag, each
        industry's growth since the base year, ``(K,)`` the power of the growth in each
        indicator (1, 0 or −1), and ``(K,)`` each indicator's factor once uplifted.
    formula
        ``(order, weights, bench, cap, mode, min_known)``.

    Returns
    -------
    score, rated
        ``(n,)`` scores (NaN: not scored or not rated) and the rated firms' indices, in
        order.
    """
    scored, ratio, group, industry, treatment, upgrade_year = firms
    t, lag, growth_ind, expo, lift = year
    order, weights, bench, cap, mode, min_known = formula
    score = np.full(group.size, np.nan)
    rated = np.empty(scored.size, dtype=np.int64)
    n_rated = 0
    n_k = order.shape[1]
    for j in range(scored.size):
        i = scored[j]
        g = group[i]
        if g < 0 or treatment[i] == 1:
            continue
        growth = growth_ind[industry[i]]
        lifted = upgrade_year[i] >= 0 and t - 1 >= upgrade_year[i] + lag
        total_w = 0.0
        s = 0.0
        known_w = 0.0
        for c in range(n_k):  # the formula, written out: numba keeps it in registers
            k = order[g, c]
            if k < 0:
                break
            w = weights[g, k]
            total_w += w
            v = ratio[i, k]
            b = bench[g, k]
            if v == v and b > 0:
                if expo[k] == 1:
                    v *= growth
                elif expo[k] == -1:
                    v /= growth
                if lifted:
                    v *= lift[k]
                x = v / b
                s += w * (x if x < cap else cap)
                known_w += w
        value = _rule(s, known_w, total_w, mode, min_known)
        if value == value:
            score[i] = value
            rated[n_rated] = i
            n_rated += 1
    return score, rated[:n_rated]


@numba.njit(cache=True, nogil=True)
def _rule(s, known_w, total_w, mode, min_known):  # pragma: no cover - compiled
    """Return the score under the missing-indicator rule (NaN: not rated)."""
    if total_w <= 0:
        return np.nan
    share = known_w / total_w
    if mode == 1:
        return 100.0 * s / total_w
    if mode == 2:
        return 100.0 * s / total_w if share >= 1.0 - 1e-12 else np.nan
    return 100.0 * s / known_w if share >= min_known and known_w > 0 else np.nan


def percentile_codes(score: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """Class codes (1–4 for A–D; 0 not rated) of one group's scores, by rank.

    Rated firms sorted by score, best first, ties in the order given; the first
    ``round(share_A × N)`` are A, up to ``round((share_A + share_B) × N)`` B, and so on.
    Only the three cut points are searched (``numpy.partition``), not the whole order.
    """
    out = np.zeros(len(score), dtype=np.int8)
    rated = np.flatnonzero(~np.isnan(score))
    n = rated.size
    if n == 0:
        return out
    neg = -score[rated]
    cuts = np.round(np.cumsum(shares)[:3] * n).astype(np.int64)
    kth = sorted({int(c) - 1 for c in cuts if 0 < c < n})
    ordered = np.partition(neg, kth) if kth else neg
    code = np.full(n, 4, dtype=np.int8)
    for c in cuts[::-1]:  # D ← C ← B ← A: each cut lifts its upper part one class
        code[_upper_part(neg, ordered, int(c))] -= 1
    out[rated] = code
    return out


def _upper_part(neg: np.ndarray, ordered: np.ndarray, cut: int) -> np.ndarray:
    """Mark the *cut* best firms (smallest ``neg``), ties in the order given."""
    if cut <= 0:
        return np.zeros(neg.size, dtype=bool)
    if cut >= neg.size:
        return np.ones(neg.size, dtype=bool)
    threshold = ordered[cut - 1]
    upper = neg < threshold
    equal = np.flatnonzero(neg == threshold)
    upper[equal[: cut - int(upper.sum())]] = True
    return upper
