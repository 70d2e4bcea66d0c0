"""Hand ready land to target industries, within each industry's yearly demand.

Runs after selection, for every year at once: selection never depends on where land
goes, so one selection can serve many draws of lags and demand (see
:mod:`landsim.engine.batch`).

Vacated or reactivated land is ready ``prep_years`` after selection. Each year, ready
land not yet taken goes to the target industries in assignment order: each takes,
oldest-ready first (then in inventory order), the parcels of the platforms it may use,
up to its demand for the year. Land nobody takes stays in reserve and is offered again
the next year. A project block goes to its project as soon as it is ready.
"""

from __future__ import annotations

import numpy as np

from landsim.engine.fill import greedy_fill
from landsim.engine.state import NOT_YET, State
from landsim.model import Model, Params, Treatment


def assign_land(model: Model, state: State) -> None:
    """Fill ``state.ready``, ``.use`` and ``.transfer`` from the selection in *state*.

    Works on the vacated and reactivated parcels only, so it costs little per draw.
    """
    params = model.params
    vacated = state.treated_as(Treatment.VACATE)
    land = np.flatnonzero(vacated | state.treated_as(Treatment.REACTIVATE))
    prep = np.where(vacated[land], params.prep_vacate[0], params.prep_reactivate[0])
    ready = state.year[land] + prep
    project_use = np.array([p.use for p in model.rules.projects] + [NOT_YET], dtype=np.int64)
    use = project_use[state.project[land]]  # project -1 picks the sentinel
    transfer = np.where(use >= 0, ready, NOT_YET)
    order = np.argsort(ready, kind="stable")  # oldest ready first, then inventory order
    area, eligible = model.area[land][order], model.eligible[:, model.platform[land][order]]
    for t in range(len(model.years)):
        waiting = (ready[order] <= t) & (use[order] < 0)
        if waiting.any():
            _offer(params, t, order, waiting, area, eligible, use, transfer, model.n_targets)
    state.ready[:], state.use[:], state.transfer[:] = NOT_YET, NOT_YET, NOT_YET
    state.ready[land], state.use[land], state.transfer[land] = ready, use, transfer


def _offer(
    p: Params,
    t: int,
    order: np.ndarray,
    waiting: np.ndarray,
    area: np.ndarray,
    eligible: np.ndarray,
    use: np.ndarray,
    transfer: np.ndarray,
    n_targets: int,
) -> None:
    """Offer the waiting land of year index *t* to each target industry in turn."""
    for k in range(n_targets):
        demand = float(p.demand[0, k, t])
        if demand <= 0:
            continue
        pos = np.flatnonzero(waiting & eligible[k])
        if pos.size == 0:
            continue
        taken, _ = greedy_fill(area[pos][None, :], np.array([demand]))
        got = pos[taken]
        use[order[got]] = k
        transfer[order[got]] = t
        waiting[got] = False
