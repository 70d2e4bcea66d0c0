"""The score, parcel and reliability tables of a back-test (see :mod:`.backtest`).

Sources of simulated paths, in column order: ``model`` (the run at central values),
``model_draws`` (Monte Carlo draws, when asked) and ``baseline`` (random selection with
the same quotas). Counts and rates of draws are averaged over the draws; the baseline
also gets its 90th percentile, the score a lucky random selection reaches.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from landsim.analysis.replay import Paths
from landsim.analysis.scores import (
    SCOPES,
    auc,
    brier,
    confusion,
    group_weights,
    rates,
    reliability,
    selected,
)
from landsim.analysis.truth import KINDS, Truth
from landsim.inventory.prepare import Prepared
from landsim.model import Model

COLUMNS = ("model", "model_draws", "baseline", "baseline_p90")
COUNTS = ("hits", "misses", "false_alarms")
#: Every measure of the score table, in order.
MEASURES = (
    *COUNTS,
    "actual",
    "simulated",
    "figure_of_merit",
    "producer_accuracy",
    "user_accuracy",
    "auc",
    "brier",
)
OUTCOMES = {(True, True): "hit", (True, False): "miss", (False, True): "false_alarm"}


def groups_of(model: Model) -> list[str]:
    """Labels of the score groups: each platform, then the district."""
    return [*model.platform_ids, "district"]


def score_table(truth: Truth, sources: dict[str, Paths], model: Model) -> pd.DataFrame:
    """Return every score, long.

    Columns: ``scope, year, platform, treatment, unit, measure`` and one per source
    (:data:`COLUMNS`; empty where a source was not run).
    """
    n_p, n_t = len(model.platform_ids), len(model.years)
    weights = {
        "mu": group_weights(model.platform, n_p, model.area),
        "parcels": group_weights(model.platform, n_p),
    }
    frames = []
    for kind in KINDS:
        for scope in SCOPES:
            real = selected(truth.years[kind], scope, n_t)
            sims = {name: selected(p.of(kind), scope, n_t) for name, p in sources.items()}
            for unit, w in weights.items():
                values = {name: _measures(confusion(real, s, w)) for name, s in sims.items()}
                for measure in MEASURES[:-2]:
                    cols = _reduce({k: v[measure] for k, v in values.items()})
                    frames.append(_rows(model, scope, kind, unit, measure, cols))
            for measure, cols in _ranking(real, sims, model).items():
                frames.append(_rows(model, scope, kind, "parcels", measure, cols))
    return pd.concat(frames, ignore_index=True)


def _measures(counts: np.ndarray) -> dict[str, np.ndarray]:
    """``(D, Y, G)`` arrays of every count and rate."""
    out = {name: counts[..., k] for k, name in enumerate(COUNTS)}
    out["actual"] = counts[..., 0] + counts[..., 1]
    out["simulated"] = counts[..., 0] + counts[..., 2]
    return out | rates(counts)


def _reduce(by_source: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """``(Y, G)`` values per column from ``(D, Y, G)`` values per source."""
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN slices stay NaN
        for name, v in by_source.items():
            out[name] = v[0] if name == "model" else np.nanmean(v, axis=0)
            if name == "baseline":
                out["baseline_p90"] = np.nanpercentile(v, 90, axis=0)
    return out


def _ranking(
    real: np.ndarray, sims: dict[str, np.ndarray], model: Model
) -> dict[str, dict[str, np.ndarray]]:
    """AUC and Brier score of each source's selection frequency, by year and group."""
    n_p, n_t = len(model.platform_ids), len(model.years)
    masks = [model.platform == g for g in range(n_p)] + [np.ones(model.n, dtype=bool)]
    out: dict[str, dict[str, np.ndarray]] = {"auc": {}, "brier": {}}
    for name, sim in sims.items():
        freq = sim.mean(axis=0)  # (Y, N)
        a = np.full((n_t, n_p + 1), np.nan)
        b = np.full((n_t, n_p + 1), np.nan)
        for t in range(n_t):
            for g, mask in enumerate(masks):
                a[t, g] = auc(freq[t, mask], real[t, mask])
                b[t, g] = brier(freq[t, mask], real[t, mask]) if mask.any() else np.nan
        out["auc"][name], out["brier"][name] = a, b
    return out


def _rows(
    model: Model, scope: str, kind: str, unit: str, measure: str, cols: dict[str, np.ndarray]
) -> pd.DataFrame:
    groups = groups_of(model)
    n_t, n_g = len(model.years), len(groups)
    frame = pd.DataFrame(
        {
            "scope": scope,
            "year": np.repeat(model.years.astype(int), n_g),
            "platform": np.tile(groups, n_t),
            "treatment": kind,
            "unit": unit,
            "measure": measure,
        }
    )
    for col in COLUMNS:
        frame[col] = np.ravel(cols[col]) if col in cols else np.nan
    return frame


def parcel_table(
    truth: Truth, sources: dict[str, Paths], model: Model, prepared: Prepared
) -> pd.DataFrame:
    """Return one row per parcel: what happened, and what the model did.

    The run at central values' treatment, the outcome over the whole back-test (hit, miss,
    false alarm), and how often the draws and the baseline selected the parcel.
    """
    inv = prepared.inventory.parcels
    first = int(model.years[0])
    real_kind, real_year = _first_treatment(truth.years, first)
    central = sources["model"]
    sim_kind, sim_year = _first_treatment(
        {k: central.of(k)[0] for k in ("any", "vacate", "upgrade", "reactivate")}, first
    )
    real, sim = real_kind != "", sim_kind != ""
    outcome = np.select([real & sim, real & ~sim, ~real & sim], list(OUTCOMES.values()), default="")
    table = pd.DataFrame(
        {
            "parcel_id": inv["parcel_id"],
            "platform": inv["platform"],
            "area_mu": model.area,
            "x": inv["x"],
            "y": inv["y"],
            "actual_treatment": real_kind,
            "actual_year": real_year,
            "simulated_treatment": sim_kind,
            "simulated_year": sim_year,
            "outcome": outcome,
            "contiguous_actual": truth.contiguous,
            "contiguous_simulated": central.contiguous[0],
        }
    )
    for name, col in (("model_draws", "share_model"), ("baseline", "share_baseline")):
        if name in sources:
            table[col] = (sources[name].of("any") >= 0).mean(axis=0)
    return table


def _first_treatment(years: dict[str, np.ndarray], first: int) -> tuple[np.ndarray, pd.Series]:
    """Label and year of each parcel's first treatment ("" and empty where none)."""
    when = years["any"]
    label = np.full(when.shape, "", dtype=object)
    for kind in ("reactivate", "upgrade", "vacate"):  # vacate wins a tie
        label[(years[kind] == when) & (when >= 0)] = kind
    year = pd.Series(when.astype(np.int64) + first, dtype="Int64").where(when >= 0)
    return label, year


def reliability_table(truth: Truth, sources: dict[str, Paths], model: Model) -> pd.DataFrame:
    """Reliability of the selection frequency over the whole back-test, by source."""
    real = truth.years["any"] >= 0
    frames = []
    for name in ("model_draws", "baseline"):
        if name in sources:
            freq = (sources[name].of("any") >= 0).mean(axis=0)
            frames.append(reliability(freq, real, model.area).assign(source=name))
    table = pd.concat(frames, ignore_index=True)
    return table[["source", *table.columns[:-1]]]
