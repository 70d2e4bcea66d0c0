"""The yearly 亩均 evaluation: every firm scored again on the year's state.

Selection in year index *t* uses the evaluation of the year before (the data year, base
year + *t*): existing firms that are still operating, with their figures grown at their
industry's rate and raised by an upgrade's uplift once it has taken effect, and new firms
once they have produced for ``new_firm_grace`` years. Benchmarks (district averages),
ranks and classes are derived again, so removing the worst firms makes a new bottom
class. See docs/accounting.md, "Yearly re-evaluation".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landsim.engine.state import State
from landsim.evaluation.indicators import FIGURES, GROWING, UPLIFTED
from landsim.evaluation.score import classify, score_all
from landsim.model import Model, Treatment
from landsim.model.uses import ramp_lengths

_COL = {name: i for i, name in enumerate(FIGURES)}
_GROWING = np.array([name in GROWING for name in FIGURES])
#: Position of each uplifted figure's uplift in ``Params.upgrade_uplift`` (output, tax, va).
_UPLIFT_AXIS = {"output": 0, "tax": 1, "value_added": 2}


@dataclass(frozen=True)
class YearEvaluation:
    """A year's evaluation of every parcel.

    Attributes
    ----------
    score
        Score (NaN: not rated).
    code
        Class code (0 not rated, 1–4 for A–D).
    tax_per_mu
        Tax per mu in the data year (the tax rule's figure).
    """

    score: np.ndarray
    code: np.ndarray
    tax_per_mu: np.ndarray


def growth_factor(model: Model, t: int) -> np.ndarray:
    """Growth of every parcel's industry from the base year to the data year of index *t*."""
    return ((1.0 + model.params.growth_old[0]) ** t)[model.industry]


def uplifted(model: Model, state: State, t: int) -> np.ndarray:
    """Parcels whose upgrade has taken effect in the data year of index *t*."""
    lag = model.params.upgrade_lag[0]
    return (state.upgrade_year >= 0) & (t - 1 >= state.upgrade_year + lag)


def evaluate_year(model: Model, state: State, t: int) -> YearEvaluation:
    """Score and classify every firm for the selection of year index *t*."""
    rule = model.rules.evaluation
    growth = growth_factor(model, t)
    up = uplifted(model, state, t)
    tax_pm = model.tax_per_mu * growth
    if up.any():
        tax_pm = np.where(up, tax_pm * (1.0 + model.params.upgrade_uplift[0, 1]), tax_pm)
    if not rule.yearly or t == 0:
        return YearEvaluation(model.scores.score, model.scores.code, tax_pm)
    figures, group = _figures(model, state, t, growth, up)
    score, _, _ = score_all(figures, group, rule.formula)
    return YearEvaluation(score, classify(score, group, rule.formula.classes), tax_pm)


def _figures(
    model: Model, state: State, t: int, growth: np.ndarray, up: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return the data year's figures matrix and scoring groups (−1: not evaluated)."""
    figures = model.figures * np.where(_GROWING[None, :], growth[:, None], 1.0)
    if up.any():
        uplift = model.params.upgrade_uplift[0]
        for name, which in UPLIFTED.items():
            col = _COL[name]
            figures[up, col] *= 1.0 + uplift[_UPLIFT_AXIS[which]]
    group = np.where(state.treated_as(Treatment.VACATE), -1, model.group).astype(np.int8)
    new, share, jobs_share = _new_firms(model, state, t)
    if new.size:
        use = state.use[new]
        params = model.params
        area = model.area[new]
        figures[new] = np.nan
        figures[new, _COL["tax"]] = params.new_tax[0, use] * area * share
        figures[new, _COL["value_added"]] = params.new_va[0, use] * area * share
        figures[new, _COL["employees"]] = params.new_jobs[0, use] * area * jobs_share
        figures[new, _COL["area_mu"]] = area
        group[new] = 0  # new firms on renewed land are scored as 规上 firms
    return figures, group


def _new_firms(model: Model, state: State, t: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Find the new firms evaluated in year index *t*, with their output and jobs shares."""
    params = model.params
    data_year = t - 1
    use = state.use
    taken = (use >= 0) & (state.transfer >= 0)
    idx = np.flatnonzero(taken)
    if idx.size == 0:
        return idx, np.zeros(0), np.zeros(0)
    k = use[idx]
    start = state.transfer[idx] + params.construction[0, k]
    j = data_year - start
    producing = (j >= model.rules.evaluation.new_firm_grace) & (params.new_output[0, k] > 0)
    idx, k, j = idx[producing], k[producing], j[producing]
    ramp = params.ramp[0]
    length = ramp_lengths(ramp)
    in_ramp = j < length[k]
    ramp_share = ramp[k, np.minimum(j, max(ramp.shape[1] - 1, 0))] if ramp.shape[1] else 1.0
    full = (1.0 + params.new_growth[0, k]) ** np.maximum(j - length[k], 0)
    share = np.where(in_ramp, ramp_share, full)
    jobs = np.where(in_ramp, ramp_share, 1.0)
    return idx, share, jobs
