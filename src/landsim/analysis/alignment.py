"""Which runs can be compared, over which years, and what the reader should know first.

A comparison reads the years every run has (:class:`Period`). Runs with other platforms
or units are refused; notes say when horizons, parcels, seeds or draws differ, and when
runs have identical results (:func:`align`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import pandas as pd

from landsim.errors import InputError, Problem
from landsim.scenario import Scenario


class RunTables(Protocol):
    """What a comparison reads of a run (a :class:`landsim.runs.Results` has it all)."""

    scenario: Scenario
    long: pd.DataFrame
    shortfalls: pd.DataFrame
    projects: pd.DataFrame


def align(runs: Sequence[RunTables]) -> tuple[list[int], list[str]]:
    """Check that runs can be compared; return their common years and notes about alignment.

    Runs with different platforms or units are refused. Runs are compared on the years
    they all simulate, run-out years included, as a single run's brief sums its money over
    every year (a note says so when the horizons differ). Targets and gains are read over
    the programme years they share (:func:`period`).
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
    simulated = sorted(y for y in years if y >= first_year)
    if not simulated or simulated[0] > last_year:
        raise InputError(
            "these runs cannot be compared", [Problem("", "horizon", "they share no year")]
        )
    if len(horizons) > 1 or len({int(r.long["year"].max()) for r in runs}) > 1:
        notes.append(
            f"horizons differ ({', '.join(f'{a}–{b}' for a, b in sorted(horizons))}); "
            f"targets and gains compared on {simulated[0]}–{min(last_year, simulated[-1])}, "
            f"money summed over {simulated[0]}–{simulated[-1]}"
        )
    return simulated, notes + _chance_notes(runs)


#: Parcel table columns that say which parcels a run read (the base year's score stands
#: for the firms' figures).
PARCEL_KEYS = ("parcel_id", "platform", "industry_id", "area_mu", "status", "size_class", "score")


def parcels_differ(runs: Sequence[RunTables]) -> bool:
    """Whether the runs read different parcels (by their parcel tables, not file names).

    The same parcels in a CSV and in a GeoPackage are the same; a file written again in
    place with other parcels is not. A run's fingerprint is read once
    (:attr:`landsim.runs.Results.parcels_key`).
    """
    keys = set()
    for r in runs:
        key = getattr(r, "parcels_key", None)
        if key is None and getattr(r, "parcels", None) is not None:
            key = parcels_fingerprint(r.parcels)
        if key is None:
            return False
        keys.add(key)
    return len(keys) > 1


def parcels_fingerprint(parcels: pd.DataFrame) -> bytes:
    """Hash of the columns of :data:`PARCEL_KEYS` that *parcels* has, row by row.

    Numbers are hashed as floats (an id column read as integers in one run and as floats
    in another is the same), text as text.
    """
    parts = []
    for name in (c for c in PARCEL_KEYS if c in parcels.columns):
        column = parcels[name]
        numeric = pd.api.types.is_numeric_dtype(column)
        values = column.to_numpy(float, na_value=np.nan) if numeric else column.astype(str)
        parts.append(pd.util.hash_array(np.asarray(values)))
    return np.stack(parts).tobytes() if parts else b""


def results_fingerprint(r: RunTables) -> bytes:
    """Fingerprint of what a comparison reads of a run: its long and projects tables.

    The run's name is left out, and the long table is sorted: two runs with this key
    alike have every difference 0.
    """
    columns = ["variable", "platform", "unit", "year", "value"]
    long = r.long[columns].sort_values(columns[:4], kind="stable")
    parts = [pd.util.hash_pandas_object(long, index=False).to_numpy()]
    projects = r.projects.drop(columns="scenario", errors="ignore")
    parts.append(pd.util.hash_pandas_object(projects.astype(str), index=False).to_numpy())
    return b"|".join(part.tobytes() for part in parts)


def same_results(runs: Sequence[RunTables]) -> list[list[int]]:
    """Find the runs whose results are identical: groups of two or more positions.

    Such runs differ by nothing a comparison shows: the same run folder given twice, two
    folders of one run, or a change of the scenario that had no effect.
    """
    groups: dict[bytes, list[int]] = {}
    for i, r in enumerate(runs):
        key = getattr(r, "results_key", None)  # read once per run (Results keeps it)
        groups.setdefault(key if key is not None else results_fingerprint(r), []).append(i)
    return [g for g in groups.values() if len(g) > 1]


def _chance_notes(runs: Sequence[RunTables]) -> list[str]:
    """Return notes on what besides policy differs, or that runs have identical results.

    What differs besides policy: the parcels, the seeds, the draws (left out).
    """
    names = unique_names(runs)
    notes = [
        f"{' and '.join(names[i] for i in group)} have identical results: every difference "
        "between them is 0 (one run given twice, or a change that had no effect)"
        for group in same_results(runs)
    ]
    if parcels_differ(runs):
        files = dict.fromkeys(str(r.scenario.inventory.path).split("/")[-1] for r in runs)
        notes.append(
            f"the runs' parcels differ ({', '.join(files)}); their differences include the parcels'"
        )
    seeds = list(dict.fromkeys(int(r.scenario.seed) for r in runs))
    if len(seeds) > 1:
        notes.append(
            f"the runs have different seeds ({', '.join(map(str, seeds))}): owners' "
            "refusals differ by chance; run them with the same --seed to compare the "
            "policies alone"
        )
    if any(int(getattr(r, "draws", 1)) > 1 for r in runs):
        notes.append(
            "compared at central values; the runs' draws are not compared (each run's "
            "brief has its bands and probabilities)"
        )
    return notes


def unique_names(results: Sequence[RunTables]) -> list[str]:
    """Scenario names of *results*, told apart as :func:`tell_apart` does.

    The names the tables use for the runs the brief and the console name by their
    titles: the same run is "(20 draws)" or "(2)" in both.
    """
    return tell_apart(
        [r.scenario.name for r in results],
        [int(getattr(r, "draws", 1)) for r in results],
        lambda n: f"{n:,} draws",
        lambda text: f" ({text})",
    )


def tell_apart(
    labels: list[str],
    draws: list[int],
    draws_note: Callable[[int], str],
    bracket: Callable[[str], str],
) -> list[str]:
    """Tell apart runs whose *labels* are the same.

    A Monte Carlo run sharing its label with another run is named by its draws
    (``bracket(draws_note(n))``); runs still alike are numbered in order
    (``bracket("2")``, …).
    """
    out = list(labels)
    shared = {x for x in out if out.count(x) > 1}
    for i, n in enumerate(draws):
        if out[i] in shared and n > 1:
            out[i] += bracket(draws_note(n))
    seen: dict[str, int] = {}
    for i, label in enumerate(out):
        seen[label] = seen.get(label, 0) + 1
        out[i] = label if seen[label] == 1 else label + bracket(str(seen[label]))
    return out


@dataclass(frozen=True)
class Period:
    """The years a comparison reads: what every run has."""

    years: tuple[int, ...]
    """Every simulated year the runs share (money is summed over them)."""
    programme: tuple[int, ...]
    """Shared years within every run's programme (targets are counted over them)."""
    notes: tuple[str, ...] = ()

    @property
    def end(self) -> int:
        """The last shared programme year: gains are read there."""
        return self.programme[-1]


def period(runs: Sequence[RunTables]) -> Period:
    """Check that *runs* can be compared and return the years the comparison reads."""
    years, notes = align(runs)
    last = min(int(r.scenario.horizon.end) for r in runs)
    programme = tuple(y for y in years if y <= last)
    return Period(tuple(years), programme or tuple(years), tuple(notes))
