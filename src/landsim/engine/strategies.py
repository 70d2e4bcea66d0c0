"""Priority orders of candidates: worst first, largest first, or weighted random."""

from __future__ import annotations

import numpy as np

from landsim.model import Model, Treatment


def worst_first(model: Model, mask: np.ndarray) -> np.ndarray:
    """Parcels of *mask* in the compiled worst-first order (lowest score first)."""
    order = model.worst_order
    return order[mask[order]]


def largest_first(model: Model, mask: np.ndarray) -> np.ndarray:
    """Parcels of *mask*, largest area first (ties: inventory order)."""
    idx = np.flatnonzero(mask)
    return idx[np.argsort(-model.area[idx], kind="stable")]


def weighted_random(
    model: Model, mask: np.ndarray, rng: np.random.Generator, weight: str
) -> np.ndarray:
    """Order *mask* at random, each parcel drawn with probability ∝ its weight.

    Efraimidis–Spirakis keys ``u ** (1 / w)`` sorted in decreasing order give a weighted
    random permutation in one sort. Weights: ``inefficiency`` = 1 / (1 + score / 100)
    (unscored parcels: 1), ``area``, or ``uniform``.
    """
    idx = np.flatnonzero(mask)
    if weight == "area":
        w = model.area[idx]
    elif weight == "inefficiency":
        s = model.scores.score[idx]
        w = np.where(np.isnan(s), 1.0, 1.0 / (1.0 + np.maximum(s, 0.0) / 100.0))
    else:
        w = np.ones(idx.size)
    keys = np.log(rng.random(idx.size)) / w
    return idx[np.argsort(-keys, kind="stable")]


def order_for(
    model: Model, mask: np.ndarray, treatment: Treatment, rng: np.random.Generator
) -> np.ndarray:
    """Order of one treatment's candidates under the scenario's strategy.

    ``random`` orders every treatment at random; otherwise vacate and upgrade candidates
    go worst first and idle land largest first (its firm has no score).
    """
    rules = model.rules
    if rules.strategy == "random":
        return weighted_random(model, mask, rng, rules.random_weight)
    if treatment is Treatment.REACTIVATE:
        return largest_first(model, mask)
    return worst_first(model, mask)
