"""A year's candidates, their treatment, owners who refuse, and what treating costs.

1. The year's evaluation (:mod:`.evaluate`): classes and tax per mu of the data year.
2. Candidates: unrestricted parcels flagged by any rule — class, tax per mu below the
   year's threshold, low FAR (an upgraded parcel has reached ``far_after``), idle, exit
   list. Untreated parcels may be treated; an upgraded parcel may be vacated once its
   cool-down is over.
3. Each candidate's treatment: idle → reactivate; operating and (vacate class, exit
   industry, or tax per mu below the vacate threshold) → vacate; other operating,
   untreated → upgrade.
4. Owners who refuse this year (``selection.refusal_probability``) are set aside. Each
   owner's refusal is a random event keyed by the parcel and the year, so it does not
   depend on which other parcels are candidates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landsim.engine.evaluate import YearEvaluation, evaluate_year
from landsim.engine.state import State
from landsim.model import Model, Treatment
from landsim.streams import REFUSAL, DrawStream


@dataclass(frozen=True)
class Pools:
    """Candidates of one year by treatment, the owners who refused, and the costs.

    ``by_treatment`` leaves out owners who refused this year; ``before_refusals`` keeps
    them, by treatment (major projects, whose blocks are negotiated parcel by parcel,
    一对一, take vacate candidates from it).
    """

    by_treatment: dict[Treatment, np.ndarray]
    before_refusals: dict[Treatment, np.ndarray]
    refused: np.ndarray
    cost: dict[Treatment, np.ndarray]
    evaluation: YearEvaluation

    @property
    def candidates(self) -> np.ndarray:
        """Every candidate of the year, whatever its treatment, owners who refused included."""
        return np.logical_or.reduce(list(self.before_refusals.values()))

    def refused_in(self, treatment: Treatment) -> np.ndarray:
        """Owners who refused this year among *treatment*'s candidates."""
        return self.refused & self.before_refusals[treatment]


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


def eligible_again(model: Model, state: State, t: int) -> np.ndarray:
    """Upgraded parcels whose cool-down is over in year index *t* (they may be vacated)."""
    wait = max(model.rules.cooldown, int(model.params.upgrade_lag[0]))
    return state.treated_as(Treatment.UPGRADE) & (t >= state.upgrade_year + wait)


def candidate_pools(
    model: Model,
    state: State,
    t: int,
    stream: DrawStream | None,
    costs: dict[Treatment, np.ndarray] | None = None,
) -> Pools:
    """Candidates of year index *t*, split by treatment (see the module docstring).

    *stream* draws owners' refusals; it may be None only when the refusal probability is 0.
    """
    params = model.params
    year_eval = evaluate_year(model, state, t)
    fresh = state.untreated() & ~model.restricted
    again = eligible_again(model, state, t) & ~model.restricted
    operating = model.operating & ~state.treated_as(Treatment.VACATE)
    flagged = _flags(model, state, year_eval, operating)
    low_tax = operating & (year_eval.tax_per_mu < params.candidate_tax[0, t])
    cand = (fresh | again) & (flagged | low_tax)
    vacate_class = np.isin(year_eval.code, model.rules.evaluation.vacate_classes)
    vacate_tax = year_eval.tax_per_mu < params.vacate_tax[0, t]
    vacate = cand & operating & (vacate_class | model.exit_vacate | vacate_tax)
    pools = {
        Treatment.VACATE: vacate,
        Treatment.UPGRADE: cand & fresh & operating & ~vacate,
        Treatment.REACTIVATE: cand & fresh & model.idle,
    }
    refused = np.zeros(model.n, dtype=bool)
    before = pools
    if params.refusal[0] > 0:
        if stream is None:
            raise ValueError("owners' refusals need a draw stream")
        idx = np.flatnonzero(cand)
        u = stream.uniforms(REFUSAL, int(model.years[t]), model.parcel_key[idx])
        refused[idx[u < params.refusal[0]]] = True
        pools = {k: v & ~refused for k, v in pools.items()}
    if costs is None:
        costs = treatment_costs(model)
    return Pools(pools, before, refused, costs, year_eval)


def _flags(
    model: Model, state: State, year_eval: YearEvaluation, operating: np.ndarray
) -> np.ndarray:
    """Parcels flagged this year by the class, FAR, idle or exit-list rules."""
    rule = model.rules.evaluation
    by_class = np.isin(year_eval.code, rule.candidate_classes) & operating
    flags = model.flags
    low_far = flags.low_far
    far_after = model.rules.far_after
    if rule.far_below is not None and far_after is not None and far_after >= rule.far_below:
        low_far = low_far & ~state.treated_as(Treatment.UPGRADE)  # renovated to far_after
    return by_class | (low_far & operating) | flags.idle | (flags.exit_industry & operating)
