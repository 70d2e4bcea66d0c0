"""The parcel, shortfall and project tables of a deterministic run."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from landsim.engine.details import (
    INDICATORS,
    STRATEGIES,
    Detail,
    detail,
    joined,
    treatment_name,
)
from landsim.engine.state import Events
from landsim.evaluation.score import CLASS_LETTERS
from landsim.inventory import Inventory
from landsim.model import Model, Treatment
from landsim.model.codes import TREATMENT_LABELS
from landsim.scenario import Scenario

#: The parcel table's columns, in order, and what each holds (docs/columns.md is made from
#: it). The names are a contract: columns are added, never renamed or removed. A Monte
#: Carlo run adds ``share_*`` columns after them (docs/uncertainty.md).
PARCEL_COLUMNS: dict[str, str] = {
    "parcel_id": "Parcel id, as in the inventory.",
    "platform": "Platform id (the scenario's `platforms`).",
    "town": "Town or sub-district (镇街), as in the inventory.",
    "industry": "Industry, as in the inventory.",
    "industry_id": "The existing industry it is matched to (the scenario's "
    "`existing_industries`), or `(unlisted)`.",
    "area_mu": "Area, mu.",
    "x": "Easting of the parcel centroid (projected metres), as loaded.",
    "y": "Northing of the parcel centroid (projected metres), as loaded.",
    "status": "`operating`, `idle` or `under_construction`, as loaded.",
    "land_use": "Land use (用地性质), as in the inventory; `industrial` where it gives none "
    "(no `land_use` column, or an empty cell), as loaded.",
    "size_class": "`above` (规上) or `below` (规下), as loaded.",
    "score": "Base-year 亩均 score; empty when not scored (not operating, not industrial "
    "land, or too few indicators).",
    "class": "Base-year 亩均 class A–D; empty when not scored.",
    "static_rules": "The candidate rules that do not change over the years and flag it, "
    "separated by `;`: `class`, `far`, `idle`, `exit` (the tax rule is applied year by year).",
    "restricted": "True when it is never selected: by the scenario's `restrictions`, or "
    "because its land is not industrial (`industrial_land` false).",
    "industrial_land": "False when its land use is not one of "
    "`inventory.industrial_land_uses`: it is left out of the programme by its land use "
    "(never selected, not scored; `restricted` is true). True otherwise, and where no land "
    "use is given.",
    "treatment": "Its latest treatment: `vacate`, `upgrade` or `reactivate`; empty: none.",
    "year_selected": "Year of its latest treatment.",
    "year_upgraded": "Year it was upgraded (an upgraded parcel may later be vacated).",
    "class_selected": "Its class in the year of its latest treatment; empty: not rated.",
    "cluster_id": "The connected group of vacated parcels it belongs to.",
    "contiguous": "True when it counted as contiguous vacated land in its year.",
    "project": "Major project whose block it is part of.",
    "new_use": "New use of its land: a target industry id, `project:<id>` (`project:<id>#2` "
    "for a later phase) or `relocation`.",
    "year_ready": "Year its land is ready for transfer (may lie beyond the horizon).",
    "year_transfer": "Year its land goes to the new use.",
    "year_production": "Year the new use starts production.",
    "cost_wan_yuan": "Compensation or subsidy paid for its latest treatment, 万元.",
    "refusals": "How many years its owner refused.",
}

SHORTFALL_COLUMNS = [
    "year",
    "platform",
    "kind",
    "item",
    "quota",
    "achieved",
    "missing",
    "cause",
    "detail",
    "detail_zh",
]


def parcel_table(
    inventory: Inventory, c: Model, ev: Events, *, industrial: np.ndarray
) -> pd.DataFrame:
    """One row per parcel: its evaluation, the rules that flag it, and what happened to it.

    Parameters
    ----------
    inventory, c, ev
        The inventory, its compiled model and a draw's events.
    industrial
        Parcels on industrial land (:func:`~landsim.evaluation.candidates.industrial_land`):
        the others are left out of the programme (``restricted``) by their land use.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`PARCEL_COLUMNS`, in that order.
    """
    inv = inventory.parcels
    p = c.params
    st = ev.state
    years = c.years.astype(int)

    def year_of(index: np.ndarray) -> pd.Series:
        # indices past the horizon are still real years (e.g. production in 2031)
        return pd.Series(years[0] + index, dtype="Int64").where(index >= 0)

    treated = st.treatment != Treatment.NONE
    # index -1 (no new use) picks the appended sentinel; works with no target industries too
    use = np.asarray([*map(str, c.uses), None], dtype=object)[st.use]
    lag = np.append(p.construction[0], 0)[st.use]
    production = np.where((st.use >= 0) & (st.transfer >= 0), st.transfer + lag, -1)
    project_ids = np.asarray([j.id for j in c.rules.projects] or [""], dtype=object)
    flags = c.flags
    rules = [
        ";".join(r for r, on in zip(("class", "far", "idle", "exit"), row, strict=True) if on)
        for row in zip(flags.by_class, flags.low_far, flags.idle, flags.exit_industry, strict=True)
    ]
    return pd.DataFrame(
        {
            "parcel_id": inv["parcel_id"],
            "platform": inv["platform"],
            "town": inv["town"],
            "industry": inv["industry"],
            "industry_id": np.asarray(c.existing_ids, dtype=object)[c.industry],
            "area_mu": c.area,
            "x": inv["x"],
            "y": inv["y"],
            "status": inv["status"],
            "land_use": inv["land_use"],
            "size_class": inv["size_class"],
            "score": c.scores.score,
            "class": c.scores.klass,
            "static_rules": rules,
            "restricted": c.restricted,
            "industrial_land": np.asarray(industrial, dtype=bool),
            "treatment": np.where(
                treated, np.asarray(("", *TREATMENT_LABELS), dtype=object)[st.treatment], ""
            ),
            "year_selected": year_of(st.year),
            "year_upgraded": year_of(st.upgrade_year),
            "class_selected": np.asarray(CLASS_LETTERS, dtype=object)[st.klass],
            "cluster_id": pd.Series(st.cluster, dtype="Int64").where(st.cluster >= 0),
            "contiguous": st.contiguous,
            "project": np.where(st.project >= 0, project_ids[np.clip(st.project, 0, None)], ""),
            "new_use": use,
            "year_ready": year_of(st.ready),
            "year_transfer": year_of(st.transfer),
            "year_production": year_of(production),
            "cost_wan_yuan": st.cost,
            "refusals": st.refusals,
        }
    )


def shortfall_table(scenario: Scenario, c: Model, ev: Events, long: pd.DataFrame) -> pd.DataFrame:
    """Every unmet quota and target, with its cause."""
    rows = [
        {
            "year": s.year,
            "platform": s.platform,
            "kind": "quota",
            "item": s.treatment,
            "quota": s.quota,
            "achieved": s.achieved,
            "missing": s.missing,
            "cause": s.cause,
            "detail": s.detail,
            "detail_zh": s.detail_zh,
        }
        for log in ev.logs
        for s in log.shortfalls
    ]
    rows += _target_shortfalls(scenario, c, ev, long)
    return pd.DataFrame(rows, columns=SHORTFALL_COLUMNS).sort_values(
        ["year", "kind", "platform", "item"], kind="stable", ignore_index=True
    )


def _district(long: pd.DataFrame) -> Callable[[str, int], float]:
    """Return the district's value of a variable in a year (NaN where there is none)."""
    rows = long[long["platform"] == "district"]
    values = dict(
        zip(
            zip(rows["variable"].tolist(), rows["year"].tolist(), strict=True),
            rows["value"].tolist(),
            strict=True,
        )
    )
    return lambda variable, year: float(values.get((variable, year), float("nan")))


