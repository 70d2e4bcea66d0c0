"""Scenario numbers as arrays with a leading draw axis.

Every number the engine reads goes through a :class:`Reader`, which returns one value
per draw. A deterministic run has one draw and uses each distribution's central value;
Monte Carlo and sensitivity runs pass a sampler that returns draws for each parameter,
keyed by its dotted path (``target_industries.new_energy.output_per_mu``,
``quotas.vacate_mu[2026]``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from landsim.axes import DRAW, INDUSTRY, PLATFORM, RAMP, TREATMENT, UPLIFT, USE, YEAR, array
from landsim.model.codes import TREATMENT_LABELS, NewUse, new_uses
from landsim.scenario import Scenario
from landsim.scenario.distributions import central, is_distribution
from landsim.scenario.yearly import ALWAYS, Yearly

#: ``sampler(path, distribution, draws) -> values`` for one distribution-valued parameter.
Sampler = Callable[[str, Any, int], np.ndarray]


def central_sampler(path: str, dist: Any, draws: int) -> np.ndarray:
    """Every draw takes the distribution's central value."""
    return np.full(draws, dist.central())


@dataclass
class Reader:
    """Read scenario values as arrays of length ``draws``."""

    draws: int
    sampler: Sampler = central_sampler
    overrides: dict[str, np.ndarray] | None = None

    def num(self, value: Any, path: str) -> np.ndarray:
        """One value per draw for a number or distribution at *path*."""
        if self.overrides and path in self.overrides:
            return np.asarray(self.overrides[path], dtype=float)
        if is_distribution(value):
            return np.asarray(self.sampler(path, value, self.draws), dtype=float)
        return np.full(self.draws, central(value))

    def yearly(
        self, value: Yearly | None, path: str, years: np.ndarray, missing: float
    ) -> np.ndarray:
        """``(draws, T)`` values of a yearly parameter; *missing* where it is unset."""
        if value is None:
            return np.full((self.draws, len(years)), missing)
        cols = {}
        for key, leaf in value.steps:
            label = path if key == ALWAYS else f"{path}[{key}]"
            cols[key] = self.num(leaf, label)
        keys = [k for k, _ in value.steps]
        idx = np.searchsorted(keys, years, side="right") - 1
        return np.stack([cols[keys[i]] for i in idx], axis=1)

    def years(self, value: Any, path: str) -> np.ndarray:
        """Whole years per draw (lags are rounded to the nearest year, never below 0)."""
        return np.maximum(np.rint(self.num(value, path)), 0).astype(np.int64)


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

    def draw(self, d: int) -> Params:
        """Return the parameters of draw *d* alone (a one-draw view)."""
        return Params(1, *(getattr(self, f.name)[d : d + 1] for f in fields(self)[1:]))


def build_params(scenario: Scenario, reader: Reader | None = None) -> Params:
    """Read every engine number of *scenario* with *reader* (central values by default)."""
    r = reader or Reader(1)
    s = scenario
    yrs = np.asarray(s.horizon.years)
    platform_ids = list(s.platforms)
    q = s.quotas
    quota = np.stack(
        [r.yearly(getattr(q, f"{k}_mu"), f"quotas.{k}_mu", yrs, np.inf) for k in TREATMENT_LABELS],
        axis=1,
    )
    caps = np.full((r.draws, len(platform_ids), len(TREATMENT_LABELS), len(yrs)), np.inf)
    for pid, pq in q.by_platform.items():
        i = platform_ids.index(pid)
        for axis, label in enumerate(TREATMENT_LABELS):
            name = f"{label}_mu"
            caps[:, i, axis] = r.yearly(
                getattr(pq, name), f"quotas.by_platform.{pid}.{name}", yrs, np.inf
            )
    tr = s.treatments
    up = tr.upgrade
    econ = _new_uses(s, new_uses(s), yrs, r)
    return Params(
        draws=r.draws,
        quota=quota,
        platform_cap=caps,
        budget=r.yearly(s.budget.yearly, "budget.yearly", yrs, np.inf),
        candidate_tax=r.yearly(
            s.candidates.tax_per_mu_below, "candidates.tax_per_mu_below", yrs, -np.inf
        ),
        vacate_tax=r.yearly(
            tr.vacate_when.tax_per_mu_below, "treatments.vacate_when.tax_per_mu_below", yrs, -np.inf
        ),
        refusal=r.num(s.selection.refusal_probability, "selection.refusal_probability"),
        prep_vacate=r.years(tr.vacate.prep_years, "treatments.vacate.prep_years"),
        prep_reactivate=r.years(tr.reactivate.prep_years, "treatments.reactivate.prep_years"),
        comp_land=r.num(
            tr.vacate.land_compensation_per_mu, "treatments.vacate.land_compensation_per_mu"
        ),
        comp_building=r.num(
            tr.vacate.building_compensation_per_m2, "treatments.vacate.building_compensation_per_m2"
        ),
        comp_reactivate=r.num(
            tr.reactivate.compensation_per_mu, "treatments.reactivate.compensation_per_mu"
        ),
        subsidy=r.num(up.subsidy_per_mu, "treatments.upgrade.subsidy_per_mu"),
        growth_old=_growth_old(s, r),
        upgrade_lag=r.years(up.lag_years, "treatments.upgrade.lag_years"),
        upgrade_uplift=np.stack(
            [
                r.num(up.output_uplift, "treatments.upgrade.output_uplift"),
                r.num(up.tax_uplift, "treatments.upgrade.tax_uplift"),
                r.num(up.value_added_uplift, "treatments.upgrade.value_added_uplift"),
            ],
            axis=1,
        ),
        land_price=np.stack(
            [
                r.num(
                    s.pipeline.land_price_by_platform.get(pid, s.pipeline.land_price_per_mu),
                    f"pipeline.land_price_by_platform.{pid}"
                    if pid in s.pipeline.land_price_by_platform
                    else "pipeline.land_price_per_mu",
                )
                for pid in platform_ids
            ],
            axis=1,
        ),
        **econ,
    )


