"""One year's selection: projects first, then each treatment in budget order.

For year *t*:

1. Candidates (:mod:`.candidates`): untreated, unrestricted parcels flagged by any rule,
   each with its treatment; owners who refuse this year are set aside.
2. Major projects due are placed (their blocks count against the vacate quota).
3. Vacate, reactivate and upgrade quotas are filled in ``budget.order``.
4. Every quota or cap left unfilled is recorded with its cause.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landsim.engine import projects as project_blocks
from landsim.engine.candidates import Pools, candidate_pools
from landsim.engine.clusters import select_clusters
from landsim.engine.constraints import Capacity
from landsim.engine.shortfalls import Shortfall, diagnose, diagnose_platform
from landsim.engine.state import ProjectOutcome, State, YearLog
from landsim.engine.strategies import order_for, worst_first
from landsim.model import TREATED, Model, Treatment


@dataclass
class Carry:
    """Unmet quota and unspent budget carried into the next year (when enabled)."""

    quota: np.ndarray
    budget: float = 0.0


def select_year(
    model: Model,
    state: State,
    t: int,
    rng: np.random.Generator,
    carry: Carry,
    projects: list[ProjectOutcome],
    costs: dict[Treatment, np.ndarray] | None = None,
) -> YearLog:
    """Select year index *t*'s parcels into *state*; return the year's log."""
    params = model.params
    pools = candidate_pools(model, state, t, rng, costs)
    state.refusals[pools.refused] += 1
    quota = params.quota[0, :, t] + carry.quota
    budget = float(params.budget[0, t] + carry.budget)
    log = YearLog(
        quota=quota.copy(),
        achieved=np.zeros(len(TREATED)),
        budget=budget,
        spent=0.0,
        candidates_mu=np.array([model.area.sum(where=pools.by_treatment[k]) for k in TREATED]),
    )
    caps = {
        k: Capacity(float(quota[k.axis]), params.platform_cap[0, :, k.axis, t].copy(), budget)
        for k in TREATED
    }
    _place_projects(model, state, t, pools, caps[Treatment.VACATE], projects)
    budget = caps[Treatment.VACATE].budget
    for treatment in model.rules.budget_order:
        cap = caps[treatment]
        cap.budget = budget
        untreated = state.untreated()
        pool = pools.by_treatment[treatment] & untreated
        before_caps = cap.caps.copy()
        upgradable = pools.by_treatment[Treatment.UPGRADE] & untreated
        taken = _select(model, treatment, pool, cap, pools.cost[treatment], rng, upgradable)
        _record(state, t, treatment, taken, pools.cost[treatment])
        budget = cap.budget
        left = np.flatnonzero(pool & ~taken & state.untreated())  # candidates not taken
        log.achieved[treatment.axis] = quota[treatment.axis] - cap.quota
        log.shortfalls += _shortfalls(
            model, t, treatment, quota[treatment.axis], cap, before_caps, left, pools
        )
    log.spent = log.budget - budget
    _carry(model, carry, caps, budget, quota)
    return log


def _select(
    model: Model,
    treatment: Treatment,
    pool: np.ndarray,
    cap: Capacity,
    cost: np.ndarray,
    rng: np.random.Generator,
    cluster_pool: np.ndarray,
) -> np.ndarray:
    rules = model.rules
    taken = np.zeros(model.n, dtype=bool)
    if treatment is Treatment.VACATE and rules.strategy == "clusters":
        extra = cluster_pool if rules.cluster_members == "all_candidates" else np.zeros_like(pool)
        taken |= select_clusters(model, pool | extra, cap, cost)
        if not rules.scattered:
            return taken
        order = worst_first(model, pool & ~taken)
    else:
        order = order_for(model, pool, treatment, rng)
    got = cap.take(model.area[order], model.platform[order], cost[order])
    taken[order[got]] = True
    return taken


def _record(
    state: State, t: int, treatment: Treatment, taken: np.ndarray, cost: np.ndarray
) -> None:
    idx = np.flatnonzero(taken)
    state.treatment[idx] = treatment
    state.year[idx] = t
    state.cost[idx] = cost[idx]


def _place_projects(
    model: Model,
    state: State,
    t: int,
    pools: Pools,
    cap: Capacity,
    outcomes: list[ProjectOutcome],
) -> None:
    year = int(model.years[t])
    vacate_cost = pools.cost[Treatment.VACATE]
    for j, proj in enumerate(model.rules.projects):
        out = outcomes[j]
        if out.year is not None or not proj.earliest <= year <= proj.year:
            continue
        # a project's block is negotiated parcel by parcel: this year's refusals do not move it
        free = state.untreated() & ~model.restricted
        pool = project_blocks.admissible(model, proj, free, pools.vacate_all)
        attempt = project_blocks.assemble(model, proj, pool, cap, vacate_cost)
        if attempt.placed is None:
            out.attempts.append((year, attempt.reason))
            out.reason = attempt.reason
            continue
        block = attempt.placed
        mask = np.zeros(model.n, dtype=bool)
        mask[block] = True
        _record(state, t, Treatment.VACATE, mask, vacate_cost)
        state.project[block] = j
        out.year, out.area, out.reason = year, float(model.area[block].sum()), ""


def _shortfalls(
    model: Model,
    t: int,
    treatment: Treatment,
    quota: float,
    cap: Capacity,
    caps_before: np.ndarray,
    left: np.ndarray,
    pools: Pools,
) -> list[Shortfall]:
    year = int(model.years[t])
    cost = pools.cost[treatment]
    name = treatment.label
    out = []
    if np.isfinite(quota) and cap.quota > 1e-6:
        only_clusters = treatment is Treatment.VACATE and model.rules.contiguity_only
        cause, detail = diagnose(
            left,
            pools.refused,
            cap,
            model.area,
            model.platform,
            cost,
            contiguity_only=only_clusters,
        )
        out.append(
            Shortfall(year, "district", name, float(quota), float(quota - cap.quota), cause, detail)
        )
    for i in np.flatnonzero(np.isfinite(caps_before)):
        if cap.caps[i] > 1e-6:
            in_p = left[model.platform[left] == i]
            cause, detail = diagnose_platform(in_p, cap, model.area, cost, float(cap.caps[i]))
            out.append(
                Shortfall(
                    year,
                    model.platform_ids[i],
                    name,
                    float(caps_before[i]),
                    float(caps_before[i] - cap.caps[i]),
                    cause,
                    detail,
                )
            )
    return out


def _carry(
    model: Model,
    carry: Carry,
    caps: dict[Treatment, Capacity],
    budget: float,
    quota: np.ndarray,
) -> None:
    if model.rules.carry_quota:
        carry.quota = np.array(
            [max(caps[k].quota, 0.0) if np.isfinite(quota[k.axis]) else 0.0 for k in TREATED]
        )
    if model.rules.carry_budget and np.isfinite(budget):
        carry.budget = max(budget, 0.0)
