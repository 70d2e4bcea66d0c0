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

import dataclasses
import functools
from dataclasses import dataclass

import numpy as np

from landsim.engine.evaluate import Ledger, YearEvaluation, evaluate_year, growth_by_industry
from landsim.engine.kernels import candidate_kernel
from landsim.engine.state import State
from landsim.evaluation.score import CLASS_LETTERS
from landsim.model import TREATED, Model, Treatment
from landsim.streams import REFUSAL, DrawStream


@dataclass(frozen=True)
class Pools:
    """Candidates of one year by treatment, the owners who refused, and the costs.

    ``code`` is each parcel's treatment as a candidate (0: none), owners who refused
    included. ``index`` lists each treatment's candidates without them, in inventory
    order: the year's selection works on these lists. ``by_treatment`` (without owners
    who refused) and ``before_refusals`` (with them: major projects, whose blocks are
    negotiated parcel by parcel, 一对一, take vacate candidates from it) are masks over
    all parcels, built when asked for.
    """

    code: np.ndarray
    refused: np.ndarray
    cost: dict[Treatment, np.ndarray]
    evaluation: YearEvaluation
    index: dict[Treatment, np.ndarray]

    @functools.cached_property
    def by_treatment(self) -> dict[Treatment, np.ndarray]:
        """Masks of each treatment's candidates, owners who refused left out."""
        return {k: (self.code == k) & ~self.refused for k in TREATED}

    @functools.cached_property
    def before_refusals(self) -> dict[Treatment, np.ndarray]:
        """Masks of each treatment's candidates, owners who refused included."""
        return {k: self.code == k for k in TREATED}

    @property
    def candidates(self) -> np.ndarray:
        """Every candidate of the year, whatever its treatment, owners who refused included."""
        return self.code > 0

    @functools.cached_property
    def refused_index(self) -> np.ndarray:
        """Every owner who refused this year (parcel indices, in inventory order)."""
        return np.flatnonzero(self.refused)

    def refused_in(self, treatment: Treatment) -> np.ndarray:
        """Owners who refused this year among *treatment*'s candidates (indices, in order)."""
        idx = self.refused_index
        return idx[self.code[idx] == treatment]


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
    return state.treated_as(Treatment.UPGRADE) & (t >= state.upgrade_year + _wait(model))


def _wait(model: Model) -> int:
    """Years after an upgrade before a parcel may be vacated: the cool-down, at least the lag."""
    return max(model.rules.cooldown, int(model.params.upgrade_lag[0]))


def candidate_pools(
    model: Model,
    state: State,
    t: int,
    stream: DrawStream | None,
    ledger: Ledger,
    costs: dict[Treatment, np.ndarray] | None = None,
) -> Pools:
    """Candidates of year index *t*, split by treatment (see the module docstring).

    *stream* draws owners' refusals; it may be None only when the refusal probability is 0.
    """
    params = model.params
    year_eval = evaluate_year(model, state, t, ledger)
    refusal = float(params.refusal[0])
    if refusal > 0 and stream is None:
        raise ValueError("owners' refusals need a draw stream")
    rule = model.rules.evaluation
    head = stream.head(REFUSAL, int(model.years[t])) if stream is not None else 0
    flags = model.flags
    pool, refused, tax, lists, counts = candidate_kernel(
        (
            model.restricted,
            model.operating,
            model.idle,
            model.industry,
            model.tax_per_mu,
            model.parcel_key,
        ),
        (flags.low_far, flags.idle, flags.exit_industry, model.exit_vacate),
        (state.treatment, state.upgrade_year, year_eval.code),
        (
            t,
            growth_by_industry(model, t),
            1.0 + float(params.upgrade_uplift[0, 1]),
            int(params.upgrade_lag[0]),
            _wait(model),
            float(params.candidate_tax[0, t]),
            float(params.vacate_tax[0, t]),
            refusal,
            np.uint64(head),
        ),
        (_class_mask(rule.candidate_classes), _class_mask(rule.vacate_classes), _renovated(model)),
    )
    if costs is None:
        costs = treatment_costs(model)
    ranking = dataclasses.replace(year_eval, tax_per_mu=tax)
    index = {k: lists[int(k) - 1, : counts[int(k) - 1]] for k in TREATED}
    return Pools(pool, refused, costs, ranking, index)


def _class_mask(codes: tuple[int, ...]) -> np.ndarray:
    """``(5,)`` mask over class codes (0 not rated, 1–4 A–D)."""
    mask = np.zeros(len(CLASS_LETTERS), dtype=np.bool_)
    mask[list(codes)] = True
    return mask


def _renovated(model: Model) -> bool:
    """Whether an upgrade lifts a parcel's FAR above the low-FAR rule."""
    far_below, far_after = model.rules.evaluation.far_below, model.rules.far_after
    return far_below is not None and far_after is not None and far_after >= far_below
