"""Sobol' indices: variance-based sensitivity of a headline output to every uncertain parameter.

First-order and total indices from quasi-random (Sobol') samples, with
``scipy.stats.sobol_indices``, and bootstrap (BCa) confidence intervals drawn with the
run's own generator. It costs ``n × (d + 2)`` evaluations for ``d`` parameters; each is
one draw of the batch engine (:func:`landsim.analysis.sensitivity_runs.evaluate`), with
common random numbers. The one-at-a-time method and what both share are in
:mod:`landsim.analysis.sensitivity`.
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

import numpy as np
import pandas as pd

from landsim.analysis.sensitivity_runs import Output, evaluate, required_parameters
from landsim.errors import InputError, Problem
from landsim.model import Model
from landsim.scenario import Scenario
from landsim.streams import Streams


def sobol(
    scenario: Scenario,
    model: Model,
    output: Output,
    *,
    n: int = 64,
    streams: Streams,
    workers: int = 1,
    executor: Executor | None = None,
    confidence: float = 0.9,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """First-order and total Sobol' indices of *output* for every uncertain parameter.

    Parameters
    ----------
    n
        Base sample size, a power of two; ``n × (d + 2)`` evaluations in all.
    confidence
        Level of the bootstrap confidence intervals.

    Returns
    -------
    pandas.DataFrame
        ``parameter, first_order, first_low, first_high, total_order, total_low,
        total_high``, largest total index first.
    """
    from scipy import stats

    params = required_parameters(scenario)
    names = list(params)
    if n < 2 or n & (n - 1):
        raise InputError(
            "bad sample size", [Problem("--samples", "", f"{n} is not a power of two")]
        )

    seen: list[np.ndarray] = []  # every evaluation, for the bootstrap (_intervals)

    def func(x: np.ndarray) -> np.ndarray:
        values = {name: x[i] for i, name in enumerate(names)}
        y = evaluate(
            scenario,
            model,
            output,
            values,
            x.shape[1],
            streams=streams,
            workers=workers,
            executor=executor,
            progress=progress,
        )[None, :]
        seen.append(y)
        return y

    rng = streams.sobol()
    if len(names) == 1:  # all variance is the one parameter's (and scipy fails on d = 1)
        dist = params[names[0]]
        y = func(dist.ppf(stats.qmc.Sobol(1, seed=rng).random(n).T))[0]
        share = 1.0 if np.ptp(y) > 0 else 0.0
        return pd.DataFrame(
            {
                "parameter": names,
                "first_order": [share],
                "total_order": [share],
                "first_low": [share],
                "first_high": [share],
                "total_low": [share],
                "total_high": [share],
            }
        )
    dists = [params[k] for k in names]
    result = stats.sobol_indices(func=func, n=n, dists=dists, **_seeded(stats.sobol_indices, rng))
    table = pd.DataFrame(
        {
            "parameter": names,
            "first_order": np.ravel(result.first_order),
            "total_order": np.ravel(result.total_order),
        }
    )
    parts = _evaluations(seen, n, len(names))
    _check_parts(parts, result)
    table = table.join(_intervals(parts, confidence, rng))
    return table.sort_values("total_order", ascending=False, kind="stable", ignore_index=True)


def _seeded(function: Callable, rng: np.random.Generator) -> dict[str, Any]:
    """Pass *rng* to a scipy *function* by the name it takes: ``rng``, or ``random_state``."""
    key = "rng" if "rng" in inspect.signature(function).parameters else "random_state"
    return {key: rng}


def _evaluations(seen: list[np.ndarray], n: int, d: int) -> tuple[np.ndarray, ...]:
    """``f_A, f_B, f_AB`` as scipy forms them, centred, from its three calls of the model.

    scipy evaluates the sample matrices A, then B (``(1, n)`` outputs each), then the d
    mixed matrices in one call (``(1, n·d)``).
    """
    f_a, f_b, f_ab = seen
    f_ab = np.moveaxis(f_ab.reshape((-1, n, d)), -1, 0)
    mean = np.mean([f_a, f_b], axis=(0, -1)).reshape(-1, 1)
    return f_a - mean, f_b - mean, f_ab - mean


def _saltelli(f_a: np.ndarray, f_b: np.ndarray, f_ab: np.ndarray) -> np.ndarray:
    """First-order and total indices (Saltelli et al. 2010, as in scipy), stacked."""
    with np.errstate(invalid="ignore", divide="ignore"):
        var = np.var([f_a, f_b], axis=(0, -1))
        first = np.mean(f_b * (f_ab - f_a), axis=-1) / var
        total = 0.5 * np.mean((f_a - f_ab) ** 2, axis=-1) / var
    return np.stack([np.ravel(first), np.ravel(total)])


def _check_parts(parts: tuple[np.ndarray, ...], result: Any) -> None:
    """Make sure the evaluations kept are scipy's (its calls' order is not documented)."""
    got = np.nan_to_num(_saltelli(*parts))
    want = np.stack([np.ravel(result.first_order), np.ravel(result.total_order)])
    if not np.allclose(got, want, rtol=1e-9, atol=1e-12):  # pragma: no cover - scipy changed
        raise RuntimeError("scipy.stats.sobol_indices evaluated the model in another order")


def _intervals(
    parts: tuple[np.ndarray, ...], confidence: float, rng: np.random.Generator
) -> pd.DataFrame:
    """Bootstrap (BCa) confidence intervals of the indices, resampled with *rng*.

    scipy's ``SobolResult.bootstrap`` takes no generator (its intervals changed from run
    to run), so the same resampling is done here with ``scipy.stats.bootstrap``. A
    parameter with no effect at all has indices of exactly 0 and a degenerate bootstrap
    (a division by zero); its interval is then [0, 0].
    """
    from scipy import stats

    f_a, f_b, f_ab = parts

    def statistic(idx: np.ndarray) -> np.ndarray:
        return _saltelli(f_a[:, idx], f_b[:, idx], f_ab[..., idx])

    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore", category=RuntimeWarning)
        warnings.simplefilter(
            "ignore", category=getattr(stats, "DegenerateDataWarning", RuntimeWarning)
        )
        boot = stats.bootstrap(
            [np.arange(f_a.shape[-1])],
            statistic,
            method="BCa",
            n_resamples=200,
            confidence_level=confidence,
            **_seeded(stats.bootstrap, rng),
        )
    low, high = boot.confidence_interval.low, boot.confidence_interval.high
    out = pd.DataFrame(
        {"first_low": low[0], "first_high": high[0], "total_low": low[1], "total_high": high[1]}
    )
    return out.fillna(0.0)
