"""Skill of simulated draws on a period of the history: the scores a calibration reports.

For each source of draws (the fitted model, the scenario as it was, the random baseline)
and each period (the years fitted; the years held out), three numbers:

* ``log_score``: the mean, per parcel, of the log of the smoothed frequency of what
  really happened (:mod:`.likelihood`) — higher is better, 0 is perfect;
* ``figure_of_merit``: hits ÷ (hits + misses + false alarms) by area, of parcels treated
  in the period (any treatment), averaged over the draws;
* ``auc``: the ROC AUC of each parcel's frequency of treatment in the period.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from landsim.analysis.likelihood import Frequencies, categories, path_categories
from landsim.analysis.replay import Paths
from landsim.analysis.scores import auc, confusion, group_weights, rates
from landsim.analysis.truth import Truth
from landsim.model import TREATED, Model

MEASURES = ("log_score", "figure_of_merit", "auc")


def treated_in(years: Sequence[np.ndarray], t0: int, t1: int) -> np.ndarray:
    """Whether any of the treatment years falls in ``t0 … t1 − 1`` (same shapes)."""
    stacked = np.stack([np.asarray(y) for y in years])
    return ((stacked >= t0) & (stacked < t1)).any(axis=0)


def skill_table(
    truth: Truth, sources: dict[str, Paths], model: Model, blocks: Sequence[str], t1: int
) -> pd.DataFrame:
    """Score each source on the years fitted (``0 … t1 − 1``) and those held out.

    Returns ``period, years, source, measure, value``; the held-out period only when
    ``t1`` is before the end.
    """
    n_t = len(model.years)
    first = int(model.years[0])
    periods = [("fit", 0, t1)] + ([("holdout", t1, n_t)] if t1 < n_t else [])
    weights = group_weights(np.zeros(model.n, dtype=np.int64), 0, model.area)
    labels = [t.label for t in TREATED]
    rows = []
    for period, t0, t_end in periods:
        years = f"{first + t0}–{first + t_end - 1}" if t_end - t0 > 1 else str(first + t0)
        observed = categories([truth.years[b] for b in blocks], t0, t_end)
        real = treated_in([truth.years[k] for k in labels], t0, t_end)
        for name, paths in sources.items():
            freq = Frequencies.of(path_categories(paths, blocks, t0, t_end), 1, t_end - t0 + 1)
            sim = treated_in([paths.of(k) for k in labels], t0, t_end)
            fom = rates(confusion(real[None], sim[:, None], weights))["figure_of_merit"]
            values = {
                "log_score": float(freq.log_score(observed)[0]) / model.n,
                "figure_of_merit": _mean(fom[:, 0, -1]),
                "auc": auc(sim.mean(axis=0), real),
            }
            rows += [
                {"period": period, "years": years, "source": name, "measure": m, "value": v}
                for m, v in values.items()
            ]
    return pd.DataFrame(rows)


def _mean(values: np.ndarray) -> float:
    """Mean of the finite values (NaN when there are none)."""
    finite = values[np.isfinite(values)]
    return float(finite.mean()) if finite.size else float("nan")
