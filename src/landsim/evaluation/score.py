"""Scores and classes of the 亩均 evaluation."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from landsim.axes import PARCEL, array
from landsim.evaluation.indicators import district_benchmark, values
from landsim.scenario.schema.evaluation import Classes, Evaluation

UNRATED = ""


@dataclass(frozen=True)
class Scores:
    """The evaluation of every parcel.

    Attributes
    ----------
    score
        Score (100 = at every benchmark); NaN for parcels not rated.
    klass
        ``"A"``–``"D"``, or ``""`` when not rated.
    group
        ``"above"`` (规上 formula), ``"below"`` (规下 formula) or ``""`` (not scored:
        idle, under construction).
    benchmarks
        Benchmark used for each group and indicator.
    known_weight
        Share of the formula's weight whose indicators the parcel has.
    """

    score: np.ndarray = array(PARCEL)
    klass: np.ndarray = array(PARCEL)
    group: np.ndarray = array(PARCEL)
    benchmarks: dict[str, dict[str, float]] = field()
    known_weight: np.ndarray = array(PARCEL)


def evaluate(parcels: pd.DataFrame, spec: Evaluation) -> Scores:
    """Score and classify every operating parcel.

    Parameters
    ----------
    parcels
        Inventory in canonical columns.
    spec
        The scenario's ``evaluation`` section.

    Notes
    -----
    Each indicator contributes ``weight × min(value / benchmark, cap)``. Missing indicators
    follow ``spec.missing`` (see ``docs/accounting.md``); they are never silently zero.
    Classes are assigned separately within 规上 and 规下 firms.
    """
    n = len(parcels)
    operating = parcels["status"].eq("operating").to_numpy()
    above = operating & parcels["size_class"].eq("above").to_numpy()
    below = operating & ~above
    score = np.full(n, np.nan)
    known = np.zeros(n)
    benchmarks: dict[str, dict[str, float]] = {}
    for name, mask, formula in (
        ("above", above, spec.above_size),
        ("below", below, spec.below_size),
    ):
        s, k, b = _score_group(parcels, mask, formula.weights, formula.benchmarks, spec)
        score[mask], known[mask] = s[mask], k[mask]
        benchmarks[name] = b
    group = np.where(above, "above", np.where(below, "below", UNRATED))
    klass = np.full(n, UNRATED, dtype=object)
    for mask in (above, below):
        klass[mask] = assign_classes(score[mask], spec.classes)
    return Scores(score, klass, group, benchmarks, known)


def _score_group(
    parcels: pd.DataFrame,
    group: np.ndarray,
    weights: dict[str, float],
    given: dict[str, float],
    spec: Evaluation,
) -> tuple[np.ndarray, np.ndarray, dict[str, float]]:
    n = len(parcels)
    total_w = sum(weights.values())
    acc = np.zeros(n)
    known_w = np.zeros(n)
    benchmarks = {}
    for name, w in weights.items():
        bench = given.get(name, district_benchmark(parcels, name, group))
        benchmarks[name] = bench
        v = values(parcels, name)
        ok = ~np.isnan(v) & (bench > 0)
        part = np.where(
            ok, np.minimum(np.where(ok, v, 0.0) / (bench if bench > 0 else 1.0), spec.cap), 0.0
        )
        acc += w * part
        known_w += np.where(ok, w, 0.0)
    share = known_w / total_w if total_w > 0 else np.zeros(n)
    if spec.missing == "zero":
        score = 100.0 * acc / total_w
    elif spec.missing == "unrated":
        score = np.where(share >= 1.0 - 1e-12, 100.0 * acc / total_w, np.nan)
    else:
        with np.errstate(invalid="ignore", divide="ignore"):
            score = np.where(share >= spec.min_known_weight, 100.0 * acc / known_w, np.nan)
    return score, share, benchmarks


def assign_classes(score: np.ndarray, spec: Classes) -> np.ndarray:
    """Classes A–D for one group's scores (NaN scores stay unrated).

    ``percentile``: rated firms sorted by score, best first (ties: inventory order); the
    first ``round(share_A × N)`` are A, up to ``round((share_A + share_B) × N)`` B, and so on.
    ``thresholds``: A if score ≥ A's threshold, else B if ≥ B's, else C if ≥ C's, else D.
    """
    out = np.full(len(score), UNRATED, dtype=object)
    rated = np.flatnonzero(~np.isnan(score))
    if spec.method == "thresholds":
        t = spec.thresholds
        s = score[rated]
        out[rated] = np.where(
            s >= t["A"], "A", np.where(s >= t["B"], "B", np.where(s >= t["C"], "C", "D"))
        )
        return out
    order = rated[np.argsort(-score[rated], kind="stable")]
    cuts = np.round(np.cumsum([spec.shares[c] for c in "ABCD"]) * len(order)).astype(int)
    labels = np.repeat(np.array(list("ABCD"), dtype=object), np.diff(np.concatenate([[0], cuts])))
    out[order] = labels[: len(order)]
    return out
