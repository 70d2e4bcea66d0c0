"""Place an inventory on the ground: its CRS, checked coordinates, valid polygons, metres.

One step on load, :func:`place`, after the attributes are typed (so problems can name
parcel ids):

1. rings that are not rings are refused;
2. the CRS comes from the file (``.prj``, GeoJSON ``crs``, geodatabase) or from
   ``inventory.crs``; if both say and disagree, the inventory is refused;
3. coordinates are checked against the CRS: degrees under a projected CRS, metres under a
   geographic one, points far outside the CRS's area of use, and — with no CRS at all —
   coordinates that look like degrees, or a mix of degrees and metres, are refused;
4. invalid polygons are refused, or repaired when ``inventory.repair_geometry`` says so;
5. degrees, and CRSs that distort areas (Web Mercator, with a warning), are projected once
   to the CGCS2000 Gauss-Krüger zone of the data (or to ``inventory.project_to``).

Without any CRS, coordinates that look like metres are used as they are, as before.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from landsim.errors import LandsimWarning, Problem
from landsim.inventory import crs as crs_
from landsim.inventory.geometry import Geometry
from landsim.inventory.validity import check_polygons, ring_problems
from landsim.scenario.schema.inventory_spec import InventorySpec

Where = Callable[[int], str]
#: Longitude and latitude bounds of China: coordinates inside them look like degrees.
CHINA_LONLAT = ((73.0, 136.0), (3.0, 54.0))
#: A parcel spans at most this many degrees (0.1° ≈ 10 km); in metres it would be 10 cm.
MAX_PARCEL_DEGREES = 0.1
#: Coordinates this large are projected metres (Gauss-Krüger northings in China exceed 2e6).
SURELY_METRES = 1e5
GK_ZONE_TO_CM = 21  # EPSG:4513 (zone 25) + 21 = EPSG:4534 (CM 75E), and so on
CSV_LONLAT = (
    "coordinates look like longitude/latitude; set inventory.coordinates: lonlat, or give "
    "projected metres"
)


class GeometryWarning(LandsimWarning):
    """Coordinates were reprojected from a distorting CRS, or polygons were repaired."""


@dataclass(frozen=True)
class Placed:
    """Coordinates after :func:`place`.

    Attributes
    ----------
    geometry
        The polygons or points, valid and in :attr:`crs` (``None`` if the file had none).
    xy
        x/y of an inventory without geometry, in :attr:`crs` (``None`` if none).
    crs
        The CRS areas and distances are computed in, as text (``EPSG:4549``); ``None``
        when the input named none and its coordinates are taken as metres.
    source_crs
        The input's own CRS (results are written back in it), or ``None``.
    problems
        Everything refused.
    """

    geometry: Geometry | None
    xy: np.ndarray | None
    crs: str | None = None
    source_crs: str | None = None
    problems: list[Problem] = field(default_factory=list)


def place(
    geometry: Geometry | None,
    xy: np.ndarray | None,
    file_crs: str | None,
    spec: InventorySpec,
    where: Where,
    source: str,
) -> Placed:
    """Check and project an inventory's coordinates (see the module docstring).

    Parameters
    ----------
    geometry
        Polygons or points read from the file, or ``None``.
    xy
        ``(n, 2)`` x/y columns when there is no geometry, or ``None``.
    file_crs
        The CRS the file names, as text, or ``None``.
    spec
        The scenario's ``inventory`` section (``crs``, ``coordinates``, ``project_to``,
        ``repair_geometry``).
    where
        The place of row *i* in messages (file, feature and parcel id).
    source
        The file's name, for problems of the whole file.
    """
    if geometry is None and xy is None:
        return Placed(None, None)
    polygons = geometry is not None and geometry.kind == "polygon"
    if polygons and (problems := ring_problems(geometry, where)):
        return Placed(geometry, xy, problems=problems)
    box = geometry.bounds() if geometry is not None else np.column_stack([xy, xy])
    crs, problems = _declared(file_crs, spec, source)
    if not problems:
        problems = _coordinate_problems(crs, box, geometry is None, where, source)
    if not problems and polygons:
        checked = check_polygons(geometry, spec.repair_geometry, where)
        geometry, problems = checked.geometry, checked.problems
        _warn_repairs(checked.repairs, source)
    if problems or crs is None:
        return Placed(geometry, xy, problems=problems)
    target, problems = _target(crs, box, spec, source)
    if problems:
        return Placed(geometry, xy, problems=problems)
    if target is not None:
        geometry, xy = _project(geometry, xy, crs, target)
    return Placed(geometry, xy, crs_.as_text(target or crs), crs_.as_text(crs))


def _declared(file_crs: str | None, spec: InventorySpec, source: str) -> tuple[Any, list[Problem]]:
    """Return the CRS the file or the scenario names (``None`` if neither), or a conflict."""
    lonlat = spec.coordinates == "lonlat"
    if file_crs is None and spec.crs is None and not lonlat:
        return None, []
    from_file = crs_.parse(file_crs, source, "crs") if file_crs else None
    given = crs_.parse(spec.crs, source, "inventory.crs") if spec.crs else None
    if from_file is not None and given is not None and not crs_.same(from_file, given):
        return None, [
            Problem(
                source,
                "inventory.crs",
                f"the file says {crs_.name(from_file)}, the scenario says "
                f"{crs_.name(given)}; remove inventory.crs to use the file's, or correct the "
                "file's coordinate system (ArcGIS: Define Projection; QGIS: Assign Projection)",
            )
        ]
    crs = from_file or given
    if lonlat and crs is not None and not crs.is_geographic:
        return None, [
            Problem(
                source,
                "inventory.coordinates",
                f"lonlat, but the coordinates are in {crs_.name(crs)} (projected, metres); "
                "remove coordinates: lonlat",
            )
        ]
    return crs or crs_.parse(crs_.LONLAT, source, "inventory.coordinates"), []


def _coordinate_problems(
    crs: Any, box: np.ndarray, columns: bool, where: Where, source: str
) -> list[Problem]:
    if crs is None:
        return _unnamed(box, columns, where, source)
    if crs.is_geographic:
        return _not_degrees(crs, box, columns, where)
    return _off_the_map(crs, box, columns, where)


def _centres(box: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return (box[:, 0] + box[:, 2]) / 2, (box[:, 1] + box[:, 3]) / 2


def _unnamed(box: np.ndarray, columns: bool, where: Where, source: str) -> list[Problem]:
    """No CRS anywhere: refuse degrees (they would be read as metres) and mixtures."""
    x, y = _centres(box)
    finite = np.isfinite(x) & np.isfinite(y)
    (x0, x1), (y0, y1) = CHINA_LONLAT
    extent = np.maximum(box[:, 2] - box[:, 0], box[:, 3] - box[:, 1])
    with np.errstate(invalid="ignore"):
        degrees = finite & (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
        degrees &= extent <= MAX_PARCEL_DEGREES
        metres = finite & ((np.abs(x) >= SURELY_METRES) | (np.abs(y) >= SURELY_METRES))
    key = "x, y" if columns else "inventory.crs"
    if finite.any() and degrees[finite].all():
        if columns:
            return [Problem(source, key, CSV_LONLAT)]
        k = int(np.flatnonzero(finite)[0])
        return [
            Problem(
                source,
                key,
                f"coordinates look like longitude/latitude degrees (e.g. {x[k]:.6f}, "
                f"{y[k]:.6f}) and the file names no coordinate system, so they cannot be "
                "taken as metres; if they are degrees, set inventory.crs: EPSG:4490 "
                "(CGCS2000) or EPSG:4326 (WGS 84; GeoJSON written to RFC 7946 is EPSG:4326)",
            )
        ]
    if not (degrees.any() and metres.any()):
        return []
    m = int(np.flatnonzero(metres)[0])
    return [
        Problem(
            where(int(i)),
            key if columns else "geometry",
            f"coordinates look like degrees ({x[i]:.6f}, {y[i]:.6f}) while others are metres "
            f"(e.g. {x[m]:,.1f}, {y[m]:,.1f}); one file must use one coordinate system: "
            "convert these in your GIS",
        )
        for i in np.flatnonzero(degrees)
    ]


def _not_degrees(crs: Any, box: np.ndarray, columns: bool, where: Where) -> list[Problem]:
    """Refuse coordinates under a geographic CRS that are not longitudes and latitudes."""
    with np.errstate(invalid="ignore"):
        ok = (np.abs(box[:, [0, 2]]) <= 180).all(axis=1) & (np.abs(box[:, [1, 3]]) <= 90).all(
            axis=1
        )
    ok |= ~np.isfinite(box).all(axis=1)  # rows without coordinates are reported elsewhere
    x, y = _centres(box)
    return [
        Problem(
            where(int(i)),
            "x, y" if columns else "geometry",
            f"({x[i]:,.6g}, {y[i]:,.6g}) is not a longitude/latitude, yet the coordinate "
            f"system is {crs_.name(crs)}; if these are metres, set inventory.crs to their "
            "projected CRS (e.g. EPSG:4549)",
        )
        for i in np.flatnonzero(~ok)
    ]


def _off_the_map(crs: Any, box: np.ndarray, columns: bool, where: Where) -> list[Problem]:
    """Refuse points that fall far outside a projected CRS's area of use."""
    x, y = _centres(box)
    lonlat = crs_.to_lonlat(crs, x, y)
    if lonlat is None:
        return []
    lon, lat = lonlat
    given = np.isfinite(x) & np.isfinite(y)  # rows without coordinates are reported elsewhere
    bad = crs_.outside_area_of_use(crs, lon, lat) & given
    if not bad.any():
        return []
    area = crs.area_of_use
    span = f" ({area.west:g}–{area.east:g}°E, {area.south:g}–{area.north:g}°N)" if area else ""
    return [
        Problem(
            where(int(i)),
            "x, y" if columns else "geometry",
            f"({x[i]:,.1f}, {y[i]:,.1f}) falls at {_lonlat_text(lon[i], lat[i])}, outside where "
            f"{crs_.name(crs)} is used{span}: is the coordinate system right?"
            + _zone_hint(crs, x[i], y[i]),
        )
        for i in np.flatnonzero(bad)
    ]


