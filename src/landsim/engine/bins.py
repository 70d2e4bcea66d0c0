"""Per-parcel events binned by platform, industry and year: small arrays per draw.

The economics never look at parcels again: everything they need is a sum of areas or
base-year figures by (platform, industry, year). Binning is one ``bincount`` per
quantity, so even a million parcels bin in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landsim.axes import DRAW, FIGURE, INDUSTRY, PLATFORM, TREATMENT, UPLIFT, USE, YEAR, array
from landsim.engine.candidates import treatment_costs
from landsim.engine.state import Events, State
from landsim.model import TREATED, Model, Treatment
from landsim.model.codes import treatment_axis


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


def _events(model: Model, state: State) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every treatment event: ``(parcel, treatment axis, year index)``.

    A parcel upgraded and vacated later has two events.
    """
    latest = np.flatnonzero(~state.untreated())
    earlier = np.flatnonzero((state.upgrade_year >= 0) & (state.treatment != Treatment.UPGRADE))
    parcel = np.concatenate([latest, earlier])
    axis = np.concatenate(
        [
            treatment_axis(state.treatment[latest]),
            np.full(earlier.size, Treatment.UPGRADE.axis, dtype=np.int64),
        ]
    )
    year = np.concatenate([state.year[latest], state.upgrade_year[earlier]])
    return parcel, axis, year


def _event_key(model: Model, parcel: np.ndarray, axis: np.ndarray, year: np.ndarray) -> np.ndarray:
    """Flat (treatment axis, platform, year) bin of each event."""
    n_t, n_p = len(model.years), len(model.platform_ids)
    return (axis * n_p + model.platform[parcel]) * n_t + year


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


def _by_platform_industry(
    model: Model, parcel: np.ndarray, year: np.ndarray, weights: list[np.ndarray], platform=None
) -> np.ndarray:
    """Base-year figures (one array per figure) of *parcel* by (platform, industry, year)."""
    n_t, n_p, n_i = len(model.years), len(model.platform_ids), len(model.existing_ids)
    plat = model.platform[parcel] if platform is None else platform
    key = (plat * n_i + model.industry[parcel]) * n_t + year
    return np.stack([_bin(key, w, n_p * n_i * n_t) for w in weights]).reshape(
        len(weights), n_p, n_i, n_t
    )


def selection_bins(model: Model, state: State) -> dict[str, np.ndarray]:
    """Bins that depend only on which parcels were selected, when, and how."""
    n_t, n_p = len(model.years), len(model.platform_ids)
    # the base-year columns as they are: stacking them copied four columns every draw
    base = (model.base_output, model.base_tax, model.base_va, model.base_jobs)
    parcel, axis, year = _events(model, state)
    n_k = len(TREATED)
    vacated = np.flatnonzero(state.treated_as(Treatment.VACATE))
    upgraded = np.flatnonzero(state.upgrade_year >= 0)
    stopped_uplift = vacated[state.upgrade_year[vacated] >= 0]
    cont = np.flatnonzero(state.contiguous)
    plat = model.platform[cont]
    return {
        "selected": _bin(
            _event_key(model, parcel, axis, year), model.area[parcel], n_k * n_p * n_t
        ).reshape(n_k, n_p, n_t),
        "contiguous": _bin(plat * n_t + state.year[cont], model.area[cont], n_p * n_t).reshape(
            n_p, n_t
        ),
        "stopped": _by_platform_industry(
            model, vacated, state.year[vacated], [b[vacated] for b in base]
        ),
        "upgraded": _by_platform_industry(
            model, upgraded, state.upgrade_year[upgraded], [b[upgraded] for b in base[:3]]
        ),
        "uplift_stopped": _by_platform_industry(
            model, stopped_uplift, state.year[stopped_uplift], [b[stopped_uplift] for b in base[:3]]
        ),
        "upgrade_ended": _bin(
            model.platform[stopped_uplift] * n_t + state.year[stopped_uplift],
            model.area[stopped_uplift],
            n_p * n_t,
        ).reshape(n_p, n_t),
        "relocated": _relocated(model, state, vacated, base),
    }


def _relocated(
    model: Model, state: State, vacated: np.ndarray, base: tuple[np.ndarray, ...]
) -> np.ndarray:
    """Figures of relocating firms (times their share), by the platform they are booked in."""
    moving = vacated[state.relocate[vacated] > 0]
    target = model.rules.relocation.platform
    platform = model.platform[moving] if target < 0 else np.full(moving.size, target)
    share = state.relocate[moving]
    weights = [b[moving] * share for b in base]
    return _by_platform_industry(model, moving, state.year[moving], weights, platform)


def paid_bins(
    model: Model, state: State, costs: dict[Treatment, np.ndarray] | None = None
) -> dict[str, np.ndarray]:
    """Money paid at selection, by treatment, platform and year.

    At one draw's prices ``costs`` (per-parcel arrays by treatment); the model's when
    ``costs`` is None.
    """
    n_t, n_p = len(model.years), len(model.platform_ids)
    parcel, axis, year = _events(model, state)
    if costs is None:
        costs = treatment_costs(model)
    per_event = np.choose(axis, [costs[k][parcel] for k in TREATED])
    key = _event_key(model, parcel, axis, year)
    n_k = len(TREATED)
    return {"paid": _bin(key, per_event, n_k * n_p * n_t).reshape(n_k, n_p, n_t)}


def land_bins(model: Model, state: State) -> dict[str, np.ndarray]:
    """Bins of when land is ready and where it goes (they vary with lags and demand)."""
    n_t, n_p, n_k = len(model.years), len(model.platform_ids), len(model.uses)
    land = np.flatnonzero(state.land())
    ready_t, moved_t = state.ready[land], state.transfer[land]
    plat, area = model.platform[land], model.area[land]
    ready = (ready_t >= 0) & (ready_t < n_t)
    moved = (moved_t >= 0) & (moved_t < n_t)
    pkt = (plat[moved] * n_k + state.use[land][moved]) * n_t + moved_t[moved]
    return {
        "ready": _bin(plat[ready] * n_t + ready_t[ready], area[ready], n_p * n_t).reshape(n_p, n_t),
        "transferred": _bin(pkt, area[moved], n_p * n_k * n_t).reshape(n_p, n_k, n_t),
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
