"""The yearly loop of one draw: select and account for contiguity, then assign land.

Selection runs year by year; assigning ready land to new industries follows, for all
years at once, because selection never depends on it (see :mod:`.assign`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from landsim.engine.assign import assign_land
from landsim.engine.state import Events, ProjectOutcome, State
from landsim.engine.year import Carry, select_year, treatment_costs
from landsim.model.compile import VACATE, Compiled
from landsim.model.graph import components
from landsim.model.params import Params


def simulate_draw(
    c: Compiled,
    p: Params,
    rng: np.random.Generator,
    progress: Callable[[int], None] | None = None,
) -> Events:
    """Run one draw: :func:`select_years`, then :func:`~.assign.assign_land`.

    Parameters
    ----------
    c
        Compiled scenario.
    p
        Parameters of this draw (``p.draws == 1``).
    rng
        This draw's random generator (refusals and random orders).
    progress
        Called with the year index after each year.
    """
    events = select_years(c, p, rng, progress)
    assign_land(c, p, events.state)
    return events


def select_years(
    c: Compiled,
    p: Params,
    rng: np.random.Generator,
    progress: Callable[[int], None] | None = None,
) -> Events:
    """Select parcels year by year and mark contiguous ones; land is not yet assigned."""
    st = State.empty(c.n)
    carry = Carry(np.zeros(3))
    projects = [
        ProjectOutcome(jid, None, 0.0, "not attempted") for jid in c.scenario.major_projects
    ]
    logs = []
    next_cluster = 0
    costs = treatment_costs(c, p)
    for t in range(len(c.years)):
        logs.append(select_year(c, p, st, t, rng, carry, projects, costs))
        next_cluster = account_contiguity(c, st, t, next_cluster)
        if progress is not None:
            progress(t)
    if c.scenario.contiguity.scope == "cumulative":
        _final_clusters(c, st)
    return Events(st, logs, projects)


def account_contiguity(c: Compiled, st: State, t: int, next_id: int) -> int:
    """Mark this year's vacated parcels that lie in clusters of the minimum size.

    ``scope: year`` groups the parcels vacated in year *t*; ``cumulative`` also lets them
    join parcels vacated earlier. Returns the next free cluster id.
    """
    now = (st.treatment == VACATE) & (st.year == t)
    if not now.any():
        return next_id
    cumulative = c.scenario.contiguity.scope == "cumulative"
    members = (st.treatment == VACATE) & (st.year <= t) if cumulative else now
    labels, count = components(c.graph, members)
    area = np.bincount(labels[members], c.area[members], minlength=count)
    st.contiguous[now] = area[labels[now]] >= c.scenario.contiguity.min_cluster_mu - 1e-9
    st.cluster[now] = next_id + labels[now]
    return next_id + count


def _final_clusters(c: Compiled, st: State) -> None:
    members = st.treatment == VACATE
    labels, _ = components(c.graph, members)
    st.cluster[members] = labels[members]
