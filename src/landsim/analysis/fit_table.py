"""The fitted parameters' table: each estimate, its interval, and whether the history informs it.

The interval joins the bootstrap's percentile and basic intervals, widened by a step of
the finer grid and over plateaus of ties. A parameter is *informed* when its profile
varies by more than Monte Carlo noise would make it vary (:func:`spread_needed`) and its
interval does not cover most of the range searched. See docs/backtest.md.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from landsim.analysis.fit_grid import Search, jackknife_profiles, plateau, profile, zoom_edges
from landsim.analysis.fit_params import Fitted
from landsim.analysis.history_notes import note

#: A profile whose log score varies by less than this across the range is uninformative,
#: however small its noise: a likelihood ratio below e² ≈ 7 between the best and the worst
#: value is weak evidence (an assumption; Royall 1997 calls 8 "fairly strong").
MIN_SPREAD = 2.0
#: A profile must vary by more than Monte Carlo noise alone would make it vary with this
#: probability (an assumption, the usual 95 %).
NOISE_LEVEL = 0.95
#: An interval covering more than this share of the range says the history hardly informs it.
MAX_WIDTH_SHARE = 0.8


def parameter_table(
    fitted: list[Fitted],
    search: Search,
    grid: pd.DataFrame,
    raw: np.ndarray,
    theta: np.ndarray,
    estimates: np.ndarray,
    level: float,
) -> pd.DataFrame:
    """One row per fitted parameter: estimate, interval, spread and noise, informed, note.

    *raw* is the estimate before the bias correction, *theta* after it; *estimates* are
    the simulated histories' (one row each). See :class:`~landsim.analysis.calibrate.Fit`.
    """
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
    return within_ranges(np.where(clear & ~whole, raw - bias, raw), fitted)


def within_ranges(values: np.ndarray, fitted: list[Fitted]) -> np.ndarray:
    """Clip values to their ranges; whole years to whole years."""
    low = np.array([f.low for f in fitted])
    high = np.array([f.high for f in fitted])
    whole = np.array([f.parameter.integer for f in fitted])
    out = np.clip(values, low, high)
    return np.where(whole, np.rint(out), out)


def _note(f: Fitted, estimate: float, lo: float, hi: float, informed: bool) -> str:
    """Say what the reader should know about one parameter's fit."""
    if not informed:
        return note("not_informed")
    edge = 1e-9 * max(1.0, abs(f.high))
    share = f.path.startswith(("selection.", "evaluation."))
    # an end no value can pass (no lag below 0, no share above 1) needs no wider range
    low_open, high_open = f.low > edge, not (share and f.high >= 1 - edge)
    if (estimate <= f.low + edge and low_open) or (estimate >= f.high - edge and high_open):
        return note("at_edge")
    if lo <= f.low + edge or hi >= f.high - edge:
        return note("no_lower_bound" if lo <= f.low + edge else "no_upper_bound")
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
