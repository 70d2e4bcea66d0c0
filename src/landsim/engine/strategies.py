"""Priority orders of candidates: worst first, largest first, or weighted random."""

from __future__ import annotations

import numpy as np

from landsim.engine.evaluate import YearEvaluation
from landsim.model import Model, Treatment
from landsim.streams import ORDER, DrawStream


def worst_first(model: Model, mask: np.ndarray, ranking: YearEvaluation) -> np.ndarray:
    """Parcels of *mask*, lowest score first (unrated after rated, then by tax per mu).

    Scores and tax per mu are the year's (*ranking*).
    """
    idx = np.flatnonzero(mask)
    s = ranking.score[idx]
    keys = (idx, ranking.tax_per_mu[idx], np.isnan(s), np.nan_to_num(s, nan=np.inf))
    return idx[np.lexsort(keys)]


def largest_first(model: Model, mask: np.ndarray) -> np.ndarray:
    """Parcels of *mask*, largest area first (ties: inventory order)."""
    idx = np.flatnonzero(mask)
    return idx[np.argsort(-model.area[idx], kind="stable")]


def weighted_random(
    model: Model,
    mask: np.ndarray,
    stream: DrawStream,
    year: int,
    weight: str,
    score: np.ndarray,
) -> np.ndarray:
    """Order *mask* at random, each parcel drawn with probability ∝ its weight.

    Efraimidis–Spirakis keys ``u ** (1 / w)`` sorted in decreasing order give a weighted
    random permutation in one sort. Weights: ``inefficiency`` = 1 / (1 + score / 100)
    (unscored parcels: 1), ``area``, or ``uniform``. Each parcel's uniform is keyed by the
    parcel and the year (:meth:`~landsim.streams.DrawStream.uniforms`).
    """
    idx = np.flatnonzero(mask)
    if weight == "area":
        w = model.area[idx]
    elif weight == "inefficiency":
        s = score[idx]
        w = np.where(np.isnan(s), 1.0, 1.0 / (1.0 + np.maximum(s, 0.0) / 100.0))
    else:
        w = np.ones(idx.size)
    u = stream.uniforms(ORDER, year, model.parcel_key[idx])
    keys = np.log(np.maximum(u, 1e-300)) / w
    return idx[np.argsort(-keys, kind="stable")]


def order_for(
    model: Model,
    mask: np.ndarray,
    treatment: Treatment,
    stream: DrawStream,
    year: int,
    ranking: YearEvaluation,
) -> np.ndarray:
    """Order of one treatment's candidates under the scenario's strategy.

    ``random`` orders every treatment at random; otherwise vacate and upgrade candidates
    go worst first and idle land largest first (its firm has no score).
    """
    rules = model.rules
    if rules.strategy == "random":
        return weighted_random(model, mask, stream, year, rules.random_weight, ranking.score)
    if treatment is Treatment.REACTIVATE:
        return largest_first(model, mask)
    return worst_first(model, mask, ranking)
