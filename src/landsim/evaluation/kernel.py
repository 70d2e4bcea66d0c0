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
def add_sums(idx, parts, group, industry, sign, sums):  # pragma: no cover
    """Add (*sign* = 1) or take out (−1) the indicators of firms *idx* from running sums.

    *parts* is ``(n, 2, K)``: each firm's numerators and denominators, 0 where an
    indicator is undefined. *sums* is ``(2, G, K, I)``: numerators and denominators by
    scoring group, indicator and industry.
    """
    for j in range(idx.size):
        _add_one(idx[j], parts, group, industry, sign, sums)


@numba.njit(cache=True, nogil=True, inline="always")
def _add_one(i, parts, group, industry, sign, sums):  # pragma: no cover - compiled
    """Add firm *i*'s indicators times *sign* to ``(2, G, K, I)`` *sums*.

    Undefined indicators are 0 in *parts*: adding them leaves a sum as it was.
    """
    g = group[i]
    if g < 0:
        return
    ind = industry[i]
    for k in range(parts.shape[2]):
        sums[0, g, k, ind] += sign * parts[i, 0, k]
        sums[1, g, k, ind] += sign * parts[i, 1, k]


@numba.njit(cache=True, nogil=True)
def update_sums(firms, table, year, plain, lifted):  # pragma: no cover - compiled
    """Bring one draw's running sums up to date: vacated firms out, lifted firms moved.

    Parameters
    ----------
    firms
        ``(counted, lifted_in, treatment, upgrade_year)``: which firms the sums hold, and
        as lifted; each parcel's latest treatment and upgrade year index (−1). *counted*
        and *lifted_in* are updated in place.
    table
        ``(parts, group, industry)`` of the firms' base-year indicators (:func:`add_sums`).
    year
        ``(t, lag)``: the year index and the upgrade's lag.
    plain, lifted
        ``(2, G, K, I)`` sums of firms without and with their upgrade's uplift.

    First vacated firms are taken out (of the sums they are in), then firms whose upgrade
    has taken effect move from *plain* to *lifted*, each pass in inventory order. Each
    sum receives its firms' figures in that order, however the passes are written.
    """
    counted, lifted_in, treatment, upgrade_year = firms
    t, lag = year
    out, moved = _changed(counted, lifted_in, treatment, upgrade_year, t - 1 - lag)
    _settle(out, moved, firms, table, plain, lifted)


@numba.njit(cache=True, nogil=True)
def update_noted(noted, firms, table, year, plain, lifted):  # pragma: no cover - compiled
    """:func:`update_sums`, looking for the firms among the parcels *noted* only.

    *noted* is ``(vacated, upgraded)``: every parcel vacated since the last update, and
    every parcel whose upgrade may have taken effect since then (each list in inventory
    order). The sums are then those of :func:`update_sums`, without a pass over every
    parcel.
    """
    vacated, upgraded = noted
    counted, lifted_in, treatment, upgrade_year = firms
    t, lag = year
    latest = t - 1 - lag
    out = np.empty(vacated.size, dtype=np.int64)
    m = 0
    for i in vacated:
        out[m] = i
        m += counted[i] & (treatment[i] == 1)
    moved = np.empty(upgraded.size, dtype=np.int64)
    k = 0
    for i in upgraded:
        moved[k] = i
        k += _moves(i, counted, lifted_in, treatment, upgrade_year, latest)
    _settle(out[:m], moved[:k], firms, table, plain, lifted)


@numba.njit(cache=True, nogil=True, inline="always")
def _moves(i, counted, lifted_in, treatment, upgrade_year, latest):  # pragma: no cover
    """Whether firm *i* moves to the lifted sums: counted, not vacated, its upgrade in effect."""
    up = (upgrade_year[i] >= 0) & (upgrade_year[i] <= latest)
    return counted[i] & (treatment[i] != 1) & ~lifted_in[i] & up


@numba.njit(cache=True, nogil=True)
def _settle(out, moved, firms, table, plain, lifted):  # pragma: no cover - compiled
    """Take firms *out* of the sums they are in, then move firms *moved* to *lifted*."""
    counted, lifted_in, _, _ = firms
    parts, group, industry = table
    for i in out:
        _add_one(i, parts, group, industry, -1.0, lifted if lifted_in[i] else plain)
        counted[i] = False
    _move(moved, parts, group, industry, plain, lifted)
    for i in moved:
        lifted_in[i] = True


