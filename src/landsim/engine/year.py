"""One year's selection: projects first, then each treatment in budget order.

For year *t*:

1. Candidates (:mod:`.candidates`), each with its treatment; owners who refuse this year
   are set aside.
2. Major projects' phases due are placed (their blocks count against the vacate quota).
3. Vacate, reactivate and upgrade quotas are filled in ``budget.order``. In ``chase``
   mode, a treatment whose pool runs out passes its unused quota to the next one.
4. Every quota or cap left unfilled is recorded with its cause, judged at the end of the
   year's selection within the treatment's own pool.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from landsim.engine import projects as project_blocks
from landsim.engine.bookkeeping import matching, split, split_on, without
from landsim.engine.candidates import Pools, candidate_pools
from landsim.engine.clusters import select_clusters
from landsim.engine.constraints import Capacity
from landsim.engine.details import detail, treatment_name
from landsim.engine.evaluate import Ledger, YearEvaluation
from landsim.engine.reasons import why
from landsim.engine.shortfalls import Shortfall, diagnose, diagnose_platform
from landsim.engine.state import ProjectOutcome, State, YearLog
from landsim.engine.strategies import order_for, worst_first_chunks
from landsim.model import TREATED, Model, Treatment
from landsim.streams import PHASE, DrawStream, path_key

EPS = 1e-6


@dataclass
class Carry:
    """Unmet quota and unspent budget carried into the next year (when enabled)."""

    quota: np.ndarray
    budget: float = 0.0


def select_year(
    model: Model,
    state: State,
    t: int,
    stream: DrawStream,
    carry: Carry,
    projects: list[ProjectOutcome],
    ledger: Ledger,
    costs: dict[Treatment, np.ndarray] | None = None,
) -> YearLog:
    """Select year index *t*'s parcels into *state*; return the year's log.

    *ledger* keeps the draw's benchmarks up to date (:class:`~.evaluate.Ledger`).
    """
    params = model.params
    pools = candidate_pools(model, state, t, stream, ledger, costs)
    state.refusals[pools.refused_index] += 1  # the list: cheaper than a mask of every parcel
    quota = params.quota[0, :, t] + carry.quota
    budget = float(params.budget[0, t] + carry.budget)
    log = YearLog(
        quota=quota.copy(),
        achieved=np.zeros(len(TREATED)),
        budget=budget,
        spent=0.0,
        candidates_mu=np.array([model.area[pools.index[k]].sum() for k in TREATED]),
        handed_over=np.zeros(len(TREATED)),
    )
    caps = {
        k: Capacity(float(quota[k.axis]), params.platform_cap[0, :, k.axis, t].copy(), budget)
        for k in TREATED
    }
    _place_projects(model, state, t, pools, caps[Treatment.VACATE], projects, stream)
    budget = caps[Treatment.VACATE].budget
    order = model.rules.budget_order
    for position, treatment in enumerate(order):
        cap = caps[treatment]
        cap.budget = budget
        left = _fill(model, state, t, stream, pools, treatment, cap, log)
        budget = cap.budget
        if model.rules.quota_mode == "chase" and left.size == 0 and position + 1 < len(order):
            _hand_over(log, caps, treatment, order[position + 1])
    log.spent = log.budget - budget
    _carry(model, carry, caps, budget, log.quota)
    return log


def _fill(
    model: Model,
    state: State,
    t: int,
    stream: DrawStream,
    pools: Pools,
    treatment: Treatment,
    cap: Capacity,
    log: YearLog,
) -> np.ndarray:
    """Fill one treatment's quota; record its shortfalls; return the candidates left."""
    pool = _still_open(state, treatment, pools.index[treatment])
    quota = float(log.quota[treatment.axis])  # carry and hand-overs included
    before_caps = cap.caps.copy()
    cost = pools.cost[treatment]
    taken, left = _select(model, state, t, treatment, pool, cap, cost, stream, pools)
    _record(model, state, t, treatment, taken, cost, pools)
    log.achieved[treatment.axis] = quota - cap.quota
    log.shortfalls += _shortfalls(model, t, treatment, quota, cap, before_caps, left, pools)
    return left


