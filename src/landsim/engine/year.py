"""One year's selection: projects first, then each treatment in budget order.

For year *t*:

1. Candidates: untreated, unrestricted parcels flagged by any rule, with the tax rule
   applied to *projected* tax per mu (base tax × the industry's growth since the base
   year) against the year's threshold.
2. Each candidate's treatment: idle → reactivate; operating and (vacate class, exit
   industry, or tax per mu below the vacate threshold) → vacate; other operating → upgrade.
3. Owners who refuse this year (``selection.refusal_probability``) are set aside.
4. Major projects due are placed (their blocks count against the vacate quota).
5. Vacate, reactivate and upgrade quotas are filled in ``budget.order``.
6. Every quota or cap left unfilled is recorded with its cause.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landsim.engine import projects as proj_mod
from landsim.engine.clusters import select_clusters
from landsim.engine.constraints import Capacity
from landsim.engine.shortfalls import Shortfall, diagnose, diagnose_platform
from landsim.engine.state import ProjectOutcome, State, YearLog
from landsim.engine.strategies import order_for, worst_first
from landsim.model.compile import REACTIVATE, TREATMENTS, UPGRADE, VACATE, Compiled
from landsim.model.params import Params

CODE = {"vacate": VACATE, "upgrade": UPGRADE, "reactivate": REACTIVATE}
AXIS = {name: i for i, name in enumerate(TREATMENTS)}


@dataclass
class Carry:
    """Unmet quota and unspent budget carried into the next year (when enabled)."""

    quota: np.ndarray
    budget: float = 0.0


@dataclass(frozen=True)
class Pools:
    """Candidates of one year by treatment, the owners who refused, and the costs.

    ``by_treatment`` leaves out owners who refused this year; ``vacate_all`` keeps them,
    for major projects, whose blocks are negotiated parcel by parcel (一对一).
    """

    by_treatment: dict[str, np.ndarray]
    refused: np.ndarray
    cost: dict[str, np.ndarray]
    vacate_all: np.ndarray


def projected_tax_per_mu(c: Compiled, p: Params, t: int) -> np.ndarray:
    """Tax per mu of every parcel in year index *t*: base × its industry's growth since then."""
    growth = (1.0 + p.growth_old[0]) ** (t + 1)
    return c.tax_per_mu * growth[c.industry]


def treatment_costs(c: Compiled, p: Params) -> dict[str, np.ndarray]:
    """Return what treating each parcel would cost (万元), by treatment, at this draw's prices.

    Vacating an idle parcel (inside a project block) costs what reactivating it would.
    """
    comp_vacate = np.where(
        c.idle,
        p.comp_reactivate[0] * c.area,
        p.comp_land[0] * c.area + p.comp_building[0] * c.floor_m2,
    )
    return {
        "vacate": comp_vacate,
        "upgrade": p.subsidy[0] * c.area,
        "reactivate": p.comp_reactivate[0] * c.area,
    }


def candidate_pools(
    c: Compiled,
    p: Params,
    st: State,
    t: int,
    rng: np.random.Generator,
    costs: dict[str, np.ndarray] | None = None,
) -> Pools:
    """Candidates of year index *t*, split by treatment (see the module docstring)."""
    tax_pm = projected_tax_per_mu(c, p, t)
    free = (st.treatment == 0) & ~c.restricted
    cand = free & (c.flags.any | (c.operating & (tax_pm < p.candidate_tax[0, t])))
    vac = cand & c.operating & (c.vacate_static | (tax_pm < p.vacate_tax[0, t]))
    pools = {"vacate": vac, "upgrade": cand & c.operating & ~vac, "reactivate": cand & c.idle}
    refused = np.zeros(c.n, dtype=bool)
    vacate_all = pools["vacate"]
    if p.refusal[0] > 0:
        idx = np.flatnonzero(cand)
        refused[idx[rng.random(idx.size) < p.refusal[0]]] = True
        pools = {k: v & ~refused for k, v in pools.items()}
    return Pools(pools, refused, costs if costs is not None else treatment_costs(c, p), vacate_all)


def select_year(
    c: Compiled,
    p: Params,
    st: State,
    t: int,
    rng: np.random.Generator,
    carry: Carry,
    projects: list[ProjectOutcome],
    costs: dict[str, np.ndarray] | None = None,
) -> YearLog:
    """Select year index *t*'s parcels into *st*; return the year's log."""
    pools = candidate_pools(c, p, st, t, rng, costs)
    st.refusals[pools.refused] += 1
    quota = p.quota[0, :, t] + carry.quota
    budget = float(p.budget[0, t] + carry.budget)
    log = YearLog(
        quota=quota.copy(),
        achieved=np.zeros(3),
        budget=budget,
        spent=0.0,
        candidates_mu=np.array([c.area.sum(where=pools.by_treatment[k]) for k in TREATMENTS]),
    )
    caps = {
        k: Capacity(float(quota[AXIS[k]]), p.platform_cap[0, :, AXIS[k], t].copy(), budget)
        for k in TREATMENTS
    }
    _place_projects(c, p, st, t, pools, caps["vacate"], projects)
    budget = caps["vacate"].budget
    for name in c.scenario.budget.order:
        cap = caps[name]
        cap.budget = budget
        pool = pools.by_treatment[name] & (st.treatment == 0)
        before_caps = cap.caps.copy()
        upgradable = pools.by_treatment["upgrade"] & (st.treatment == 0)
        taken = _select(c, name, pool, cap, pools.cost[name], rng, upgradable)
        _record(st, t, name, taken, pools.cost[name])
        budget = cap.budget
        left = np.flatnonzero(pool & ~taken & (st.treatment == 0))  # candidates not taken
        log.achieved[AXIS[name]] = quota[AXIS[name]] - cap.quota
        log.shortfalls += _shortfalls(
            c,
            t,
            name,
            quota[AXIS[name]],
            cap,
            before_caps,
            left,
            pools,
            contiguity_only=_contiguity_only(c, name),
        )
    log.spent = log.budget - budget
    _carry(c, carry, caps, budget, quota)
    return log


