"""The simulated likelihood's pieces, by hand."""

from __future__ import annotations

import numpy as np
import pytest

from landsim.analysis.likelihood import Frequencies, categories, refine


def test_categories_count_years_inside_the_period_and_the_rest_as_none():
    years = [np.array([0, 1, 2, -1]), np.array([-1, -1, 0, 1])]
    assert categories(years, 0, 2).tolist() == [[0, 1, 2, 2], [2, 2, 0, 1]]
    assert categories(years, 1, 3).tolist() == [[2, 0, 1, 2], [2, 2, 2, 0]]


def test_frequencies_are_smoothed_counts_and_never_zero():
    # two values, three draws each, one block, two parcels, categories 0 (year) or 1 (none)
    cats = np.array([[[0, 1]], [[0, 1]], [[1, 1]], [[1, 1]], [[1, 1]], [[1, 1]]])
    freq = Frequencies.of(cats, 2, 2)
    assert freq.counts[:, 0].tolist() == [[[2, 1], [0, 3]], [[0, 3], [0, 3]]]
    history = np.array([[0, 1]])
    p = freq.probabilities(history)
    # value 0: parcel 0 in year 0 twice of three draws; share of year 0 over parcels 2/6
    share = (2 + 0.5) / (6 + 1)
    assert p[0, 0, 0] == pytest.approx((2 + share) / 4)
    # value 1: no draw and no parcel ever in year 0 — still a (small) probability
    assert 0 < p[1, 0, 0] < 0.05
    assert np.isfinite(freq.log_score(history)).all()
    assert freq.log_score(history)[0] > freq.log_score(history)[1]


def test_refine_finds_a_peak_between_grid_values():
    axis = np.linspace(0, 1, 6)
    scores = -((axis - 0.37) ** 2) * 100
    assert refine(scores, [axis], [False])[0] == pytest.approx(0.37, abs=0.01)
    assert refine(scores, [axis], [True])[0] == pytest.approx(0.4)  # whole values stay
