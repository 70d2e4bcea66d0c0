"""Major projects (重大项目): assemble one connected block of the size a project needs.

For a project due this year (or earlier and not yet placed), landsim looks at the
admissible parcels of its platform (and towns): this year's vacate candidates, or with
``admit: any`` every unrestricted parcel not yet treated. Owners' yearly refusals do not
apply: a project's block is chosen on its merits and negotiated parcel by parcel (一对一).
Among their connected groups of at least the project's area, it takes the one with the
lowest area-weighted mean score,
and grows the block breadth first from that group's worst parcel until the area is
reached. The block is taken only if it fits the year's vacate quota, caps and budget. If
no block can be taken, the reason is recorded; in the project's last year it is final.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landsim.engine.clusters import rank_score
from landsim.engine.constraints import Capacity
from landsim.model import Model, ProjectRule
from landsim.model.graph import bfs_order, components


@dataclass(frozen=True)
class Attempt:
    """The outcome of trying to place a project in one year."""

    placed: np.ndarray | None  # parcel indices of the block, or None
    reason: str  # why not, or "" when placed


def admissible(
    model: Model, proj: ProjectRule, free: np.ndarray, vacate_cand: np.ndarray
) -> np.ndarray:
    """Parcels that may go into *proj*'s block this year."""
    pool = vacate_cand if proj.admit == "candidates" else free & (model.operating | model.idle)
    inside = model.platform == proj.platform
    if proj.towns:
        inside &= np.isin(model.town, proj.towns)
    return pool & inside


def assemble(
    model: Model, proj: ProjectRule, pool: np.ndarray, cap: Capacity, cost: np.ndarray
) -> Attempt:
    """Try to assemble *proj*'s block from *pool* within *cap*."""
    where = proj.platform_id + (f" ({', '.join(proj.towns)})" if proj.towns else "")
    what = "vacate candidates" if proj.admit == "candidates" else "unrestricted parcels"
    if not pool.any():
        return Attempt(None, f"no {what} in {where}")
    labels, count = components(model.graph, pool)
    idx = np.flatnonzero(pool)
    lab = labels[idx]
    area = np.bincount(lab, model.area[idx], minlength=count)
    big = np.flatnonzero(area >= proj.area_mu - 1e-9)
    if big.size == 0:
        return Attempt(
            None,
            f"no connected group of {what} in {where} reaches {proj.area_mu:,.0f} mu; "
            f"the largest has {area.max():,.0f} mu",
        )
    mean = (
        np.bincount(lab, model.area[idx] * rank_score(model)[idx], minlength=count)[big] / area[big]
    )
    group = int(big[np.lexsort((-area[big], mean))[0]])
    members = labels == group
    m_idx = np.flatnonzero(members)
    seed = int(m_idx[np.argmin(rank_score(model)[m_idx])])
    order = bfs_order(model.graph, members, seed)
    k = int(np.searchsorted(np.cumsum(model.area[order]), proj.area_mu - 1e-9)) + 1
    block = order[:k]
    need, money = float(model.area[block].sum()), float(cost[block].sum())
    if need > cap.quota + 1e-9 or need > cap.caps[model.platform[block[0]]] + 1e-9:
        return Attempt(
            None,
            f"the block ({need:,.0f} mu) is larger than the vacate quota left "
            f"({min(cap.quota, cap.caps[model.platform[block[0]]]):,.0f} mu)",
        )
    if money > cap.budget + 1e-9:
        return Attempt(
            None, f"the block costs {money:,.0f} 万元; {cap.budget:,.0f} 万元 of budget left"
        )
    cap.spend(model.area[block], model.platform[block], cost[block])
    return Attempt(block, "")
