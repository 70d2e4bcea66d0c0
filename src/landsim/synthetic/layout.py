"""Street grids and plot subdivision for the synthetic inventory, in array rounds."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landsim.synthetic.assumptions import Layout
from landsim.units import M2_PER_MU


@dataclass(frozen=True)
class Plots:
    """Rectangular plots: corners in metres, the block and zone each belongs to."""

    x0: np.ndarray
    y0: np.ndarray
    x1: np.ndarray
    y1: np.ndarray
    block: np.ndarray
    zone: np.ndarray

    @property
    def area_mu(self) -> np.ndarray:
        """Plot areas in mu."""
        return (self.x1 - self.x0) * (self.y1 - self.y0) / M2_PER_MU


def blocks_for_zone(
    rng: np.random.Generator, centre: tuple[float, float], target_mu: float, lay: Layout
) -> np.ndarray:
    """Blocks ``(k, 4)`` of ``x0, y0, x1, y1`` on a street grid around *centre* (km).

    Grid cells are taken nearest-first until their area reaches *target_mu*; a share of
    cells is skipped (non-industrial land) so zones are not perfect squares.
    """
    mean_block_mu = np.mean(lay.block_w) * np.mean(lay.block_h) / M2_PER_MU
    k = int(np.ceil(np.sqrt(target_mu / mean_block_mu / (1 - lay.skip_block)))) + 3
    w = rng.uniform(*lay.block_w, size=k)
    h = rng.uniform(*lay.block_h, size=k)
    xs = np.concatenate([[0.0], np.cumsum(w + rng.uniform(*lay.road, size=k))])[:k]
    ys = np.concatenate([[0.0], np.cumsum(h + rng.uniform(*lay.road, size=k))])[:k]
    gx, gy = np.meshgrid(np.arange(k), np.arange(k))
    gx, gy = gx.ravel(), gy.ravel()
    x0 = xs[gx] - xs[k // 2] + centre[0] * 1000.0
    y0 = ys[gy] - ys[k // 2] + centre[1] * 1000.0
    x1, y1 = x0 + w[gx], y0 + h[gy]
    cx, cy = (x0 + x1) / 2 - centre[0] * 1000.0, (y0 + y1) / 2 - centre[1] * 1000.0
    keep = rng.random(len(x0)) >= lay.skip_block
    order = np.argsort(np.hypot(cx, cy) + rng.uniform(0, 50, len(cx)), kind="stable")
    order = order[keep[order]]
    area = ((x1 - x0) * (y1 - y0) / M2_PER_MU)[order]
    take = order[: int(np.searchsorted(np.cumsum(area), target_mu)) + 1]
    return np.column_stack([x0[take], y0[take], x1[take], y1[take]])


def subdivide(rng: np.random.Generator, blocks: np.ndarray, zone: np.ndarray, lay: Layout) -> Plots:
    """Split blocks into plots, in array rounds.

    Every round splits, along its longer side, each rectangle still larger than its own
    randomly drawn target size.
    """
    x0, y0, x1, y1 = (blocks[:, i].copy() for i in range(4))
    block = np.arange(len(blocks))
    zone = zone.copy()
    done = np.zeros(0, dtype=bool)
    finished: list[np.ndarray] = []
    for _ in range(64):
        n = len(x0)
        target = np.clip(
            rng.lognormal(np.log(lay.plot_median_mu), lay.plot_sigma, n), lay.min_plot_mu, 600
        )
        area = (x1 - x0) * (y1 - y0) / M2_PER_MU
        done = (area <= target) | (area < 2 * lay.min_plot_mu)
        finished.append(
            np.column_stack([x0[done], y0[done], x1[done], y1[done], block[done], zone[done]])
        )
        x0, y0, x1, y1, block, zone, area = (a[~done] for a in (x0, y0, x1, y1, block, zone, area))
        if len(x0) == 0:
            break
        frac = rng.uniform(*lay.split_fraction, len(x0))
        lane = np.where(
            (area > 60) & (rng.random(len(x0)) < lay.lane_prob), lay.lane_width / 2, 0.0
        )
        vertical = (x1 - x0) >= (y1 - y0)
        cut_x = x0 + frac * (x1 - x0)
        cut_y = y0 + frac * (y1 - y0)
        # left/bottom child, then right/top child
        ax1 = np.where(vertical, cut_x - lane, x1)
        ay1 = np.where(vertical, y1, cut_y - lane)
        bx0 = np.where(vertical, cut_x + lane, x0)
        by0 = np.where(vertical, y0, cut_y + lane)
        x0, y0, x1, y1 = (np.concatenate(p) for p in ((x0, bx0), (y0, by0), (ax1, x1), (ay1, y1)))
        block, zone = np.concatenate([block, block]), np.concatenate([zone, zone])
    allp = np.concatenate(finished)
    inset = rng.uniform(*lay.inset, size=(len(allp), 4))
    return Plots(
        allp[:, 0] + inset[:, 0],
        allp[:, 1] + inset[:, 1],
        allp[:, 2] - inset[:, 2],
        allp[:, 3] - inset[:, 3],
        allp[:, 4].astype(np.int64),
        allp[:, 5].astype(np.int64),
    )


def rectangle_pairs(plots: Plots, tolerance: float) -> tuple[np.ndarray, np.ndarray]:
    """Find exactly which rectangles share a boundary.

    The rule is that of :func:`landsim.inventory.adjacency.polygon_pairs`: the length of
    one rectangle's boundary lying within *tolerance* of the other must exceed
    ``2 × tolerance``.
    """
    from landsim.inventory.adjacency import point_pairs

    cx, cy = (plots.x0 + plots.x1) / 2, (plots.y0 + plots.y1) / 2
    diag = np.hypot(plots.x1 - plots.x0, plots.y1 - plots.y0)
    i, j = point_pairs(np.column_stack([cx, cy]), diag, 1.0, tolerance)
    r = max(tolerance, 1e-6)
    shared = np.maximum(_boundary_within(plots, i, j, r), _boundary_within(plots, j, i, r))
    ok = shared > 2 * r + 1e-9
    return i[ok], j[ok]


def _boundary_within(p: Plots, a: np.ndarray, b: np.ndarray, r: float) -> np.ndarray:
    """Length of rectangle *a*'s boundary within distance *r* of rectangle *b*."""
    total = np.zeros(len(a))
    # horizontal edges of a (bottom, top), then vertical edges (left, right)
    for fixed, lo, hi, b_lo, b_hi, bf_lo, bf_hi in (
        (p.y0[a], p.x0[a], p.x1[a], p.x0[b], p.x1[b], p.y0[b], p.y1[b]),
        (p.y1[a], p.x0[a], p.x1[a], p.x0[b], p.x1[b], p.y0[b], p.y1[b]),
        (p.x0[a], p.y0[a], p.y1[a], p.y0[b], p.y1[b], p.x0[b], p.x1[b]),
        (p.x1[a], p.y0[a], p.y1[a], p.y0[b], p.y1[b], p.x0[b], p.x1[b]),
    ):
        off = np.maximum(0, np.maximum(bf_lo - fixed, fixed - bf_hi))  # distance across
        along = np.sqrt(np.maximum(r * r - off * off, 0))  # reach left along the edge
        length = np.minimum(hi, b_hi + along) - np.maximum(lo, b_lo - along)
        total += np.where(off <= r, np.maximum(length, 0), 0)
    return total
