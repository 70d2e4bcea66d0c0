"""Calibration: fit scenario parameters to a treatment history by simulated likelihood.

1. **Grids.** Each fitted parameter takes evenly spaced values over its range (every whole
   year for lags), each combination run a few times; then a finer grid around the best
   of those, each value run ``draws`` times (:mod:`.fit_grid`). All values share the same
   random events (owners' refusals, random orders) and the same draws of the scenario's
   other uncertain parameters — common random numbers, so the comparison between values
   is not blurred by noise.
2. **Estimate.** The history's log score (:mod:`.likelihood`) at each value of the finer
   grid; the best value, moved between grid values by a spline along each continuous axis.
3. **Interval.** A parametric bootstrap: ``bootstrap`` histories simulated at the
   estimate with random events of their own are fitted the same way; the percentile and
   basic intervals of their estimates, joined, widened by a step of the finer grid, and
   reaching past plateaus of ties and the finer grid's edges where the estimates pile up.
4. **Check.** The share of histories simulated at the bootstrap estimates that score no
   better than the real one on the fitted model's draws (``p_value``): a small share says
   that the history is unlike anything the fitted model produces — the model's structure
   (strategy, candidate rules) is wrong, not only its numbers.
5. **Skill.** Log score per parcel, Figure of Merit and AUC of the fitted model, of the
   scenario as it was and of the random baseline, on the years fitted and, with a
   holdout, on the years held out (out-of-sample).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from landsim.analysis.fit_grid import (
    FOLLOW,
    RECENTRE,
    Search,
    Stage,
    coarse_axes,
    mesh,
    moved,
    on_inner_edge,
    sure_years,
    zoom_axes,
    zoom_size,
)
from landsim.analysis.fit_params import Fitted
from landsim.analysis.fit_runs import Counter, Nuisance, Setup, simulate_at
from landsim.analysis.fit_table import bias_corrected, parameter_table, within_ranges
from landsim.analysis.history_notes import note
from landsim.analysis.likelihood import BLOCKS, Frequencies, categories, path_categories
from landsim.analysis.skill import skill_table
from landsim.analysis.truth import Truth, truth_of
from landsim.errors import InputError, Problem
from landsim.inventory.history import History
from landsim.inventory.prepare import Prepared
from landsim.model import Model, compile_model
from landsim.streams import Streams

#: Default grid points per continuous parameter, by how many parameters are fitted (4
#: for more).
POINTS = {1: 11, 2: 7, 3: 5}
#: Draws per value of the coarse grid, which only finds where to look: about this many in
#: all, 4 to 10 per value.
COARSE_BUDGET = 1500
#: Default draws per value of the finer grid, on which the estimate and its interval are
#: read: about this many in all (≈ 2 minutes on the bundled inventory), 10 to 30 per value.
#: Few draws make the smoothed frequencies of rare outcomes, and so the estimate, biased.
ZOOM_BUDGET = 3000


@dataclass
class Fit:
    """What calibration found.

    Attributes
    ----------
    parameters
        One row per fitted parameter: ``parameter, scenario_value, fitted`` (bias-corrected
        where the simulated histories show a clear bias), ``raw_estimate, low, high,
        search_low, search_high, profile_spread, profile_noise, spread_needed, informed,
        note``: ``profile_spread`` is how much the log score varies over the coarse grid,
        ``profile_noise`` the Monte Carlo noise of one of its values and ``spread_needed``
        the spread it must reach to inform
        (:func:`~landsim.analysis.fit_table.spread_needed`).
    grid
        Every value tried (``grid`` 1: the coarse grid, 2: the finer one around its best
        value) and the history's log score there.
    bootstrap
        The estimate from each simulated history.
    skill
        ``period, years, source, measure, value``: log score per parcel, Figure of Merit
        and AUC of the fitted model, the scenario as it was and the random baseline.
    p_value
        Share of the simulated histories scoring no better than the real one.
    fitted
        The parameters and their ranges.
    values
        The estimate, by scenario key.
    draws, bootstrap_draws, level
        Draws per grid value, simulated histories, and the interval's level.
    notes, notes_zh
        Things the reader should know (how other distributions were held, …), in English
        and in Chinese; each parameter's note is in ``parameters`` (English).
    """

    parameters: pd.DataFrame
    grid: pd.DataFrame
    bootstrap: pd.DataFrame
    skill: pd.DataFrame
    p_value: float
    fitted: list[Fitted]
    values: dict[str, float]
    draws: int
    bootstrap_draws: int
    level: float
    notes: list[str] = field(default_factory=list)
    notes_zh: list[str] = field(default_factory=list)


def calibrate(
    prepared: Prepared,
    history: History,
    fitted: Sequence[Fitted],
    *,
    seed: int | None = None,
    draws: int | None = None,
    points: int | None = None,
    bootstrap: int = 50,
    level: float = 0.95,
    holdout: int | None = None,
    nuisance: Nuisance = "central",
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Fit:
    """Fit *fitted* parameters of *prepared*'s scenario to *history*.

    Parameters
    ----------
    prepared
        The back-test scenario (its horizon is the history's years) with its inventory.
    history
        What really happened.
    fitted
        The parameters and their ranges (:func:`landsim.analysis.fit_params.resolve`).
    seed
        Overrides the scenario's seed.
    draws
        Draws per value of the finer grid (default: 30, fewer on large grids; see
        :data:`ZOOM_BUDGET`); the coarse grid takes fewer (:data:`COARSE_BUDGET`).
    points
        Grid values per continuous parameter (default 11, 7, 5 or 4 for 1, 2, 3 or more).
    bootstrap
        Simulated histories for the interval and the check.
    level
        Level of the intervals.
    holdout
        First year held out of the fit (e.g. 2024 to fit on 2022–23); its years score
        the fitted model out of sample.
    nuisance
        ``central``: the scenario's other distributions stay at their central values
        (the default: the fit takes them as known); ``sampled``: they are sampled in
        every draw, which spreads their uncertainty into the frequencies (and inflates
        noise-like parameters such as refusals; see ``docs/backtest.md``).
    workers
        Processes for the draws.
    progress
        Called as ``progress(done, total)`` with draws done.
    """
    fitted = list(fitted)
    model = compile_model(prepared)
    t1 = _fit_years(model, holdout)
    truth = truth_of(history, model)
    blocks = [b for b in BLOCKS if b not in ("transfer", "production") or b in truth.known]
    points = points or POINTS.get(len(fitted), 4)
    axes = coarse_axes(fitted, points)
    draws = draws or int(np.clip(ZOOM_BUDGET // zoom_size(fitted, points), 10, 30))
    coarse = int(np.clip(COARSE_BUDGET // len(mesh(axes)), 4, 10))
    coarse = min(coarse, draws)
    streams = Streams(prepared.scenario.seed if seed is None else seed)
    zoom = zoom_size(fitted, points)
    # the coarse grid, one grid following its best value, one finer grid, the runs at the
    # estimate and the bootstrap's; every other grid is counted when it starts (planned)
    total = (len(mesh(axes)) + zoom) * coarse + (zoom + 3) * draws + 2 * bootstrap
    setup = Setup(prepared, fitted, streams, nuisance, workers, Counter(progress, total))
    observed = categories([truth.years[b] for b in blocks], 0, t1)
    integer = [f.parameter.integer for f in fitted]
    planned = [2, 1]  # grids of each kind (1: few draws, 2: the finer grid) in the total

    def stage(axes: list[np.ndarray], k: int, kind: int) -> Stage:
        if planned[kind - 1]:
            planned[kind - 1] -= 1
        else:
            setup.counter.extend(len(mesh(axes)) * k)
        paths = simulate_at(setup, mesh(axes), k, offset=0)
        cats = path_categories(paths, blocks, 0, t1)
        freq = Frequencies.of(cats, len(mesh(axes)), t1 + 1)
        # the grids that span the range also say how noisy their profile is
        jackknife = freq.leave_one_out(cats, observed) if kind == 1 else None
        return Stage(axes, integer, freq, kind, jackknife)

    search = Search(_stages(stage, fitted, axes, observed, points, coarse, draws))
    raw = search.estimate(observed)
    # histories simulated at the estimate (random events of their own), fitted the same way
    simulated = simulate_at(setup, raw[None], bootstrap, offset=2 * draws)
    estimates = np.array([search.estimate(c) for c in path_categories(simulated, blocks, 0, t1)])
    theta = bias_corrected(raw, estimates, fitted)
    at_theta = simulate_at(setup, theta[None], draws, offset=draws)  # the fitted model
    # histories an estimate's error away from the fitted model, for the check
    shifted = within_ranges(theta + estimates - estimates.mean(axis=0), fitted)
    spread = simulate_at(setup, shifted, 1, offset=2 * draws + bootstrap, distinct=True)
    sources = {
        "fitted": at_theta,
        "scenario": simulate_at(setup, np.array([[f.current for f in fitted]]), draws, offset=0),
        "baseline": simulate_at(setup, theta[None], draws, offset=0, baseline=True),
    }
    grid = search.table(observed, [f.path for f in fitted])
    return Fit(
        parameters=parameter_table(fitted, search, grid, raw, theta, estimates, level),
        grid=grid,
        bootstrap=pd.DataFrame(estimates, columns=[f.path for f in fitted]),
        skill=skill_table(truth, sources, model, blocks, t1),
        p_value=_check(
            path_categories(at_theta, blocks, 0, t1),
            observed,
            path_categories(spread, blocks, 0, t1),
            t1 + 1,
        ),
        fitted=fitted,
        values={f.path: float(v) for f, v in zip(fitted, theta, strict=True)},
        draws=draws,
        bootstrap_draws=bootstrap,
        level=level,
        notes=_notes(truth, fitted, nuisance),
        notes_zh=_notes(truth, fitted, nuisance, "zh"),
    )


def _stages(
    stage: Callable[[list[np.ndarray], int, int], Stage],
    fitted: list[Fitted],
    axes: list[np.ndarray],
    observed: np.ndarray,
    points: int,
    coarse: int,
    draws: int,
) -> list[Stage]:
    """Run the grids, and return them in order.

    The coarse grid; finder grids following its best value while that moves; then the
    finer grid (centred again while its best value lies on its edge).
    """
    first = stage(axes, coarse, 1)
    scores = first.freq.log_score(observed)
    sure = sure_years(fitted, first, scores)
    stages, centre = [first], first.best(scores)
    for _ in range(FOLLOW):
        finder = stage(zoom_axes(fitted, axes, centre, sure, points), coarse, 1)
        stages.append(finder)
        best = finder.best(finder.freq.log_score(observed))
        if not moved(fitted, finder.axes, centre, best):
            break
        centre = best
    for _ in range(1 + RECENTRE):
        fine = stage(zoom_axes(fitted, axes, centre, sure, points), draws, 2)
        stages.append(fine)
        centre = fine.best(fine.freq.log_score(observed))
        if not on_inner_edge(fitted, fine.axes, centre):
            break
    return stages


def _check(fitted: np.ndarray, real: np.ndarray, simulated: np.ndarray, categories: int) -> float:
    """Share of the simulated histories that score no better than the real one.

    Every history is scored on the fitted model's own draws (*fitted*). The real one
    differs from the fitted model by the estimate's error, so each simulated history is
    made at one of the bootstrap estimates — an error of the same size — rather than at
    the estimate itself (a parametric bootstrap check with parameter uncertainty).
    """
    freq = Frequencies.of(fitted, 1, categories)
    score = freq.log_score(real)[0]
    return float(np.mean([freq.log_score(c)[0] <= score for c in simulated]))


def _fit_years(model: Model, holdout: int | None) -> int:
    """Return the number of years fitted; refuse a holdout outside the back-test."""
    years = model.years.astype(int)
    if holdout is None:
        return len(years)
    if not years[0] < holdout <= years[-1]:
        raise InputError(
            "bad holdout year",
            [
                Problem(
                    "--holdout",
                    str(holdout),
                    f"hold out a year after the first and up to the last of the back-test "
                    f"({years[0] + 1}–{years[-1]}), so that some years are left to fit",
                )
            ],
        )
    return int(holdout - years[0])


def _notes(truth: Truth, fitted: list[Fitted], nuisance: Nuisance, lang: str = "en") -> list[str]:
    """Say what the reader should know, in *lang* (:mod:`~landsim.analysis.history_notes`)."""
    notes = []
    lags = {"treatments.vacate.prep_years", "treatments.reactivate.prep_years"}
    if any(f.path in lags for f in fitted) and "transfer" not in truth.known:
        notes.append(note("no_transfer", lang))
    if nuisance == "central":
        notes.append(note("nuisance_central", lang))
    return notes
