"""The yearly 亩均 evaluation: every firm scored again on the year's state.

Selection in year index *t* uses the evaluation of the year before (the data year, base
year + *t*): existing firms that are still operating, with their figures grown at their
industry's rate and raised by an upgrade's uplift once it has taken effect, and new firms
once they have produced for ``new_firm_grace`` years. Benchmarks (district averages),
ranks and classes are derived again, so removing the worst firms makes a new bottom
class. The scoring itself is :func:`landsim.evaluation.kernel.score_kernel`. See
docs/accounting.md, "Yearly re-evaluation".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landsim.engine.state import State
from landsim.evaluation.indicators import INDICATOR_NAMES
from landsim.evaluation.kernel import score_kernel
from landsim.evaluation.score import SCALING, classify
from landsim.model import Model, Treatment
from landsim.model.uses import ramp_lengths

#: Rows of the indicators a new firm has: from its tax, value added and jobs per mu.
_TAX, _VA, _WORKER = (
    INDICATOR_NAMES.index("tax_per_mu"),
    INDICATOR_NAMES.index("value_added_per_mu"),
    INDICATOR_NAMES.index("labour_productivity"),
)


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
    uplift = 1.0 + model.params.upgrade_uplift[0]
    growth = growth_factor(model, t)
    up = uplifted(model, state, t)
    tax_pm = model.tax_per_mu * growth
    if up.any():
        tax_pm = np.where(up, tax_pm * uplift[1], tax_pm)
    if not rule.yearly or t == 0:
        return YearEvaluation(model.scores.score, model.scores.code, tax_pm)
    group = np.where(state.treated_as(Treatment.VACATE), -1, model.group)
    new, table = _new_firms(model, state, t)
    formula = rule.formula
    _, score, _, new_score = score_kernel(
        (model.indicator_num, model.indicator_den, group),
        table,
        (growth, up, uplift, *SCALING),
        formula.order,
        formula.weights,
        formula.given,
        float(formula.cap),
        formula.mode,
        float(formula.min_known),
    )
    if new.size:
        score[new] = new_score
        group[new] = 0  # new firms on renewed land are scored as 规上 firms
    return YearEvaluation(score, classify(score, group, formula.classes), tax_pm)


def _new_firms(
    model: Model, state: State, t: int
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Find the new firms evaluated in year index *t* and their indicator table."""
    params = model.params
    k = len(INDICATOR_NAMES)
    idx = np.flatnonzero((state.use >= 0) & (state.transfer >= 0))
    use = state.use[idx]
    j = (t - 1) - (state.transfer[idx] + params.construction[0, use])  # years producing
    producing = (j >= model.rules.evaluation.new_firm_grace) & (params.new_output[0, use] > 0)
    idx, use, j = idx[producing], use[producing], j[producing]
    ramp = params.ramp[0]
    length = ramp_lengths(ramp)
    in_ramp = j < length[use]
    ramp_share = ramp[use, np.minimum(j, max(ramp.shape[1] - 1, 0))] if ramp.shape[1] else 1.0
    full = (1.0 + params.new_growth[0, use]) ** np.maximum(j - length[use], 0)
    share = np.where(in_ramp, ramp_share, full)
    jobs = np.where(in_ramp, ramp_share, 1.0)
    area = model.area[idx]
    num = np.full((idx.size, k), np.nan)
    den = np.full((idx.size, k), np.nan)
    va = params.new_va[0, use] * area * share
    num[:, _TAX], den[:, _TAX] = params.new_tax[0, use] * area * share, area
    num[:, _VA], den[:, _VA] = va, area
    num[:, _WORKER], den[:, _WORKER] = va, params.new_jobs[0, use] * area * jobs
    return idx, (num, den, np.zeros(idx.size, dtype=np.int64))
