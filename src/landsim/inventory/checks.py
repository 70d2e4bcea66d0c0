"""Row-level consistency rules for a typed inventory.

Each rule is a small function ``rule(frame) -> [(row_mask, column, message), ...]``:
which rows break it, in which column, and what to do. :mod:`landsim.inventory.load`
turns those into located problems naming the file row and the parcel id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from landsim.scenario.columns import BY_NAME, MONEY_COLUMNS
from landsim.scenario.schema.inventory_spec import Plausible

Finding = tuple[np.ndarray, str, Callable[[int], str]]
Rule = Callable[[pd.DataFrame], Iterable[Finding]]

LEASE_YEARS = (1950, 2200)


def _has(frame: pd.DataFrame, *names: str) -> bool:
    return all(n in frame.columns for n in names)


def minimums(frame: pd.DataFrame) -> Iterable[Finding]:
    """Areas must be positive; money, energy and head counts must not be negative."""
    for name in frame.columns:
        col = BY_NAME.get(name)
        if col is None or col.minimum is None:
            continue
        lo, strict = col.minimum
        v = frame[name].to_numpy(dtype=float)
        bad = (v <= lo) if strict else (v < lo)
        if bad.any():
            op = ">" if strict else "≥"
            what = "area" if name == "area_mu" else "value"
            yield (
                bad,
                name,
                lambda i, v=v, op=op, lo=lo, what=what: f"{what} must be {op} {lo:g}; got {v[i]:g}",
            )


def tax_within_output(frame: pd.DataFrame) -> Iterable[Finding]:
    """Tax and value added cannot exceed output; R&D cannot exceed revenue."""
    pairs = [("tax", "output"), ("value_added", "output"), ("rd_spending", "revenue")]
    for part, whole in pairs:
        if not _has(frame, part, whole):
            continue
        a, b = frame[part].to_numpy(dtype=float), frame[whole].to_numpy(dtype=float)
        bad = a > b * (1 + 1e-9) + 1e-9
        if bad.any():
            yield (
                bad,
                part,
                lambda i, a=a, b=b, part=part, whole=whole: (
                    f"{part} ({a[i]:g}) is larger than {whole} ({b[i]:g}); "
                    "check both columns' units (inventory.units)"
                ),
            )


#: column → (limit key, label, unit, what to check) for :func:`plausible`.
_LIMITS = {
    "area_mu": ("max_area_mu", "area", " mu", "the area unit (inventory.units.area)"),
    "far": ("max_far", "floor-area ratio", "", "the value"),
    "output": (
        "max_output_per_mu",
        "output per mu",
        " 万元/亩",
        "the money unit (inventory.units)",
    ),
    "tax": ("max_tax_per_mu", "tax per mu", " 万元/亩", "the money unit (inventory.units)"),
    "employees": ("max_employees_per_mu", "employees per mu", "", "the value"),
    "energy_tce": ("max_energy_tce_per_mu", "energy per mu", " tce/亩", "the energy unit"),
}
#: Columns whose limit is per mu of the parcel's area.
_PER_MU = ("output", "tax", "employees", "energy_tce")


def plausible(limits: Plausible) -> Rule:
    """Build the rule that flags implausible magnitudes, with *limits* from the scenario.

    A parcel larger than any one site, a floor-area ratio beyond any building, or output
    and tax per mu far above the densest industry are likely unit or typing errors. Each
    message gives the value, the limit, and the key that raises it.
    """

    def rule(frame: pd.DataFrame) -> Iterable[Finding]:
        area = frame["area_mu"].to_numpy(dtype=float)
        for name, (key, label, unit, what) in _LIMITS.items():
            if name not in frame.columns:  # an optional column the file does not have
                continue
            v = frame[name].to_numpy(dtype=float)
            if name in _PER_MU:
                with np.errstate(divide="ignore", invalid="ignore"):
                    v = np.where(area > 0, v / area, np.nan)
            limit = getattr(limits, key)
            bad = v > limit
            if bad.any():
                yield (
                    bad,
                    name,
                    lambda i, v=v, limit=limit, key=key, label=label, unit=unit, what=what: (
                        f"{label} {_number(v[i])}{unit} is above inventory.plausible.{key} "
                        f"({limit:,g}), beyond any real parcel; check {what}, or raise "
                        f"inventory.plausible.{key} if it is truly meant"
                    ),
                )

    return rule


def _number(value: float) -> str:
    """Write *value* readably: 3,000,000 rather than 3e+06, 1e+12 rather than a long row."""
    return f"{value:,.0f}" if 1e3 <= abs(value) < 1e9 else f"{value:.4g}"


def lease_years(frame: pd.DataFrame) -> Iterable[Finding]:
    """Lease end years must be calendar years."""
    if _has(frame, "lease_end_year"):
        v = frame["lease_end_year"].to_numpy(dtype=float)
        bad = (v < LEASE_YEARS[0]) | (v > LEASE_YEARS[1])
        if bad.any():
            yield (
                bad,
                "lease_end_year",
                lambda i: f"{v[i]:g} is not a plausible year ({LEASE_YEARS[0]}–{LEASE_YEARS[1]})",
            )


def coordinates_complete(frame: pd.DataFrame) -> Iterable[Finding]:
    """Either every parcel has x and y, or none does."""
    if not _has(frame, "x", "y"):
        return
    missing = np.isnan(frame["x"].to_numpy(dtype=float)) | np.isnan(
        frame["y"].to_numpy(dtype=float)
    )
    if missing.any() and not missing.all():
        yield (
            missing,
            "x",
            lambda i: (
                "no coordinates, while other parcels have them; "
                "fill x and y or leave both columns out"
            ),
        )


def coordinate_range(limit: float) -> Rule:
    """Build the rule that refuses coordinates no place has: beyond ±*limit* metres.

    The frame's coordinates are metres by now (degrees are projected on load). A larger
    number is a unit or column error, and too large for the nearest-neighbour search that
    finds touching parcels.
    """

    def rule(frame: pd.DataFrame) -> Iterable[Finding]:
        if not _has(frame, "x", "y"):
            return
        for name in ("x", "y"):
            v = frame[name].to_numpy(dtype=float)
            bad = ~(np.abs(v) <= limit) & ~np.isnan(v)  # inf too
            if bad.any():
                yield (
                    bad,
                    name,
                    lambda i, v=v: (
                        f"{_number(v[i])} is outside ±{_number(limit)} metres; check the "
                        "column and its unit (inventory.coordinates)"
                    ),
                )

    return rule


RULES: list[Rule] = [minimums, tax_within_output, lease_years, coordinates_complete]

__all__ = ["MONEY_COLUMNS", "RULES", "Finding", "Rule"]
