"""Refuse, or repair when asked, polygons whose area and centroid would be garbage.

A self-intersecting ring (a "bow tie"), a hole crossing its shell or overlapping parts of
one parcel give meaningless areas: the shoelace formula happily returns a number (0 for a
symmetric bow tie). GEOS (through shapely, the ``gis`` extra) says which polygons are
invalid and why; ``inventory.repair_geometry: true`` repairs them with ``make_valid``,
and every repair is reported with the area before and after.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from landsim.errors import InputError, Problem
from landsim.inventory.geometry import Geometry, from_shapely
from landsim.units import M2_PER_MU

Where = Callable[[int], str]
GIS_FIX = "fix it in your GIS (ArcGIS: Repair Geometry; QGIS: Fix Geometries)"
FIX_HINT = (
    f"{GIS_FIX}, or set inventory.repair_geometry: true to let landsim repair it and "
    "report the repair"
)


@dataclass(frozen=True)
class Checked:
    """Polygons after the validity check: the geometry, problems, and repairs made."""

    geometry: Geometry
    problems: list[Problem]
    repairs: list[str]


def ring_problems(geometry: Geometry, where: Where) -> list[Problem]:
    """Rings that are not rings: fewer than 4 points, not closed, or non-finite coordinates."""
    ro, po, pa = geometry.ring_offsets, geometry.polygon_offsets, geometry.parcel_offsets
    assert ro is not None and po is not None and pa is not None
    c = geometry.coords
    size = np.diff(ro)
    closed = np.ones(len(size), dtype=bool)
    has = size > 0
    closed[has] = (c[ro[:-1][has]] == c[ro[1:][has] - 1]).all(axis=1)
    finite = np.ones(len(size), dtype=bool)
    if len(c):
        bad_vertex = ~np.isfinite(c).all(axis=1)
        finite = np.bincount(np.repeat(np.arange(len(size)), size), bad_vertex, len(size)) == 0
    polygon_of_ring = np.searchsorted(po, np.arange(len(size)), "right") - 1
    parcel_of_ring = np.searchsorted(pa, polygon_of_ring, "right") - 1
    problems = []
    for test, text in (
        (~finite, "a coordinate is empty, infinite or not a number"),
        (size < 4, "a ring has fewer than 4 points (3 corners and the closing point)"),
        (~closed & (size >= 4), "a ring is not closed (its last point must repeat its first)"),
    ):
        for i in np.unique(parcel_of_ring[test]):
            problems.append(Problem(where(int(i)), "geometry", f"{text}; {GIS_FIX}"))
    return problems


def check_polygons(geometry: Geometry, repair: bool, where: Where) -> Checked:
    """Find invalid polygons (GEOS validity); refuse them, or repair them when *repair*."""
    shapely = _shapely(where)
    geoms = geometry.to_shapely()
    bad = np.flatnonzero(~shapely.is_valid(geoms))
    if not len(bad):
        return Checked(geometry, [], [])
    reasons = [_reason(r) for r in shapely.is_valid_reason(geoms[bad])]
    if not repair:
        problems = [
            Problem(where(int(i)), "geometry", f"invalid polygon: {why}; {FIX_HINT}")
            for i, why in zip(bad, reasons, strict=True)
        ]
        return Checked(geometry, problems, [])
    fixed = _polygonal(shapely.make_valid(geoms[bad], method="structure", keep_collapsed=False))
    empty = shapely.is_empty(fixed)
    problems = [
        Problem(
            where(int(i)),
            "geometry",
            f"invalid polygon: {why}; repairing it leaves no area; {GIS_FIX}",
        )
        for i, why in zip(bad[empty], np.asarray(reasons, dtype=object)[empty], strict=True)
    ]
    before = geometry.areas_and_centroids()[0][bad] / M2_PER_MU
    after = shapely.area(fixed) / M2_PER_MU
    repairs = [
        f"{where(int(i))}: {why}; area {a:,.2f} → {b:,.2f} mu"
        for i, why, a, b, e in zip(bad, reasons, before, after, empty, strict=True)
        if not e
    ]
    out = geoms.copy()
    out[bad] = fixed
    if problems:
        return Checked(geometry, problems, repairs)
    return Checked(from_shapely(out), [], repairs)


def _polygonal(geoms: np.ndarray) -> np.ndarray:
    """Keep the polygons of each geometry (``make_valid`` may add lines and points)."""
    import shapely

    parts, index = shapely.get_parts(geoms, return_index=True)
    keep = np.isin(shapely.get_type_id(parts), (3, 6))  # Polygon, MultiPolygon
    out = np.array([shapely.MultiPolygon()] * len(geoms), dtype=object)
    if keep.any():
        merged = shapely.multipolygons(
            shapely.get_parts(parts[keep]),
            indices=np.repeat(index[keep], shapely.get_num_geometries(parts[keep])),
        )
        present = np.unique(index[keep])
        out[present] = merged[present]
    return out


def _reason(text: str) -> str:
    """``Self-intersection[5 5]`` → ``self-intersection at (5, 5)``."""
    m = re.match(r"([^\[]+)\[([-\d.e+]+) ([-\d.e+]+)\]", text)
    if not m:
        return text[:1].lower() + text[1:]
    what, x, y = m.groups()
    return f"{what[:1].lower() + what[1:]} at ({float(x):.6g}, {float(y):.6g})"


def _shapely(where: Where):
    try:
        import shapely
    except ImportError:
        raise InputError(
            "polygons need an optional extra",
            [
                Problem(
                    where(0).split(",")[0],
                    "geometry",
                    "polygons are checked for validity with shapely: "
                    "pip install 'landsim[gis]' (or give x/y points in a CSV)",
                )
            ],
        ) from None
    return shapely
