"""The yearly loop of one draw: select and account for contiguity, then assign land.

Selection runs year by year; assigning ready land to new industries follows, for all
years at once, because selection never depends on it (see :mod:`.assign`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from landsim.engine.assign import assign_land
from landsim.engine.candidates import treatment_costs
from landsim.engine.state import Events, ProjectOutcome, State
from landsim.engine.year import Carry, select_year
from landsim.model import TREATED, Model, Treatment
from landsim.model.graph import components


def simulate_draw(
    model: Model,
    rng: np.random.Generator,
    progress: Callable[[int], None] | None = None,
) -> Events:
    """Run one draw: :func:`select_years`, then :func:`~.assign.assign_land`.

    Parameters
    ----------
    model
        The compiled model of this draw (``model.params.draws == 1``).
    rng
        This draw's random generator (refusals and random orders).
    progress
        Called with the year index after each year.
    """
    events = select_years(model, rng, progress)
    assign_land(model, events.state)
    return events


def select_years(
    model: Model,
    rng: np.random.Generator,
    progress: Callable[[int], None] | None = None,
) -> Events:
    """Select parcels year by year and mark contiguous ones; land is not yet assigned."""
    state = State.empty(model.n)
    carry = Carry(np.zeros(len(TREATED)))
    projects = [ProjectOutcome(p.id, None, 0.0, "not attempted") for p in model.rules.projects]
    logs = []
    next_cluster = 0
    costs = treatment_costs(model)
    for t in range(len(model.years)):
        logs.append(select_year(model, state, t, rng, carry, projects, costs))
        next_cluster = account_contiguity(model, state, t, next_cluster)
        if progress is not None:
            progress(t)
    if model.rules.contiguity_scope == "cumulative":
        _final_clusters(model, state)
    return Events(state, logs, projects)


def account_contiguity(model: Model, state: State, t: int, next_id: int) -> int:
    """Mark this year's vacated parcels that lie in clusters of the minimum size.

    ``scope: year`` groups the parcels vacated in year *t*; ``cumulative`` also lets them
    join parcels vacated earlier. Returns the next free cluster id.
    """
    vacated = state.treated_as(Treatment.VACATE)
    now = vacated & (state.year == t)
    if not now.any():
        return next_id
    cumulative = model.rules.contiguity_scope == "cumulative"
    members = vacated & (state.year <= t) if cumulative else now
    labels, count = components(model.graph, members)
    area = np.bincount(labels[members], model.area[members], minlength=count)
    state.contiguous[now] = area[labels[now]] >= model.rules.min_cluster_mu - 1e-9
    state.cluster[now] = next_id + labels[now]
    return next_id + count


def _final_clusters(model: Model, state: State) -> None:
    members = state.treated_as(Treatment.VACATE)
    labels, _ = components(model.graph, members)
    state.cluster[members] = labels[members]
