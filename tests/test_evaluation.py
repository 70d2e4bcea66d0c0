from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from landsim.evaluation.indicators import (
    INDICATOR_NAMES,
    district_benchmark,
    figures_matrix,
    values,
)
from landsim.evaluation.ranks import grouped_percentile_codes, kth_smallest, percentile_codes
from landsim.evaluation.score import Formula, Table, assign_classes, evaluate, score_table
from landsim.scenario import load_scenario
from landsim.scenario.schema.evaluation import Classes, Evaluation
from tests.conftest import TINY


def frame(**cols):
    n = len(next(iter(cols.values())))
    base = {
        "status": ["operating"] * n,
        "size_class": ["below"] * n,
        "area_mu": [10.0] * n,
        "tax": [10.0] * n,
        "electricity": [100.0] * n,
        "value_added": [np.nan] * n,
        "energy_tce": [np.nan] * n,
        "emissions_t": [np.nan] * n,
        "employees": [np.nan] * n,
        "rd_spending": [np.nan] * n,
        "revenue": [100.0] * n,
        "output": [100.0] * n,
    }
    base.update(cols)
    return pd.DataFrame(base)


def test_benchmark_is_a_ratio_of_totals():
    f = frame(tax=[10.0, 90.0], area_mu=[10.0, 10.0])
    mask = np.array([True, True])
    assert district_benchmark(figures_matrix(f), "tax_per_mu", mask) == pytest.approx(100 / 20)
    # a zero denominator makes the indicator undefined, not infinite
    g = frame(electricity=[0.0, 100.0])
    assert np.isnan(values(figures_matrix(g), "tax_per_electricity")[0])


def test_below_size_score_by_hand():
    # benchmarks: tax/mu = 40/20 = 2; tax/MWh = 40/200 = 0.2
    f = frame(tax=[10.0, 30.0], area_mu=[10.0, 10.0], electricity=[100.0, 100.0])
    s = evaluate(f, Evaluation()).score
    # firm 1: 50·(1/2) + 50·(0.1/0.2) = 50 → score 50; firm 2: 50·1.5 + 50·1.5 = 150
    np.testing.assert_allclose(s, [50.0, 150.0])


def test_cap_limits_an_indicator():
    # benchmarks: tax/mu 102/30 = 3.4, tax/MWh 102/300 = 0.34; firm 2 is at 2.94× both
    f = frame(tax=[1.0, 1.0, 100.0], area_mu=[10.0] * 3, electricity=[100.0] * 3)
    assert evaluate(f, Evaluation(cap=2.0)).score[2] == pytest.approx(200.0)
    assert evaluate(f, Evaluation(cap=5.0)).score[2] == pytest.approx(100 * 10 / 3.4)


@pytest.mark.parametrize("rule", ["reweight", "zero", "unrated"])
def test_missing_indicator_rules(rule):
    # firm 0 lacks electricity; benchmarks: tax/mu 70/30, tax/MWh from firms 1-2: 60/200
    f = frame(tax=[10.0, 20.0, 40.0], area_mu=[10.0] * 3, electricity=[np.nan, 100.0, 100.0])
    s = evaluate(f, Evaluation(missing=rule, min_known_weight=0.5)).score
    tax_part = (10 / 10) / (70 / 30)
    if rule == "reweight":  # scored on tax per mu alone, its weight rescaled to the whole
        assert s[0] == pytest.approx(100 * tax_part)
    elif rule == "zero":  # the missing half counts 0
        assert s[0] == pytest.approx(100 * 0.5 * tax_part)
    else:
        assert np.isnan(s[0])
    assert not np.isnan(s[1:]).any()


def test_reweight_needs_enough_known_weight():
    f = frame(tax=[10.0, 20.0], electricity=[np.nan, 100.0])
    s = evaluate(f, Evaluation(missing="reweight", min_known_weight=0.6)).score
    assert np.isnan(s[0]) and not np.isnan(s[1])


def test_idle_parcels_are_not_scored():
    f = frame(status=["idle", "operating"], tax=[0.0, 10.0])
    ev = evaluate(f, Evaluation())
    assert np.isnan(ev.score[0]) and ev.klass[0] == "" and ev.group[0] == ""


def test_percentile_classes():
    score = np.array([10.0, 90, 50, np.nan, 70, 30, 80, 20, 60, 40, 100])
    out = assign_classes(score, Classes(shares={"A": 0.2, "B": 0.3, "C": 0.3, "D": 0.2}))
    # 10 rated, best first: 100 90 | 80 70 60 | 50 40 30 | 20 10
    assert dict(zip(score[~np.isnan(score)], out[~np.isnan(score)], strict=True)) == {
        100: "A",
        90: "A",
        80: "B",
        70: "B",
        60: "B",
        50: "C",
        40: "C",
        30: "C",
        20: "D",
        10: "D",
    }
    assert out[3] == ""


