"""The 亩均 scoring kernel: benchmarks and scores of many firms in two compiled passes.

Scoring is the engine's hottest step (the evaluation is rerun every year of every draw),
so it is compiled with numba: the first pass sums every indicator's numerator and
denominator by group (the district benchmarks), the second scores every firm. Figures are
scaled on the fly by each firm's growth factor and upgrade uplift, so nothing of the
firms' size is allocated per year. The same kernel scores the base year at compile time,
so there is one implementation of the formula.

Firms come in two tables: the inventory's firms (base-year figures, scaled) and new firms
on renewed land (this year's figures, not scaled). Indicator *k* of an inventory firm *i*
is ``num[i, k] · f(k, i) ÷ (den[i, k] · h(k, i))``: the factors are the firm's growth when
the figure grows (``grows``) and its uplift when it is upgraded and the figure is uplifted
(``lifts``: the row of ``uplift`` — output, tax, value added — or −1).
"""

from __future__ import annotations

import numba
import numpy as np

MISSING_MODES = ("reweight", "zero", "unrated")


@numba.njit(cache=True, nogil=True)
def score_kernel(
    firms, new_firms, scale, order, weights, given, cap, mode, min_known
):  # pragma: no cover - compiled; tested through landsim.evaluation.score
    """Benchmarks ``(G, K)``, and scores and known weight shares of both tables.

    Parameters
    ----------
    firms, new_firms
        ``(num, den, group)``: ``(m, K)`` numerators and denominators (NaN where
        undefined) and ``(m,)`` scoring groups (0 规上, 1 规下, −1 not scored this time).
    scale
        ``(growth, lifted, uplift, grows_num, grows_den, lifts_num, lifts_den)`` of the
        inventory's firms: ``(m,)`` growth factors, ``(m,)`` whether the upgrade has taken
        effect, ``(3,)`` uplift factors, and per indicator how its figures scale.
    order, weights, given
        ``(G, K)``: each group's indicators in the scenario's order (−1 after the last),
        weights, and benchmarks fixed by the scenario (NaN: district average).
    cap, mode, min_known
        The formula's cap, missing-indicator rule (index in :data:`MISSING_MODES`) and
        minimum known weight share.
    """
    n_groups, n_k = order.shape
    s_num = np.zeros((n_groups, n_k))
    s_den = np.zeros((n_groups, n_k))
    _sums(firms, scale, order, s_num, s_den)
    _sums(new_firms, _unscaled(new_firms[0].shape[0], scale), order, s_num, s_den)
    bench = given.copy()
    for g in range(n_groups):
        for k in range(n_k):
            if bench[g, k] != bench[g, k] and s_den[g, k] > 0:
                bench[g, k] = s_num[g, k] / s_den[g, k]
    old = _scores(firms, scale, order, weights, bench, cap)
    new = _scores(new_firms, _unscaled(new_firms[0].shape[0], scale), order, weights, bench, cap)
    return bench, _apply_rule(old, mode, min_known), old[1], _apply_rule(new, mode, min_known)


@numba.njit(cache=True, nogil=True)
def _unscaled(m, scale):  # pragma: no cover - compiled
    """Return a scale that leaves *m* firms' figures as they are."""
    no = np.zeros(m, dtype=np.bool_)
    return (np.ones(m), no, scale[2], scale[3], scale[4], scale[5], scale[6])


@numba.njit(cache=True, nogil=True)
def _factors(i, scale, f_num, f_den):  # pragma: no cover - compiled
    """Fill the scale factors of firm *i*'s numerators and denominators."""
    growth, lifted, uplift, grows_num, grows_den, lifts_num, lifts_den = scale
    g = growth[i]
    up = lifted[i]
    for k in range(f_num.size):
        a = g if grows_num[k] else 1.0
        b = g if grows_den[k] else 1.0
        if up:
            if lifts_num[k] >= 0:
                a *= uplift[lifts_num[k]]
            if lifts_den[k] >= 0:
                b *= uplift[lifts_den[k]]
        f_num[k] = a
        f_den[k] = b


@numba.njit(cache=True, nogil=True)
def _sums(table, scale, order, s_num, s_den):  # pragma: no cover - compiled
    """Add every indicator's numerator and denominator to the sums of its group."""
    num, den, group = table
    n_k = order.shape[1]
    f_num = np.empty(n_k)
    f_den = np.empty(n_k)
    for i in range(num.shape[0]):
        g = group[i]
        if g < 0:
            continue
        _factors(i, scale, f_num, f_den)
        for j in range(n_k):
            k = order[g, j]
            if k < 0:
                break
            a = num[i, k]
            b = den[i, k]
            if a == a and b == b and b > 0:
                s_num[g, k] += a * f_num[k]
                s_den[g, k] += b * f_den[k]


@numba.njit(cache=True, nogil=True)
def _scores(table, scale, order, weights, bench, cap):  # pragma: no cover - compiled
    """Return ``(3, m)``: sums of capped indicators, known weight shares, total weights.

    Rows: each firm's weighted sum of capped indicators, the share of the weight its known
    indicators carry, and its formula's total weight (NaN: not scored).
    """
    num, den, group = table
    m = num.shape[0]
    n_k = order.shape[1]
    f_num = np.empty(n_k)
    f_den = np.empty(n_k)
    out = np.full((3, m), np.nan)
    out[1] = 0.0
    for i in range(m):
        g = group[i]
        if g < 0:
            continue
        _factors(i, scale, f_num, f_den)
        total_w = 0.0
        s = 0.0
        known_w = 0.0
        for j in range(n_k):
            k = order[g, j]
            if k < 0:
                break
            w = weights[g, k]
            total_w += w
            a = num[i, k]
            b = den[i, k]
            if a == a and b == b and b > 0 and bench[g, k] > 0:
                v = (a * f_num[k]) / (b * f_den[k])
                s += w * min(v / bench[g, k], cap)
                known_w += w
        out[0, i] = s
        out[1, i] = known_w / total_w if total_w > 0 else 0.0
        out[2, i] = total_w
    return out


@numba.njit(cache=True, nogil=True)
def _apply_rule(parts, mode, min_known):  # pragma: no cover - compiled
    """Turn :func:`_scores` into scores under the missing-indicator rule."""
    m = parts.shape[1]
    score = np.full(m, np.nan)
    for i in range(m):
        s, share, total_w = parts[0, i], parts[1, i], parts[2, i]
        if np.isnan(total_w):
            continue
        if mode == 1:
            score[i] = 100.0 * s / total_w
        elif mode == 2:
            if share >= 1.0 - 1e-12:
                score[i] = 100.0 * s / total_w
        elif share >= min_known and share > 0:
            score[i] = 100.0 * s / (share * total_w)
    return score


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
