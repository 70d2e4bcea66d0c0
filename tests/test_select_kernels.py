"""The compiled worst-first order and fill equal the numpy path they replaced, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from landsim.engine.bookkeeping import matching, split, split_on, without
from landsim.engine.constraints import Capacity
from landsim.engine.evaluate import YearEvaluation
from landsim.engine.fill import greedy_fill
from landsim.engine.shortfalls import diagnose
from landsim.engine.strategies import worst_first, worst_first_chunks


def numpy_worst_first(idx, score, tax):
    """The former numpy order: quicksort of the scores, then a lexsort of the ties."""
    primary = np.where(np.isnan(score), np.inf, score)
    order = np.argsort(primary)
    p = primary[order]
    tied = np.flatnonzero(p[1:] == p[:-1])
    if tied.size:
        pos = np.union1d(tied, tied + 1)
        items = order[pos]
        keys = (idx[items], tax[idx[items]], np.isnan(score[items]), primary[items])
        order[pos] = items[np.lexsort(keys)]
    return idx[order]


def numpy_take(cap, area, platform, cost):
    """The former fill: rows of weights, then :func:`greedy_fill`."""
    if area.size == 0:
        return np.zeros(0, dtype=bool)
    weights, caps = cap.rows(area, platform, cost)
    taken, left = greedy_fill(weights, caps)
    cap.quota = float(left[0])
    capped = np.flatnonzero(np.isfinite(cap.caps))
    cap.caps[capped] = left[1 : 1 + capped.size]
    if np.isfinite(cap.budget):
        cap.budget = float(left[-1])
    return taken


def random_case(rng, n):
    """Scores and taxes with many ties, unrated parcels, NaN taxes and signed zeros."""
    score = rng.integers(0, max(2, n // 8), n).astype(float)
    score[rng.random(n) < 0.15] = np.nan
    score[rng.random(n) < 0.05] = np.inf
    tax = rng.integers(0, 4, n).astype(float)
    tax[rng.random(n) < 0.1] = np.nan
    tax[rng.random(n) < 0.1] = -0.0
    area = np.round(rng.lognormal(0, 1, n) + 0.01, 2)
    platform = rng.integers(0, 4, n)
    cost = np.round(rng.lognormal(2, 1, n), 1)
    return score, tax, area, platform, cost


@pytest.mark.parametrize("seed", range(40))
def test_worst_first_equals_the_numpy_order(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 3000))
    score, tax, *_ = random_case(rng, n)
    idx = np.flatnonzero(rng.random(n) < 0.7)
    ranking = YearEvaluation(score=score, code=np.zeros(n, np.int8), tax_per_mu=tax)
    want = numpy_worst_first(idx, score[idx], tax)
    np.testing.assert_array_equal(worst_first(idx, ranking), want)


@pytest.mark.parametrize("seed", range(60))
def test_chunked_fill_equals_the_numpy_fill(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 40_000))
    score, tax, area, platform, cost = random_case(rng, n)
    idx = np.flatnonzero(rng.random(n) < 0.6)
    ranking = YearEvaluation(score=score, code=np.zeros(n, np.int8), tax_per_mu=tax)
    quota = float(area[idx].sum() * rng.choice([0.02, 0.3, 1.1])) if rng.random() < 0.9 else np.inf
    caps = np.where(rng.random(4) < 0.5, rng.uniform(0, 0.2) * area.sum(), np.inf)
    budget = float(cost.sum() * rng.uniform(0.001, 0.05)) if rng.random() < 0.5 else np.inf

    old = Capacity(quota, caps.copy(), budget)
    order = numpy_worst_first(idx, score[idx], tax)
    want = np.sort(order[numpy_take(old, area[order], platform[order], cost[order])])

    new = Capacity(quota, caps.copy(), budget)
    got = np.zeros(idx.size, dtype=bool)
    smallest = float(area.min())
    for chunk in worst_first_chunks(idx, ranking, new, area):
        if new.take_in_order(idx, chunk, (area, platform, cost), got, smallest):
            break
    np.testing.assert_array_equal(idx[got], want)
    assert (new.quota, new.budget) == (old.quota, old.budget)
    np.testing.assert_array_equal(new.caps, old.caps)


def test_chunks_are_a_prefix_of_the_order_without_what_cannot_fit():
    rng = np.random.default_rng(1)
    score, tax, area, *_ = random_case(rng, 50_000)
    idx = np.arange(50_000)
    ranking = YearEvaluation(score=score, code=np.zeros(50_000, np.int8), tax_per_mu=tax)
    cap = Capacity(100.0, np.full(4, np.inf), np.inf)
    chunks = list(worst_first_chunks(idx, ranking, cap, area))
    assert len(chunks) > 1
    order = numpy_worst_first(idx, score, tax)
    np.testing.assert_array_equal(chunks[0], order[: chunks[0].size])
    rest = order[chunks[0].size :]
    np.testing.assert_array_equal(np.concatenate(chunks[1:]), rest[area[rest] <= 100.0 + 1e-9])


@pytest.mark.parametrize("seed", range(20))
def test_lists_of_candidates_left_equal_numpy(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 5000))
    values = rng.integers(0, 4, n).astype(np.int8)
    idx = np.flatnonzero(rng.random(n) < 0.5)
    for value in range(4):
        same = values[idx] == value
        np.testing.assert_array_equal(matching(idx, values, value, True), idx[same])
        np.testing.assert_array_equal(matching(idx, values, value, False), idx[~same])
    taken = np.flatnonzero(rng.random(n) < 0.3)  # some in idx, some not
    np.testing.assert_array_equal(without(idx, taken), np.setdiff1d(idx, taken))
    mask = rng.random(idx.size) < 0.4
    yes, no = split(idx, mask)
    np.testing.assert_array_equal(yes, idx[mask])
    np.testing.assert_array_equal(no, idx[~mask])


def numpy_diagnose(left, cap, area, platform, cost):
    """The former numpy diagnosis of a district shortfall with candidates left."""
    a = area[left]
    fits = a <= cap.quota + 1e-6
    if (cap.caps != np.inf).any():
        fits &= a <= cap.caps[platform[left]] + 1e-6
    m = cost[left[fits]]
    if m.size and not (m <= cap.budget + 1e-6).any():
        return "budget", (
            f"{cap.budget:,.0f} 万元 left; the cheapest candidate that fits costs "
            f"{m.min():,.0f} 万元"
        )
    if not fits.any() and (a <= cap.quota + 1e-6).any():
        return "platform_quota", "the candidates left are in platforms whose caps are used up"
    smallest = f"the smallest candidate left has {a.min():,.1f} mu"
    left_mu = f"{cap.quota:,.1f}"  # a quota that rounds to 0.0 is "less than 0.1" left
    left_mu = "less than 0.1" if left_mu == "0.0" and cap.quota > 0 else left_mu
    return "granularity", f"{left_mu} mu left; {smallest}"


@pytest.mark.parametrize("seed", range(60))
def test_diagnosis_equals_numpy(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 500))
    _, _, area, platform, cost = random_case(rng, n)
    left = np.flatnonzero(rng.random(n) < 0.5)
    if left.size == 0:
        return
    caps = np.where(rng.random(4) < 0.7, rng.uniform(0, 0.5, 4), np.inf)
    budget = float(rng.choice([np.inf, rng.uniform(0, 3)]))
    cap = Capacity(float(rng.uniform(0, 1)), caps, budget)
    want = numpy_diagnose(left, cap, area, platform, cost)
    cause, detail = diagnose(left, left[:0], cap, area, platform, cost)
    assert (cause, detail.en) == want


@pytest.mark.parametrize("seed", range(30))
def test_fill_of_flagged_members_equals_the_fill_of_their_order(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 3000))
    _, _, area, platform, cost = random_case(rng, n)
    items = rng.permutation(np.flatnonzero(rng.random(n) < 0.8))  # a longer list, in order
    idx = np.sort(rng.choice(items, int(rng.integers(0, items.size + 1)), replace=False))
    caps = np.where(rng.random(4) < 0.5, rng.uniform(0, 0.3) * area.sum(), np.inf)
    budget = float(cost.sum() * rng.uniform(0.01, 0.2)) if rng.random() < 0.5 else np.inf
    quota = float(area[idx].sum() * rng.uniform(0.05, 1.2)) if idx.size else 1.0
    smallest = float(area.min())

    old = Capacity(quota, caps.copy(), budget)
    chosen = np.zeros(n, dtype=bool)
    chosen[idx] = True
    order = items[chosen[items]]
    want = np.sort(order[numpy_take(old, area[order], platform[order], cost[order])])

    new = Capacity(quota, caps.copy(), budget)
    member = np.zeros(n, dtype=np.int8)
    member[idx] = 1
    new.take_members(items, member, (area, platform, cost), smallest)
    taken, left = split_on(idx, member, 2)
    np.testing.assert_array_equal(taken, want)
    np.testing.assert_array_equal(left, np.setdiff1d(idx, want))
    assert (new.quota, new.budget) == (old.quota, old.budget)
    np.testing.assert_array_equal(new.caps, old.caps)