def _classes_by_sorting(score: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """The class rule written as a full stable sort (the kernel searches only the cuts)."""
    out = np.zeros(len(score), dtype=np.int8)
    rated = np.flatnonzero(~np.isnan(score))
    rank = np.empty(rated.size, dtype=int)
    rank[np.argsort(-score[rated], kind="stable")] = np.arange(rated.size)
    cuts = np.round(np.cumsum(shares)[:3] * rated.size)
    out[rated] = 4 - sum((rank < c).astype(int) for c in cuts)
    return out


def test_percentile_classes_match_a_full_sort_with_ties_and_gaps():
    rng = np.random.default_rng(3)
    for _ in range(200):
        n = int(rng.integers(0, 1500))
        # few distinct values (many ties), tiny or huge spreads, unrated firms
        score = np.round(rng.random(n) * rng.choice([1e-9, 1.0, 100.0, 1e6]), rng.integers(0, 3))
        score[rng.random(n) < 0.1] = np.nan
        shares = rng.dirichlet(np.ones(4))
        assert np.array_equal(percentile_codes(score, shares), _classes_by_sorting(score, shares))


def test_classes_within_groups_match_each_group_classed_alone():
    rng = np.random.default_rng(5)
    for _ in range(100):
        n = int(rng.integers(1, 2000))
        score = np.round(rng.random(n) * 100, int(rng.integers(0, 2)))  # ties
        score[rng.random(n) < 0.1] = np.nan
        group = rng.integers(0, 3, size=n)
        shares = rng.dirichlet(np.ones(4))
        rated = np.flatnonzero(~np.isnan(score))
        got = grouped_percentile_codes(score, rated, group, 3, shares)
        for g in range(3):
            alone = percentile_codes(np.where(group == g, score, np.nan), shares)
            assert np.array_equal(got[group == g], alone[group == g])


def test_kth_smallest_equals_sorting():
    rng = np.random.default_rng(4)
    for _ in range(200):
        values = np.round(rng.normal(size=int(rng.integers(1, 3000))), int(rng.integers(0, 4)))
        ks = rng.integers(0, values.size, size=3)
        np.testing.assert_array_equal(kth_smallest(values, ks), np.sort(values)[ks])


def test_threshold_classes():
    out = assign_classes(
        np.array([130.0, 100, 60, 20]),
        Classes(method="thresholds", thresholds={"A": 120, "B": 80, "C": 50}),
    )
    assert list(out) == ["A", "B", "C", "D"]


def test_above_size_uses_six_indicators():
    f = frame(
        size_class=["above", "above"],
        tax=[10.0, 30.0],
        value_added=[100.0, 300.0],
        energy_tce=[10.0, 10.0],
        emissions_t=[1.0, 1.0],
        employees=[10.0, 10.0],
        rd_spending=[1.0, 3.0],
        revenue=[100.0, 100.0],
    )
    ev = evaluate(f, Evaluation())
    assert set(ev.benchmarks["above"]) == {
        "tax_per_mu",
        "value_added_per_mu",
        "value_added_per_energy",
        "value_added_per_emission",
        "labour_productivity",
        "rd_share",
    }
    # every indicator of firm 0 is half its benchmark; of firm 1, 1.5 times
    np.testing.assert_allclose(ev.score, [50.0, 150.0])


def test_an_indicator_with_a_zero_denominator_is_undefined_not_infinite():
    """A new firm with no jobs has no value added per worker, as a base-year firm has none."""
    scn = load_scenario(TINY)
    formula = Formula.of(scn.evaluation)
    k = formula.order.shape[1]
    num, den = np.full((2, k), 1.0), np.full((2, k), 1.0)
    num[1], den[1] = 2.0, 1.0
    worker = INDICATOR_NAMES.index("labour_productivity")
    assert worker in formula.order[0]  # the above-size formula weighs it
    zeros = np.zeros(2, dtype=np.int64)

    def scores(den_worker: float, num_worker: float) -> np.ndarray:
        n, d = num.copy(), den.copy()
        n[1, worker], d[1, worker] = num_worker, den_worker
        table = Table.from_parts(n, d, zeros, zeros, np.ones(2, dtype=bool))
        year = (0, 0, np.ones(1), np.ones(3))
        bench = np.ones((2, k))
        return score_table(table, zeros.astype(np.int8), zeros - 1, year, bench, formula)[0]

    no_jobs, unknown = scores(0.0, 5.0), scores(np.nan, np.nan)
    np.testing.assert_array_equal(no_jobs, unknown)
    assert np.isfinite(no_jobs).all()
