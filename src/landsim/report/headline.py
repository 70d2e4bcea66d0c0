"""The numbers a leader asks for, taken from a run's tables once, for every brief format.

The PDF, the Word file, the workbook's headline sheet and the comparison brief all read
one :class:`Headline`, so they print the same figures. Items whose variables the run does
not have (platform growth year on year, output per mu) are ``None`` and left out of the
briefs, never estimated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from landsim.analysis.compare import district_series, first_year_above, target_series
from landsim.plots.labels import adjacency_note

if TYPE_CHECKING:
    from landsim.runs import Results

#: A quota shortfall smaller than this share of the quota is a rounding gap (parcels
#: cannot be split), not a failure: assumption, 1 % is below what a yearly report shows.
ROUNDING_SHARE = 0.01
TARGET_ITEMS = ("contiguous", "revitalized", "platform_growth")
#: Causes of a missed target that say its candidates ran out (候选地块用尽, no block large
#: enough left): among shortfalls of equal size, the main risk before a growth gap.
RAN_OUT = frozenset({"no_candidates", "no_cluster"})


@dataclass(frozen=True)
class TargetRow:
    """One target over the programme's years."""

    item: str
    years: tuple[int, ...]
    achieved: tuple[float, ...]
    target: tuple[float, ...]
    met: tuple[bool, ...]
    cause: str = ""

    @property
    def missed_years(self) -> list[int]:
        """Years whose target was missed."""
        return [y for y, m in zip(self.years, self.met, strict=True) if not m]

    @property
    def gap(self) -> float:
        """Sum of what was missing in the missed years that have a value (target's unit)."""
        rows = zip(self.achieved, self.target, self.met, strict=True)
        return float(sum(max(t - a, 0.0) for a, t, m in rows if not m and a == a))

    @property
    def gap_share(self) -> float:
        """What was missing as a share of the target, summed over the missed years.

        A missed year without a value (platform growth where the district did not grow)
        counts as a whole year missing.
        """
        rows = zip(self.achieved, self.target, self.met, strict=True)
        return float(
            sum((max(t - a, 0.0) / t if a == a and t > 0 else 1.0) for a, t, m in rows if not m)
        )

    @property
    def measured_misses(self) -> int:
        """Count the missed years that have a value.

        Platform growth has none where the district did not grow: the ratio is undefined,
        and the year counts as missed.
        """
        rows = zip(self.achieved, self.met, strict=True)
        return sum(1 for a, m in rows if not m and a == a)


@dataclass(frozen=True)
class Shortfall:
    """A failure worth a leader's attention, ranked by :func:`rank_failures`."""

    item: str
    years: tuple[int, ...]
    missing: float
    cause: str
    kind: str  # "target" or "quota"
    measured: int = 0  # target: missed years with a value (platform growth may have none)
    share: float = 0.0  # target: what was missing as a share of the target, summed over years


@dataclass(frozen=True)
class Headline:
    """Everything page 1 of a brief says, as numbers."""

    name: str
    years: tuple[int, ...]
    base_year: int
    end: int
    last: int
    synthetic: bool
    targets: tuple[TargetRow, ...]
    values: dict[str, float] = field(default_factory=dict)
    passes: dict[str, int | None] = field(default_factory=dict)
    failures: tuple[Shortfall, ...] = ()
    projects: tuple[dict, ...] = ()
    output_range: tuple[float, float] | None = None
    draws: int = 1
    probabilities: dict[str, tuple[float, ...]] = field(default_factory=dict)
    """Monte Carlo only: the share of draws meeting each target, by programme year."""
    adjacency: str = "unknown"
    """The rule that said which parcels touch (:attr:`~landsim.runs.Results.adjacency_method`)."""

    def get(self, key: str) -> float | None:
        """Return a value, or ``None`` when the run does not have it."""
        value = self.values.get(key)
        return None if value is None or not np.isfinite(value) else float(value)


def district(res: Results, variable: str) -> pd.Series:
    """One district variable as a Series by year (empty when the run does not have it)."""
    return district_series(res, variable)