def _target_shortfalls(scenario: Scenario, c: Model, ev: Events, long: pd.DataFrame) -> list[dict]:
    rows = []
    value = _district(long)
    for t, log in enumerate(ev.logs[: c.rules.programme_years]):
        year = int(c.years[t])
        growth = _growth_shortfall(scenario, value, year)
        if growth is not None:
            rows.append(growth)
        for item, area_var in (
            ("contiguous", "area|contiguous"),
            ("revitalized", "area|revitalized"),
        ):
            target, achieved = value(f"target|{item}", year), value(area_var, year)
            if not achieved < target - 1e-6:
                continue
            cause, text = _target_cause(c, item, log, achieved, target, value("area|vacated", year))
            rows.append(
                {
                    "year": year,
                    "platform": "district",
                    "kind": "target",
                    "item": item,
                    "quota": target,
                    "achieved": achieved,
                    "missing": target - achieved,
                    "cause": cause,
                    "detail": text.en,
                    "detail_zh": text.zh,
                }
            )
    return rows


def _target_cause(
    c: Model, item: str, log, achieved: float, target: float, vacated: float
) -> tuple[str, Detail]:
    quotas = dict(zip(TREATMENT_LABELS, log.quota, strict=True))
    big = max(log.shortfalls, key=lambda s: s.missing, default=None)
    if item == "contiguous":
        if quotas["vacate"] < target:
            return "quota_below_target", detail(
                "vacate_quota_below", quota=f"{quotas['vacate']:,.0f}"
            )
        if vacated < target - 1e-6:
            vac = [
                s for s in log.shortfalls if s.treatment == "vacate" and s.platform == "district"
            ]
            return (vac[0].cause, vac[0].text) if vac else ("quota_below_target", Detail())
        return _scattered(c, achieved, vacated)
    total = float(np.sum(log.quota) - np.sum(log.handed_over))  # hand-overs counted once
    if total < target:
        return "quota_below_target", detail("quotas_below", total=f"{total:,.0f}")
    # the shortfall that stayed short: a quota passed on was missed by its receiver
    passed = dict(zip(TREATMENT_LABELS, log.handed_over > 0, strict=True))
    kept = [s for s in log.shortfalls if not (s.platform == "district" and passed[s.treatment])]
    big = max(kept, key=lambda s: s.missing, default=big)
    if big is not None:
        return big.cause, detail(
            "of_treatment", treatment=treatment_name(big.treatment), detail=big.text
        )
    return "quota_below_target", Detail()


