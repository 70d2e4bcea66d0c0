"""Hand ready land to target industries, within each industry's yearly demand.

Each year, land that is ready (vacated or reactivated, preparation done) and not yet
taken goes to the target industries in assignment order: each takes, oldest-ready first
(then in inventory order), the parcels of the platforms it may use, up to its demand for
the year. Land nobody takes stays in reserve and is offered again the next year.
Project blocks are not offered: they go to their project when ready.
"""

from __future__ import annotations

import numpy as np

from landsim.compile import Compiled
from landsim.pipeline.params import Params
from landsim.pipeline.state import State
from landsim.selection.fill import greedy_fill


def assign_ready_land(c: Compiled, p: Params, st: State, t: int) -> None:
    """Transfer ready land in year index *t* (updates ``st.use`` and ``st.transfer``)."""
    waiting = np.flatnonzero((st.ready >= 0) & (st.ready <= t) & (st.use < 0))
    if waiting.size == 0:
        return
    waiting = waiting[np.argsort(st.ready[waiting], kind="stable")]  # oldest ready first
    free = np.ones(waiting.size, dtype=bool)
    platform = c.platform[waiting]
    for k in range(c.n_targets):
        demand = float(p.demand[0, k, t])
        if demand <= 0:
            continue
        pos = np.flatnonzero(free & c.eligible[k, platform])
        if pos.size == 0:
            continue
        taken, _ = greedy_fill(c.area[waiting[pos]][None, :], np.array([demand]))
        got = waiting[pos[taken]]
        st.use[got] = k
        st.transfer[got] = t
        free[pos[taken]] = False
