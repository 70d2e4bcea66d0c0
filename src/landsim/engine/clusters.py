"""Contiguous selection: connected clusters of vacate candidates, whole or carved.

1. Group this year's vacate candidates into connected clusters on the adjacency graph.
2. Keep clusters of at least ``contiguity.min_cluster_mu``; rank them (``cluster_rank``):
   lowest area-weighted mean score first, or largest first; ties go to the larger
   cluster, then to the one whose first parcel comes first in the inventory.
3. Take whole clusters in that order while they fit the quota, caps and budget.
4. While at least the minimum size of quota is left, carve a connected block out of the
   next cluster that did not fit whole: its parcels breadth first from its worst parcel,
   the longest prefix that fits. Blocks smaller than the minimum are not taken.
"""

from __future__ import annotations

import numpy as np

from landsim.engine.constraints import Capacity
from landsim.engine.fill import greedy_fill
from landsim.model import Model
from landsim.model.graph import bfs_order, components


def rank_score(model: Model, score: np.ndarray) -> np.ndarray:
    """Score used to rank clusters and blocks: idle land counts 0, unrated firms 100."""
    return np.where(model.idle, 0.0, np.where(np.isnan(score), 100.0, score))


def ranked_clusters(
    model: Model, members: np.ndarray, min_mu: float, score: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Labels of connected clusters of *members*, and eligible cluster numbers in rank order."""
    labels, count = components(model.graph, members)
    if count == 0:
        return labels, np.zeros(0, dtype=np.int64)
    idx = np.flatnonzero(members)
    lab = labels[idx]
    area = np.bincount(lab, model.area[idx], minlength=count)
    weighted = model.area[idx] * rank_score(model, score)[idx]
    mean_score = np.bincount(lab, weighted, minlength=count) / area
    first = np.full(count, np.iinfo(np.int64).max)
    np.minimum.at(first, lab, idx)
    eligible = np.flatnonzero(area >= min_mu - 1e-9)
    primary = -area if model.rules.cluster_rank == "area" else mean_score
    order = np.lexsort((first[eligible], -area[eligible], primary[eligible]))
    return labels, eligible[order]


def select_clusters(
    model: Model, members: np.ndarray, cap: Capacity, cost: np.ndarray, score: np.ndarray
) -> np.ndarray:
    """Choose contiguous clusters of *members* within *cap*; return the parcels taken."""
    min_mu = model.rules.min_cluster_mu
    labels, ranked = ranked_clusters(model, members, min_mu, score)
    taken = np.zeros(model.n, dtype=bool)
    if ranked.size == 0:
        return taken
    idx = np.flatnonzero(members)
    lab = labels[idx]
    count = int(lab.max()) + 1
    area = np.bincount(lab, model.area[idx], minlength=count)[ranked]
    money = np.bincount(lab, cost[idx], minlength=count)[ranked]
    # a cluster lies in one platform unless clusters may cross platforms; caps are then
    # judged by the platform of the cluster's first parcel, and spent per parcel
    first = np.full(count, model.n)
    np.minimum.at(first, lab, idx)
    plat = model.platform[first[ranked]]
    weights, caps = cap.rows(area, plat, money)
    whole, _ = greedy_fill(weights, caps)
    chosen = np.isin(labels, ranked[whole]) & members
    cap.spend(model.area[chosen], model.platform[chosen], cost[chosen])
    taken |= chosen
    for k in ranked[~whole]:
        if cap.quota < min_mu - 1e-9:
            break
        block = _carve(model, labels == k, cap, cost, min_mu, score)
        taken[block] = True
    return taken


def _carve(
    model: Model,
    cluster: np.ndarray,
    cap: Capacity,
    cost: np.ndarray,
    min_mu: float,
    score: np.ndarray,
) -> np.ndarray:
    """Carve a connected block of at least *min_mu* from *cluster* that fits *cap* (or none)."""
    idx = np.flatnonzero(cluster)
    seed = int(idx[np.argmin(rank_score(model, score)[idx])])
    order = bfs_order(model.graph, cluster, seed)
    k = cap.prefix(model.area[order], model.platform[order], cost[order])
    block = order[:k]
    if model.area[block].sum() < min_mu - 1e-9:
        return np.zeros(0, dtype=np.int64)
    cap.spend(model.area[block], model.platform[block], cost[block])
    return block
