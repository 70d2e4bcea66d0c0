"""Simulated likelihood of a treatment history: how probable the model makes what happened.

For each parcel and each *block* — its vacating, upgrade and reactivation, and (when the
history records them) its land's sale and first production — the outcome is a category:
the year it happened, or "not in these years". Draws of the model at one parameter value
give each parcel's frequency of each category; the history's **log score** is the sum,
over parcels and blocks, of the log of the frequency of what really happened, smoothed so
that an outcome no draw produced costs a finite penalty:

    p = (count + α·base) / (draws + α),

with ``base`` the category's share over all parcels (a Dirichlet prior of weight
``α = 1``). The log score is a proper scoring rule, so its expectation is highest where
the simulated frequencies equal the true ones; summing it over parcels treats them as
independent, which they are not (quotas tie them together) — that is why intervals come
from a parametric bootstrap, not from the curvature of this sum (see ``docs/backtest.md``).
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
        g, b, n, _ = self.counts.shape
        cats = cats.astype(np.int64)
        hit = np.take_along_axis(self.counts, cats[None, :, :, None], axis=3)[..., 0]
        base = self.counts.sum(axis=2) / (self.draws * n)  # (G, B, C)
        prior = np.take_along_axis(base, cats[None].reshape(1, b, n).repeat(g, 0), axis=2)
        return (hit + ALPHA * prior) / (self.draws + ALPHA)

    def log_score(self, cats: np.ndarray) -> np.ndarray:
        """``(G,)`` log score of one history's categories (``(B, N)``) at each value."""
        return np.log(self.probabilities(cats)).sum(axis=(1, 2))


def refine(scores: np.ndarray, axes: Sequence[np.ndarray], integer: Sequence[bool]) -> np.ndarray:
    """Find the best value on a grid, moved between grid points by a parabola on each axis.

    Parameters
    ----------
    scores
        Log scores on the grid, shape ``(len(axes[0]), len(axes[1]), …)``.
    axes
        The values of each parameter.
    integer
        Whole-year parameters stay on the grid.
    """
    best = np.unravel_index(int(np.argmax(scores)), scores.shape)
    out = np.array([axis[i] for axis, i in zip(axes, best, strict=True)], dtype=float)
    for j, (axis, whole) in enumerate(zip(axes, integer, strict=True)):
        i = best[j]
        if whole or i == 0 or i == len(axis) - 1:
            continue
        line = [scores[(*best[:j], i + d, *best[j + 1 :])] for d in (-1, 0, 1)]
        curve = line[0] - 2 * line[1] + line[2]
        if curve < 0:
            shift = float(np.clip(0.5 * (line[0] - line[2]) / curve, -0.5, 0.5))
            out[j] = axis[i] + shift * (axis[i + 1] - axis[i])
    return out
