"""Parcel geometry held as flat arrays (no shapely needed to load or draw it).

Polygons are stored like GeoArrow / shapely's ragged arrays: one array of vertices and
offsets that say where each ring, polygon and parcel starts. Areas and centroids are
computed with the shoelace formula over all rings at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from landsim.errors import InputError, Problem


@dataclass(frozen=True)
class Geometry:
    """Polygons or points, one entry per parcel.

    Attributes
    ----------
    kind
        ``"polygon"`` or ``"point"``.
    coords
        ``(V, 2)`` vertices (polygons) or ``(n, 2)`` points.
    ring_offsets, polygon_offsets, parcel_offsets
        Polygons only: vertex index where each ring starts; ring index where each
        polygon starts; polygon index where each parcel starts (each with a final end).
    """

    kind: str
    coords: np.ndarray
    ring_offsets: np.ndarray | None = None
    polygon_offsets: np.ndarray | None = None
    parcel_offsets: np.ndarray | None = None

    @property
    def n(self) -> int:
        """Number of parcels."""
        if self.kind == "point":
            return len(self.coords)
        assert self.parcel_offsets is not None
        return len(self.parcel_offsets) - 1

    def areas_and_centroids(self) -> tuple[np.ndarray, np.ndarray]:
        """Area (m², holes subtracted) and area-weighted centroid of each parcel."""
        if self.kind == "point":
            return np.zeros(self.n), self.coords.copy()
        ro, po, pa = self.ring_offsets, self.polygon_offsets, self.parcel_offsets
        assert ro is not None and po is not None and pa is not None
        starts = ro[:-1]
        if not len(starts):
            return np.zeros(self.n), np.full((self.n, 2), np.nan)
        # each ring relative to its first vertex: Gauss-Krüger coordinates (3.3e6 m) in
        # the shoelace products would cost ~0.5 m of centroid precision on small parcels
        first = self.coords[starts]
        local = self.coords - np.repeat(first, np.diff(ro), axis=0)
        x, y = local[:, 0], local[:, 1]
        # next vertex within the same ring (rings are closed: last vertex == first)
        nxt = np.arange(1, len(x) + 1)
        nxt[ro[1:] - 1] = ro[:-1]
        cross = x * y[nxt] - x[nxt] * y
        ring_a = np.add.reduceat(cross, starts) / 2.0
        ring_cx = np.add.reduceat((x + x[nxt]) * cross, starts) / 6.0 + first[:, 0] * ring_a
        ring_cy = np.add.reduceat((y + y[nxt]) * cross, starts) / 6.0 + first[:, 1] * ring_a
        # the first ring of each polygon is its shell; later rings are holes
        is_shell = np.zeros(len(starts), dtype=bool)
        is_shell[po[:-1]] = True
        sign = np.where(is_shell, 1.0, -1.0) * np.sign(ring_a)
        ring_parcel = _owner(_owner(np.arange(len(starts)), po), pa)
        n = self.n
        area = np.bincount(ring_parcel, sign * ring_a, minlength=n)
        cx = np.bincount(ring_parcel, sign * ring_cx, minlength=n)
        cy = np.bincount(ring_parcel, sign * ring_cy, minlength=n)
        with np.errstate(invalid="ignore", divide="ignore"):
            centroids = np.column_stack([cx / area, cy / area])
        return np.abs(area), centroids

    def vertex_ranges(self) -> tuple[np.ndarray, np.ndarray]:
        """For each parcel, the first vertex and one past its last (polygons only)."""
        ro, po, pa = self.ring_offsets, self.polygon_offsets, self.parcel_offsets
        assert ro is not None and po is not None and pa is not None
        return ro[po[pa[:-1]]], ro[po[pa[1:]]]

    def bounds(self) -> np.ndarray:
        """``(n, 4)`` ``xmin, ymin, xmax, ymax`` of each parcel (NaN for one without vertices)."""
        if self.kind == "point":
            return np.column_stack([self.coords, self.coords])
        start, stop = self.vertex_ranges()
        out = np.full((self.n, 4), np.nan)
        has = stop > start
        if has.any():
            # parcels' vertices are consecutive, so each range runs to the next start
            at = start[has]
            out[has, :2] = np.minimum.reduceat(self.coords, at, axis=0)
            out[has, 2:] = np.maximum.reduceat(self.coords, at, axis=0)
        return out

    def with_coords(self, coords: np.ndarray) -> Geometry:
        """Return the same shapes with new vertex coordinates (e.g. after a projection)."""
        return Geometry(
            self.kind, coords, self.ring_offsets, self.polygon_offsets, self.parcel_offsets
        )

    def shells(self) -> list[np.ndarray]:
        """Outer rings of every polygon, for drawing (one array per polygon)."""
        assert self.kind == "polygon" and self.ring_offsets is not None
        assert self.polygon_offsets is not None
        first = self.polygon_offsets[:-1]
        return [self.coords[self.ring_offsets[r] : self.ring_offsets[r + 1]] for r in first]

    def shell_parcels(self) -> np.ndarray:
        """For each polygon returned by :meth:`shells`, the parcel it belongs to."""
        assert self.parcel_offsets is not None and self.polygon_offsets is not None
        return _owner(np.arange(len(self.polygon_offsets) - 1), self.parcel_offsets)

    def to_shapely_checked(self) -> Any:
        """Like :meth:`to_shapely`, but a missing shapely becomes a clear :class:`InputError`."""
        try:
            import shapely  # noqa: F401
        except ImportError:
            raise InputError(
                "polygon adjacency needs an optional extra",
                [
                    Problem(
                        "inventory.adjacency",
                        "method",
                        "polygons need shapely: pip install 'landsim[gis]' (or set method: points)",
                    )
                ],
            ) from None
        return self.to_shapely()

    def to_shapely(self) -> Any:
        """Shapely geometries (needs the ``gis`` extra)."""
        import shapely

        if self.kind == "point":
            return shapely.points(self.coords)
        return shapely.from_ragged_array(
            shapely.GeometryType.MULTIPOLYGON,
            self.coords,
            (self.ring_offsets, self.polygon_offsets, self.parcel_offsets),
        )


def _owner(items: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    return np.searchsorted(offsets, items, side="right") - 1


def from_shapely(geoms: np.ndarray) -> Geometry:
    """Polygon geometry from shapely Polygons/MultiPolygons, one per parcel (each non-empty)."""
    import shapely

    parts, index = shapely.get_parts(geoms, return_index=True)
    multi = shapely.multipolygons(parts, indices=index)
    _, coords, (rings, polygons, parcels) = shapely.to_ragged_array(multi)
    return Geometry("polygon", coords, rings, polygons, parcels)


def from_rings(polygons: Sequence[Sequence[np.ndarray]], per_parcel: Sequence[int]) -> Geometry:
    """Build polygon geometry from rings.

    Parameters
    ----------
    polygons
        For each polygon, its rings (shell first, then holes), each ``(k, 2)`` and closed.
    per_parcel
        How many consecutive polygons belong to each parcel.
    """
    rings = [np.asarray(r, dtype=float) for poly in polygons for r in poly]
    ring_off = np.zeros(len(rings) + 1, dtype=np.int64)
    ring_off[1:] = np.cumsum([len(r) for r in rings])
    poly_off = np.zeros(len(polygons) + 1, dtype=np.int64)
    poly_off[1:] = np.cumsum([len(p) for p in polygons])
    parcel_off = np.zeros(len(per_parcel) + 1, dtype=np.int64)
    parcel_off[1:] = np.cumsum(per_parcel)
    coords = np.concatenate(rings) if rings else np.zeros((0, 2))
    return Geometry("polygon", coords, ring_off, poly_off, parcel_off)


def rectangles(x0: np.ndarray, y0: np.ndarray, x1: np.ndarray, y1: np.ndarray) -> Geometry:
    """Axis-aligned rectangles as polygon geometry, built without Python loops."""
    n = len(x0)
    xs = np.stack([x0, x1, x1, x0, x0], axis=1)
    ys = np.stack([y0, y0, y1, y1, y0], axis=1)
    coords = np.stack([xs.ravel(), ys.ravel()], axis=1)
    offsets = np.arange(n + 1, dtype=np.int64)
    return Geometry("polygon", coords, offsets * 5, offsets, offsets)


def from_geojson_features(features: list[Any], path: Path) -> tuple[Geometry | None, list[Problem]]:
    """Geometry of GeoJSON features: all polygons/multipolygons, or all points."""
    problems: list[Problem] = []
    kinds = {(f.get("geometry") or {}).get("type") for f in features if isinstance(f, dict)}
    if not features:
        return None, problems
    if kinds <= {"Point"}:
        pts = [(f.get("geometry") or {}).get("coordinates", [np.nan, np.nan])[:2] for f in features]
        return Geometry("point", np.asarray(pts, dtype=float)), problems
    polygons: list[list[np.ndarray]] = []
    per_parcel: list[int] = []
    for i, f in enumerate(features, start=1):
        geom = (f.get("geometry") or {}) if isinstance(f, dict) else {}
        kind, coords = geom.get("type"), geom.get("coordinates")
        if kind == "Polygon":
            parts = [coords]
        elif kind == "MultiPolygon":
            parts = coords
        else:
            problems.append(
                Problem(
                    f"{path}, feature {i}",
                    "geometry",
                    f"{kind or 'no geometry'}; every feature must be a Polygon "
                    "or MultiPolygon (or every feature a Point)",
                )
            )
            per_parcel.append(0)
            continue
        try:
            rings = [[np.asarray(r, dtype=float)[:, :2] for r in part] for part in parts]
        except (ValueError, IndexError, TypeError):
            problems.append(Problem(f"{path}, feature {i}", "geometry", "malformed coordinates"))
            per_parcel.append(0)
            continue
        polygons.extend(rings)
        per_parcel.append(len(rings))
    return from_rings(polygons, per_parcel), problems