def _still_open(state: State, treatment: Treatment, idx: np.ndarray) -> np.ndarray:
    """Return the candidates *idx* of *treatment* not yet treated this year.

    A vacate candidate may have been upgraded in an earlier year (past its cool-down); it
    is closed once vacated (e.g. by a major project this year). Other candidates are
    open while untreated.
    """
    if treatment is Treatment.VACATE:
        return matching(idx, state.treatment, int(Treatment.VACATE), equal=False)
    return matching(idx, state.treatment, int(Treatment.NONE), equal=True)


def _hand_over(
    log: YearLog, caps: dict[Treatment, Capacity], giver: Treatment, taker: Treatment
) -> None:
    """Chase mode: pass a treatment's unused quota on to the next one."""
    left = caps[giver].quota
    if not np.isfinite(left) or left <= EPS:
        return
    caps[taker].quota += left
    log.quota[taker.axis] += left
    log.handed_over[giver.axis] = left
    passed = detail("passed_on", mu=f"{left:,.0f}", treatment=treatment_name(taker.label))
    log.shortfalls = [
        dataclasses.replace(s, text=s.text.then(passed))
        if s.treatment == giver.label and s.platform == "district"
        else s
        for s in log.shortfalls
    ]
    caps[giver].quota = 0.0


def _select(
    model: Model,
    state: State,
    t: int,
    treatment: Treatment,
    pool: np.ndarray,
    cap: Capacity,
    cost: np.ndarray,
    stream: DrawStream,
    pools: Pools,
) -> tuple[np.ndarray, np.ndarray]:
    """Choose this year's parcels of *treatment* among the candidates *pool* (indices).

    Return the parcels taken (sorted), and the candidates of *pool* left: those
    :func:`_still_open` finds once the parcels taken are recorded.
    """
    rules = model.rules
    ranking = pools.evaluation
    if treatment is Treatment.VACATE and rules.strategy == "clusters":
        members = _cluster_members(model, state, pool, pools)
        in_clusters = select_clusters(model, members, cap, cost, ranking.score)
        if not rules.scattered:
            taken = np.flatnonzero(in_clusters)
            return taken, without(pool, taken)
        scattered = pool[~in_clusters[pool]]
        got = _worst_first_fill(model, scattered, ranking, cap, cost)
        taken = np.sort(np.concatenate([np.flatnonzero(in_clusters), scattered[got]]))
        return taken, without(pool, taken)
    if rules.strategy != "random" and treatment is not Treatment.REACTIVATE:
        return split(pool, _worst_first_fill(model, pool, ranking, cap, cost))
    if rules.strategy != "random" and model.idle[pool].all():
        return _largest_first_fill(model, pool, cap, cost)
    order = order_for(model, pool, treatment, stream, int(model.years[t]), ranking)
    got = np.zeros(order.size, dtype=bool)
    cap.take_in_order(order, np.arange(order.size), _columns(model, cost), got, model.smallest_area)
    taken = np.sort(order[got])
    return taken, without(pool, taken)


def _worst_first_fill(
    model: Model, idx: np.ndarray, ranking: YearEvaluation, cap: Capacity, cost: np.ndarray
) -> np.ndarray:
    """Fill *cap* from the parcels *idx* (sorted) worst first; return the mask of those taken.

    The order is made a chunk at a time (:func:`~.strategies.worst_first_chunks`) until
    the capacity is used up.
    """
    got = np.zeros(idx.size, dtype=bool)
    columns = _columns(model, cost)
    for order in worst_first_chunks(idx, ranking, cap, model.area):
        if cap.take_in_order(idx, order, columns, got, model.smallest_area):
            break
    return got


