"""Scoring with each group's rated firms gathered equals scoring, inserting, then classing."""

from __future__ import annotations

import numpy as np
import pytest

from landsim.evaluation.kernel import score_firms, score_ranked
from landsim.evaluation.ranks import grouped_percentile_codes, ranked_codes


def _inputs(rng: np.random.Generator, n: int):
    k, n_ind = 7, 3
    ratio = np.round(rng.uniform(0.0, 4.0, (n, k)), int(rng.integers(0, 3)))  # ties
    ratio[rng.random((n, k)) < 0.15] = np.nan
    group = rng.integers(-1, 2, n).astype(np.int64)
    industry = rng.integers(0, n_ind, n).astype(np.int64)
    treatment = rng.integers(0, 4, n).astype(np.int8)
    upgrade_year = np.where(rng.random(n) < 0.3, rng.integers(0, 5, n), -1)
    scored = np.flatnonzero(group >= 0)
    order = np.full((2, k), -1, dtype=np.int64)
    order[0, :4], order[1, :3] = [0, 2, 3, 5], [1, 4, 6]
    weights = rng.uniform(0.5, 2.0, (2, k))
    bench = rng.uniform(0.5, 3.0, (2, k))
    firms = (scored, ratio, group, industry, treatment, upgrade_year)
    year = (4, 1, rng.uniform(0.9, 1.3, n_ind), rng.integers(-1, 2, k), rng.uniform(1, 1.2, k))
    formula = (order, weights, bench, 1.5, int(rng.integers(0, 3)), 0.6)
    return firms, year, formula


def _joined(rng, firms, n_joined):
    """New firms on vacated parcels (not rated in the inventory), with scores."""
    _, _, group, _, treatment, _ = firms
    free = np.flatnonzero((treatment == 1) | (group < 0))
    idx = np.sort(rng.choice(free, size=min(n_joined, free.size), replace=False))
    return idx, np.round(rng.uniform(0, 150, idx.size), 1)


@pytest.mark.parametrize("seed", range(12))
def test_ranked_scoring_equals_scoring_inserting_and_classing(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 2500))
    firms, year, formula = _inputs(rng, n)
    joined = _joined(rng, firms, int(rng.choice([0, 1, 40])))
    shares = rng.dirichlet(np.ones(4))
    if seed % 4 == 0:
        shares = np.array([0.0, 0.3, 0.0, 0.7])  # empty cuts
    score, rated = score_firms(firms, year, formula)
    small = (np.empty(0, dtype=np.int64), np.empty(0))  # too small: new places
    big = (np.full(2 * (n + 50), -7, dtype=np.int64), np.full(2 * (n + 50), np.nan))
    got_score, ranked = score_ranked(firms, year, formula, joined, (2, small if seed % 2 else big))
    np.testing.assert_array_equal(got_score, score)
    score[joined[0]] = joined[1]
    rated = np.insert(rated, np.searchsorted(rated, joined[0]), joined[0])
    group = firms[2].copy()
    group[joined[0]] = 0
    want = grouped_percentile_codes(score, rated, group, 2, shares)
    np.testing.assert_array_equal(ranked_codes(n, ranked, shares), want)
    members, neg, first, counts = ranked
    for g in range(2):
        mine = members[first[g] : first[g] + counts[g]]
        np.testing.assert_array_equal(mine, rated[group[rated] == g])
        np.testing.assert_array_equal(neg[first[g] : first[g] + counts[g]], -score[mine])


def test_score_firms_lists_the_rated_firms_in_inventory_order():
    rng = np.random.default_rng(9)
    firms, year, formula = _inputs(rng, 500)
    score, rated = score_firms(firms, year, formula)
    np.testing.assert_array_equal(rated, np.flatnonzero(~np.isnan(score)))


def test_a_group_of_one_and_equal_scores():
    score = np.array([5.0, np.nan, 5.0, 5.0, 7.0])
    rated = np.array([0, 2, 3, 4])
    group = np.array([0, 0, 1, 1, 1])
    shares = np.array([0.34, 0.33, 0.33, 0.0])
    got = grouped_percentile_codes(score, rated, group, 2, shares)
    np.testing.assert_array_equal(got, [2, 0, 2, 3, 1])  # a group of one: round(0.34) = 0 A
