"""Scenario numbers as arrays with a leading draw axis: :class:`Params`.

Every number the engine reads goes through a :class:`~landsim.model.reader.Reader`, which
returns one value per draw (see :mod:`landsim.model.reader`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from landsim.axes import DRAW, INDUSTRY, PLATFORM, RAMP, TREATMENT, UPLIFT, USE, YEAR, array
from landsim.model.codes import TREATMENT_LABELS, new_uses
from landsim.model.reader import Reader, Sampler, central_sampler
from landsim.model.uses import use_numbers
from landsim.scenario import Scenario

__all__ = ["Params", "Reader", "Sampler", "build_params", "central_sampler"]


@dataclass(frozen=True)
class Params:
    """Every engine number, each with a leading draw axis of length ``draws``.

    Each field declares its axes (:mod:`landsim.axes`); the treatment axis is vacate,
    upgrade, reactivate, and the use axis holds target industries, then major projects.
    """

    draws: int
    quota: np.ndarray = array(DRAW, TREATMENT, YEAR)  # mu
    platform_cap: np.ndarray = array(DRAW, PLATFORM, TREATMENT, YEAR)  # mu, inf = none
    budget: np.ndarray = array(DRAW, YEAR)  # 万元, inf = unlimited
    candidate_tax: np.ndarray = array(DRAW, YEAR)  # 万元/亩, -inf = rule off
    vacate_tax: np.ndarray = array(DRAW, YEAR)  # 万元/亩, -inf = rule off
    refusal: np.ndarray = array(DRAW)  # probability
    prep_vacate: np.ndarray = array(DRAW)  # years
    prep_reactivate: np.ndarray = array(DRAW)  # years
    comp_land: np.ndarray = array(DRAW)  # 万元/亩
    comp_building: np.ndarray = array(DRAW)  # 万元/m²
    comp_reactivate: np.ndarray = array(DRAW)  # 万元/亩
    subsidy: np.ndarray = array(DRAW)  # 万元/亩
    demand: np.ndarray = array(DRAW, USE, YEAR)  # mu; projects: 0 (blocks are pre-assigned)
    growth_old: np.ndarray = array(DRAW, INDUSTRY)  # yearly growth of existing industries
    upgrade_lag: np.ndarray = array(DRAW)  # years
    upgrade_uplift: np.ndarray = array(DRAW, UPLIFT)  # output, tax, value added
    new_output: np.ndarray = array(DRAW, USE)  # 万元/亩
    new_tax: np.ndarray = array(DRAW, USE)  # 万元/亩
    new_va: np.ndarray = array(DRAW, USE)  # 万元/亩
    new_jobs: np.ndarray = array(DRAW, USE)  # persons/mu
    new_investment: np.ndarray = array(DRAW, USE)  # 万元/亩
    new_growth: np.ndarray = array(DRAW, USE)  # yearly growth at full output
    construction: np.ndarray = array(DRAW, USE)  # years
    ramp: np.ndarray = array(DRAW, USE, RAMP)  # shares of full output; padded with 1.0
    land_price: np.ndarray = array(DRAW, PLATFORM)  # 万元/亩
    investment_cap: np.ndarray = array(DRAW, YEAR)  # 万元 a year, inf = no cap
    relocation_lag: np.ndarray = array(DRAW)  # years from vacating to production elsewhere
    relocation_land: np.ndarray = array(DRAW)  # mu of new land per mu vacated

    def draw(self, d: int) -> Params:
        """Return the parameters of draw *d* alone (a one-draw view)."""
        return Params(1, *(getattr(self, f.name)[d : d + 1] for f in fields(self)[1:]))


def build_params(scenario: Scenario, reader: Reader | None = None) -> Params:
    """Read every engine number of *scenario* with *reader* (central values by default).

    Yearly numbers cover the programme years and the run-out years; quotas, caps and the
    budget are 0 in run-out years (no selection then).
    """
    r = reader or Reader(1)
    s = scenario
    years = np.asarray(s.horizon.all_years)
    tr = s.treatments
    return Params(
        draws=r.draws,
        **_quotas(s, r, years),
        candidate_tax=r.yearly(
            s.candidates.tax_per_mu_below, "candidates.tax_per_mu_below", years, -np.inf
        ),
        vacate_tax=r.yearly(
            tr.vacate_when.tax_per_mu_below,
            "treatments.vacate_when.tax_per_mu_below",
            years,
            -np.inf,
        ),
        refusal=r.num(s.selection.refusal_probability, "selection.refusal_probability"),
        prep_vacate=r.years(tr.vacate.prep_years, "treatments.vacate.prep_years"),
        prep_reactivate=r.years(tr.reactivate.prep_years, "treatments.reactivate.prep_years"),
        **_prices(s, r),
        growth_old=_growth_old(s, r),
        **_upgrade(s, r),
        **use_numbers(s, new_uses(s), years, r),
        land_price=_land_price(s, r),
        investment_cap=r.yearly(
            s.pipeline.investment_cap, "pipeline.investment_cap", years, np.inf
        ),
        relocation_lag=r.years(s.relocation.lag_years, "relocation.lag_years"),
        relocation_land=r.num(s.relocation.land_per_mu, "relocation.land_per_mu"),
    )


def _quotas(s: Scenario, r: Reader, years: np.ndarray) -> dict[str, np.ndarray]:
    """District quotas, platform caps and budget; 0 in run-out years."""
    q = s.quotas
    quota = np.stack(
        [
            r.yearly(getattr(q, f"{k}_mu"), f"quotas.{k}_mu", years, np.inf)
            for k in TREATMENT_LABELS
        ],
        axis=1,
    )
    platform_ids = list(s.platforms)
    caps = np.full((r.draws, len(platform_ids), len(TREATMENT_LABELS), len(years)), np.inf)
    for pid, pq in q.by_platform.items():
        i = platform_ids.index(pid)
        for axis, label in enumerate(TREATMENT_LABELS):
            name = f"{label}_mu"
            caps[:, i, axis] = r.yearly(
                getattr(pq, name), f"quotas.by_platform.{pid}.{name}", years, np.inf
            )
    budget = r.yearly(s.budget.yearly, "budget.yearly", years, np.inf)
    after = years > s.horizon.end
    quota[..., after], caps[..., after], budget[..., after] = 0.0, 0.0, 0.0
    return {"quota": quota, "platform_cap": caps, "budget": budget}


def _prices(s: Scenario, r: Reader) -> dict[str, np.ndarray]:
    tr = s.treatments
    return {
        "comp_land": r.num(
            tr.vacate.land_compensation_per_mu, "treatments.vacate.land_compensation_per_mu"
        ),
        "comp_building": r.num(
            tr.vacate.building_compensation_per_m2,
            "treatments.vacate.building_compensation_per_m2",
        ),
        "comp_reactivate": r.num(
            tr.reactivate.compensation_per_mu, "treatments.reactivate.compensation_per_mu"
        ),
        "subsidy": r.num(tr.upgrade.subsidy_per_mu, "treatments.upgrade.subsidy_per_mu"),
    }


def _upgrade(s: Scenario, r: Reader) -> dict[str, np.ndarray]:
    up = s.treatments.upgrade
    path = "treatments.upgrade"
    return {
        "upgrade_lag": r.years(up.lag_years, f"{path}.lag_years"),
        "upgrade_uplift": np.stack(
            [
                r.num(up.output_uplift, f"{path}.output_uplift"),
                r.num(up.tax_uplift, f"{path}.tax_uplift"),
                r.num(up.value_added_uplift, f"{path}.value_added_uplift"),
            ],
            axis=1,
        ),
    }


def _land_price(s: Scenario, r: Reader) -> np.ndarray:
    pipe = s.pipeline
    cols = [
        r.num(pipe.land_price_by_platform[pid], f"pipeline.land_price_by_platform.{pid}")
        if pid in pipe.land_price_by_platform
        else r.num(pipe.land_price_per_mu, "pipeline.land_price_per_mu")
        for pid in s.platforms
    ]
    return np.stack(cols, axis=1)


def _growth_old(s: Scenario, r: Reader) -> np.ndarray:
    cols = [
        r.num(ind.growth, f"existing_industries.{iid}.growth")
        for iid, ind in s.existing_industries.items()
    ]
    cols.append(r.num(s.baseline.default_growth, "baseline.default_growth"))
    return np.stack(cols, axis=1)
