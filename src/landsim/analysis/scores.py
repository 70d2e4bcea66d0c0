"""How well a simulated selection matches what really happened: the scores of a back-test.

Plain functions on arrays, for many draws at once:

* hits (treated in the simulation and in reality), misses (treated in reality only) and
  false alarms (in the simulation only), by area or by count, year by year or cumulated,
  by platform (:func:`confusion`);
* the Figure of Merit, hits ÷ (hits + misses + false alarms) (Pontius et al. 2008,
  *Annals of Regional Science* 42:11–37), with the producer's and user's accuracy
  (:func:`rates`);
* for selection frequencies across Monte Carlo draws, the ROC AUC (the Mann–Whitney
  statistic, :func:`auc`), the Brier score and a reliability table (:func:`reliability`).

Years are year indices (0 = the first simulated year; −1 = never).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

Scope = Literal["year", "cumulative"]
SCOPES: tuple[Scope, ...] = ("year", "cumulative")
#: Edges of the reliability table's bins of predicted frequency; 0 has a bin of its own.
RELIABILITY_EDGES = np.linspace(0.0, 1.0, 11)


def selected(years: np.ndarray, scope: Scope, n_years: int) -> np.ndarray:
    """Whether each parcel counts as treated in each year: ``(..., Y, N)`` from ``(..., N)``.

    *scope* ``year``: treated in that year; ``cumulative``: treated by the end of it.
    """
    y = np.arange(n_years)[:, None]
    when = np.asarray(years)[..., None, :]
    if scope == "year":
        return when == y
    return (when >= 0) & (when <= y)


def group_weights(
    groups: np.ndarray, n_groups: int, weights: np.ndarray | None = None
) -> np.ndarray:
    """``(N, G + 1)`` weights: each parcel's weight in its group's column and in the last (all)."""
    n = len(groups)
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    out = np.zeros((n, n_groups + 1))
    out[np.arange(n), groups] = w
    out[:, -1] = w
    return out


def confusion(truth: np.ndarray, sim: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Hits, misses and false alarms, summed by group.

    Parameters
    ----------
    truth
        ``(Y, N)`` booleans: treated in reality.
    sim
        ``(D, Y, N)`` booleans: treated in each simulated draw.
    weights
        ``(N, G)`` weights of each parcel in each group (see :func:`group_weights`).

    Returns
    -------
    numpy.ndarray
        ``(D, Y, G, 3)``: hits, misses, false alarms.
    """
    w = weights.astype(np.float64)
    hits = (sim & truth) @ w
    misses = (~sim & truth) @ w
    false_alarms = (sim & ~truth) @ w
    return np.stack([hits, misses, false_alarms], axis=-1)


def rates(counts: np.ndarray) -> dict[str, np.ndarray]:
    """Figure of Merit, producer's and user's accuracy from ``(..., 3)`` counts.

    Each is NaN where its denominator is 0 (nothing treated, in reality or simulated).
    """
    h, m, f = counts[..., 0], counts[..., 1], counts[..., 2]
    with np.errstate(invalid="ignore", divide="ignore"):
        return {
            "figure_of_merit": np.where(h + m + f > 0, h / (h + m + f), np.nan),
            "producer_accuracy": np.where(h + m > 0, h / (h + m), np.nan),
            "user_accuracy": np.where(h + f > 0, h / (h + f), np.nan),
        }


def auc(scores: np.ndarray, truth: np.ndarray) -> float:
    """Return the ROC AUC of *scores* against boolean *truth*.

    The chance that a parcel treated in reality scores above one that was not (ties count
    half); NaN without both kinds.
    """
    from scipy import stats

    truth = np.asarray(truth, dtype=bool)
    pos, neg = scores[truth], scores[~truth]
    if pos.size == 0 or neg.size == 0:
        return float("nan")
    u = stats.mannwhitneyu(pos, neg, alternative="two-sided", method="asymptotic").statistic
    return float(u / (pos.size * neg.size))


def brier(freq: np.ndarray, truth: np.ndarray) -> float:
    """Mean squared difference between predicted frequency and what happened (0 is perfect)."""
    return float(np.mean((np.asarray(freq, dtype=float) - np.asarray(truth, dtype=float)) ** 2))


def reliability(freq: np.ndarray, truth: np.ndarray, area: np.ndarray) -> pd.DataFrame:
    """Parcels grouped by predicted frequency: how often those predicted at *p* were treated.

    Returns
    -------
    pandas.DataFrame
        One row per bin (``0`` alone, then ``(0, 10 %]`` … ``(90 %, 100 %]``):
        ``low, high, parcels, area_mu, mean_predicted, observed, observed_area``.
        A well-calibrated model has ``observed`` close to ``mean_predicted`` in every bin.
    """
    freq = np.asarray(freq, dtype=float)
    truth = np.asarray(truth, dtype=bool)
    edges = RELIABILITY_EDGES
    bins = np.where(freq <= 0, 0, np.clip(np.searchsorted(edges, freq, side="left"), 1, 10))
    n_bins = len(edges)
    count = np.bincount(bins, minlength=n_bins)
    mass = np.bincount(bins, area, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.DataFrame(
            {
                "low": np.concatenate([[0.0], edges[:-1]]),
                "high": np.concatenate([[0.0], edges[1:]]),
                "parcels": count,
                "area_mu": mass,
                "mean_predicted": np.bincount(bins, freq, minlength=n_bins) / count,
                "observed": np.bincount(bins, truth, minlength=n_bins) / count,
                "observed_area": np.bincount(bins, area * truth, minlength=n_bins) / mass,
            }
        )