def _largest_first_fill(
    model: Model, idx: np.ndarray, cap: Capacity, cost: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Fill *cap* from the idle parcels *idx* (sorted) largest first; return taken and left.

    The order is the model's order of the idle parcels, as
    :func:`~.strategies.largest_first` reads it, without making it: the fill walks that
    order over the parcels of *idx*, flagged in a mask over every parcel.
    """
    member = np.zeros(model.n, dtype=np.int8)
    member[idx] = 1
    cap.take_members(model.idle_by_area, member, _columns(model, cost), model.smallest_area)
    return split_on(idx, member, 2)


def _columns(model: Model, cost: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every parcel's area, platform and *cost*: what a fill draws down."""
    return model.area, model.platform, cost


def _cluster_members(model: Model, state: State, pool: np.ndarray, pools: Pools) -> np.ndarray:
    """Return the mask of the parcels clusters are built from.

    Vacate candidates, and with ``cluster_members: all_candidates`` untreated upgrade
    candidates too.
    """
    members = np.zeros(model.n, dtype=bool)
    members[pool] = True
    if model.rules.cluster_members == "all_candidates":
        members[_still_open(state, Treatment.UPGRADE, pools.index[Treatment.UPGRADE])] = True
    return members


def _record(
    model: Model,
    state: State,
    t: int,
    treatment: Treatment,
    idx: np.ndarray,
    cost: np.ndarray,
    pools: Pools,
) -> None:
    state.treatment[idx] = treatment
    state.year[idx] = t
    state.cost[idx] = cost[idx]
    state.klass[idx] = pools.evaluation.code[idx]
    if treatment is Treatment.UPGRADE:
        state.upgrade_year[idx] = t
    elif treatment is Treatment.VACATE:
        relocation = model.rules.relocation
        state.relocate[idx] = relocation.shares(pools.evaluation.code[idx], model.industry[idx]) * (
            relocation.use >= 0
        )


def _place_projects(
    model: Model,
    state: State,
    t: int,
    pools: Pools,
    cap: Capacity,
    outcomes: list[ProjectOutcome],
    stream: DrawStream,
) -> None:
    year = int(model.years[t])
    vacate_cost = pools.cost[Treatment.VACATE]
    for j, proj in enumerate(model.rules.projects):
        out = outcomes[j]
        if out.year is not None or not proj.earliest <= year <= proj.year:
            continue
        if out.reason.startswith("did not go ahead"):
            continue
        if proj.parent >= 0 and outcomes[proj.parent].year is None:
            out.note(why("phase_before", parent=model.rules.projects[proj.parent].id))
            continue
        if not stream.happens(PHASE, path_key(proj.id), proj.probability):
            out.note(why("not_going_ahead", p=f"{proj.probability:.0%}"))
            continue
        # a project's block is negotiated parcel by parcel: this year's refusals do not move it
        free = state.untreated() & ~model.restricted
        pool = project_blocks.admissible(
            model, proj, free, pools.before_refusals[Treatment.VACATE] & state.untreated()
        )
        attempt = project_blocks.assemble(
            model, proj, pool, cap, vacate_cost, pools.evaluation.score, state
        )
        if attempt.placed is None:
            out.attempts.append((year, attempt.reason))
            out.note(attempt.why)
            continue
        block = attempt.placed
        _record(model, state, t, Treatment.VACATE, np.sort(block), vacate_cost, pools)
        state.project[block] = j
        out.year, out.area = year, float(model.area[block].sum())
        out.note(None)
        out.bridges, out.bridge_cost = attempt.bridges, attempt.bridges * proj.bridge_cost


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
    if np.isfinite(quota) and cap.quota > EPS:
        only_clusters = treatment is Treatment.VACATE and model.rules.contiguity_only
        refused = pools.refused_in(treatment) if left.size == 0 else left[:0]  # read if none left
        cause, text = diagnose(
            left,
            refused,
            cap,
            model.area,
            model.platform,
            cost,
            contiguity_only=only_clusters,
        )
        out.append(
            Shortfall(year, "district", name, float(quota), float(quota - cap.quota), cause, text)
        )
    for i in np.flatnonzero(np.isfinite(caps_before)):
        if cap.caps[i] > EPS:
            in_p = left[model.platform[left] == i]
            cause, text = diagnose_platform(in_p, cap, model.area, cost, float(cap.caps[i]))
            out.append(
                Shortfall(
                    year,
                    model.platform_ids[i],
                    name,
                    float(caps_before[i]),
                    float(caps_before[i] - cap.caps[i]),
                    cause,
                    text,
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
