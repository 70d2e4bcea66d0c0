"""Coordinate reference systems: parse, compare, pick the Gauss-Krüger zone, transform.

Everything here but :func:`geojson_crs` needs pyproj (the ``gis`` extra), imported where
used. Areas and distances in landsim are always planar metres in a projected CRS whose
areal distortion over the data is below :data:`MAX_AREAL_DISTORTION`: degrees and Web
Mercator are projected once, on load, to a CGCS2000 3-degree Gauss-Krüger zone.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from landsim.errors import InputError, Problem

#: What ``coordinates: lonlat`` means: CGCS2000 longitude/latitude. It differs from
#: WGS 84 by centimetres (CGCS2000 and WGS 84 share the ellipsoid to 0.1 mm), far below
#: a parcel survey's accuracy.
LONLAT = "EPSG:4490"
#: Largest areal scale error (|k − 1|) kept without reprojecting. A 3-degree
#: Gauss-Krüger zone stays below 0.07 % at its edges (k = 1 + (Δλ cos φ)² / 2 at 1.5°
#: from the central meridian; assumption: 0.5 % is well above that and well below Web
#: Mercator's 34 % at 30°N).
MAX_AREAL_DISTORTION = 0.005
#: CGCS2000 3-degree Gauss-Krüger zones with the central meridian in the name
#: (EPSG:4534 at 75°E … EPSG:4554 at 135°E) and with the zone number before the easting
#: (EPSG:4513, zone 25 … EPSG:4533, zone 45). Source: the EPSG registry.
GK_CM_FIRST, GK_ZONE_FIRST, GK_CM_RANGE = 4534, 4513, (75, 135)
#: Degrees a coordinate may lie outside its CRS's area of use before it is refused (a
#: district near a zone edge legitimately crosses it; a wrong CRS lands hundreds of km off).
AREA_OF_USE_MARGIN_DEG = 1.0


def geojson_crs(doc: Any) -> str | None:
    """Return the CRS a GeoJSON document names in its (pre-RFC 7946) ``crs`` member, or ``None``.

    Handles ``{"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4549"}}``
    and the older ``{"type": "EPSG", "properties": {"code": 4549}}``.
    """
    crs = doc.get("crs") if isinstance(doc, dict) else None
    props = crs.get("properties") if isinstance(crs, dict) else None
    if not isinstance(props, dict):
        return None
    if props.get("name"):
        return str(props["name"])
    if props.get("code") is not None:
        return f"EPSG:{props['code']}"
    return None


def pyproj_module(where: str, key: str) -> Any:
    """Import pyproj, or raise an :class:`InputError` naming the ``gis`` extra."""
    try:
        import pyproj
    except ImportError:
        raise InputError(
            "coordinate systems need an optional extra",
            [Problem(where, key, "install it with: pip install 'landsim[gis]' (pyproj)")],
        ) from None
    return pyproj


def parse(text: str, where: str, key: str) -> Any:
    """Read a ``pyproj.CRS`` from *text* (``EPSG:4549``, a URN, WKT, PROJ), or raise."""
    pyproj = pyproj_module(where, key)
    try:
        return pyproj.CRS.from_user_input(text)
    except pyproj.exceptions.CRSError as exc:
        raise InputError(
            "unknown coordinate system",
            [Problem(where, key, f"cannot read {text[:80]!r} as a CRS ({exc}); e.g. EPSG:4549")],
        ) from None


def same(a: Any, b: Any) -> bool:
    """Whether two CRSs are the same (an ESRI .prj and its EPSG code count as the same)."""
    if a.equals(b, ignore_axis_order=True):
        return True
    ids = [c.to_authority(min_confidence=70) for c in (a, b)]
    return ids[0] is not None and ids[0] == ids[1]


def name(crs: Any) -> str:
    """``EPSG:4549 (CGCS2000 / 3-degree Gauss-Kruger CM 120E)``, or the CRS's name."""
    auth = crs.to_authority(min_confidence=70)
    return f"{auth[0]}:{auth[1]} ({crs.name})" if auth else crs.name


def as_text(crs: Any) -> str:
    """Write *crs* as text pyproj reads back: ``EPSG:4549`` when it has a code, else WKT."""
    auth = crs.to_authority(min_confidence=90)
    return f"{auth[0]}:{auth[1]}" if auth else crs.to_wkt()


def gauss_kruger(lon: float, *, numbered: bool = False) -> str:
    """Return the CGCS2000 3-degree Gauss-Krüger zone holding longitude *lon* (``EPSG:…``).

    >>> gauss_kruger(120.26), gauss_kruger(120.26, numbered=True)
    ('EPSG:4549', 'EPSG:4528')
    """
    cm = 3 * int(np.floor(lon / 3 + 0.5))
    lo, hi = GK_CM_RANGE
    if not lo <= cm <= hi:
        raise ValueError(f"longitude {lon:.2f} is outside China's 3-degree zones ({lo}–{hi}°E)")
    step = (cm - lo) // 3
    return f"EPSG:{(GK_ZONE_FIRST if numbered else GK_CM_FIRST) + step}"


def is_metric(crs: Any) -> bool:
    """Whether *crs* is projected with axes in metres."""
    if not crs.is_projected:
        return False
    return all(a.unit_name in ("metre", "meter") for a in crs.axis_info[:2])


def areal_scale(crs: Any, lon: float, lat: float) -> float:
    """Areal scale factor of projected *crs* at (*lon*, *lat*): 1.34 for Web Mercator at 30°N."""
    import pyproj

    return float(pyproj.Proj(crs).get_factors(lon, lat).areal_scale)


def to_lonlat(crs: Any, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Longitude and latitude of points given in *crs* (``None`` if it has no datum).

    Coordinates are always in x/y (longitude/latitude) order, as GIS files store them.
    """
    if crs.is_geographic:
        return np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if crs.geodetic_crs is None:
        return None
    return transform(crs, crs.geodetic_crs, x, y)


def transform(src: Any, dst: Any, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Transform arrays of x/y (longitude/latitude order for geographic CRSs)."""
    import pyproj

    t = pyproj.Transformer.from_crs(src, dst, always_xy=True)
    with np.errstate(invalid="ignore"):
        tx, ty = t.transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    return np.asarray(tx, dtype=float), np.asarray(ty, dtype=float)


def outside_area_of_use(crs: Any, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Which points lie outside *crs*'s area of use (by more than the margin), or are not finite."""
    bad = ~(np.isfinite(lon) & np.isfinite(lat))
    area = crs.area_of_use
    if area is None:
        return bad
    m = AREA_OF_USE_MARGIN_DEG
    west, south, east, north = area.bounds
    if west > east:  # crosses the antimeridian: not China; check latitude only
        return bad | (lat < south - m) | (lat > north + m)
    with np.errstate(invalid="ignore"):
        return bad | (lon < west - m) | (lon > east + m) | (lat < south - m) | (lat > north + m)
