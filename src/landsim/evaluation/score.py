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
from landsim.evaluation.indicators import INDICATOR_NAMES, figures_matrix, indicator_table, scaling
from landsim.evaluation.kernel import MISSING_MODES, percentile_codes, score_kernel
from landsim.scenario.schema.evaluation import Classes, Evaluation

UNRATED = ""
#: Class letters by class code (0 = not rated).
CLASS_LETTERS = ("", "A", "B", "C", "D")
#: Scoring groups: 规上 firms, then 规下 firms; group code −1 is "not scored".
GROUPS = ("above", "below")
#: How indicators scale with growth and uplift (see :func:`indicator_table`); read-only.
SCALING = scaling()


def no_firms() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return an empty table of firms (the kernel's second table without new firms)."""
    k = len(INDICATOR_NAMES)
    return np.empty((0, k)), np.empty((0, k)), np.empty(0, dtype=np.int64)


@dataclass(frozen=True)
class Formula:
    """The scoring rules of both groups, read from the scenario's ``evaluation``, as arrays.

    Attributes
    ----------
    order
        ``(group, indicator)``: each group's indicators (rows of an indicator table) in the
        scenario's order, −1 after the last.
    weights
        ``(group, indicator)`` weight of each indicator (by row).
    given
        ``(group, indicator)`` benchmarks fixed by the scenario; NaN: district average.
    cap, missing, min_known
        See :class:`~landsim.scenario.schema.evaluation.Evaluation`.
    classes
        How scores become classes.
    """

    order: np.ndarray
    weights: np.ndarray
    given: np.ndarray
    cap: float
    missing: str
    min_known: float
    classes: Classes

    @classmethod
    def of(cls, spec: Evaluation) -> Formula:
        """Read the formula of a scenario's ``evaluation`` section."""
        forms = (spec.above_size, spec.below_size)
        k = len(INDICATOR_NAMES)
        order = np.full((len(forms), k), -1, dtype=np.int64)
        weights = np.zeros((len(forms), k))
        given = np.full((len(forms), k), np.nan)
        for g, form in enumerate(forms):
            for j, (name, w) in enumerate(form.weights.items()):
                row = INDICATOR_NAMES.index(name)
                order[g, j], weights[g, row] = row, w
            for name, value in form.benchmarks.items():
                given[g, INDICATOR_NAMES.index(name)] = value
        return cls(
            order, weights, given, spec.cap, spec.missing, spec.min_known_weight, spec.classes
        )

    @property
    def mode(self) -> int:
        """The missing-indicator rule as the kernel's code."""
        return MISSING_MODES.index(self.missing)


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
    num, den = indicator_table(figures)
    n = len(group)
    bench, score, known, _ = score_kernel(
        (num, den, group.astype(np.int64)),
        no_firms(),
        (np.ones(n), np.zeros(n, dtype=bool), np.ones(3), *SCALING),
        formula.order,
        formula.weights,
        formula.given,
        float(formula.cap),
        formula.mode,
        float(formula.min_known),
    )
    benchmarks = {
        name: {INDICATOR_NAMES[k]: float(bench[g, k]) for k in formula.order[g] if k >= 0}
        for g, name in enumerate(GROUPS)
    }
    return score, known, benchmarks


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
    if spec.method == "percentile":
        return percentile_codes(score, np.array([spec.shares[c] for c in "ABCD"]))
    out = np.zeros(len(score), dtype=np.int8)
    rated = np.flatnonzero(~np.isnan(score))
    t = spec.thresholds
    s = score[rated]
    out[rated] = np.where(s >= t["A"], 1, np.where(s >= t["B"], 2, np.where(s >= t["C"], 3, 4)))
    return out


def assign_classes(score: np.ndarray, spec: Classes) -> np.ndarray:
    """Classes ``"A"``–``"D"`` for one group's scores (NaN scores stay ``""``)."""
    return np.asarray(CLASS_LETTERS, dtype=object)[class_codes(score, spec)]
