"""The values a calibration tries, and how an estimate is read from log scores on them.

A coarse grid over the ranges comes first, with a few draws per value: it only finds
where to look. A finer grid follows around its best value, with more draws per value,
and the estimate and its interval are read on it; when its best value lies on its edge,
another finer grid is centred there (at most :data:`RECENTRE` times). A class share that
decides whether a candidate pool runs out can give the log score a sharp step between two
coarse values; the finer grid sees it. All grids' draws share their random events.
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
#: Values per continuous parameter on a finer grid (at least): half a coarse step apart.
ZOOM_POINTS = 5
#: A whole-year value whose best log score beats its neighbours' by more than this on the
#: coarse grid is certain: the finer grids keep it alone.
SURE = 10.0
#: How many more finer grids may follow when the best value lies on a finer grid's edge.
RECENTRE = 2
#: How many times a finder grid (few draws, the finer grid's spacing) may follow the best
#: value before the finer grid is run: on a ridge (a higher refusal rate making up for a
#: class share) the coarse grid's best can lie far from the best.
FOLLOW = 2


@dataclass(frozen=True)
class Stage:
    """One grid: its axes, the frequencies of its draws, and its kind.

    Kind 1: a grid that finds where to look, with few draws; 2: a finer grid, on which the
    estimate is read. *jackknife* (``(draws, values)``, grids of kind 1): the real
    history's log score at each value with each draw left out in turn, which tells how
    much of the profile is Monte Carlo noise (:func:`jackknife_profiles`).
    """

    axes: list[np.ndarray]
    integer: list[bool]
    freq: Frequencies
    kind: int = 2
    jackknife: np.ndarray | None = None

    @property
    def mesh(self) -> np.ndarray:
        """Every combination of the axes' values, one per row."""
        return mesh(self.axes)

    def best(self, scores: np.ndarray) -> np.ndarray:
        """Return the grid value with the best score."""
        return self.mesh[int(np.argmax(scores))]

    def estimate(self, scores: np.ndarray) -> np.ndarray:
        """Return the best value of this grid, refined between its values."""
        return refine(scores.reshape(tuple(len(a) for a in self.axes)), self.axes, self.integer)


#: Decimals a grid value is written and grouped with (one value reached by two grids'
#: arithmetic differs in the 16th digit).
DIGITS = 12


def mesh(axes: Sequence[np.ndarray]) -> np.ndarray:
    """Every combination of the values of *axes*, one per row."""
    return np.array(list(itertools.product(*axes)), dtype=float)


def coarse_axes(fitted: Sequence[Fitted], points: int) -> list[np.ndarray]:
    """Return the first grid: *points* values over each continuous range, every whole year."""
    return [f.grid(points) for f in fitted]


def sure_years(fitted: Sequence[Fitted], first: Stage, scores: np.ndarray) -> list[bool]:
    """Tell, for each parameter, whether it is a whole year beyond doubt.

    Its best year on the coarse grid beats the years beside it by :data:`SURE`.
    """
    shaped = scores.reshape(tuple(len(a) for a in first.axes))
    best = first.best(scores)
    out = []
    for j, (f, axis) in enumerate(zip(fitted, first.axes, strict=True)):
        if not f.parameter.integer:
            out.append(False)
            continue
        others = tuple(k for k in range(len(first.axes)) if k != j)
        prof = shaped.max(axis=others) if others else shaped
        i = int(np.flatnonzero(axis == best[j])[0])
        beside = [prof[k] for k in (i - 1, i + 1) if 0 <= k < len(axis)]
        out.append(bool(beside) and prof[i] - max(beside) > SURE)
    return out


def zoom_axes(
    fitted: Sequence[Fitted],
    coarse: Sequence[np.ndarray],
    centre: np.ndarray,
    sure: Sequence[bool],
    points: int,
) -> list[np.ndarray]:
    """Return a finer grid: one coarse step each side of *centre*.

    A whole-year parameter takes its year and the years beside it, or its year alone when
    *sure*.
    """
    out = []
    for f, axis, c, alone in zip(fitted, coarse, centre, sure, strict=True):
        step = float(axis[1] - axis[0]) if len(axis) > 1 else 0.0
        if f.parameter.integer:
            near = 0 if alone else 1
            lo, hi = max(f.low, c - near), min(f.high, c + near)
            out.append(np.arange(np.ceil(lo), np.floor(hi) + 1, dtype=float))
        else:
            n = max(points, ZOOM_POINTS)
            out.append(np.linspace(max(f.low, c - step), min(f.high, c + step), n))
    return out


def moved(
    fitted: Sequence[Fitted], axes: Sequence[np.ndarray], centre: np.ndarray, best: np.ndarray
) -> bool:
    """Tell whether *best* lies a grid step or more from *centre* on any axis."""
    for axis, c, b in zip(axes, centre, best, strict=True):
        step = float(axis[1] - axis[0]) if len(axis) > 1 else 0.0
        if step and abs(b - c) >= step - 1e-12:
            return True
    return False


def on_inner_edge(fitted: Sequence[Fitted], axes: Sequence[np.ndarray], best: np.ndarray) -> bool:
    """Tell whether *best* lies on an edge of a finer grid that is not the range's end."""
    for f, axis, b in zip(fitted, axes, best, strict=True):
        if len(axis) < 2:
            continue
        tol = 1e-9 * max(1.0, abs(f.high))
        if (b <= axis.min() + tol and axis.min() > f.low + tol) or (
            b >= axis.max() - tol and axis.max() < f.high - tol
        ):
            return True
    return False


def zoom_size(fitted: Sequence[Fitted], points: int) -> int:
    """Return how many values a finer grid has at most."""
    return int(np.prod([3 if f.parameter.integer else max(points, ZOOM_POINTS) for f in fitted]))


