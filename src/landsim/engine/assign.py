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
from landsim.model.compile import REACTIVATE, VACATE, Compiled
from landsim.model.params import Params


def assign_land(c: Compiled, p: Params, st: State) -> None:
    """Fill ``st.ready``, ``st.use`` and ``st.transfer`` from the selection in *st*.

    Works on the vacated and reactivated parcels only, so it costs little per draw.
    """
    land = np.flatnonzero((st.treatment == VACATE) | (st.treatment == REACTIVATE))
    prep = np.where(st.treatment[land] == VACATE, p.prep_vacate[0], p.prep_reactivate[0])
    ready = st.year[land] + prep
    project = st.project[land]
    first_project = len(c.target_ids) - len(c.scenario.major_projects)
    use = np.where(project >= 0, first_project + project, NOT_YET)
    transfer = np.where(project >= 0, ready, NOT_YET)
    order = np.argsort(ready, kind="stable")  # oldest ready first, then inventory order
    area, eligible = c.area[land][order], c.eligible[:, c.platform[land][order]]
    for t in range(len(c.years)):
        waiting = (ready[order] <= t) & (use[order] < 0)
        if waiting.any():
            _offer(p, t, order, waiting, area, eligible, use, transfer, c.n_targets)
    st.ready[:], st.use[:], st.transfer[:] = NOT_YET, NOT_YET, NOT_YET
    st.ready[land], st.use[land], st.transfer[land] = ready, use, transfer


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