def _contiguity_only(c: Compiled, name: str) -> bool:
    sel = c.scenario.selection
    return name == "vacate" and sel.strategy == "clusters" and not sel.scattered


def _select(
    c: Compiled,
    name: str,
    pool: np.ndarray,
    cap: Capacity,
    cost: np.ndarray,
    rng: np.random.Generator,
    cluster_pool: np.ndarray,
) -> np.ndarray:
    taken = np.zeros(c.n, dtype=bool)
    if name == "vacate" and c.scenario.selection.strategy == "clusters":
        members = pool | (
            cluster_pool
            if c.scenario.selection.cluster_members == "all_candidates"
            else np.zeros_like(pool)
        )
        taken |= select_clusters(c, members, cap, cost)
        if not c.scenario.selection.scattered:
            return taken
        order = worst_first(c, pool & ~taken)
    else:
        order = order_for(c, pool, name, rng)
    got = cap.take(c.area[order], c.platform[order], cost[order])
    taken[order[got]] = True
    return taken


def _record(st: State, t: int, name: str, taken: np.ndarray, cost: np.ndarray) -> None:
    idx = np.flatnonzero(taken)
    st.treatment[idx] = CODE[name]
    st.year[idx] = t
    st.cost[idx] = cost[idx]


def _place_projects(
    c: Compiled,
    p: Params,
    st: State,
    t: int,
    pools: Pools,
    cap: Capacity,
    outcomes: list[ProjectOutcome],
) -> None:
    year = int(c.years[t])
    # a project's block is negotiated parcel by parcel: this year's refusals do not move it
    free = (st.treatment == 0) & ~c.restricted
    for j, proj in enumerate(c.scenario.major_projects.values()):
        out = outcomes[j]
        earliest = proj.earliest if proj.earliest is not None else int(c.years[0])
        if out.year is not None or not earliest <= year <= proj.year:
            continue
        pool = proj_mod.admissible(c, proj, free & (st.treatment == 0), pools.vacate_all)
        attempt = proj_mod.assemble(c, proj, pool, cap, pools.cost["vacate"])
        if attempt.placed is None:
            out.attempts.append((year, attempt.reason))
            out.reason = attempt.reason
            continue
        block = attempt.placed
        mask = np.zeros(c.n, dtype=bool)
        mask[block] = True
        _record(st, t, "vacate", mask, pools.cost["vacate"])
        st.project[block] = j
        out.year, out.area, out.reason = year, float(c.area[block].sum()), ""


def _shortfalls(
    c: Compiled,
    t: int,
    name: str,
    quota: float,
    cap: Capacity,
    caps_before: np.ndarray,
    left: np.ndarray,
    pools: Pools,
    *,
    contiguity_only: bool,
) -> list[Shortfall]:
    year = int(c.years[t])
    cost = pools.cost[name]
    out = []
    if np.isfinite(quota) and cap.quota > 1e-6:
        cause, detail = diagnose(
            left, pools.refused, cap, c.area, c.platform, cost, contiguity_only=contiguity_only
        )
        out.append(
            Shortfall(year, "district", name, float(quota), float(quota - cap.quota), cause, detail)
        )
    for i in np.flatnonzero(np.isfinite(caps_before)):
        if cap.caps[i] > 1e-6:
            in_p = left[c.platform[left] == i]
            cause, detail = diagnose_platform(in_p, cap, c.area, cost, float(cap.caps[i]))
            out.append(
                Shortfall(
                    year,
                    c.platform_ids[i],
                    name,
                    float(caps_before[i]),
                    float(caps_before[i] - cap.caps[i]),
                    cause,
                    detail,
                )
            )
    return out


def _carry(
    c: Compiled, carry: Carry, caps: dict[str, Capacity], budget: float, quota: np.ndarray
) -> None:
    if c.scenario.quotas.carry_over:
        carry.quota = np.array(
            [max(caps[k].quota, 0.0) if np.isfinite(quota[AXIS[k]]) else 0.0 for k in TREATMENTS]
        )
    if c.scenario.budget.carry_over and np.isfinite(budget):
        carry.budget = max(budget, 0.0)
