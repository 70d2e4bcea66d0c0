"""Compare runs: headline indicators side by side, and the long tables stacked.

Which runs can be compared, over which years, and the notes a comparison opens with are
in :mod:`landsim.analysis.alignment`.

The functions here take finished runs (anything with the tables of
:class:`landsim.runs.Results`); :func:`landsim.compare` also accepts run folders and
scenario files.

Two kinds of tables:

- :func:`compare`: the original machine table, ``(indicator, unit)`` rows and
  ``(measure, scenario)`` columns, in 万元 and mu;
- :func:`indicators` and :func:`target_marks`: what a comparison brief and the readable
  headline table show (:mod:`landsim.report.compare` labels and rounds them), on the
  years every run has: targets met by year, areas, output, tax and jobs gained at the
  programme's end, and every public money item.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from landsim.analysis.alignment import Period, RunTables, align, period, unique_names
from landsim.units import WAN_PER_YI


def _value(r: RunTables, variable: str, year: int, platform: str = "district") -> float:
    long = r.long
    hit = long[
        (long["variable"] == variable) & (long["platform"] == platform) & (long["year"] == year)
    ]
    return float(hit["value"].iloc[0]) if len(hit) else float("nan")


def _sum(r: RunTables, variable: str, years: list[int]) -> float:
    long = r.long
    hit = long[
        (long["variable"] == variable) & (long["platform"] == "district") & long["year"].isin(years)
    ]
    return float(hit["value"].sum())


def headline(r: RunTables, years: list[int], money_years: list[int] | None = None) -> pd.Series:
    """Headline indicators of one run over the programme *years*.

    Money is summed over *money_years* (by default *years*): a comparison sums it over
    every year the runs simulate, run-out years included.
    """
    last = years[-1]
    out: dict[tuple[str, str], float] = {}
    for item in ("contiguous", "revitalized"):
        share = np.array([_value(r, f"target_share|{item}", y) for y in years])
        met = share >= 1 - 1e-9
        out[(f"years {item} target met", "years")] = float(met.sum())
        out[(f"first year {item} target met", "year")] = (
            float(np.array(years)[met][0]) if met.any() else np.nan
        )
    for item in ("vacated", "contiguous", "revitalized"):
        out[(f"{item} mu, all years", "mu")] = _sum(r, f"area|{item}", years)
    for q, unit, scale in (
        ("output", "亿元", WAN_PER_YI),
        ("tax", "亿元", WAN_PER_YI),
        ("jobs", "persons", 1),
    ):
        out[(f"{q} gained in {last}", unit)] = _value(r, f"{q}|difference", last) / scale
    out[(f"tax per mu in {last}", "万元/亩")] = _value(r, "tax_per_mu|programme", last)
    for flow in ("compensation", "land_revenue", "net", "investment"):
        out[(f"{flow.replace('_', ' ')}, all years", "亿元")] = (
            _sum(r, f"money|{flow}", money_years or years) / WAN_PER_YI
        )
    out[(f"reserve land at end of {last}", "mu")] = _value(r, "land|reserve", last)
    sf = r.shortfalls
    out[("quota shortfalls of ≥ 1 mu", "count")] = float(
        ((sf["kind"] == "quota") & (sf["missing"] >= 1) & sf["year"].isin(years)).sum()
    )
    out[("major projects placed", "count")] = placed_projects(r, years)
    return pd.Series(out)


def placed_projects(r: RunTables, years: Sequence[int]) -> float:
    """Count the major-project phases the run placed in *years*.

    Counted over the years compared, as the areas beside it (a run with a longer
    horizon placed its later phases in years the other runs do not have). A projects
    table without ``year_placed`` (older runs) is counted whole.
    """
    projects = r.projects
    placed = projects["status"] == "placed"
    if "year_placed" in projects.columns:
        placed &= projects["year_placed"].isin(list(years))
    return float(placed.sum())


def compare(runs: Sequence[RunTables]) -> pd.DataFrame:
    """Headline indicators of several runs side by side, with differences from the first.

    Parameters
    ----------
    runs
        Finished runs; the first is the reference for the differences.

    Returns
    -------
    pandas.DataFrame
        Rows: ``(indicator, unit)``. Columns: a ``(measure, scenario)`` MultiIndex, where
        ``measure`` is ``value`` or ``difference`` (from the first run).

    Raises
    ------
    InputError
        If the runs have different platforms or units.
    """
    results = list(runs)
    p = period(results)
    names = unique_names(results)
    values = pd.concat(
        {
            n: headline(r, list(p.programme), list(p.years))
            for n, r in zip(names, results, strict=True)
        },
        axis=1,
    )
    values.index.names = ["indicator", "unit"]
    diff = values.sub(values[names[0]], axis=0).drop(columns=names[0])
    table = pd.concat({"value": values, "difference": diff}, axis=1)
    table.columns.names = ["measure", "scenario"]
    return table


def compare_long(runs: Sequence[RunTables]) -> pd.DataFrame:
    """Stack the long tables of several runs, with a ``scenario`` index level."""
    results = list(runs)
    align(results)
    names = unique_names(results)
    frames = {n: r.long.drop(columns="scenario") for n, r in zip(names, results, strict=True)}
    return pd.concat(frames, names=["scenario", "row"])


#: Indicators of :func:`indicators`, in display order, with their unit (as in the long
#: table; money in 万元). Missing variables (older runs) give empty values.
INDICATORS: dict[str, str] = {
    "years_met|contiguous": "years",
    "years_met|revitalized": "years",
    "years_met|platform_growth": "years",
    "area|contiguous": "mu",
    "area|revitalized": "mu",
    "area|vacated": "mu",
    "output|difference": "万元",
    "tax|difference": "万元",
    "passes|output": "year",
    "jobs|difference": "persons",
    "jobs|dip": "persons",
    "tax_per_mu|programme": "万元/亩",
    "output_per_mu|programme": "万元/亩",
    "money|compensation": "万元",
    "money|subsidy": "万元",
    "money|land_revenue": "万元",
    "money|net": "万元",
    "money|investment": "万元",
    "projects|placed": "count",
}
#: Which way each money indicator flows. :func:`indicators` (and ``indicators.csv``) keep
#: the long table's convention: every item a positive sum, ``spending`` paid by the
#: government, ``income`` received by it, ``net`` = income − spending (negative: net
#: spending), ``private`` invested by firms. Tables to read show spending negative.
FLOWS: dict[str, str] = {
    "money|compensation": "spending",
    "money|subsidy": "spending",
    "money|land_revenue": "income",
    "money|net": "net",
    "money|investment": "private",
}
TARGET_ITEMS = ("contiguous", "revitalized", "platform_growth")
#: Indicators read in the programme's last year.
AT_END = (
    "output|difference",
    "tax|difference",
    "jobs|difference",
    "tax_per_mu|programme",
    "output_per_mu|programme",
)


def district_series(r: RunTables, variable: str) -> pd.Series:
    """One district variable of a run by year (empty when the run lacks it)."""
    long = r.long
    sub = long[(long["variable"] == variable) & (long["platform"] == "district")]
    return sub.set_index("year")["value"].sort_index()


def first_year_above(diff: pd.Series) -> int | None:
    """First year from which *diff* (programme − baseline, by year) stays above zero."""
    if diff.empty or diff.iloc[-1] <= 0:
        return None
    below = diff.index[diff.to_numpy() <= 0]
    return int(diff.index[0]) if len(below) == 0 else int(diff.index[diff.index > below[-1]][0])


def run_indicators(r: RunTables, p: Period) -> pd.Series:
    """Compute the values of :data:`INDICATORS` for one run over the period *p*."""
    at = p.end
    out = {k: np.nan for k in INDICATORS}
    for item in TARGET_ITEMS:
        share = district_series(r, f"target_share|{item}").reindex(list(p.programme))
        if share.notna().any():
            out[f"years_met|{item}"] = float((share >= 1 - 1e-9).sum())
    for item in ("contiguous", "revitalized", "vacated"):
        out[f"area|{item}"] = float(district_series(r, f"area|{item}").reindex(p.programme).sum())
    for key in AT_END:
        out[key] = float(district_series(r, key).reindex([at]).iloc[0])
    jobs = district_series(r, "jobs|difference").reindex(list(p.programme))
    out["jobs|dip"] = float(min(jobs.min(), 0.0)) if jobs.notna().any() else np.nan
    diff = district_series(r, "output|difference")
    passes = first_year_above(diff[diff.index.isin(p.years)])
    out["passes|output"] = np.nan if passes is None else float(passes)
    for item in ("compensation", "subsidy", "land_revenue", "net", "investment"):
        values = district_series(r, f"money|{item}")
        out[f"money|{item}"] = float(values.reindex(p.years).sum()) if len(values) else np.nan
    out["projects|placed"] = placed_projects(r, p.programme)
    return pd.Series(out)


def indicators(runs: Sequence[RunTables]) -> tuple[pd.DataFrame, Period]:
    """Compute the indicators of a comparison, one column per run, in the long table's units.

    Returns
    -------
    pandas.DataFrame
        Rows: the ids of :data:`INDICATORS` (``unit`` column first); one column per run
        (named by :func:`unique_names`). Money in 万元, every item a positive sum, as in
        the long table; :data:`FLOWS` says which way each goes (compensation and
        subsidies are spending; net = land revenue − compensation − subsidies).
    Period
        The years read.
    """
    results = list(runs)
    p = period(results)
    names = unique_names(results)
    columns = {n: run_indicators(r, p) for n, r in zip(names, results, strict=True)}
    table = pd.concat(columns, axis=1)
    table.insert(0, "unit", pd.Series(INDICATORS))
    return table, p


def target_series(r: RunTables, item: str, years: Sequence[int]) -> pd.DataFrame | None:
    """Return a run's target *item* by year: ``achieved``, ``target``, ``met`` (None: none).

    ``achieved`` and ``target`` are in mu, except for platform growth, where ``achieved``
    is the platforms' growth on the year ÷ the district's (the lowest of the target's
    indicators) and ``target`` the goal (e.g. 1.5).
    """
    share = district_series(r, f"target_share|{item}").reindex(list(years))
    if share.isna().all():
        return None
    target = district_series(r, f"target|{item}").reindex(list(years))
    if item == "platform_growth":
        achieved = share * target
    else:
        achieved = district_series(r, f"area|{item}").reindex(list(years))
    met = share.fillna(0.0) >= 1 - 1e-9
    return pd.DataFrame({"achieved": achieved, "target": target, "met": met})


def target_marks(runs: Sequence[RunTables], p: Period) -> pd.DataFrame:
    """Each run's targets year by year: ``scenario, item, year, achieved, target, met``.

    As :func:`target_series`, over the programme years of *p*. Targets a run does not
    have are left out.
    """
    rows = []
    for name, r in zip(unique_names(runs), runs, strict=True):
        for item in TARGET_ITEMS:
            frame = target_series(r, item, p.programme)
            if frame is not None:
                rows.append(
                    frame.rename_axis("year").reset_index().assign(scenario=name, item=item)
                )
    columns = ["scenario", "item", "year", "achieved", "target", "met"]
    return pd.concat(rows, ignore_index=True)[columns] if rows else pd.DataFrame(columns=columns)
