"""A year's candidates, their treatment, owners who refuse, and what treating costs.

1. Candidates: untreated, unrestricted parcels flagged by any rule, with the tax rule
   applied to *projected* tax per mu (base tax × the industry's growth since the base
   year) against the year's threshold.
2. Each candidate's treatment: idle → reactivate; operating and (vacate class, exit
   industry, or tax per mu below the vacate threshold) → vacate; other operating → upgrade.
3. Owners who refuse this year (``selection.refusal_probability``) are set aside.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landsim.engine.state import State
from landsim.model import Model, Treatment


@dataclass(frozen=True)
class Pools:
    """Candidates of one year by treatment, the owners who refused, and the costs.

    ``by_treatment`` leaves out owners who refused this year; ``vacate_all`` keeps them,
    for major projects, whose blocks are negotiated parcel by parcel (一对一).
    """

    by_treatment: dict[Treatment, np.ndarray]
    refused: np.ndarray
    cost: dict[Treatment, np.ndarray]
    vacate_all: np.ndarray


def projected_tax_per_mu(model: Model, t: int) -> np.ndarray:
    """Tax per mu of every parcel in year index *t*: base × its industry's growth since then."""
    growth = (1.0 + model.params.growth_old[0]) ** (t + 1)
    return model.tax_per_mu * growth[model.industry]


def treatment_costs(model: Model) -> dict[Treatment, np.ndarray]:
    """Return what treating each parcel would cost (万元), by treatment, at this draw's prices.

    Vacating an idle parcel (inside a project block) costs what reactivating it would.
    """
    params = model.params
    comp_vacate = np.where(
        model.idle,
        params.comp_reactivate[0] * model.area,
        params.comp_land[0] * model.area + params.comp_building[0] * model.floor_m2,
    )
    return {
        Treatment.VACATE: comp_vacate,
        Treatment.UPGRADE: params.subsidy[0] * model.area,
        Treatment.REACTIVATE: params.comp_reactivate[0] * model.area,
    }


def candidate_pools(
    model: Model,
    state: State,
    t: int,
    rng: np.random.Generator | None,
    costs: dict[Treatment, np.ndarray] | None = None,
) -> Pools:
    """Candidates of year index *t*, split by treatment (see the module docstring).

    *rng* draws owners' refusals; it may be None only when the refusal probability is 0.
    """
    params = model.params
    tax_pm = projected_tax_per_mu(model, t)
    free = state.untreated() & ~model.restricted
    low_tax = model.operating & (tax_pm < params.candidate_tax[0, t])
    cand = free & (model.flags.any | low_tax)
    vacate = cand & model.operating & (model.vacate_static | (tax_pm < params.vacate_tax[0, t]))
    pools = {
        Treatment.VACATE: vacate,
        Treatment.UPGRADE: cand & model.operating & ~vacate,
        Treatment.REACTIVATE: cand & model.idle,
    }
    refused = np.zeros(model.n, dtype=bool)
    vacate_all = pools[Treatment.VACATE]
    if params.refusal[0] > 0:
        if rng is None:
            raise ValueError("owners' refusals need a random generator")
        idx = np.flatnonzero(cand)
        refused[idx[rng.random(idx.size) < params.refusal[0]]] = True
        pools = {k: v & ~refused for k, v in pools.items()}
    return Pools(pools, refused, costs if costs is not None else treatment_costs(model), vacate_all)
