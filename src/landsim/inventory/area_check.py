"""Compare the areas a file states with its polygons' areas.

A surveyed area and the area of the polygon drawn for it differ a little, and a few
parcels differ a lot (a parcel redrawn, a typing error): those are warned about, and the
file's areas are used. When nearly every parcel's stated area is the same multiple of
its polygon's, far from 1, the unit is wrong (hectares read as mu are 15 times too
large, mu read as square metres 666.7 times too small) and every result in mu would be
off by that factor: that is an error, naming the unit the numbers are in.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable

import numpy as np

import landsim.units as units
from landsim.errors import Problem
from landsim.inventory.spatial import GeometryWarning

#: Parcels whose stated area differs from their polygon's by more than this share are reported.
AREA_MISMATCH = 0.10
#: A common factor farther from 1 than this, either way, is no survey's disagreement with
#: its drawing; the smallest mix-up of area units (mu and ha) is 15×.
UNIT_FACTOR = 2.0
#: Share of parcels within :data:`AREA_MISMATCH` of the common factor for it to be one
#: factor (assumption: a unit mistake moves every parcel alike; a few parcels surveyed or
#: drawn differently remain).
SAME_FACTOR_SHARE = 0.9
#: The units suggested for a factor, as ``inventory.units.area`` takes them, with their
#: Chinese names.
NAMED_UNITS = {"mu": "亩", "m2": "平方米", "ha": "公顷", "km2": "平方公里"}


def common_factor(stated: np.ndarray, drawn: np.ndarray) -> float | None:
    """Return the factor nearly every stated area is of its polygon's, if far from 1.

    Parameters
    ----------
    stated, drawn
        Each parcel's area in mu: as the file states it (converted with the declared
        unit), and computed from its polygon.

    Returns
    -------
    float or None
        The median of stated / drawn when it is beyond :data:`UNIT_FACTOR` either way and
        at least :data:`SAME_FACTOR_SHARE` of the parcels lie within
        :data:`AREA_MISMATCH` of it; else ``None``.
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = stated / drawn
    ratio = ratio[np.isfinite(ratio) & (ratio > 0)]
    if not len(ratio):
        return None
    median = float(np.median(ratio))
    if 1 / UNIT_FACTOR <= median <= UNIT_FACTOR:
        return None
    same = np.abs(ratio / median - 1) <= AREA_MISMATCH
    return median if same.mean() >= SAME_FACTOR_SHARE else None


def likely_unit(factor: float, declared: str) -> str | None:
    """Return the unit (of :data:`NAMED_UNITS`) that makes stated areas match the polygons.

    Areas stated in a unit *u* but read as *declared* come out ``factor(declared) /
    factor(u)`` times their polygons' areas.
    """
    meant = units.factor("area", declared) / factor
    for unit in NAMED_UNITS:
        if abs(math.log(units.factor("area", unit) / meant)) <= math.log1p(AREA_MISMATCH):
            return unit
    return None


def unit_problem(factor: float, declared: str, key: str, found: str) -> str:
    """Word the error for areas that are nearly all *factor* times their polygons'.

    Parameters
    ----------
    factor
        Stated area / polygon area, common to nearly every parcel.
    declared
        The unit the areas were read in.
    key
        The scenario key that declares it (``inventory.units.area``).
    found
        How many parcels share the factor, and one of them with its areas.
    """
    unit = likely_unit(factor, declared)
    if unit is None:
        fix = (
            "no mix-up of area units gives that factor: check the column, "
            f"{key} ({declared}) and the coordinate system's unit"
        )
    else:
        fix = (
            f"the column holds {unit} ({NAMED_UNITS[unit]}), not {declared} as {key} says: "
            f"set {key}: {unit}"
        )
    return f"{found}; {fix}"


def compare_areas(
    stated: np.ndarray,
    drawn: np.ndarray,
    source: str,
    where: Callable[[int], str],
    unit: tuple[str, str],
    label: str,
) -> Problem | None:
    """Compare stated and polygon areas: the error for a wrong unit, else warn of differences.

    Parameters
    ----------
    stated, drawn
        Each parcel's area in mu, as the file states it and from its polygon.
    source
        The file's name.
    where
        A parcel's place in the file, by position.
    unit
        The declared unit and the scenario key that declares it.
    label
        The area column with its header.
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = stated / drawn
    off = np.abs(ratio - 1) > AREA_MISMATCH
    if not off.any():
        return None
    factor = common_factor(stated, drawn)
    if factor is not None:
        same = np.abs(ratio / factor - 1) <= AREA_MISMATCH
        k = int(np.flatnonzero(same)[0])
        written = stated[k] / units.factor("area", unit[0])
        times = f"{factor:,.1f} times" if factor > 1 else f"1/{1 / factor:,.1f} of"
        found = (
            f"{int(same.sum()):,} of {len(stated):,} parcels' areas are {times} their "
            f"polygons' (e.g. {where(k)}: {written:,.4g} {unit[0]} in the file, "
            f"{_mu(stated[k])} mu; its polygon {_mu(drawn[k])} mu)"
        )
        return Problem(source, label, unit_problem(factor, *unit, found))
    k = int(np.flatnonzero(off)[0])
    warnings.warn(
        f"{source}: {int(off.sum()):,} parcels' area_mu differs from their polygon's area by "
        f"more than {AREA_MISMATCH:.0%} (e.g. {where(k)}: {stated[k]:,.2f} mu in the file, "
        f"{drawn[k]:,.2f} mu from the polygon); landsim uses the file's area_mu. "
        "Check inventory.units.area and the coordinate system.",
        GeometryWarning,
        stacklevel=5,
    )
    return None


def _mu(value: float) -> str:
    """Format an area in mu: two decimals, or three significant digits below 0.1 (0.0015)."""
    return f"{value:,.2f}" if abs(value) >= 0.1 else f"{value:.3g}"
