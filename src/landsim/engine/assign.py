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
from landsim.engine.kernels import industries_take, land_ready, relocating
from landsim.engine.state import State
from landsim.model import Model


def assign_year(model: Model, state: State, t: int) -> None:
    """Give the land ready by year index *t* to its new users (see the module docstring)."""
    params = model.params
    land, waiting = land_ready(  # every later step looks at the land only
        (state.treatment, state.year, state.project, state.use, state.ready, state.transfer),
        (int(params.prep_vacate[0]), int(params.prep_reactivate[0])),
        np.array([p.use for p in model.rules.projects], dtype=np.int64),
        t,
    )
    if waiting.size == 0:
        return
    taken = _relocation(model, state, t, waiting, land)
    waiting = waiting[~taken]
    budget = float(params.investment_cap[0, t]) - _committed_investment(model, state, t, land)
    use = np.full(waiting.size, -1, dtype=np.int64)
    industries_take(
        waiting,
        (model.area, model.platform, model.eligible),
        params.demand[0, : model.n_targets, t].astype(float),
        params.new_investment[0, : model.n_targets].astype(float),
        budget,
        use,
    )
    chosen = use >= 0
    state.use[waiting[chosen]], state.transfer[waiting[chosen]] = use[chosen], t


def assign_land(model: Model, state: State) -> None:
    """Assign the land of a finished selection again, year by year (with this draw's lags)."""
    state.clear_land()
    for t in range(len(model.years)):
        assign_year(model, state, t)


def relocation_demand(model: Model, state: State, t: int, land: np.ndarray) -> float:
    """Mu of land the firms relocating in year index *t* need (*land*: vacated or reactivated)."""
    lag = int(model.params.relocation_lag[0])
    moving = relocating(land, (state.treatment, state.year, state.relocate), t - lag)
    if moving.size == 0:
        return 0.0
    need = state.relocate[moving] * model.area[moving]
    return float(need.sum() * model.params.relocation_land[0])


def _relocation(
    model: Model, state: State, t: int, waiting: np.ndarray, land: np.ndarray
) -> np.ndarray:
    """Give relocating firms reserve land; return which waiting parcels they took."""
    taken = np.zeros(waiting.size, dtype=bool)
    rule = model.rules.relocation
    need = relocation_demand(model, state, t, land) if rule.use >= 0 else 0.0
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


def _committed_investment(model: Model, state: State, t: int, land: np.ndarray) -> float:
    """万元 invested in year index *t* on land given outside the industries' demand."""
    fixed = land[(state.transfer[land] == t) & (state.use[land] >= model.n_targets)]
    if fixed.size == 0:
        return 0.0
    return float((model.area[fixed] * model.params.new_investment[0, state.use[fixed]]).sum())