def _scattered(c: Model, achieved: float, vacated: float) -> tuple[str, Detail]:
    """Why enough land was vacated but too little of it in clusters.

    Clusters first (``strategy: clusters``) took every block it could: the candidates left
    held too few (``no_cluster``). Other strategies leave land ``scattered``.
    """
    values = {
        "vacated": f"{vacated:,.0f}",
        "achieved": f"{achieved:,.0f}",
        "min_mu": f"{c.rules.min_cluster_mu:g}",
    }
    strategy = c.rules.strategy
    if strategy == "clusters":
        return "no_cluster", detail("clusters_short", **values)
    code = "scattered_none" if values["achieved"] == "0" else "scattered"
    return "scattered", detail(code, strategy=STRATEGIES.get(strategy, strategy), **values)


def _growth_shortfall(
    scenario: Scenario, value: Callable[[str, int], float], year: int
) -> dict | None:
    """Return the platform growth target of *year*, when missed: which indicator, how far."""
    target = value("target|platform_growth", year)
    share = value("target_share|platform_growth", year)
    if np.isnan(target) or share >= 1 - 1e-9:
        return None
    parts = []
    for q in scenario.targets.platform_growth_indicators:
        ratio = value(f"growth_yoy_ratio|{q}", year)
        plat = value(f"growth_yoy|{q}|platforms", year)
        dist = value(f"growth_yoy|{q}|district", year)
        times = detail("times", ratio=f"{ratio:.2f}") if np.isfinite(ratio) else detail("no_ratio")
        parts.append(
            detail(
                "growth",
                indicator=INDICATORS.get(q, (q, q)),
                platforms=f"{plat:+.1%}",
                district=f"{dist:+.1%}",
                times=times,
            )
        )
    text = joined(parts)
    achieved = share * target if not np.isnan(share) else float("nan")
    cause = "no_district_growth" if np.isnan(share) else "growth_gap"
    return {
        "year": year,
        "platform": "district",
        "kind": "target",
        "item": "platform_growth",
        "quota": target,
        "achieved": achieved,
        "missing": target - achieved if not np.isnan(achieved) else target,
        "cause": cause,
        "detail": text.en,
        "detail_zh": text.zh,
    }


def project_table(scenario: Scenario, model: Model, ev: Events) -> pd.DataFrame:
    """Each major project's phase: where and when it was placed, or why not."""
    rows = []
    for rule, out in zip(model.rules.projects, ev.projects, strict=True):
        proj = scenario.major_projects[rule.project_id]
        rows.append(
            {
                "project": rule.project_id,
                "phase": rule.id.partition("#")[2] or "1",
                "phase_id": rule.id,
                "name_zh": proj.name.zh,
                "name_en": proj.name.en,
                "platform": proj.platform,
                "area_needed": rule.area_mu,
                "due": rule.year,
                "probability": rule.probability,
                "status": "placed" if out.year is not None else "failed",
                "year_placed": out.year,
                "area_placed": out.area,
                "bridged_links": out.bridges,
                "bridge_cost": out.bridge_cost,
                "reason": out.reason,
                "attempts": " | ".join(f"{y}: {r}" for y, r in out.attempts),
                "reason_zh": out.reason_zh,
            }
        )
    table = pd.DataFrame(rows, columns=PROJECT_COLUMNS)
    table["year_placed"] = table["year_placed"].astype("Int64")
    table["area_placed"] = table["area_placed"].round(2)
    return table


PROJECT_COLUMNS = [
    "project",
    "phase",
    "phase_id",
    "name_zh",
    "name_en",
    "platform",
    "area_needed",
    "due",
    "probability",
    "status",
    "year_placed",
    "area_placed",
    "bridged_links",
    "bridge_cost",
    "reason",
    "attempts",
    "reason_zh",
]
