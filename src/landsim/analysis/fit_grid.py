"""The values a calibration tries, and how an estimate is read from log scores on them.

A coarse grid over the ranges comes first, then a finer one around its best value.

A class share that decides whether a candidate pool runs out can give the log score a
sharp peak between two coarse grid values; the second, finer grid (a zoom of one coarse
step on each side) finds it. Both grids' draws share their random events, so their log
scores compare directly.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from landsim.analysis.fit_params import Fitted
from landsim.analysis.likelihood import Frequencies, refine

#: Log-score differences below this are ties: values the history cannot tell apart (with
#: common random numbers, values that select the same parcels score exactly alike).
TIE = 1.0


@dataclass(frozen=True)
class Stage:
    """One grid: its axes and the frequencies of its draws."""

    axes: list[np.ndarray]
    integer: list[bool]
    freq: Frequencies

    @property
    def mesh(self) -> np.ndarray:
        """Every combination of the axes' values, one per row."""
        return mesh(self.axes)

    def estimate(self, scores: np.ndarray) -> np.ndarray:
        """Return the best value of this grid, refined between its values."""
        return refine(scores.reshape(tuple(len(a) for a in self.axes)), self.axes, self.integer)


def mesh(axes: Sequence[np.ndarray]) -> np.ndarray:
    """Every combination of the values of *axes*, one per row."""
    return np.array(list(itertools.product(*axes)), dtype=float)


def coarse_axes(fitted: Sequence[Fitted], points: int) -> list[np.ndarray]:
    """Return the first grid: *points* values over each continuous range, every whole year."""
    return [f.grid(points) for f in fitted]


#: Values per continuous parameter on the finer grid (at least): half a coarse step apart.
ZOOM_POINTS = 5
#: A whole-year value whose best log score beats its neighbours' by more than this is
#: certain: the finer grid keeps it alone.
SURE = 10.0


def zoom_axes(
    fitted: Sequence[Fitted], first: Stage, scores: np.ndarray, points: int
) -> list[np.ndarray]:
    """Return the second grid: one coarse step each side of the coarse grid's best value.

    A whole-year parameter keeps its best year and the years beside it, or the best year
    alone when the history leaves no doubt about it (by :data:`SURE`).
    """
    best = first.mesh[int(np.argmax(scores))]
    shaped = scores.reshape(tuple(len(a) for a in first.axes))
    out = []
    for j, (f, axis, b) in enumerate(zip(fitted, first.axes, best, strict=True)):
        if f.parameter.integer:
            others = tuple(k for k in range(len(first.axes)) if k != j)
            prof = shaped.max(axis=others) if others else shaped
            i = int(np.flatnonzero(axis == b)[0])
            beside = [prof[k] for k in (i - 1, i + 1) if 0 <= k < len(axis)]
            near = 0 if beside and prof[i] - max(beside) > SURE else 1
            out.append(axis[max(i - near, 0) : i + near + 1])
        else:
            step = float(axis[1] - axis[0]) if len(axis) > 1 else 0.0
            n = max(points, ZOOM_POINTS)
            out.append(np.linspace(max(f.low, b - step), min(f.high, b + step), n))
    return out


def zoom_size(fitted: Sequence[Fitted], points: int) -> int:
    """Return how many values the second grid has at most."""
    return int(np.prod([3 if f.parameter.integer else max(points, ZOOM_POINTS) for f in fitted]))


@dataclass(frozen=True)
class Search:
    """The grids of one calibration, read together."""

    stages: list[Stage]

    def scores(self, cats: np.ndarray) -> list[np.ndarray]:
        """Return a history's log score on each grid."""
        return [s.freq.log_score(cats) for s in self.stages]

    def estimate(self, cats: np.ndarray) -> np.ndarray:
        """Return the best value on the finest grid, refined between its values.

        The coarse grid only finds where to look: it runs fewer draws, so its log scores
        are not on the same footing.
        """
        last = self.stages[-1]
        return last.estimate(last.freq.log_score(cats))

    def table(self, cats: np.ndarray, names: Sequence[str]) -> pd.DataFrame:
        """Every value tried, its grid (1 coarse, 2 fine) and the history's log score there."""
        frames = [
            pd.DataFrame(s.mesh, columns=list(names)).assign(grid=k + 1, log_score=score)
            for k, (s, score) in enumerate(zip(self.stages, self.scores(cats), strict=True))
        ]
        return pd.concat(frames, ignore_index=True)

    def fine_step(self, j: int) -> float:
        """Spacing of parameter *j* on the finest grid (0 for whole years)."""
        axis = self.stages[-1].axes[j]
        return 0.0 if self.stages[-1].integer[j] or len(axis) < 2 else float(axis[1] - axis[0])


def profile(grid: pd.DataFrame, name: str) -> pd.Series:
    """Return the best log score at each value of one parameter on the finer grid."""
    fine = grid[grid["grid"] == grid["grid"].max()]
    return fine.groupby(name)["log_score"].max().sort_index()


def plateau(grid: pd.DataFrame, name: str) -> tuple[float, float] | None:
    """Return where a plateau of tied log scores of one parameter may end, or None.

    When two or more values of a grid tie with its best, the history cannot tell them
    apart, and the plateau's edges lie somewhere before the nearest values that do not
    tie: the range returned reaches those (or the end of the values tried), over both
    grids.
    """
    found = []
    for _, one in grid.groupby("grid"):
        prof = one.groupby(name)["log_score"].max().sort_index()
        values = prof.index.to_numpy(dtype=float)
        tied = values[prof.to_numpy() >= prof.max() - TIE]
        if len(tied) < 2:
            continue
        below, above = values[values < tied.min()], values[values > tied.max()]
        found.append(
            (
                float(below.max()) if below.size else float(tied.min()),
                float(above.min()) if above.size else float(tied.max()),
            )
        )
    if not found:
        return None
    return min(f[0] for f in found), max(f[1] for f in found)


def zoom_edges(
    search: Search, j: int, lo: float, hi: float, estimates: np.ndarray, tail: float
) -> tuple[float, float]:
    """Widen an interval whose estimates pile up at an edge of the finer grid.

    The finer grid covers one coarse step each side of the coarse best; when the simulated
    histories' estimates (their *tail* quantile) reach its edge, they would have gone
    further: the interval then reaches the next coarse value.
    """
    fine, coarse = search.stages[-1].axes[j], search.stages[0].axes[j]
    if len(fine) < 2:  # a whole year the history leaves no doubt about
        return lo, hi
    edge = 1e-9 * max(1.0, float(np.abs(coarse).max()))
    q_lo, q_hi = np.quantile(estimates, [tail, 1 - tail])
    if q_lo <= fine.min() + edge:
        beyond = coarse[coarse < fine.min() - edge]
        lo = min(lo, float(beyond.max())) if beyond.size else lo
    if q_hi >= fine.max() - edge:
        beyond = coarse[coarse > fine.max() + edge]
        hi = max(hi, float(beyond.min())) if beyond.size else hi
    return lo, hi