@dataclass(frozen=True)
class Search:
    """The grids of one calibration, read together: the coarse one, then the finer ones."""

    stages: list[Stage]

    def scores(self, cats: np.ndarray) -> list[np.ndarray]:
        """Return a history's log score on each grid."""
        return [s.freq.log_score(cats) for s in self.stages]

    @property
    def fine(self) -> list[Stage]:
        """The finer grids, on which the estimate is read."""
        return [s for s in self.stages if s.kind == 2]

    def estimate(self, cats: np.ndarray) -> np.ndarray:
        """Return the best value on the finer grids, refined between its grid's values.

        The other grids only find where to look: they run fewer draws, so their log
        scores are not on the same footing.
        """
        scores = [s.freq.log_score(cats) for s in self.fine]
        k = int(np.argmax([s.max() for s in scores]))
        return self.fine[k].estimate(scores[k])

    def table(self, cats: np.ndarray, names: Sequence[str]) -> pd.DataFrame:
        """Every value tried, its grid (1: coarse or finder, 2: finer) and its log score."""
        frames = [
            pd.DataFrame(np.round(s.mesh, DIGITS), columns=list(names)).assign(
                grid=s.kind, log_score=score
            )
            for s, score in zip(self.stages, self.scores(cats), strict=True)
        ]
        return pd.concat(frames, ignore_index=True)

    def fine_step(self, j: int) -> float:
        """Return the spacing of parameter *j* on the finer grids (0 for whole years)."""
        last = self.fine[-1]
        axis = last.axes[j]
        return 0.0 if last.integer[j] or len(axis) < 2 else float(axis[1] - axis[0])

    def fine_window(self, j: int) -> tuple[float, float]:
        """Return the values of parameter *j* the finer grids span."""
        axes = [s.axes[j] for s in self.fine]
        return float(min(a.min() for a in axes)), float(max(a.max() for a in axes))


def jackknife_profiles(stages: Sequence[Stage], names: Sequence[str], name: str) -> np.ndarray:
    """Return one parameter's coarse profile read again with each draw left out in turn.

    ``(draws, values)``, the values as :func:`profile` (``which=1``) orders them; no rows
    without draws to leave out.
    """
    finders = [s for s in stages if s.kind == 1 and s.jackknife is not None]
    k = min((s.jackknife.shape[0] for s in finders), default=0)  # type: ignore[union-attr]
    if k == 0:
        return np.empty((0, 0))
    profiles = []
    for i in range(k):
        frame = pd.concat(
            [
                pd.DataFrame(np.round(s.mesh, DIGITS), columns=list(names)).assign(
                    grid=1,
                    log_score=s.jackknife[i],  # type: ignore[index]
                )
                for s in finders
            ],
            ignore_index=True,
        )
        profiles.append(profile(frame, name).to_numpy())
    return np.array(profiles)


def profile(grid: pd.DataFrame, name: str, which: int = 1) -> pd.Series:
    """Return the best log score at each value of one parameter on grid *which*.

    1: the coarse grid, which spans the whole range; 2 and more: the finer grids together.
    """
    one = grid[grid["grid"] == 1] if which == 1 else grid[grid["grid"] >= 2]
    # the finer grids' spacings differ: one value may come out as 0.35 and 0.35000000000000003
    return one.groupby(one[name].round(DIGITS))["log_score"].max().sort_index()


def plateau(
    grid: pd.DataFrame, name: str, window: tuple[float, float], whole: bool = False
) -> tuple[float, float]:
    """Return how far the values tied with the best reach, beyond which none is tied.

    Values tied with the best cannot be told apart by the history; a plateau's edge lies
    somewhere before the nearest value that is not tied, so the range returned reaches
    that value (for whole years, there is nothing in between: the tied years). Inside the
    finer grids' *window* the finer grids decide; the coarse grid says how far a plateau
    runs beyond it.
    """
    lo, hi = _tied(profile(grid, name, 2), whole)
    c_lo, c_hi = _tied(profile(grid, name, 1), whole)
    if c_lo < window[0]:
        lo = min(lo, c_lo)
    if c_hi > window[1]:
        hi = max(hi, c_hi)
    return lo, hi


def _tied(prof: pd.Series, whole: bool) -> tuple[float, float]:
    values = prof.index.to_numpy(dtype=float)
    tied = values[prof.to_numpy() >= prof.max() - TIE]
    if len(tied) < 2 or whole:
        return float(tied.min()), float(tied.max())
    below, above = values[values < tied.min()], values[values > tied.max()]
    return (
        float(below.max()) if below.size else float(tied.min()),
        float(above.min()) if above.size else float(tied.max()),
    )


def zoom_edges(
    search: Search, j: int, lo: float, hi: float, estimates: np.ndarray, tail: float
) -> tuple[float, float]:
    """Widen an interval whose estimates pile up at an edge of the finer grids.

    When the simulated histories' estimates (their *tail* quantile) reach that edge, they
    would have gone further: the interval then reaches the next coarse value.
    """
    coarse = search.stages[0].axes[j]
    w_lo, w_hi = search.fine_window(j)
    if w_lo == w_hi:  # a whole year the history leaves no doubt about
        return lo, hi
    edge = 1e-9 * max(1.0, float(np.abs(coarse).max()))
    q_lo, q_hi = np.quantile(estimates, [tail, 1 - tail])
    if q_lo <= w_lo + edge:
        beyond = coarse[coarse < w_lo - edge]
        lo = min(lo, float(beyond.max())) if beyond.size else lo
    if q_hi >= w_hi - edge:
        beyond = coarse[coarse > w_hi + edge]
        hi = max(hi, float(beyond.min())) if beyond.size else hi
    return lo, hi
