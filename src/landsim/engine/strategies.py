"""Priority orders of candidates: worst first, largest first, or weighted random.

Orders are consumed from the front until the year's capacity is used up, which is usually
long before the end: :func:`worst_first_chunks` yields the worst-first order a chunk at a
time (a partition, then a sort of the chunk), so a year sorts only what it may take.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from landsim.engine.evaluate import YearEvaluation
from landsim.model import Model, Treatment
from landsim.streams import ORDER, DrawStream


def worst_first(model: Model, mask: np.ndarray, ranking: YearEvaluation) -> np.ndarray:
    """Parcels of *mask*, lowest score first (unrated after rated, then by tax per mu).

    Scores and tax per mu are the year's (*ranking*).
    """
    return np.concatenate([np.zeros(0, dtype=np.int64), *worst_first_chunks(mask, ranking, None)])


def worst_first_chunks(
    mask: np.ndarray, ranking: YearEvaluation, first: int | None = 4096
) -> Iterator[np.ndarray]:
    """Yield the order of :func:`worst_first` in consecutive chunks.

    Each chunk holds every parcel whose score is at most the score of the ``first``-th
    worst left (ties included), in order; chunks grow fourfold. ``first=None``: one chunk.
    """
    idx = np.flatnonzero(mask)
    score = ranking.score[idx]
    primary = np.where(np.isnan(score), np.inf, score)
    while idx.size:
        if first is None or idx.size <= 2 * first:
            chosen = np.ones(idx.size, dtype=bool)
        else:
            cut = np.partition(primary, first - 1)[first - 1]
            chosen = primary <= cut  # ties at the cut too: the chunk is a prefix of the order
            first *= 4
        yield _sorted(idx[chosen], score[chosen], ranking.tax_per_mu)
        idx, score, primary = idx[~chosen], score[~chosen], primary[~chosen]


def _sorted(idx: np.ndarray, score: np.ndarray, tax_per_mu: np.ndarray) -> np.ndarray:
    """Lowest score first; unrated after rated, then by tax per mu, then inventory order.

    One quicksort of the scores (a stable sort or a four-key lexsort is 10–30 times
    slower); only parcels with equal scores are then ordered by the other keys.
    """
    primary = np.where(np.isnan(score), np.inf, score)
    order = np.argsort(primary)
    p = primary[order]
    tied = np.flatnonzero(p[1:] == p[:-1])
    if tied.size:
        pos = np.union1d(tied, tied + 1)  # runs of equal scores, in score order
        items = order[pos]
        keys = (idx[items], tax_per_mu[idx[items]], np.isnan(score[items]), primary[items])
        order[pos] = items[np.lexsort(keys)]
    return idx[order]


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
