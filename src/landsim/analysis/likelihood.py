"""Simulated likelihood of a treatment history: how probable the model makes what happened.

For each parcel and each *block* — its vacating, upgrade and reactivation, and (when the
history records them) its land's sale and first production — the outcome is a category:
the year it happened, or "not in these years". Draws of the model at one parameter value
give each parcel's frequency of each category; the history's **log score** is the sum,
over parcels and blocks, of the log of the frequency of what really happened, smoothed
so that an outcome no draw produced costs a finite penalty:

    p = (count + α·base) / (draws + α),

with ``base`` the category's share over all parcels at that value (a Dirichlet prior of
weight ``α = 1``). Values that select the same parcels thus score exactly alike, so a
plateau shows as one. The smoothing makes the log score favour a little more noise than
the truth has (an outcome a few draws happen to miss costs more where there is less
noise); the bootstrap of :mod:`.calibrate` measures that bias and takes it off.

The log score is a proper scoring rule, so its expectation is highest where the simulated
frequencies equal the true ones; summing it over parcels treats them as independent,
which they are not (quotas tie them together) — that is why intervals come from a
parametric bootstrap, not from the curvature of this sum (see ``docs/backtest.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from landsim.analysis.replay import Paths

#: Outcomes scored per parcel; the last two only when the history records them.
BLOCKS = ("vacate", "upgrade", "reactivate", "transfer", "production")
#: Weight of the smoothing prior, in draws.
ALPHA = 1.0
#: Values tried between the two grid intervals around the best grid point.
SUBGRID = 81


def categories(years: Sequence[np.ndarray], t0: int, t1: int) -> np.ndarray:
    """Turn per-block year indices into ``(..., B, N)`` categories.

    A year in ``t0 … t1 − 1`` becomes ``year − t0``; anything else ``t1 − t0`` ("not in
    these years").
    """
    stacked = np.stack([np.asarray(y) for y in years], axis=-2).astype(np.int16)
    inside = (stacked >= t0) & (stacked < t1)
    return np.where(inside, stacked - t0, t1 - t0).astype(np.int8)


def path_categories(paths: Paths, blocks: Sequence[str], t0: int, t1: int) -> np.ndarray:
    """``(D, B, N)`` categories of every draw of *paths*."""
    return categories([paths.of(b) for b in blocks], t0, t1)


@dataclass(frozen=True)
class Frequencies:
    """How often each parcel's outcome fell in each category, at each parameter value.

    Attributes
    ----------
    counts
        ``(G, B, N, C)`` draws per category, for ``G`` parameter values.
    draws
        Draws per parameter value.
    """

    counts: np.ndarray
    draws: int

    @classmethod
    def of(cls, cats: np.ndarray, points: int, n_categories: int) -> Frequencies:
        """Count ``(points × draws, B, N)`` categories, the draws of each point together."""
        total, b, n = cats.shape
        k = total // points
        c = n_categories
        counts = np.zeros((points, b, n, c), dtype=np.uint16)
        flat = (np.arange(b)[:, None] * n + np.arange(n)[None, :]) * c
        for g in range(points):
            key = flat[None] + cats[g * k : (g + 1) * k]
            counts[g] = np.bincount(key.ravel(), minlength=b * n * c).reshape(b, n, c)
        return cls(counts, k)

    def probabilities(self, cats: np.ndarray) -> np.ndarray:
        """``(G, B, N)`` smoothed probability of the categories *cats* (``(B, N)``)."""
        g, b, n, c = self.counts.shape
        cats = cats.astype(np.int64)
        hit = np.take_along_axis(self.counts, cats[None, :, :, None], axis=3)[..., 0]
        # the category's share over all parcels, itself never 0 (one draw spread evenly)
        base = (self.counts.sum(axis=2, dtype=np.int64) + 1 / c) / (self.draws * n + 1)
        prior = np.take_along_axis(base, np.broadcast_to(cats[None], (g, b, n)), axis=2)
        return (hit + ALPHA * prior) / (self.draws + ALPHA)

    def log_score(self, cats: np.ndarray) -> np.ndarray:
        """``(G,)`` log score of one history's categories (``(B, N)``) at each value."""
        return np.log(self.probabilities(cats)).sum(axis=(1, 2))

    def leave_one_out(self, draws: np.ndarray, cats: np.ndarray) -> np.ndarray:
        """Return the log score of *cats* at each value with each draw left out in turn.

        Parameters
        ----------
        draws
            The ``(G × draws, B, N)`` categories these frequencies counted (:meth:`of`).
        cats
            One history's categories (``(B, N)``).

        Returns
        -------
        numpy.ndarray
            ``(draws, G)``: row *i* is :meth:`log_score` of the frequencies without draw
            *i* of every value (empty with a single draw).
        """
        g, b, n, c = self.counts.shape
        k = self.draws
        if k < 2:
            return np.empty((0, g))
        cats = cats.astype(np.int64)
        hit = np.take_along_axis(self.counts, cats[None, :, :, None], axis=3)[..., 0]
        # parcels by (value, block, draws that gave their category, category): the score
        # is a sum over those groups, and leaving a draw out moves parcels between them
        group = (
            (np.arange(g)[:, None, None] * b + np.arange(b)[None, :, None]) * (k + 1) + hit
        ) * c
        group = group + cats[None]
        size = g * b * (k + 1) * c
        parcels = np.bincount(group.ravel(), minlength=size).reshape(g, b, k + 1, c)
        totals = self.counts.sum(axis=2, dtype=np.int64)
        rows = (np.arange(g)[:, None, None] * b + np.arange(b)[None, :, None]) * c
        per_value = draws.reshape(g, k, b, n)
        hits = np.arange(k + 1, dtype=float)[:, None]
        out = np.empty((k, g))
        for i in range(k):
            drawn = per_value[:, i]
            own = np.bincount((rows + drawn).ravel(), minlength=g * b * c).reshape(g, b, c)
            moved = np.bincount(group[drawn == cats[None]], minlength=size).reshape(parcels.shape)
            left = parcels - moved + np.roll(moved, -1, axis=2)  # one hit fewer
            prior = (totals - own + 1 / c) / ((k - 1) * n + 1)  # as in probabilities()
            log_p = np.log((hits + ALPHA * prior[:, :, None, :]) / (k - 1 + ALPHA))
            out[i] = (left * log_p).sum(axis=(1, 2, 3))
        return out


def refine(scores: np.ndarray, axes: Sequence[np.ndarray], integer: Sequence[bool]) -> np.ndarray:
    """Find the best value on a grid, then between grid points along each continuous axis.

    Between points, the log score is interpolated along each axis through the best grid
    point by a cubic spline and maximized on a fine sub-grid of the two intervals beside
    the best point (a parabola through three points would be pulled toward the flat side
    of a lopsided profile).

    Parameters
    ----------
    scores
        Log scores on the grid, shape ``(len(axes[0]), len(axes[1]), …)``.
    axes
        The values of each parameter.
    integer
        Whole-year parameters stay on the grid.
    """
    from scipy.interpolate import CubicSpline

    best = np.unravel_index(int(np.argmax(scores)), scores.shape)
    out = np.array([axis[i] for axis, i in zip(axes, best, strict=True)], dtype=float)
    for j, (axis, whole) in enumerate(zip(axes, integer, strict=True)):
        if whole or len(axis) < 3:
            continue
        i = best[j]
        line = scores[(*best[:j], slice(None), *best[j + 1 :])]
        lo, hi = axis[max(i - 1, 0)], axis[min(i + 1, len(axis) - 1)]
        fine = np.linspace(lo, hi, SUBGRID)
        out[j] = fine[int(np.argmax(CubicSpline(axis, line)(fine)))]
    return out