def headline(res: Results) -> Headline:
    """Collect the headline numbers of *res*."""
    s = res.scenario
    end = int(s.horizon.end)
    years = tuple(int(y) for y in s.horizon.years)
    all_years = sorted(int(y) for y in res.long["year"].unique())
    return Headline(
        name=s.name,
        years=years,
        base_year=int(s.horizon.base_year),
        end=end,
        last=max(all_years[-1], end),
        synthetic=is_synthetic(res),
        targets=tuple(t for t in (_target(res, i, years) for i in TARGET_ITEMS) if t),
        values=_values(res, end, years),
        passes={q: _passes(res, q) for q in ("output", "tax")},
        failures=tuple(rank_failures(res, years)),
        projects=tuple(res.projects.to_dict("records")),
        output_range=_output_range(res, end),
        draws=res.draws,
        probabilities=_probabilities(res, years),
        adjacency=res.adjacency_method,
    )


def header_notes(h: Headline) -> list[str]:
    """Keys of the notes under a brief's title: synthetic data, approximate contiguity.

    ``points_note`` when contiguity came from parcel centres (``points``), ``none_note``
    when no parcel touches another (``none``); none for polygons, a table, or a run
    folder that did not record its rule. ``central_note`` for a Monte Carlo run: its
    figures are the run's at central values unless said to come from the draws.
    """
    notes = ["synthetic_note"] if h.synthetic else []
    contiguity = adjacency_note(h.adjacency)
    notes += [contiguity] if contiguity else []
    return notes + (["central_note"] if h.draws > 1 else [])


def is_synthetic(res: Results) -> bool:
    """Whether the run's inventory is the bundled synthetic one (or named synthetic)."""
    return "synthetic" in Path(res.scenario.inventory.path).name.lower()


def _target(res: Results, item: str, years: tuple[int, ...]) -> TargetRow | None:
    frame = target_series(res, item, years)
    if frame is None:
        return None
    sf = res.shortfalls
    causes = sf[(sf["kind"] == "target") & (sf["item"] == item)]["cause"]
    return TargetRow(
        item,
        years,
        tuple(_achieved(frame, item)),
        tuple(frame["target"].fillna(0.0).astype(float)),
        tuple(bool(m) for m in frame["met"]),
        str(causes.mode().iloc[0]) if len(causes) else "",
    )


def _achieved(frame: pd.DataFrame, item: str) -> list[float]:
    """Return what was achieved each year; platform growth stays NaN without a ratio."""
    values = frame["achieved"].astype(float)
    return list(values if item == "platform_growth" else values.fillna(0.0))


def _at(res: Results, variable: str, year: int) -> float:
    values = district(res, variable)
    return float(values[year]) if year in values.index else float("nan")


def _values(res: Results, end: int, years: tuple[int, ...]) -> dict[str, float]:
    base = int(res.scenario.horizon.base_year)
    out: dict[str, float] = {}
    for q in ("output", "tax", "jobs"):
        out[f"{q}|baseline"] = _at(res, f"{q}|baseline", end)
        out[f"{q}|programme"] = _at(res, f"{q}|programme", end)
        out[f"{q}|difference"] = _at(res, f"{q}|difference", end)
        out[f"{q}|base"] = _at(res, f"{q}|programme", base)
    # the dip is looked for in every simulated year (run-out years too), and the long run
    # is the last year: committed land reaches production after the programme's end
    jobs = district(res, "jobs|difference")
    jobs = jobs[jobs.index >= years[0]].dropna()
    if len(jobs):
        out["jobs|dip"] = float(min(jobs.min(), 0.0))
        out["jobs|dip_year"] = float(jobs.idxmin()) if jobs.min() < 0 else float("nan")
        out["jobs|last"] = float(jobs.iloc[-1])
        out["jobs|last_year"] = float(jobs.index[-1])
        if jobs.min() < 0:
            out.update(_dip_land(res, int(jobs.idxmin())))
    out["contiguity|min_mu"] = float(res.scenario.contiguity.min_cluster_mu)
    area = float(res.parcels["area_mu"].sum()) if "area_mu" in res.parcels else float("nan")
    for per_mu in ("tax_per_mu", "output_per_mu"):
        out[f"{per_mu}|baseline"] = _at(res, f"{per_mu}|baseline", end)
        out[f"{per_mu}|programme"] = _at(res, f"{per_mu}|programme", end)
        before = _at(res, f"{per_mu}|programme", base)
        if not np.isfinite(before) and np.isfinite(out[f"{per_mu}|programme"]):
            # the long table starts per-mu figures in the first year: in the base year
            # every mu is held by an existing firm, so the figure is the total ÷ all mu
            before = _at(res, f"{per_mu.split('_')[0]}|programme", base) / area
        out[f"{per_mu}|base"] = before
    for item in ("compensation", "subsidy", "land_revenue", "net", "investment"):
        values = district(res, f"money|{item}")
        out[f"money|{item}"] = float(values.sum()) if len(values) else float("nan")
    for item in ("vacated", "contiguous", "revitalized"):
        out[f"area|{item}"] = float(district(res, f"area|{item}").reindex(list(years)).sum())
    for q in ("output", "tax", "jobs"):  # firms vacated that moved elsewhere in the district
        out[f"{q}|relocated"] = _at(res, f"{q}|programme|relocated", end)
        out[f"{q}|difference|excluding_relocation"] = _at(
            res, f"{q}|difference|excluding_relocation", end
        )
    return out