def _lonlat_text(lon: float, lat: float) -> str:
    if not (np.isfinite(lon) and np.isfinite(lat)):
        return "no place on Earth"
    return f"{lon:.2f}°{'E' if lon >= 0 else 'W'}, {lat:.2f}°{'N' if lat >= 0 else 'S'}"


def _zone_hint(crs: Any, x: float, y: float) -> str:
    """Say what the numbers suggest: degrees, or an easting with or without a zone number."""
    if abs(x) <= 180 and abs(y) <= 90:
        return " These look like degrees: set inventory.crs: EPSG:4490."
    auth = crs.to_authority(min_confidence=70)
    code = int(auth[1]) if auth and auth[0] == "EPSG" and auth[1].isdigit() else 0
    zone = int(x // 1_000_000)
    numbered = crs_.GK_ZONE_FIRST <= code < crs_.GK_CM_FIRST
    if crs_.GK_CM_FIRST <= code <= crs_.GK_CM_FIRST + 20 and 25 <= zone <= 45:
        better = crs_.GK_ZONE_FIRST + zone - 25
        return (
            f" Eastings of 8 digits start with the zone number ({zone}): "
            f"use the zone-numbered CRS, EPSG:{better}."
        )
    if numbered and 0 < x < 1_000_000:
        return (
            " Eastings of 6 digits carry no zone number: use the central-meridian CRS, "
            f"EPSG:{code + GK_ZONE_TO_CM}."
        )
    return ""


def _target(crs: Any, box: np.ndarray, spec: InventorySpec, source: str) -> tuple[Any, list]:
    """Return the CRS to project to, or ``None`` to keep *crs*; warn if *crs* distorts areas."""
    x, y = _centres(box)
    lonlat = crs_.to_lonlat(crs, x, y)
    if spec.project_to != "auto":
        target = crs_.parse(spec.project_to, source, "inventory.project_to")
        if not crs_.is_metric(target):
            why = f"{crs_.name(target)} is not a projected CRS in metres; e.g. EPSG:4549"
            return None, [Problem(source, "inventory.project_to", why)]
        return (None if crs_.same(target, crs) else target), []
    if lonlat is None:  # a local CRS with no datum: nothing to project it with
        return None, []
    lon0, lat0 = float(np.nanmedian(lonlat[0])), float(np.nanmedian(lonlat[1]))
    scale = 1.0 if not crs_.is_metric(crs) else crs_.areal_scale(crs, lon0, lat0)
    if crs_.is_metric(crs) and abs(scale - 1) <= crs_.MAX_AREAL_DISTORTION:
        return None, []
    try:
        target = crs_.parse(crs_.gauss_kruger(lon0), source, "inventory.project_to")
    except ValueError as exc:
        return None, [Problem(source, "inventory.project_to", f"{exc}; name a projected CRS")]
    if crs_.is_metric(crs):
        warnings.warn(
            f"{source}: {crs_.name(crs)} distorts areas ×{scale:.2f} at {lat0:.1f}°N; the "
            f"coordinates were projected to {crs_.name(target)}, so areas and distances are "
            "true metres. Web-map data from China may also carry the GCJ-02 or BD-09 offset "
            "of a few hundred metres, which landsim cannot undo (see docs/gis.md).",
            GeometryWarning,
            stacklevel=2,
        )
    return target, []


def _project(
    geometry: Geometry | None, xy: np.ndarray | None, src: Any, dst: Any
) -> tuple[Geometry | None, np.ndarray | None]:
    if geometry is not None:
        gx, gy = crs_.transform(src, dst, geometry.coords[:, 0], geometry.coords[:, 1])
        geometry = geometry.with_coords(np.column_stack([gx, gy]))
    if xy is not None:
        px, py = crs_.transform(src, dst, xy[:, 0], xy[:, 1])
        xy = np.column_stack([px, py])
    return geometry, xy


def _warn_repairs(repairs: list[str], source: str) -> None:
    if not repairs:
        return
    shown = "\n  ".join(repairs[:20])
    more = f"\n  … and {len(repairs) - 20} more" if len(repairs) > 20 else ""
    warnings.warn(
        f"{source}: repaired {len(repairs)} invalid polygon{'s' * (len(repairs) != 1)} "
        f"(inventory.repair_geometry):\n  {shown}{more}",
        GeometryWarning,
        stacklevel=3,
    )
