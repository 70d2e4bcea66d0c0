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
    jackknife_profiles,
    mesh,
    moved,
    on_inner_edge,
    plateau,
    profile,
    sure_years,
    zoom_axes,
    zoom_edges,
    zoom_size,
)
from landsim.analysis.fit_params import Fitted
from landsim.analysis.fit_runs import Counter, Nuisance, Setup, simulate_at
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
#: A profile whose log score varies by less than this across the range is uninformative,
#: however small its noise: a likelihood ratio below e² ≈ 7 between the best and the worst
#: value is weak evidence (an assumption; Royall 1997 calls 8 "fairly strong").
MIN_SPREAD = 2.0
#: A profile must vary by more than Monte Carlo noise alone would make it vary with this
#: probability (an assumption, the usual 95 %).
NOISE_LEVEL = 0.95
#: An interval covering more than this share of the range says the history hardly informs it.
MAX_WIDTH_SHARE = 0.8


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
        the spread it must reach to inform (:func:`spread_needed`).
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
    total = len(mesh(axes)) * coarse + (zoom_size(fitted, points) + 3) * draws + 2 * bootstrap
    # (a finer grid centred again, when its best value lies on its edge, adds to the total)
    setup = Setup(prepared, fitted, streams, nuisance, workers, Counter(progress, total))
    observed = categories([truth.years[b] for b in blocks], 0, t1)
    integer = [f.parameter.integer for f in fitted]

    def stage(axes: list[np.ndarray], k: int, kind: int) -> Stage:
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
    shifted = _within(theta + estimates - estimates.mean(axis=0), fitted)
    spread = simulate_at(setup, shifted, 1, offset=2 * draws + bootstrap, distinct=True)
    sources = {
        "fitted": at_theta,
        "scenario": simulate_at(setup, np.array([[f.current for f in fitted]]), draws, offset=0),
        "baseline": simulate_at(setup, theta[None], draws, offset=0, baseline=True),
    }
    grid = search.table(observed, [f.path for f in fitted])
    return Fit(
        parameters=_parameter_table(fitted, search, grid, raw, theta, estimates, level),
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


def _parameter_table(
    fitted: list[Fitted],
    search: Search,
    grid: pd.DataFrame,
    raw: np.ndarray,
    theta: np.ndarray,
    estimates: np.ndarray,
    level: float,
) -> pd.DataFrame:
    rows = []
    tail = (1 - level) / 2
    for j, f in enumerate(fitted):
        lo, hi = _interval(raw[j], estimates[:, j], tail)
        # between grid values the log score is interpolated through Monte Carlo noise, so
        # the optimum is known to about one step of the finer grid
        step = search.fine_step(j)
        lo, hi = min(lo, theta[j]) - step, max(hi, theta[j]) + step
        window = search.fine_window(j)  # values tied with the best belong in the interval
        flat = plateau(grid, f.path, window, f.parameter.integer)
        lo, hi = min(lo, flat[0]), max(hi, flat[1])
        lo, hi = zoom_edges(search, j, lo, hi, estimates[:, j], tail)
        lo, hi = max(lo, f.low), min(hi, f.high)
        prof = profile(grid, f.path)  # on the coarse grid, over the whole range
        spread = float(prof.max() - prof.min())
        noise, needed = spread_needed(search, [g.path for g in fitted], f.path)
        informed = spread >= needed and (hi - lo) <= MAX_WIDTH_SHARE * (f.high - f.low)
        rows.append(
            {
                "parameter": f.path,
                "scenario_value": f.current,
                "fitted": float(theta[j]),
                "raw_estimate": float(raw[j]),
                "low": float(lo),
                "high": float(hi),
                "search_low": f.low,
                "search_high": f.high,
                "profile_spread": spread,
                "profile_noise": noise,
                "spread_needed": needed,
                "informed": informed,
                "note": _note(f, theta[j], lo, hi, informed),
            }
        )
    return pd.DataFrame(rows)


def spread_needed(search: Search, names: list[str], name: str) -> tuple[float, float]:
    """Return a profile's Monte Carlo noise and the spread it must reach to inform.

    The coarse grid's log scores come from a few draws per value, so a profile varies
    by noise alone, however little the parameter matters. Its noise ``σ`` is the
    jackknife's standard error (Efron and Tibshirani 1993, ch. 11) of a value's log score
    less the profile's mean, pooled over the values: the profile is read again with each
    draw left out (:func:`~landsim.analysis.fit_grid.jackknife_profiles`). Log scores
    that differ by noise alone spread less than ``q·σ`` with probability
    :data:`NOISE_LEVEL`, ``q`` the studentized range's quantile for that many values with
    the jackknife's degrees of freedom, draws − 1 (Tukey's test that any two values
    differ). The spread needed is never below :data:`MIN_SPREAD`.
    """
    jack = jackknife_profiles(search.stages, names, name)
    k, values = jack.shape
    if k < 2 or values < 2:
        return 0.0, MIN_SPREAD
    centred = jack - jack.mean(axis=1, keepdims=True)
    variance = (k - 1) / k * ((centred - centred.mean(axis=0)) ** 2).sum(axis=0)
    noise = float(np.sqrt(variance.mean()))
    from scipy.stats import studentized_range

    q = float(studentized_range.ppf(NOISE_LEVEL, values, k - 1))
    return noise, max(MIN_SPREAD, q * noise)


def bias_corrected(raw: np.ndarray, estimates: np.ndarray, fitted: list[Fitted]) -> np.ndarray:
    """Return the estimate less the bias the simulated histories show, where it is clear.

    The simulated histories' estimates average ``raw + bias``; where that bias exceeds
    twice its standard error (a continuous parameter only), it is taken off (the
    bootstrap's bias correction, Efron and Tibshirani 1993, ch. 10).
    """
    bias = estimates.mean(axis=0) - raw
    error = estimates.std(axis=0, ddof=1) / np.sqrt(len(estimates)) if len(estimates) > 1 else 0
    clear = np.abs(bias) > 2 * error
    whole = np.array([f.parameter.integer for f in fitted])
    return _within(np.where(clear & ~whole, raw - bias, raw), fitted)


def _within(values: np.ndarray, fitted: list[Fitted]) -> np.ndarray:
    """Clip values to their ranges; whole years to whole years."""
    low = np.array([f.low for f in fitted])
    high = np.array([f.high for f in fitted])
    whole = np.array([f.parameter.integer for f in fitted])
    out = np.clip(values, low, high)
    return np.where(whole, np.rint(out), out)


def _note(f: Fitted, estimate: float, lo: float, hi: float, informed: bool) -> str:
    """Say what the reader should know about one parameter's fit."""
    if not informed:
        return "not informed by the history: keep the scenario's value"
    edge = 1e-9 * max(1.0, abs(f.high))
    share = f.path.startswith(("selection.", "evaluation."))
    # an end no value can pass (no lag below 0, no share above 1) needs no wider range
    low_open, high_open = f.low > edge, not (share and f.high >= 1 - edge)
    if (estimate <= f.low + edge and low_open) or (estimate >= f.high - edge and high_open):
        return "the estimate is at the edge of the range searched: widen the range"
    if lo <= f.low + edge or hi >= f.high - edge:
        side = "lower" if lo <= f.low + edge else "upper"
        return f"the history sets no {side} bound within the range searched"
    return ""


def _interval(estimate: float, boot: np.ndarray, tail: float) -> tuple[float, float]:
    """Bootstrap interval: the percentile and the basic (bias-corrected) ones together.

    The percentile interval follows the estimates of the simulated histories; the basic one
    reflects them around the estimate, correcting a bias of the method (a lopsided
    profile, a coarse grid). Their union, with the estimate, errs on the wide side.
    """
    q_lo, q_hi = np.quantile(boot, [tail, 1 - tail])
    basic = (2 * estimate - q_hi, 2 * estimate - q_lo)
    return min(q_lo, basic[0], estimate), max(q_hi, basic[1], estimate)


def _notes(truth: Truth, fitted: list[Fitted], nuisance: Nuisance) -> list[str]:
    notes = []
    lags = {"treatments.vacate.prep_years", "treatments.reactivate.prep_years"}
    if any(f.path in lags for f in fitted) and "transfer" not in truth.known:
        notes.append(
            "the history has no year_transfer (出让年份): preparation lags are judged only "
            "through year_production, if at all"
        )
    if nuisance == "central":
        notes.append("the scenario's other distributions were held at their central values")
    return notes
