"""How much of each parcel's boundary runs within a distance of a neighbour's: in arrays.

The rule of polygon adjacency (see :mod:`landsim.inventory.adjacency`) needs, for two
parcels *i* and *j*, the length of *i*'s boundary lying within *r* metres of *j*'s. Doing
that with GEOS (buffer *j*, intersect with *i*'s boundary) costs about 160 µs a pair.
Here it is done on boundary segments, all at once:

1. every ring is cut into segments; a shapely STRtree over their bounding boxes gives
   the pairs of segments of different parcels whose boxes come within *r*;
2. the points of segment *s* within *r* of segment *t* form one interval of *s* (the
   segment meets a capsule, a convex shape): computed in closed form for every pair;
3. intervals on the same segment from the same neighbour are merged (their union, so
   a neighbour's corner is not counted twice) and their lengths summed per parcel pair.

Each chunk of whole parcels runs all three steps on its own thread (numpy and GEOS
release the GIL), which also bounds memory at a million parcels. The result equals
GEOS's to floating-point precision, except where a boundary lies *inside* the other
polygon deeper than *r* (overlapping parcels), which GEOS counts and this does not.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from landsim.inventory.geometry import Geometry

#: Segments per chunk (bounds the memory of a chunk to a few hundred MB).
CHUNK = 50_000


@dataclass(frozen=True)
class Segments:
    """Boundary segments of all parcels: start, direction, length and owning parcel."""

    start: np.ndarray
    step: np.ndarray
    length: np.ndarray
    owner: np.ndarray

    @classmethod
    def of(cls, geometry: Geometry) -> Segments:
        """Cut every ring of *geometry* into segments (in a local origin, for precision)."""
        ro, po, pa = geometry.ring_offsets, geometry.polygon_offsets, geometry.parcel_offsets
        assert ro is not None and po is not None and pa is not None
        c = geometry.coords - np.nanmin(geometry.coords, axis=0)
        last = np.zeros(len(c), dtype=bool)
        last[ro[1:] - 1] = True  # the closing vertex of a ring starts no segment
        first = np.flatnonzero(~last)
        ring = np.searchsorted(ro, first, side="right") - 1
        owner = np.searchsorted(pa, np.searchsorted(po, ring, side="right") - 1, side="right") - 1
        step = c[first + 1] - c[first]
        return cls(c[first], step, np.hypot(step[:, 0], step[:, 1]), owner)

    @property
    def boxes(self) -> tuple[np.ndarray, ...]:
        """``xmin, ymin, xmax, ymax`` of every segment."""
        end = self.start + self.step
        lo, hi = np.minimum(self.start, end), np.maximum(self.start, end)
        return lo[:, 0], lo[:, 1], hi[:, 0], hi[:, 1]


def shared_lengths(
    geometry: Geometry, reach: float, workers: int | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Measure, for parcels whose boundaries come within *reach*, how much of them is shared.

    For each pair ``i < j``: the longer of the length of *i*'s boundary within *reach*
    metres of *j*'s boundary, and the reverse.

    Parameters
    ----------
    geometry
        Polygon geometry in metres.
    reach
        Distance in metres (> 0).
    workers
        Threads; by default the machine's cores, at most 4.

    Returns
    -------
    tuple of numpy.ndarray
        ``i``, ``j`` (``int64``, ``i < j``) and the shared length in metres.
    """
    import shapely

    seg = Segments.of(geometry)
    x0, y0, x1, y1 = seg.boxes
    n = geometry.n
    chunks = _chunks(seg.owner)

    def boxes(chunk: slice, grow: float = 0.0) -> np.ndarray:
        return shapely.box(x0[chunk] - grow, y0[chunk] - grow, x1[chunk] + grow, y1[chunk] + grow)

    with ThreadPoolExecutor(workers or min(4, os.cpu_count() or 1)) as pool:
        tree = shapely.STRtree(np.concatenate(list(pool.map(boxes, chunks))))

        def run(chunk: slice) -> tuple[np.ndarray, ...]:
            # each chunk holds whole parcels, so it sees every interval on its segments
            mine, other = tree.query(boxes(chunk, reach))
            return _directed(seg, mine + chunk.start, other, reach, n)

        parts = list(pool.map(run, chunks))
    owner, other, length = (np.concatenate([p[k] for p in parts]) for k in range(3))
    return _longer_way(owner, other, length, n)


def _chunks(owner: np.ndarray) -> list[slice]:
    """About :data:`CHUNK` segments each, cut where a parcel starts."""
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    cuts = np.unique(starts[np.searchsorted(starts, np.arange(0, len(owner), CHUNK))])
    ends = np.r_[cuts[1:], len(owner)]
    return [slice(int(a), int(b)) for a, b in zip(cuts, ends, strict=True)]


