"""Scores and classes of the 亩均 evaluation.

The scenario's ``evaluation`` section becomes a :class:`Formula` (arrays); scoring works
on a figures matrix (:func:`~landsim.evaluation.indicators.figures_matrix`). The same
functions score the base year at compile time and every later year inside the engine.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from landsim.axes import PARCEL, array
from landsim.evaluation.indicators import (
    INDICATOR_NAMES,
    figures_matrix,
    indicator_table,
    put_defined,
    scaling,
)
from landsim.evaluation.kernel import MISSING_MODES, add_sums, score_firms, score_ranked
from landsim.evaluation.ranks import percentile_codes
from landsim.scenario.schema.evaluation import Classes, Evaluation

UNRATED = ""
#: Class letters by class code (0 = not rated).
CLASS_LETTERS = ("", "A", "B", "C", "D")
#: Scoring groups: 规上 firms, then 规下 firms; group code −1 is "not scored".
GROUPS = ("above", "below")
#: How indicators scale with growth and uplift (see :func:`indicator_table`); read-only.
SCALING = scaling()


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
        idle, under construction, or not on industrial land).
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


def scoring_groups(parcels: pd.DataFrame, industrial: np.ndarray | None = None) -> np.ndarray:
    """Group code of every parcel: 0 规上, 1 规下, −1 not scored.

    Parcels not operating are not scored, nor, when *industrial* is given, parcels outside
    it (land that is not industrial: see
    :func:`~landsim.evaluation.candidates.industrial_land`).
    """
    scored = parcels["status"].eq("operating").to_numpy()
    if industrial is not None:
        scored = scored & industrial
    above = parcels["size_class"].eq("above").to_numpy()
    return np.where(scored, np.where(above, 0, 1), -1).astype(np.int8)


def evaluate(
    parcels: pd.DataFrame,
    spec: Evaluation,
    table: Table | None = None,
    *,
    industrial: np.ndarray | None = None,
) -> Scores:
    """Score and classify every operating parcel of the inventory (the base year).

    Parameters
    ----------
    parcels
        Inventory in canonical columns.
    spec
        The scenario's ``evaluation`` section.
    table
        The inventory's indicator table (:meth:`Table.of`), when the caller has built it
        already; its scoring groups are used, its industries are not (the base year's
        benchmarks are district-wide).
    industrial
        Without *table*: the parcels on industrial land; the others are not scored
        (see :func:`scoring_groups`). All parcels when not given.

    Notes
    -----
    Each indicator contributes ``weight × min(value / benchmark, cap)``. Missing indicators
    follow ``spec.missing`` (see ``docs/accounting.md``); they are never silently zero.
    Classes are assigned separately within 规上 and 规下 firms.
    """
    formula = Formula.of(spec)
    if table is None:
        group = scoring_groups(parcels, industrial)
        table = Table.of(figures_matrix(parcels), group, np.zeros(len(group), dtype=np.int64))
    group = table.group
    score, known, benchmarks = score_all(table, formula)
    code = classify(score, group, formula.classes)
    names = np.asarray([*GROUPS, UNRATED], dtype=object)[group]  # −1 → ""
    letters = np.asarray(CLASS_LETTERS, dtype=object)[code]
    return Scores(score, letters, code, names, benchmarks, known)


@dataclass(frozen=True)
class Table:
    """Every firm's base-year indicators, as the scoring kernels read them.

    Attributes
    ----------
    parts
        ``(n, 2, K)`` numerators (row 0) and denominators (row 1) of each indicator, 0
        where the indicator is undefined (so that they add nothing to a benchmark's sums).
        A firm's parts lie together in memory: the running sums read a few scattered firms.
    ratio
        ``(n, K)`` their ratio: the indicator values (NaN where undefined).
    group, industry
        Each firm's scoring group (−1: not scored) and industry index.
    scored
        Indices of the firms in a scoring group.
    """

    parts: np.ndarray
    ratio: np.ndarray
    group: np.ndarray
    industry: np.ndarray
    scored: np.ndarray

    @classmethod
    def of(cls, figures: np.ndarray, group: np.ndarray, industry: np.ndarray) -> Table:
        """Build the table from a figures matrix (:func:`figures_matrix`)."""
        parts, ratio = indicator_table(figures)
        group = group.astype(np.int64)
        return cls(parts, ratio, group, industry.astype(np.int64), np.flatnonzero(group >= 0))

    @classmethod
    def from_parts(
        cls,
        num: np.ndarray,
        den: np.ndarray,
        group: np.ndarray,
        industry: np.ndarray,
        scored: np.ndarray,
    ) -> Table:
        """Build the table from ``(n, K)`` numerators and denominators.

        Undefined indicators are 0 in the parts and NaN in the values
        (:func:`~landsim.evaluation.indicators.put_defined`). *scored* marks the firms in
        a scoring group.
        """
        parts = np.zeros((num.shape[0], 2, num.shape[1]))
        ratio = np.full(num.shape, np.nan)
        put_defined(num, den, parts, ratio)
        return cls(parts, ratio, group, industry, np.flatnonzero(scored))

    def sums(self, n_industries: int, idx: np.ndarray | None = None) -> np.ndarray:
        """``(2, G, K, I)`` sums of numerators (0) and denominators (1) of firms *idx*."""
        out = np.zeros((2, len(GROUPS), len(INDICATOR_NAMES), n_industries))
        chosen = self.scored if idx is None else np.asarray(idx, dtype=np.int64)
        add_sums(chosen, self.parts, self.group, self.industry, 1.0, out)
        return out


def benchmarks(
    sums: np.ndarray,
    lifted: np.ndarray,
    growth_ind: np.ndarray,
    uplift: np.ndarray,
    formula: Formula,
) -> np.ndarray:
    """``(G, K)`` benchmarks: the scenario's, or Σ numerators ÷ Σ denominators.

    *sums* and *lifted* are ``(2, G, K, I)`` sums of firms without and with their upgrade's
    uplift; each figure is scaled by its industry's growth (when it grows) and the uplift
    factors ``(3,)`` (when it is uplifted).
    """
    grow_num, grow_den, lift_num, lift_den = SCALING
    totals = []
    for part, grows, lifts in ((0, grow_num, lift_num), (1, grow_den, lift_den)):
        factor = np.where(grows[:, None], growth_ind[None, :], 1.0)  # (K, I)
        up = np.where(lifts >= 0, uplift[np.maximum(lifts, 0)], 1.0)  # (K,)
        scaled = (sums[part] + up[None, :, None] * lifted[part]) * factor[None]
        totals.append(scaled.sum(axis=2))
    with np.errstate(invalid="ignore", divide="ignore"):
        computed = np.where(totals[1] > 0, totals[0] / totals[1], np.nan)
    return np.where(np.isnan(formula.given), computed, formula.given)


def growth_powers() -> tuple[np.ndarray, np.ndarray]:
    """Per indicator: the power of the growth factor in it, and the rows of its uplifts."""
    grow_num, grow_den, lift_num, lift_den = SCALING
    return grow_num.astype(np.int64) - grow_den.astype(np.int64), np.stack([lift_num, lift_den])


def lift_factors(uplift: np.ndarray) -> np.ndarray:
    """``(K,)`` factor of each indicator once a firm's upgrade has taken effect."""
    _, rows = growth_powers()
    up = np.where(rows >= 0, uplift[np.maximum(rows, 0)], 1.0)
    return up[0] / up[1]


def score_table(
    table: Table,
    treatment: np.ndarray,
    upgrade_year: np.ndarray,
    year: tuple[int, int, np.ndarray, np.ndarray],
    bench: np.ndarray,
    formula: Formula,
) -> tuple[np.ndarray, np.ndarray]:
    """Scores of every firm of *table* and the rated firms' indices (see score_firms).

    *year* is ``(t, lag, growth_ind, uplift)``.
    """
    return score_firms(*_kernel_args(table, treatment, upgrade_year, year, bench, formula))


def score_table_ranked(
    table: Table,
    state: tuple[np.ndarray, np.ndarray],
    year: tuple[int, int, np.ndarray, np.ndarray],
    bench: np.ndarray,
    formula: Formula,
    joined: tuple[np.ndarray, np.ndarray],
    places: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """As :func:`score_table`, with each group's rated firms gathered for the classes.

    *state* is ``(treatment, upgrade_year)``; *joined* ``(idx, score)`` of rated firms
    scored already that join group 0; *places* arrays to gather them in, reused when
    large enough (see :func:`~landsim.evaluation.kernel.score_ranked`).
    """
    if places is None:
        places = (np.empty(0, dtype=np.int64), np.empty(0))
    args = _kernel_args(table, *state, year, bench, formula)
    return score_ranked(*args, joined, (len(GROUPS), places))


def _kernel_args(
    table: Table,
    treatment: np.ndarray,
    upgrade_year: np.ndarray,
    year: tuple[int, int, np.ndarray, np.ndarray],
    bench: np.ndarray,
    formula: Formula,
) -> tuple[tuple, tuple, tuple]:
    """Return the scoring kernels' ``firms``, ``year`` and ``formula`` arguments."""
    t, lag, growth_ind, uplift = year
    expo, _ = growth_powers()
    return (
        (table.scored, table.ratio, table.group, table.industry, treatment, upgrade_year),
        (t, lag, growth_ind, expo, lift_factors(uplift)),
        (
            formula.order,
            formula.weights,
            bench,
            float(formula.cap),
            formula.mode,
            float(formula.min_known),
        ),
    )


def score_all(
    table: Table, formula: Formula
) -> tuple[np.ndarray, np.ndarray, dict[str, dict[str, float]]]:
    """Scores, known weight shares and benchmarks of every parcel in the base year.

    The benchmarks are district-wide: every firm counts as of one industry.
    """
    n = len(table.group)
    table = dataclasses.replace(table, industry=np.zeros(n, dtype=np.int64))
    sums = table.sums(1)
    bench = benchmarks(sums, np.zeros_like(sums), np.ones(1), np.ones(3), formula)
    none = np.zeros(n, dtype=np.int8)
    score, _ = score_table(
        table, none, np.full(n, -1), (0, 0, np.ones(1), np.ones(3)), bench, formula
    )
    known = _known_weight(table, formula)
    named = {
        name: {INDICATOR_NAMES[k]: float(bench[g, k]) for k in formula.order[g] if k >= 0}
        for g, name in enumerate(GROUPS)
    }
    return score, known, named


def _known_weight(table: Table, formula: Formula) -> np.ndarray:
    """Share of each firm's formula weight whose indicators it has."""
    known = np.zeros(len(table.group))
    for g in range(len(GROUPS)):
        members = table.group == g
        has = ~np.isnan(table.ratio[members])  # (m, K)
        w = formula.weights[g]
        total = w.sum()
        known[members] = (has * w).sum(axis=1) / total if total > 0 else 0.0
    return known


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
