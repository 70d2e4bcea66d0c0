"""Outlines for maps: platforms dissolved from their parcels, and the exact shape of blocks.

*Platforms* are outlined as a planner draws a zone boundary: around the parcels and the
roads between them. Each platform's parcels are burnt into a grid (about 400 cells
across the map), closed over gaps up to :data:`PLATFORM_GAP_M` (streets and a skipped
block), holes filled, smoothed by one cell and contoured. Cost grows with the map's
cells, not with parcels, so 100,000 parcels draw as fast as 8,000.

*Blocks* (contiguous clusters and major-project blocks) are outlined exactly: the union
of their parcels' polygons, with gaps narrower than the adjacency tolerance closed
(buffer out, union, buffer in, mitred so corners stay square). Not a convex hull: a
block shaped like an L looks like an L. Needs shapely (the ``gis`` extra); without it,
each member parcel is outlined instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import ndimage

#: Cells across the longer side of the map for platform outlines.
GRID = 400
#: Gaps closed inside a platform (assumption: arterial roads of 35–60 m and an occasional
#: non-industrial block of ≈ 250 m lie inside a zone; zones of one platform kilometres
#: apart stay separate outlines).
PLATFORM_GAP_M = 300.0


@dataclass(frozen=True)
class Piece:
    """One separate part of a platform's outline.

    *xy* is the point deepest inside it (where a name fits best), *bounds* its
    ``xmin, ymin, xmax, ymax`` and *area* its area, in metres and m².
    """

    xy: tuple[float, float]
    bounds: tuple[float, float, float, float]
    area: float


@dataclass(frozen=True)
class Region:
    """One platform's outline: a smoothed occupancy field to contour at 0.5, and its pieces.

    *key* is the platform's code (one of the *keys* given to :func:`platform_regions`);
    *pieces* are its separate parts, largest first: a platform of several zones kilometres
    apart has one piece per zone, and each can carry the platform's name.
    """

    key: int
    x: np.ndarray
    y: np.ndarray
    field: np.ndarray
    pieces: tuple[Piece, ...]

    @property
    def label_xy(self) -> tuple[float, float]:
        """The point deepest inside the largest piece."""
        return self.pieces[0].xy


def platform_regions(boxes: np.ndarray, groups: np.ndarray, keys: Sequence[int]) -> list[Region]:
    """Outline each group of parcels (by *groups* code) whose code is in *keys*.

    Parameters
    ----------
    boxes
        ``(n, 4)`` bounding boxes ``xmin, ymin, xmax, ymax`` of the parcels, in metres.
    groups
        ``(n,)`` integer code of each parcel's platform.
    keys
        The codes to outline, in order. A code with no parcel drawn has no region: each
        region says whose it is (``Region.key``).
    """
    lo = np.nanmin(boxes[:, :2], axis=0)
    hi = np.nanmax(boxes[:, 2:], axis=0)
    cell = float(max(hi - lo)) / GRID
    pad = int(np.ceil(PLATFORM_GAP_M / cell)) + 2
    origin = lo - pad * cell
    shape = (
        int(np.ceil((hi - lo)[1] / cell)) + 2 * pad + 1,
        int(np.ceil((hi - lo)[0] / cell)) + 2 * pad + 1,
    )
    rows, cols, owner = _burn(boxes, origin, cell)
    x = origin[0] + (np.arange(shape[1]) + 0.5) * cell
    y = origin[1] + (np.arange(shape[0]) + 0.5) * cell
    radius = max(1, round(PLATFORM_GAP_M / 2 / cell))
    disk = _disk(radius)
    out = []
    for k in keys:
        mask = np.zeros(shape, dtype=bool)
        mine = groups[owner] == k
        mask[rows[mine], cols[mine]] = True
        if not mask.any():
            continue
        closed = ndimage.binary_fill_holes(ndimage.binary_closing(mask, disk))
        smooth = ndimage.gaussian_filter(closed.astype(float), 1.0)
        out.append(Region(k, x, y, smooth, pieces(closed, x, y)))
    return out


def _burn(boxes: np.ndarray, origin: np.ndarray, cell: float) -> tuple[np.ndarray, ...]:
    """Grid cells covered by each box: ``(rows, cols, parcel)`` of every covered cell."""
    ok = np.isfinite(boxes).all(axis=1)
    idx = np.flatnonzero(ok)
    c0 = np.floor((boxes[idx, :2] - origin) / cell).astype(np.int64)
    c1 = np.floor((boxes[idx, 2:] - origin) / cell).astype(np.int64)
    nx, ny = c1[:, 0] - c0[:, 0] + 1, c1[:, 1] - c0[:, 1] + 1
    count = nx * ny
    owner = np.repeat(idx, count)
    k = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    cols = np.repeat(c0[:, 0], count) + k % np.repeat(nx, count)
    rows = np.repeat(c0[:, 1], count) + k // np.repeat(nx, count)
    return rows, cols, owner


def _disk(radius: int) -> np.ndarray:
    r = np.arange(-radius, radius + 1)
    return (r[:, None] ** 2 + r[None, :] ** 2) <= radius**2


def pieces(mask: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[Piece, ...]:
    """Return the separate parts of *mask* (cell centres *x*, *y*), largest first.

    Each part's point is the one deepest inside it: the parts lie apart, so the distance
    to the nearest cell outside the part, searched within its bounding box only (a few
    parts per platform, none a scan of the whole grid).
    """
    labels, _ = ndimage.label(mask)
    half = (x[1] - x[0]) / 2 if len(x) > 1 else 0.5
    out = []
    for k, (rows, cols) in enumerate(ndimage.find_objects(labels), start=1):
        mine = labels[rows, cols] == k
        depth = ndimage.distance_transform_edt(np.pad(mine, 1))[1:-1, 1:-1]
        r, c = np.unravel_index(int(np.argmax(depth)), mine.shape)
        bounds = (x[cols.start], y[rows.start], x[cols.stop - 1], y[rows.stop - 1])
        out.append(
            Piece(
                (float(x[cols.start + c]), float(y[rows.start + r])),
                (bounds[0] - half, bounds[1] - half, bounds[2] + half, bounds[3] + half),
                float(mine.sum()) * (2 * half) ** 2,
            )
        )
    return tuple(sorted(out, key=lambda p: -p.area))


def block_rings(polygons: np.ndarray, members: Sequence[np.ndarray], close: float) -> list[list]:
    """Return the outline rings of the union of each group of parcels (shapely polygons).

    Parameters
    ----------
    polygons
        One shapely (Multi)Polygon per parcel.
    members
        For each block, the indices of its parcels.
    close
        Half the widest gap closed between members (metres).

    Returns
    -------
    list of list of numpy.ndarray
        For each block, its rings (exteriors and holes) as ``(k, 2)`` arrays.
    """
    import shapely

    out = []
    for idx in members:
        grown = shapely.buffer(polygons[idx], close, join_style="mitre", mitre_limit=3.0)
        block = shapely.buffer(shapely.union_all(grown), -close, join_style="mitre")
        parts = shapely.get_parts(block)
        rings = [*shapely.get_exterior_ring(parts), *_interiors(parts)]
        out.append([shapely.get_coordinates(r) for r in rings if not r.is_empty])
    return out


def _interiors(parts: np.ndarray) -> list:
    import shapely

    counts = shapely.get_num_interior_rings(parts)
    return [
        shapely.get_interior_ring(p, k)
        for p, n in zip(parts, counts, strict=True)
        for k in range(n)
    ]
