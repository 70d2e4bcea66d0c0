"""Priority orders of candidates: worst first, largest first, or weighted random.

Candidates come as sorted parcel indices. Orders are consumed from the front until the
year's capacity is used up, which may be long before the end: :func:`worst_first_chunks`
yields the worst-first order a chunk at a time (a partition, then a sort of the chunk),
so a year sorts only about what it may take. The passes around the sort are compiled
(:mod:`.ordering`).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from landsim.engine.constraints import Capacity
from landsim.engine.evaluate import YearEvaluation
from landsim.engine.fill import EPS
from landsim.engine.ordering import beyond, primary_scores, resolve_ties, split_at
from landsim.model import Model, Treatment
from landsim.model.record import by_area
from landsim.streams import ORDER, DrawStream

#: Smallest chunk worth a partition (assumption: below this, sorting all is as quick).
MIN_CHUNK = 4096


def worst_first(idx: np.ndarray, ranking: YearEvaluation) -> np.ndarray:
    """Parcels *idx*, lowest score first (unrated after rated, then by tax per mu).

    Scores and tax per mu are the year's (*ranking*).
    """
    score = ranking.score[idx]
    primary = np.where(np.isnan(score), np.inf, score)
    return idx[_ordered(np.arange(idx.size), primary, idx, ranking)]


def worst_first_chunks(
    idx: np.ndarray, ranking: YearEvaluation, cap: Capacity, area: np.ndarray
) -> Iterator[np.ndarray]:
    """Yield the order of :func:`worst_first` in consecutive chunks, as positions in *idx*.

    The first chunk holds one and a half times the parcels the quota left would take at the
    candidates' mean area (at least :data:`MIN_CHUNK`), and every parcel whose score is at
    most the score of the last of them (ties included: each chunk is a prefix of the
    order). Later chunks grow fourfold, and leave out the parcels larger than the quota
    left when they are made (``cap.quota``, drawn down by the caller meanwhile): the quota
    only shrinks, so a greedy fill could not take them.
    """
    primary, mu = primary_scores(idx, ranking.score, area)
    pos = np.arange(idx.size)
    mean = mu / idx.size if idx.size else 1.0
    first = max(MIN_CHUNK, int(1.5 * cap.quota / mean) if np.isfinite(cap.quota) else idx.size)
    while pos.size:
        if pos.size <= 2 * first:  # the rest in one chunk
            yield _ordered(pos, primary if pos.size == idx.size else primary[pos], idx, ranking)
            return
        scores = primary if pos.size == idx.size else primary[pos]
        cut = np.partition(scores, first - 1)[first - 1]
        chunk, scores = split_at(pos, primary, cut)
        first *= 4
        yield _ordered(chunk, scores, idx, ranking)
        pos = beyond(pos, primary, cut, idx, area, cap.quota + EPS)


def _ordered(
    pos: np.ndarray, primary: np.ndarray, idx: np.ndarray, ranking: YearEvaluation
) -> np.ndarray:
    """Positions *pos* in *idx* (their scores *primary*, NaN as ``inf``), worst first.

    Lowest score first; unrated after rated, then by tax per mu, then inventory order.
    One quicksort of the scores (a stable sort or a four-key lexsort is 10–30 times
    slower); only parcels with equal scores are then ordered by the other keys.
    """
    order = np.argsort(primary)
    return resolve_ties(pos, order, primary, idx, ranking.score, ranking.tax_per_mu)


def largest_first(model: Model, idx: np.ndarray) -> np.ndarray:
    """Parcels *idx* (sorted), largest area first (ties: inventory order).

    Idle land (the reactivation candidates) is read in the model's order of the idle
    parcels (:attr:`~landsim.model.Model.idle_by_area`), a fifth of the time of sorting
    it every draw-year; other parcels are sorted.
    """
    if not model.idle[idx].all():
        return by_area(idx, model.area)
    chosen = np.zeros(model.n, dtype=bool)
    chosen[idx] = True
    return model.idle_by_area[chosen[model.idle_by_area]]


def weighted_random(
    model: Model,
    idx: np.ndarray,
    stream: DrawStream,
    year: int,
    weight: str,
    score: np.ndarray,
) -> np.ndarray:
    """Order the parcels *idx* (sorted) at random, each drawn with probability ∝ its weight.

    Efraimidis–Spirakis keys ``u ** (1 / w)`` sorted in decreasing order give a weighted
    random permutation in one sort. Weights: ``inefficiency`` = 1 / (1 + score / 100)
    (unscored parcels: 1), ``area``, or ``uniform``. Each parcel's uniform is keyed by the
    parcel and the year (:meth:`~landsim.streams.DrawStream.uniforms`).
    """
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
    idx: np.ndarray,
    treatment: Treatment,
    stream: DrawStream,
    year: int,
    ranking: YearEvaluation,
) -> np.ndarray:
    """Order of one treatment's candidates *idx* (sorted) under the scenario's strategy.

    ``random`` orders every treatment at random; otherwise vacate and upgrade candidates
    go worst first and idle land largest first (its firm has no score).
    """
    rules = model.rules
    if rules.strategy == "random":
        return weighted_random(model, idx, stream, year, rules.random_weight, ranking.score)
    if treatment is Treatment.REACTIVATE:
        return largest_first(model, idx)
    return worst_first(idx, ranking)
