"""Per-parcel events binned by platform, industry and year: small arrays per draw.

The economics never look at parcels again: everything they need is a sum of areas or
base-year figures by (platform, industry, year). The selection's bins are filled in
one compiled pass over the parcels, the money's and the land's in one more each
(:mod:`.binning`), so even a million parcels bin in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landsim.axes import DRAW, FIGURE, INDUSTRY, PLATFORM, TREATMENT, UPLIFT, USE, YEAR, array
from landsim.engine.binning import event_bins, land_pass, selection_pass
from landsim.engine.candidates import treatment_costs
from landsim.engine.state import Events, State
from landsim.model import TREATED, Model, Treatment


@dataclass(frozen=True)
class Bins:
    """Binned events of ``draws`` draws (axes declared per field).

    Attributes
    ----------
    selected
        Mu selected, by treatment (vacate, upgrade, reactivate); an upgraded parcel vacated
        later counts in both years.
    contiguous
        Vacated mu counted as contiguous.
    paid
        万元 paid at selection, by treatment.
    stopped
        Base-year output, tax, value added and jobs of parcels vacated.
    upgraded
        Base-year output, tax and value added of parcels upgraded (in the upgrade's year).
    uplift_stopped
        Base-year output, tax and value added of upgraded parcels vacated later (in the
        year they are vacated: their uplift stops).
    upgrade_ended
        Mu of upgraded parcels vacated later, in the year they are vacated.
    relocated
        Base-year output, tax, value added and jobs of vacated firms that relocate, times
        the share relocating, in the year vacated, by the platform they are booked in.
    relocation_new_land
        Mu of land outside the inventory taken by relocated firms (the reserve had none).
    ready
        Mu becoming ready for transfer.
    transferred
        Mu transferred to each new use.
    """

    selected: np.ndarray = array(DRAW, TREATMENT, PLATFORM, YEAR)
    contiguous: np.ndarray = array(DRAW, PLATFORM, YEAR)
    paid: np.ndarray = array(DRAW, TREATMENT, PLATFORM, YEAR)
    stopped: np.ndarray = array(DRAW, FIGURE, PLATFORM, INDUSTRY, YEAR)
    upgraded: np.ndarray = array(DRAW, UPLIFT, PLATFORM, INDUSTRY, YEAR)
    uplift_stopped: np.ndarray = array(DRAW, UPLIFT, PLATFORM, INDUSTRY, YEAR)
    upgrade_ended: np.ndarray = array(DRAW, PLATFORM, YEAR)
    relocated: np.ndarray = array(DRAW, FIGURE, PLATFORM, INDUSTRY, YEAR)
    relocation_new_land: np.ndarray = array(DRAW, PLATFORM, YEAR)
    ready: np.ndarray = array(DRAW, PLATFORM, YEAR)
    transferred: np.ndarray = array(DRAW, PLATFORM, USE, YEAR)


def _bin(keys: np.ndarray, weights: np.ndarray, size: int) -> np.ndarray:
    return np.bincount(keys, weights, minlength=size)[:size]


def bin_events(model: Model, events: list[Events]) -> Bins:
    """Bin the events of every draw (money at the prices recorded in each state)."""
    parts = [
        {
            **selection_bins(model, ev.state),
            **land_bins(model, ev.state),
            **paid_bins(model, ev.state),
        }
        for ev in events
    ]
    return stack(parts)


def stack(parts: list[dict[str, np.ndarray]]) -> Bins:
    """Stack per-draw bins (as returned by :func:`selection_bins` and :func:`land_bins`)."""
    return Bins(**{k: np.stack([part[k] for part in parts]) for k in parts[0]})


def selection_bins(model: Model, state: State) -> dict[str, np.ndarray]:
    """Bins that depend only on which parcels were selected, when, and how.

    Compiled passes (:mod:`.binning`); each bin sums its parcels in inventory order, the
    events of upgrades vacated later after those of every parcel's latest treatment.
    """
    n_t, n_p, n_i = len(model.years), len(model.platform_ids), len(model.existing_ids)
    area = model.area
    selected = event_bins(
        (state.treatment, state.year, state.upgrade_year),
        model.platform,
        (area, area, area),
        (n_t, n_p),
    )
    # the base-year columns as they are: stacking them copied four columns every draw
    base = (model.base_output, model.base_tax, model.base_va, model.base_jobs)
    contig, stopped, upgraded, uplift_stopped, ended, relocated = selection_pass(
        (state.treatment, state.year, state.upgrade_year, state.contiguous, state.relocate),
        (area, model.platform, model.industry),
        base,
        (n_t, n_p, n_i),
        int(model.rules.relocation.platform),
    )
    return {
        "selected": selected,
        "contiguous": contig.reshape(n_p, n_t),
        "stopped": stopped.reshape(4, n_p, n_i, n_t),
        "upgraded": upgraded.reshape(3, n_p, n_i, n_t),
        "uplift_stopped": uplift_stopped.reshape(3, n_p, n_i, n_t),
        "upgrade_ended": ended.reshape(n_p, n_t),
        "relocated": relocated.reshape(4, n_p, n_i, n_t),
    }


def paid_bins(
    model: Model, state: State, costs: dict[Treatment, np.ndarray] | None = None
) -> dict[str, np.ndarray]:
    """Money paid at selection, by treatment, platform and year.

    At one draw's prices ``costs`` (per-parcel arrays by treatment); the model's when
    ``costs`` is None.
    """
    n_t, n_p = len(model.years), len(model.platform_ids)
    if costs is None:
        costs = treatment_costs(model)
    paid = event_bins(
        (state.treatment, state.year, state.upgrade_year),
        model.platform,
        tuple(np.asarray(costs[k], dtype=float) for k in TREATED),
        (n_t, n_p),
    )
    return {"paid": paid}


def land_bins(model: Model, state: State) -> dict[str, np.ndarray]:
    """Bins of when land is ready and where it goes (they vary with lags and demand)."""
    n_t, n_p, n_k = len(model.years), len(model.platform_ids), len(model.uses)
    ready, moved = land_pass(
        (state.treatment, state.ready, state.transfer, state.use),
        (model.area, model.platform),
        (n_t, n_p, n_k),
    )
    return {
        "ready": ready.reshape(n_p, n_t),
        "transferred": moved.reshape(n_p, n_k, n_t),
        "relocation_new_land": _relocation_new_land(model, state),
    }


def _relocation_new_land(model: Model, state: State) -> np.ndarray:
    """Mu relocated firms needed each year beyond what the reserve gave them.

    Booked in ``relocation.platform``, or shared among the platforms the firms left, in
    proportion to the land they need.
    """
    n_t, n_p = len(model.years), len(model.platform_ids)
    rule = model.rules.relocation
    if rule.use < 0:
        return np.zeros((n_p, n_t))
    movers = np.flatnonzero(state.treated_as(Treatment.VACATE) & (state.relocate > 0))
    when = state.year[movers] + int(model.params.relocation_lag[0])
    inside = when < n_t
    movers, when = movers[inside], when[inside]
    need = state.relocate[movers] * model.area[movers] * model.params.relocation_land[0]
    plat = model.platform[movers] if rule.platform < 0 else np.full(movers.size, rule.platform)
    by_platform = _bin(plat * n_t + when, need, n_p * n_t).reshape(n_p, n_t)
    given = np.flatnonzero((state.use == rule.use) & (state.transfer >= 0))
    got = _bin(state.transfer[given], model.area[given], n_t)
    total = by_platform.sum(axis=0)
    unmet = np.maximum(total - got, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, by_platform * (unmet / total), 0.0)
