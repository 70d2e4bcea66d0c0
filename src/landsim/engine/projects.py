"""Major projects (重大项目): assemble one connected block per phase.

For a phase due this year (or earlier and not yet placed), landsim looks at the admissible
parcels of its platform (and towns): this year's vacate candidates, or with ``admit: any``
every unrestricted parcel not yet treated. Owners' yearly refusals do not apply: a
project's block is chosen on its merits and negotiated parcel by parcel (一对一).

A first phase takes, among the connected groups of at least its area, the one with the
lowest area-weighted mean score, and grows the block breadth first from that group's worst
parcel until the area is reached. A later phase grows from the block of the phase before,
so the project stays in one piece. With ``bridge_gaps``, links across roads and gaps count
as connections too; each bridged link is reported and costs ``bridge_cost_per_link``.

The block is taken only if it fits the year's vacate quota, caps and budget. If no block
can be taken, the reason is recorded; in the phase's last year it is final. A phase goes
ahead with its probability (decided once per draw).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landsim.engine.clusters import rank_score
from landsim.engine.constraints import Capacity
from landsim.engine.reasons import Reason, why
from landsim.engine.state import State
from landsim.model import Model, ProjectRule
from landsim.model.graph import Neighbours, bfs_order, components


@dataclass(frozen=True)
class Attempt:
    """The outcome of trying to place a phase in one year."""

    placed: np.ndarray | None  # parcel indices of the block, or None
    why: Reason | None  # why not, or None when placed
    bridges: int = 0  # bridged links inside the block

    @property
    def reason(self) -> str:
        """Why not, in English ("" when placed)."""
        return self.why.text() if self.why is not None else ""


def admissible(
    model: Model, proj: ProjectRule, free: np.ndarray, vacate_cand: np.ndarray
) -> np.ndarray:
    """Parcels that may go into *proj*'s block this year."""
    pool = vacate_cand if proj.admit == "candidates" else free & (model.operating | model.idle)
    return pool & inside(model, proj)


def inside(model: Model, proj: ProjectRule) -> np.ndarray:
    """Mask of the parcels in *proj*'s platform (and towns, when it names some)."""
    where = model.platform == proj.platform
    if proj.towns:
        where &= np.isin(model.town, proj.towns)
    return where


def graph_for(model: Model, proj: ProjectRule) -> Neighbours:
    """Return the graph a phase's block grows on: touching parcels, and bridges if allowed."""
    if proj.bridge and model.bridges is not None:
        return model.graph.union(model.bridges)
    return model.graph


def assemble(
    model: Model,
    proj: ProjectRule,
    pool: np.ndarray,
    cap: Capacity,
    cost: np.ndarray,
    score: np.ndarray,
    state: State,
) -> Attempt:
    """Try to assemble *proj*'s block from *pool* within *cap*."""
    where = proj.platform_id + (f" ({', '.join(proj.towns)})" if proj.towns else "")
    where_zh = (proj.platform_zh or proj.platform_id) + (
        f"（{'、'.join(proj.towns)}）" if proj.towns else ""
    )
    place = {"where": where, "where_zh": where_zh}
    what = "candidates" if proj.admit == "candidates" else "free"
    if not pool.any():
        if not inside(model, proj).any():  # e.g. a project inherited onto another inventory
            return Attempt(None, why("no_parcel_in", **place))
        return Attempt(None, why("none_in", what=what, **place))
    graph = graph_for(model, proj)
    if proj.parent >= 0:
        order = _grow_from_parent(model, proj, pool, graph, state)
        if order is None:
            return Attempt(None, why("none_next_to_parent", what=what))
    else:
        order = _first_block(model, proj, pool, graph, score)
        if isinstance(order, Reason):
            return Attempt(None, why(order.code, **dict(order.values), what=what, **place))
    k = int(np.searchsorted(np.cumsum(model.area[order]), proj.area_mu - 1e-9)) + 1
    if k > order.size:
        have, need = f"{model.area[order].sum():,.0f}", f"{proj.area_mu:,.0f}"
        return Attempt(None, why("reachable_short", what=what, have=have, need=need))
    return _take(model, proj, order[:k], cap, cost, graph)


def _first_block(
    model: Model, proj: ProjectRule, pool: np.ndarray, graph: Neighbours, score: np.ndarray
) -> np.ndarray | Reason:
    """BFS order of the best connected group of *pool* that is large enough, or why not.

    Why not leaves out what and where: the caller adds them.
    """
    labels, count = components(graph, pool)
    idx = np.flatnonzero(pool)
    lab = labels[idx]
    area = np.bincount(lab, model.area[idx], minlength=count)
    big = np.flatnonzero(area >= proj.area_mu - 1e-9)
    if big.size == 0:
        return why("no_group", need=f"{proj.area_mu:,.0f}", largest=f"{area.max():,.0f}")
    ranks = rank_score(model, score)
    mean = np.bincount(lab, model.area[idx] * ranks[idx], minlength=count)[big] / area[big]
    group = int(big[np.lexsort((-area[big], mean))[0]])
    members = labels == group
    m_idx = np.flatnonzero(members)
    seed = int(m_idx[np.argmin(ranks[m_idx])])
    return bfs_order(graph, members, seed)


def _grow_from_parent(
    model: Model, proj: ProjectRule, pool: np.ndarray, graph: Neighbours, state: State
) -> np.ndarray | None:
    """Parcels of *pool* in BFS order from the parent phase's block (None: none reachable)."""
    parent = state.project == proj.parent
    if not parent.any():
        return None
    members = pool | parent
    order = bfs_order(graph, members, int(np.flatnonzero(parent)[0]))
    order = order[~parent[order]]
    return order if order.size else None


def _take(
    model: Model,
    proj: ProjectRule,
    block: np.ndarray,
    cap: Capacity,
    cost: np.ndarray,
    graph: Neighbours,
) -> Attempt:
    bridges = _bridged_links(model, block) if graph is not model.graph else 0
    need = float(model.area[block].sum())
    money = float(cost[block].sum()) + bridges * proj.bridge_cost
    platform_left = cap.caps[model.platform[block[0]]]
    if need > cap.quota + 1e-9 or need > platform_left + 1e-9:
        left = f"{min(cap.quota, platform_left):,.0f}"
        return Attempt(None, why("over_quota", need=f"{need:,.0f}", left=left))
    if money > cap.budget + 1e-9:
        return Attempt(None, why("over_budget", money=f"{money:,.0f}", left=f"{cap.budget:,.0f}"))
    cap.spend(model.area[block], model.platform[block], cost[block])
    cap.budget -= bridges * proj.bridge_cost
    return Attempt(block, None, bridges)


def _bridged_links(model: Model, block: np.ndarray) -> int:
    """Links inside *block* that cross a road or gap (in ``Model.bridges``)."""
    assert model.bridges is not None
    inside = np.zeros(model.n, dtype=bool)
    inside[block] = True
    return model.bridges.links_within(inside)
