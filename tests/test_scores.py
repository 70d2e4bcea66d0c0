"""The back-test's scores, computed by hand on a four-parcel case."""

from __future__ import annotations

import numpy as np
import pytest

from landsim.analysis.scores import (
    auc,
    brier,
    confusion,
    group_weights,
    rates,
    reliability,
    selected,
)

AREA = np.array([1.0, 2.0, 3.0, 4.0])
PLATFORM = np.array([0, 0, 1, 1])
TRUTH = np.array([0, -1, 1, 0])  # year index of each parcel's treatment, −1: never
SIM = np.array([[0, 0, -1, 1], [-1, 0, 1, 0]])  # two draws


def test_selected_by_year_and_cumulated():
    assert selected(TRUTH, "year", 2).tolist() == [[1, 0, 0, 1], [0, 0, 1, 0]]
    assert selected(TRUTH, "cumulative", 2).tolist() == [[1, 0, 0, 1], [1, 0, 1, 1]]
    assert selected(SIM, "cumulative", 2).shape == (2, 2, 4)


def test_hits_misses_false_alarms_by_area_and_platform():
    w = group_weights(PLATFORM, 2, AREA)
    counts = confusion(selected(TRUTH, "cumulative", 2), selected(SIM, "cumulative", 2), w)
    # draw 0 by the end: treated {0, 1, 3} against truly {0, 2, 3}
    assert counts[0, 1, 2].tolist() == [5.0, 3.0, 2.0]  # district: hits 0+3, miss 2, alarm 1
    assert counts[0, 1, 0].tolist() == [1.0, 0.0, 2.0]  # platform 0
    assert counts[0, 1, 1].tolist() == [4.0, 3.0, 0.0]  # platform 1
    # draw 1: treated {1, 2, 3}
    assert counts[1, 1, 2].tolist() == [7.0, 1.0, 2.0]
    fom = rates(counts)["figure_of_merit"]
    assert fom[:, 1, 2] == pytest.approx([0.5, 0.7])
    # year 0 alone, draw 0: treated {0, 1} against {0, 3}
    year0 = confusion(selected(TRUTH, "year", 2), selected(SIM, "year", 2), w)
    assert year0[0, 0, 2].tolist() == [1.0, 4.0, 2.0]


def test_counts_by_parcel_ignore_area():
    w = group_weights(PLATFORM, 2)
    counts = confusion(selected(TRUTH, "cumulative", 2), selected(SIM, "cumulative", 2), w)
    assert counts[0, 1, 2].tolist() == [2.0, 1.0, 1.0]


def test_rates_are_empty_when_nothing_was_treated():
    r = rates(np.zeros((1, 3)))
    assert np.isnan(r["figure_of_merit"]).all() and np.isnan(r["user_accuracy"]).all()
    r = rates(np.array([[2.0, 2.0, 0.0]]))
    assert r["producer_accuracy"][0] == 0.5 and r["user_accuracy"][0] == 1.0


def test_auc_is_the_share_of_pairs_ranked_right():
    rng = np.random.default_rng(3)
    scores = rng.integers(0, 5, 200) / 4  # many ties
    truth = rng.random(200) < 0.3 + 0.4 * scores
    pos, neg = scores[truth], scores[~truth]
    pairs = (pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean()
    assert auc(scores, truth) == pytest.approx(pairs)
    assert auc(truth.astype(float), truth) == 1.0
    assert np.isnan(auc(scores, np.zeros(200, dtype=bool)))


def test_brier_and_reliability_by_hand():
    freq = np.array([0.0, 0.0, 0.05, 0.55, 0.6, 1.0])
    truth = np.array([False, True, False, True, False, True])
    area = np.array([1.0, 1.0, 2.0, 2.0, 3.0, 4.0])
    assert brier(freq, truth) == pytest.approx(np.mean([0.0, 1.0, 0.0025, 0.2025, 0.36, 0.0]))
    table = reliability(freq, truth, area)
    assert table["parcels"].sum() == 6
    zero = table.iloc[0]
    assert (zero["low"], zero["high"], zero["parcels"], zero["observed"]) == (0, 0, 2, 0.5)
    middle = table[(table["low"] == 0.5)].iloc[0]  # (50 %, 60 %]: 0.55 and 0.6
    assert middle["parcels"] == 2 and middle["mean_predicted"] == pytest.approx(0.575)
    assert middle["observed"] == 0.5 and middle["observed_area"] == pytest.approx(2 / 5)
    assert table.iloc[-1]["parcels"] == 1  # (90 %, 100 %]: 1.0