@numba.njit(cache=True, nogil=True)
def _changed(counted, lifted_in, treatment, upgrade_year, latest):  # pragma: no cover
    """List the firms counted that were vacated, and those whose upgrade took effect.

    One pass over the parcels lists both (a firm vacated is not moved): an upgrade takes
    effect once its year index is at most *latest*. Each list is written without a branch
    per parcel (a test that branches mispredicts, and whole-array expressions allocate a
    temporary for each step).
    """
    n = counted.size
    out = np.empty(n, dtype=np.int64)
    moved = np.empty(n, dtype=np.int64)
    m_out = 0
    m_moved = 0
    for i in range(n):
        out[m_out] = i
        moved[m_moved] = i
        m_out += counted[i] & (treatment[i] == 1)
        m_moved += _moves(i, counted, lifted_in, treatment, upgrade_year, latest)
    return out[:m_out], moved[:m_moved]


@numba.njit(cache=True, nogil=True)
def _move(idx, parts, group, industry, plain, lifted):  # pragma: no cover - compiled
    """Move firms *idx* from the *plain* sums to the *lifted* ones, in one pass.

    Each figure is taken out of one sum and added to the other before the next is read
    (two passes of :func:`_add_one` per firm are three times slower).
    """
    for i in idx:
        g = group[i]
        if g < 0:
            continue
        ind = industry[i]
        for p in range(2):
            for k in range(parts.shape[2]):
                x = parts[i, p, k]
                plain[p, g, k, ind] -= x
                lifted[p, g, k, ind] += x


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
    group = firms[2]
    n_groups = 1 + max(group.max(), 0) if group.size else 1
    places = (np.empty(0, dtype=np.int64), np.empty(0))
    joined = (firms[0][:0], np.zeros(0))
    score, ranked = score_ranked(firms, year, formula, joined, (n_groups, places))
    members, _, first, counts = ranked
    rated = np.empty(counts.sum(), dtype=np.int64)
    m = 0
    for g in range(n_groups):  # back in inventory order (a few firms, or once)
        rated[m : m + counts[g]] = members[first[g] : first[g] + counts[g]]
        m += counts[g]
    rated.sort()
    return score, rated


@numba.njit(cache=True, nogil=True)
def score_ranked(firms, year, formula, joined, groups):  # pragma: no cover - compiled
    """Score firms as :func:`score_firms` does, gathering each group's rated firms.

    *joined* is ``(idx, score)``: firms scored already (new firms, not among *firms*),
    rated, in inventory order, which join group 0. *groups* is ``(n_groups, places)``:
    the number of groups and ``(members, neg)`` arrays to gather them in, reused when
    they are large enough (a fresh megabyte costs more in page faults than the pass).
    Returns the ``(n,)`` scores (the joined firms' not written) and ``(members, neg,
    first, counts)`` for :func:`~landsim.evaluation.ranks.ranked_codes`: the classes
    need no other pass to gather their firms.
    """
    scored, ratio, group, industry, treatment, upgrade_year = firms
    t, lag, growth_ind, expo, lift = year
    order, weights, bench, cap, mode, min_known = formula
    score = np.full(group.size, np.nan)
    size = scored.size + joined[0].size
    members, neg = _places(groups, size)
    first = np.arange(groups[0]) * size  # group g's places start at g × size
    counts = np.zeros(groups[0], dtype=np.int64)
    p = 0
    n_k = order.shape[1]
    for j in range(scored.size):
        i = scored[j]
        p = _join(i, p, joined, members, neg, counts)  # joined firms, in inventory order
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
            at = first[g] + counts[g]
            members[at] = i
            neg[at] = -value
            counts[g] += 1
    _join(group.size, p, joined, members, neg, counts)  # those after the last firm
    return score, (members, neg, first, counts)


@numba.njit(cache=True, nogil=True)
def _places(groups, size):  # pragma: no cover - compiled
    """``(members, neg)`` with room for *size* firms in each group: given, or new."""
    n_groups, (members, neg) = groups
    if members.size < n_groups * size or neg.size < n_groups * size:
        return np.empty(n_groups * size, dtype=np.int64), np.empty(n_groups * size)
    return members, neg


@numba.njit(cache=True, nogil=True, inline="always")
def _join(i, p, joined, members, neg, counts):  # pragma: no cover - compiled
    """Put the joined firms from the *p*-th on that lie before parcel *i* in group 0.

    Returns the first joined firm left.
    """
    extra, extra_score = joined
    while p < extra.size and extra[p] < i:
        members[counts[0]] = extra[p]
        neg[counts[0]] = -extra_score[p]
        counts[0] += 1
        p += 1
    return p


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
