"""Compare runs: headline indicators side by side, and the long tables stacked.

The functions here take finished runs (anything with the tables of
:class:`landsim.runs.Results`); :func:`landsim.compare` also accepts run folders and
scenario files.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
import pandas as pd

from landsim.errors import InputError, Problem
from landsim.scenario import Scenario

WAN_PER_YI = 1e4


class RunTables(Protocol):
    """What a comparison reads of a run (a :class:`landsim.runs.Results` has it all)."""

    scenario: Scenario
    long: pd.DataFrame
    shortfalls: pd.DataFrame
    projects: pd.DataFrame


def align(runs: Sequence[RunTables]) -> tuple[list[int], list[str]]:
    """Check that runs can be compared; return their common years and notes about alignment.

    Runs with different platforms or units are refused. Runs are compared on the
    programme years they share (run-out years are left out; a note says so when the
    horizons differ).
    """
    problems, notes = [], []
    first = runs[0]
    platforms = list(first.scenario.platforms)
    years = set(first.long["year"])
    for r in runs[1:]:
        if list(r.scenario.platforms) != platforms:
            problems.append(
                Problem(
                    r.scenario.name,
                    "platforms",
                    f"{list(r.scenario.platforms)} differ from {first.scenario.name}'s "
                    f"{platforms}; compare runs of the same district definition",
                )
            )
        units = first.long.drop_duplicates("variable").set_index("variable")["unit"]
        other = r.long.drop_duplicates("variable").set_index("variable")["unit"]
        shared = units.index.intersection(other.index)
        bad = shared[units[shared] != other[shared]]
        if len(bad):
            problems.append(
                Problem(r.scenario.name, "unit", f"units differ for {', '.join(bad[:5])}")
            )
        years &= set(r.long["year"])
    if problems:
        raise InputError("these runs cannot be compared", problems)
    horizons = {(r.scenario.horizon.start, r.scenario.horizon.end) for r in runs}
    first_year, last_year = max(h[0] for h in horizons), min(h[1] for h in horizons)
    simulated = sorted(y for y in years if first_year <= y <= last_year)
    if not simulated:
        raise InputError(
            "these runs cannot be compared", [Problem("", "horizon", "they share no year")]
        )
    if len(horizons) > 1:
        notes.append(
            f"horizons differ ({', '.join(f'{a}–{b}' for a, b in sorted(horizons))}); "
            f"compared on {simulated[0]}–{simulated[-1]}"
        )
    return simulated, notes


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


def headline(r: RunTables, years: list[int]) -> pd.Series:
    """Headline indicators of one run over *years*."""
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
            _sum(r, f"money|{flow}", years) / WAN_PER_YI
        )
    out[(f"reserve land at end of {last}", "mu")] = _value(r, "land|reserve", last)
    sf = r.shortfalls
    out[("quota shortfalls of ≥ 1 mu", "count")] = float(
        ((sf["kind"] == "quota") & (sf["missing"] >= 1) & sf["year"].isin(years)).sum()
    )
    out[("major projects placed", "count")] = float((r.projects["status"] == "placed").sum())
    return pd.Series(out)


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
    years, _ = align(results)
    names = _unique_names(results)
    values = pd.concat({n: headline(r, years) for n, r in zip(names, results, strict=True)}, axis=1)
    values.index.names = ["indicator", "unit"]
    diff = values.sub(values[names[0]], axis=0).drop(columns=names[0])
    table = pd.concat({"value": values, "difference": diff}, axis=1)
    table.columns.names = ["measure", "scenario"]
    return table


def compare_long(runs: Sequence[RunTables]) -> pd.DataFrame:
    """Stack the long tables of several runs, with a ``scenario`` index level."""
    results = list(runs)
    align(results)
    names = _unique_names(results)
    frames = {n: r.long.drop(columns="scenario") for n, r in zip(names, results, strict=True)}
    return pd.concat(frames, names=["scenario", "row"])


def _unique_names(results: Sequence[RunTables]) -> list[str]:
    names, seen = [], {}
    for r in results:
        name = r.scenario.name
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return names
