"""The yearly loop of one draw: select, account for contiguity, hand ready land over.

Programme years select parcels (:func:`~.year.select_year`); run-out years only move land
along (no selection). Each year ends by giving the land ready by then to its new users
(:func:`~.assign.assign_year`), because the next year's evaluation sees new firms once
they produce.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from landsim.engine.assign import assign_year
from landsim.engine.candidates import treatment_costs
from landsim.engine.evaluate import Ledger
from landsim.engine.kernels import treated_in
from landsim.engine.state import Events, ProjectOutcome, State, YearLog
from landsim.engine.year import Carry, select_year
from landsim.model import TREATED, Model, Treatment
from landsim.model.graph import components, group_labels
from landsim.streams import DrawStream


def simulate_draw(
    model: Model,
    stream: DrawStream,
    progress: Callable[[int], None] | None = None,
) -> Events:
    """Run one draw, year by year.

    Parameters
    ----------
    model
        The compiled model of this draw (``model.params.draws == 1``).
    stream
        This draw's random events (refusals, random orders, project phases).
    progress
        Called with the year index after each year.
    """
    state = State.empty(model.n)
    carry = Carry(np.zeros(len(TREATED)))
    projects = [ProjectOutcome(p.id, None, 0.0, "not attempted") for p in model.rules.projects]
    logs = []
    next_cluster = 0
    costs = treatment_costs(model)
    ledger = Ledger.start(model, noting=True)
    for t in range(len(model.years)):
        if t < model.rules.programme_years:
            logs.append(select_year(model, state, t, stream, carry, projects, ledger, costs))
            vacated, upgraded = treated_in(state.treatment, state.year, state.upgrade_year, t)
            ledger.note(t, vacated, upgraded)
            next_cluster = account_contiguity(model, state, t, next_cluster, vacated)
        else:
            logs.append(YearLog.idle())
        assign_year(model, state, t)
        if progress is not None:
            progress(t)
    if model.rules.contiguity_scope == "cumulative":
        _final_clusters(model, state)
    return Events(state, logs, projects)


def account_contiguity(
    model: Model, state: State, t: int, next_id: int, now_idx: np.ndarray
) -> int:
    """Mark this year's vacated parcels that lie in clusters of the minimum size.

    ``scope: year`` groups the parcels vacated in year *t* (*now_idx*, in inventory order:
    :func:`~landsim.engine.kernels.treated_in` lists them); ``cumulative`` also lets them
    join parcels vacated earlier. Returns the next free cluster id.
    """
    if now_idx.size == 0:
        return next_id
    if model.rules.contiguity_scope == "cumulative":  # parcels vacated earlier join in
        members = state.treated_as(Treatment.VACATE) & (state.year <= t)
        member_idx = np.flatnonzero(members)
    else:
        members = np.zeros(model.n, dtype=bool)
        members[now_idx] = True
        member_idx = now_idx
    labels, count = group_labels(model.graph, member_idx, members)  # one per member
    area = np.bincount(labels, model.area[member_idx], minlength=count)
    label_now = labels[np.searchsorted(member_idx, now_idx)]
    state.contiguous[now_idx] = area[label_now] >= model.rules.min_cluster_mu - 1e-9
    state.cluster[now_idx] = next_id + label_now
    return next_id + count


def _final_clusters(model: Model, state: State) -> None:
    members = state.treated_as(Treatment.VACATE)
    labels, _ = components(model.graph, members)
    state.cluster[members] = labels[members]
