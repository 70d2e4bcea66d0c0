"""Hand ready land to new users each year: project blocks, relocated firms, new industries.

Vacated or reactivated land is ready ``prep_years`` after selection. A project's block
goes to its project as soon as it is ready. Each year, ready land not yet taken is
offered, oldest-ready first (then in inventory order):

1. to vacated firms relocating in the district (``relocation``), up to the land they need
   that year; what the reserve cannot give them is new land outside the inventory;
2. to the target industries in assignment order, each up to its demand for the year
   (``demand_mu``) and all together within the investment investors bring that year
   (``pipeline.investment_cap``, after the investment of project blocks and relocated
   firms of the year).

Land nobody takes stays in reserve and is offered again the next year.
"""

from __future__ import annotations

import numpy as np

from landsim.engine.fill import greedy_fill
from landsim.engine.state import State
from landsim.model import Model, Treatment


def assign_year(model: Model, state: State, t: int) -> None:
    """Give the land ready by year index *t* to its new users (see the module docstring)."""
    _mark_ready(model, state)
    _projects(model, state)
    waiting = np.flatnonzero(state.land() & (state.use < 0) & (state.ready >= 0))
    waiting = waiting[state.ready[waiting] <= t]
    if waiting.size == 0:
        return
    waiting = waiting[np.argsort(state.ready[waiting], kind="stable")]
    taken = _relocation(model, state, t, waiting)
    waiting = waiting[~taken]
    params = model.params
    budget = float(params.investment_cap[0, t]) - _committed_investment(model, state, t)
    for k in range(model.n_targets):
        demand = float(params.demand[0, k, t])
        if demand <= 0 or waiting.size == 0:
            continue
        pos = np.flatnonzero(model.eligible[k, model.platform[waiting]])
        if pos.size == 0:
            continue
        area = model.area[waiting[pos]]
        rows, caps = area[None, :], [demand]
        if np.isfinite(budget):
            rows = np.vstack([area, area * params.new_investment[0, k]])
            caps.append(max(budget, 0.0))
        got, left = greedy_fill(rows, np.asarray(caps))
        chosen = waiting[pos[got]]
        state.use[chosen], state.transfer[chosen] = k, t
        if np.isfinite(budget):
            budget = float(left[1])
        remaining = np.ones(waiting.size, dtype=bool)
        remaining[pos[got]] = False
        waiting = waiting[remaining]


def assign_land(model: Model, state: State) -> None:
    """Assign the land of a finished selection again, year by year (with this draw's lags)."""
    state.clear_land()
    for t in range(len(model.years)):
        assign_year(model, state, t)


def _mark_ready(model: Model, state: State) -> None:
    """Year each vacated or reactivated parcel is ready, at this draw's preparation lags."""
    params = model.params
    land = np.flatnonzero(state.land() & (state.ready < 0))
    vacated = state.treatment[land] == Treatment.VACATE
    prep = np.where(vacated, params.prep_vacate[0], params.prep_reactivate[0])
    state.ready[land] = state.year[land] + prep


def _projects(model: Model, state: State) -> None:
    """Project blocks go to their project when ready (the transfer may lie past the end)."""
    block = np.flatnonzero((state.project >= 0) & (state.use < 0))
    if block.size:
        uses = np.array([p.use for p in model.rules.projects], dtype=np.int64)
        state.use[block] = uses[state.project[block]]
        state.transfer[block] = state.ready[block]


def relocation_demand(model: Model, state: State, t: int) -> float:
    """Mu of land the firms relocating in year index *t* need."""
    lag = int(model.params.relocation_lag[0])
    moving = state.treated_as(Treatment.VACATE) & (state.year == t - lag) & (state.relocate > 0)
    if not moving.any():
        return 0.0
    need = state.relocate[moving] * model.area[moving]
    return float(need.sum() * model.params.relocation_land[0])


def _relocation(model: Model, state: State, t: int, waiting: np.ndarray) -> np.ndarray:
    """Give relocating firms reserve land; return which waiting parcels they took."""
    taken = np.zeros(waiting.size, dtype=bool)
    rule = model.rules.relocation
    need = relocation_demand(model, state, t) if rule.use >= 0 else 0.0
    if need <= 0:
        return taken
    ok = (
        np.ones(waiting.size, bool)
        if rule.platform < 0
        else model.platform[waiting] == rule.platform
    )
    pos = np.flatnonzero(ok)
    got, _ = greedy_fill(model.area[waiting[pos]][None, :], np.array([need]))
    chosen = waiting[pos[got]]
    state.use[chosen], state.transfer[chosen] = rule.use, t
    taken[pos[got]] = True
    return taken


def _committed_investment(model: Model, state: State, t: int) -> float:
    """万元 invested in year index *t* on land given outside the industries' demand."""
    fixed = (state.transfer == t) & (state.use >= model.n_targets)
    if not fixed.any():
        return 0.0
    return float((model.area[fixed] * model.params.new_investment[0, state.use[fixed]]).sum())