def _growth_old(s: Scenario, r: Reader) -> np.ndarray:
    cols = [
        r.num(ind.growth, f"existing_industries.{iid}.growth")
        for iid, ind in s.existing_industries.items()
    ]
    cols.append(r.num(s.baseline.default_growth, "baseline.default_growth"))
    return np.stack(cols, axis=1)


def _new_uses(
    s: Scenario, uses: tuple[NewUse, ...], years: np.ndarray, r: Reader
) -> dict[str, np.ndarray]:
    """Per-mu figures, lags and ramp-up of every new use (target industries, then projects)."""
    pipe = s.pipeline
    rows: dict[str, list[np.ndarray]] = {
        k: []
        for k in (
            "new_output",
            "new_tax",
            "new_va",
            "new_jobs",
            "new_investment",
            "new_growth",
            "construction",
            "demand",
        )
    }
    ramps: list[list[np.ndarray]] = []
    for use in uses:
        if use.is_project:
            jid = use.id
            proj = s.major_projects[jid]
            base, bpath, own = (
                s.target_industries[proj.industry],
                f"target_industries.{proj.industry}",
                proj,
            )
            opath = f"major_projects.{jid}"
            demand = np.zeros((r.draws, len(years)))
        else:
            tid = use.id
            base, bpath, own, opath = s.target_industries[tid], f"target_industries.{tid}", None, ""
            demand = r.yearly(base.demand_mu, f"{bpath}.demand_mu", years, 0.0)

        def pick(name: str, base=base, own=own, bpath=bpath, opath=opath) -> np.ndarray:
            if own is not None and getattr(own, name, None) is not None:
                return r.num(getattr(own, name), f"{opath}.{name}")
            return r.num(getattr(base, name), f"{bpath}.{name}")

        rows["new_output"].append(pick("output_per_mu"))
        rows["new_tax"].append(pick("tax_per_mu"))
        rows["new_va"].append(pick("value_added_per_mu"))
        rows["new_jobs"].append(pick("jobs_per_mu"))
        rows["new_investment"].append(pick("investment_per_mu"))
        rows["new_growth"].append(r.num(base.growth, f"{bpath}.growth"))
        lag = (
            own.construction_years
            if own is not None and own.construction_years is not None
            else base.construction_years
        )
        lag_path = (
            f"{opath}.construction_years"
            if own is not None and own.construction_years is not None
            else f"{bpath}.construction_years"
        )
        if lag is None:
            lag, lag_path = pipe.construction_years, "pipeline.construction_years"
        rows["construction"].append(r.years(lag, lag_path))
        rows["demand"].append(demand)
        ramp, rpath = (
            (base.ramp_up, f"{bpath}.ramp_up")
            if base.ramp_up is not None
            else (pipe.ramp_up, "pipeline.ramp_up")
        )
        ramps.append([r.num(v, f"{rpath}[{i}]") for i, v in enumerate(ramp)])
    width = max((len(x) for x in ramps), default=0)
    ramp_arr = np.ones((r.draws, len(uses), max(width, 1)))
    for k, steps in enumerate(ramps):
        for i, v in enumerate(steps):
            ramp_arr[:, k, i] = v
    out = {k: np.stack(v, axis=1) if v else np.zeros((r.draws, 0)) for k, v in rows.items()}
    out["ramp"] = ramp_arr if width else ramp_arr[:, :, :0]
    return out