#: Land stocks of land that left its firms (vacated or reactivated), first to last.
FREED_LAND = ("land|preparing", "land|reserve", "land|construction", "land|new_production")


def _dip_land(res: Results, year: int) -> dict[str, float]:
    """In the year jobs dip most: jobs in new uses, and the share of freed land producing.

    Say why jobs dip (:func:`~landsim.report.economy_sentences.jobs_sentence`): nothing new
    produces yet, or new uses employ people but most freed land waits.
    """
    long = res.long
    sub = long[(long["platform"] == "district") & (long["year"] == year)]
    new = sub[sub["variable"].str.startswith("jobs|programme|new|")]["value"].sum()
    stocks = sub.set_index("variable")["value"].reindex(list(FREED_LAND))
    if stocks.isna().any() or stocks.sum() <= 0:
        return {"jobs|new|dip": float(new)}
    share = float(stocks["land|new_production"] / stocks.sum())
    return {"jobs|new|dip": float(new), "land|producing_share|dip": share}


def _passes(res: Results, quantity: str) -> int | None:
    """First year from which the programme stays above the baseline (None: never)."""
    diff = district(res, f"{quantity}|difference")
    return first_year_above(diff[diff.index >= res.scenario.horizon.start])


def _probabilities(res: Results, years: tuple[int, ...]) -> dict[str, tuple[float, ...]]:
    if res.probabilities is None:
        return {}
    table = res.probabilities.pivot(index="year", columns="target", values="probability")
    table = table.reindex(list(years))
    return {str(item): tuple(table[item].astype(float)) for item in table.columns}


def _output_range(res: Results, end: int) -> tuple[float, float] | None:
    if res.quantiles is None:
        return None
    band = res.band("output|difference")
    stats = sorted(c for c in band.columns if c.startswith("p"))
    if end not in band.index or len(stats) < 2:
        return None
    return float(band.loc[end, stats[0]]), float(band.loc[end, stats[-1]])


def rank_failures(res: Results, years: tuple[int, ...]) -> list[Shortfall]:
    """Rank failures, worst first.

    Missed targets come first, the largest shortfall first: what was missing as a share
    of the target, summed over the years missed (:attr:`TargetRow.gap_share`: mu and
    growth ratios compare, and a target its candidates ran out of in one year, 36 % short,
    weighs more than a growth ratio 5 % short in four); among equals, a target whose
    candidates ran out (:data:`RAN_OUT`) first. Then quota shortfalls larger than a
    rounding gap (parcels cannot be split), most years missed first.
    """
    out = []
    for item in TARGET_ITEMS:
        row = _target(res, item, years)
        if row is not None and row.missed_years:
            missed = tuple(row.missed_years)
            out.append(
                Shortfall(
                    item, missed, row.gap, row.cause, "target", row.measured_misses, row.gap_share
                )
            )
    out.sort(key=lambda f: (-round(f.share, 9), f.cause not in RAN_OUT))
    sf = res.shortfalls
    if "platform" in sf:
        sf = sf[sf["platform"] == "district"]
    quota = sf[
        (sf["kind"] == "quota")
        & sf["year"].isin(years)
        & (sf["missing"] > ROUNDING_SHARE * sf["quota"].abs())
    ]
    quotas = [
        Shortfall(
            str(item),
            tuple(int(y) for y in sorted(group["year"])),
            float(group["missing"].sum()),
            str(group["cause"].mode().iloc[0]),
            "quota",
        )
        for item, group in quota.groupby("item", sort=False)
    ]
    quotas.sort(key=lambda f: (-len(f.years), -f.missing))
    return out + quotas