def _directed(
    seg: Segments, si: np.ndarray, sj: np.ndarray, reach: float, n: int
) -> tuple[np.ndarray, ...]:
    """Length of each parcel's boundary (in *si*) within *reach* of each neighbour's."""
    keep = seg.owner[si] != seg.owner[sj]
    si, sj = si[keep], sj[keep]
    lo, hi = within(seg.start[si], seg.step[si], seg.start[sj], seg.step[sj], reach)
    ok = hi > lo
    si, other, lo, hi = si[ok], seg.owner[sj[ok]], lo[ok], hi[ok]
    covered = _union(si.astype(np.int64) * n + other, lo, hi) * seg.length[si]
    directed, at = np.unique(seg.owner[si].astype(np.int64) * n + other, return_inverse=True)
    return directed // n, directed % n, np.bincount(at, covered, minlength=len(directed))


def within(
    p: np.ndarray, d: np.ndarray, q: np.ndarray, f: np.ndarray, r: float
) -> tuple[np.ndarray, np.ndarray]:
    """Return where segments come within *r* of other segments, as intervals.

    The interval ``[lo, hi]`` of ``u ∈ [0, 1]`` where ``p + u·d`` is within *r* of the
    segment from ``q`` to ``q + f``; empty where ``hi <= lo``.

    The points within *r* of a segment form a capsule: a rectangle along it and a disc at
    each end. A segment meets a convex shape in one interval: the union of its meetings
    with the three parts.
    """
    m = np.hypot(f[:, 0], f[:, 1])
    with np.errstate(invalid="ignore", divide="ignore"):
        ux, uy = f[:, 0] / m, f[:, 1] / m
    wx, wy = p[:, 0] - q[:, 0], p[:, 1] - q[:, 1]
    dx, dy = d[:, 0], d[:, 1]
    lo, hi = np.zeros(len(p)), np.ones(len(p))
    along = (wx * ux + wy * uy, dx * ux + dy * uy, 0.0, m)
    across = (wy * ux - wx * uy, dy * ux - dx * uy, -r, r)
    for start, rate, low, high in (along, across):
        lo, hi = _slab(lo, hi, start, rate, low, high)
    empty = (lo > hi) | ~(m > 0)
    lo, hi = np.where(empty, np.inf, lo), np.where(empty, -np.inf, hi)
    dd = dx * dx + dy * dy
    for end in (q, q + f):
        lo, hi = _disc(lo, hi, p - end, dx, dy, dd, r)
    return lo, hi


def _slab(lo, hi, start, rate, low, high):
    """Clip ``[lo, hi]`` to where ``start + u·rate`` lies in ``[low, high]``."""
    with np.errstate(invalid="ignore", divide="ignore"):
        inv = 1.0 / rate
        u1, u2 = (low - start) * inv, (high - start) * inv
    parallel = ~np.isfinite(inv)
    inside = (start >= low) & (start <= high)
    lo = np.where(parallel, np.where(inside, lo, np.inf), np.maximum(lo, np.minimum(u1, u2)))
    hi = np.where(parallel, hi, np.minimum(hi, np.maximum(u1, u2)))
    return lo, hi


def _disc(lo, hi, w, dx, dy, dd, r):
    """Extend ``[lo, hi]`` by where the segment is within *r* of a point (*w* = start − point)."""
    half_b = dx * w[:, 0] + dy * w[:, 1]
    disc = half_b * half_b - dd * (w[:, 0] ** 2 + w[:, 1] ** 2 - r * r)
    root = np.sqrt(np.maximum(disc, 0.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        u1 = np.maximum((-half_b - root) / dd, 0.0)
        u2 = np.minimum((-half_b + root) / dd, 1.0)
    ok = (disc >= 0) & (u1 <= u2)
    return np.where(ok, np.minimum(lo, u1), lo), np.where(ok, np.maximum(hi, u2), hi)


def _union(key: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """For each interval, the part of it not covered by earlier intervals of its key.

    Summed per key, this is the length of the union of the key's intervals (so a
    neighbour's corner, near two of its segments, is not counted twice).
    """
    order = np.lexsort((lo, key))
    k, a, b = key[order], lo[order], hi[order]
    first = np.ones(len(k), dtype=bool)
    first[1:] = k[1:] != k[:-1]
    group = np.cumsum(first)
    # running end of the union so far, kept within each group by an offset of 2 per group
    reach_end = np.maximum.accumulate(b + 2.0 * group)
    before = np.full(len(k), -np.inf)
    before[1:] = reach_end[:-1] - 2.0 * group[1:]
    before[first] = -np.inf
    out = np.empty(len(k))
    out[order] = np.maximum(0.0, b - np.maximum(a, before))
    return out


def _longer_way(
    owner: np.ndarray, other: np.ndarray, length: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unordered pairs ``i < j`` with the larger of the two directed lengths."""
    pair = np.minimum(owner, other) * n + np.maximum(owner, other)
    order = np.lexsort((-length, pair))
    pair, length = pair[order], length[order]
    head = np.ones(len(pair), dtype=bool)
    head[1:] = pair[1:] != pair[:-1]
    return pair[head] // n, pair[head] % n, length[head]
