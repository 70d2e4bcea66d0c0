"""Scores and classes of the 亩均 evaluation.

The scenario's ``evaluation`` section becomes a :class:`Formula` (arrays); scoring works
on a figures matrix (:func:`~landsim.evaluation.indicators.figures_matrix`). The same
functions score the base year at compile time and every later year inside the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from landsim.axes import PARCEL, array
from landsim.evaluation.indicators import district_benchmark, figures_matrix, values
from landsim.scenario.schema.evaluation import Classes, Evaluation

UNRATED = ""
#: Class letters by class code (0 = not rated).
CLASS_LETTERS = ("", "A", "B", "C", "D")
#: Scoring groups: 规上 firms, then 规下 firms; group code −1 is "not scored".
GROUPS = ("above", "below")


@dataclass(frozen=True)
class Formula:
    """The scoring rules of both groups, read from the scenario's ``evaluation``.

    Attributes
    ----------
    weights
        Per group, ``(indicator, weight)`` in the scenario's order.
    given
        Per group, the benchmarks the scenario fixes (others: district averages).
    cap, missing, min_known
        See :class:`~landsim.scenario.schema.evaluation.Evaluation`.
    classes
        How scores become classes.
    """

    weights: tuple[tuple[tuple[str, float], ...], ...]
    given: tuple[dict[str, float], ...]
    cap: float
    missing: str
    min_known: float
    classes: Classes

    @classmethod
    def of(cls, spec: Evaluation) -> Formula:
        """Read the formula of a scenario's ``evaluation`` section."""
        forms = (spec.above_size, spec.below_size)
        return cls(
            weights=tuple(tuple(f.weights.items()) for f in forms),
            given=tuple(dict(f.benchmarks) for f in forms),
            cap=spec.cap,
            missing=spec.missing,
            min_known=spec.min_known_weight,
            classes=spec.classes,
        )


@dataclass(frozen=True)
class Scores:
    """The evaluation of every parcel.

    Attributes
    ----------
    score
        Score (100 = at every benchmark); NaN for parcels not rated.
    klass
        ``"A"``–``"D"``, or ``""`` when not rated.
    code
        The class as a code: 0 not rated, 1–4 for A–D.
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
    code: np.ndarray = array(PARCEL)
    group: np.ndarray = array(PARCEL)
    benchmarks: dict[str, dict[str, float]] = field()
    known_weight: np.ndarray = array(PARCEL)


def scoring_groups(parcels: pd.DataFrame) -> np.ndarray:
    """Group code of every parcel: 0 规上, 1 规下, −1 not scored (not operating)."""
    operating = parcels["status"].eq("operating").to_numpy()
    above = parcels["size_class"].eq("above").to_numpy()
    return np.where(operating, np.where(above, 0, 1), -1).astype(np.int8)


def evaluate(parcels: pd.DataFrame, spec: Evaluation) -> Scores:
    """Score and classify every operating parcel of the inventory (the base year).

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
    group = scoring_groups(parcels)
    formula = Formula.of(spec)
    score, known, benchmarks = score_all(figures_matrix(parcels), group, formula)
    code = classify(score, group, formula.classes)
    names = np.asarray([*GROUPS, UNRATED], dtype=object)[group]  # −1 → ""
    letters = np.asarray(CLASS_LETTERS, dtype=object)[code]
    return Scores(score, letters, code, names, benchmarks, known)


def score_all(
    figures: np.ndarray, group: np.ndarray, formula: Formula
) -> tuple[np.ndarray, np.ndarray, dict[str, dict[str, float]]]:
    """Scores, known weight shares and benchmarks of every parcel in a scoring group."""
    n = len(group)
    score = np.full(n, np.nan)
    known = np.zeros(n)
    benchmarks: dict[str, dict[str, float]] = {}
    for g, name in enumerate(GROUPS):
        mask = group == g
        s, k, b = _score_group(figures, mask, formula, g)
        score[mask], known[mask] = s[mask], k[mask]
        benchmarks[name] = b
    return score, known, benchmarks


def _score_group(
    figures: np.ndarray, members: np.ndarray, formula: Formula, g: int
) -> tuple[np.ndarray, np.ndarray, dict[str, float]]:
    n = len(members)
    weights = formula.weights[g]
    total_w = sum(w for _, w in weights)
    acc = np.zeros(n)
    known_w = np.zeros(n)
    benchmarks = {}
    for name, w in weights:
        bench = formula.given[g].get(name, district_benchmark(figures, name, members))
        benchmarks[name] = bench
        v = values(figures, name)
        ok = ~np.isnan(v) & (bench > 0)
        part = np.where(
            ok, np.minimum(np.where(ok, v, 0.0) / (bench if bench > 0 else 1.0), formula.cap), 0.0
        )
        acc += w * part
        known_w += np.where(ok, w, 0.0)
    share = known_w / total_w if total_w > 0 else np.zeros(n)
    if formula.missing == "zero":
        score = 100.0 * acc / total_w
    elif formula.missing == "unrated":
        score = np.where(share >= 1.0 - 1e-12, 100.0 * acc / total_w, np.nan)
    else:
        with np.errstate(invalid="ignore", divide="ignore"):
            score = np.where(share >= formula.min_known, 100.0 * acc / known_w, np.nan)
    return score, share, benchmarks


def classify(score: np.ndarray, group: np.ndarray, spec: Classes) -> np.ndarray:
    """Class codes (0 not rated, 1–4 for A–D), assigned within each scoring group."""
    code = np.zeros(len(score), dtype=np.int8)
    for g in range(len(GROUPS)):
        mask = group == g
        code[mask] = class_codes(score[mask], spec)
    return code


def class_codes(score: np.ndarray, spec: Classes) -> np.ndarray:
    """Class codes for one group's scores (NaN scores stay 0, not rated).

    ``percentile``: rated firms sorted by score, best first (ties: inventory order); the
    first ``round(share_A × N)`` are A, up to ``round((share_A + share_B) × N)`` B, and so on.
    ``thresholds``: A if score ≥ A's threshold, else B if ≥ B's, else C if ≥ C's, else D.
    """
    out = np.zeros(len(score), dtype=np.int8)
    rated = np.flatnonzero(~np.isnan(score))
    if spec.method == "thresholds":
        t = spec.thresholds
        s = score[rated]
        out[rated] = np.where(s >= t["A"], 1, np.where(s >= t["B"], 2, np.where(s >= t["C"], 3, 4)))
        return out
    order = rated[np.argsort(-score[rated], kind="stable")]
    cuts = np.round(np.cumsum([spec.shares[c] for c in "ABCD"]) * len(order)).astype(int)
    codes = np.repeat(np.arange(1, 5, dtype=np.int8), np.diff(np.concatenate([[0], cuts])))
    out[order] = codes[: len(order)]
    return out


def assign_classes(score: np.ndarray, spec: Classes) -> np.ndarray:
    """Classes ``"A"``–``"D"`` for one group's scores (NaN scores stay ``""``)."""
    return np.asarray(CLASS_LETTERS, dtype=object)[class_codes(score, spec)]
