"""The 亩均 indicators: numerator and denominator figures, and district benchmarks.

Indicators are ratios of two of a firm's figures (:data:`FIGURES`). Scoring works on a
figures matrix, one column per figure, so that the engine can re-evaluate every year by
scaling the columns (growth, upgrades) and scoring again.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: indicator → (numerator figure, denominator figure, unit)
INDICATORS: dict[str, tuple[str, str, str]] = {
    "tax_per_mu": ("tax", "area_mu", "万元/亩"),
    "value_added_per_mu": ("value_added", "area_mu", "万元/亩"),
    "value_added_per_energy": ("value_added", "energy_tce", "万元/tce"),
    "value_added_per_emission": ("value_added", "emissions_t", "万元/t"),
    "labour_productivity": ("value_added", "employees", "万元/人"),
    "rd_share": ("rd_spending", "revenue", "1"),
    "tax_per_electricity": ("tax", "electricity", "万元/MWh"),
}
#: The figures indicators are made of, in the column order of a figures matrix.
FIGURES = (
    "tax",
    "value_added",
    "energy_tce",
    "emissions_t",
    "employees",
    "rd_spending",
    "revenue",
    "electricity",
    "area_mu",
)
#: Figures that scale with a firm's industry growth (employees and land do not; see
#: docs/accounting.md, "yearly re-evaluation").
GROWING = (
    "tax",
    "value_added",
    "energy_tce",
    "emissions_t",
    "rd_spending",
    "revenue",
    "electricity",
)
#: Figures raised by an upgrade, and which uplift raises them.
UPLIFTED = {"revenue": "output", "tax": "tax", "value_added": "value_added"}


def figures_matrix(parcels: pd.DataFrame) -> np.ndarray:
    """``(n, len(FIGURES))`` figures of every parcel, NaN where missing."""
    return np.column_stack([parcels[name].to_numpy(dtype=float) for name in FIGURES])


def defined(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """Where an indicator is defined: both values known and the denominator positive.

    It is undefined when either value is missing or the denominator is not positive
    (e.g. a firm reporting zero energy use).
    """
    ok = den > 0  # False for NaN too
    ok &= ~np.isnan(num)
    return ok


def ratio_parts(figures: np.ndarray, name: str) -> tuple[np.ndarray, np.ndarray]:
    """Numerator and denominator of *name*; NaN where the indicator is undefined."""
    num_col, den_col, _ = INDICATORS[name]
    num = figures[:, FIGURES.index(num_col)]
    den = figures[:, FIGURES.index(den_col)]
    bad = ~defined(num, den)
    return np.where(bad, np.nan, num), np.where(bad, np.nan, den)


def values(figures: np.ndarray, name: str) -> np.ndarray:
    """Compute indicator *name* for every parcel (NaN where undefined)."""
    num, den = ratio_parts(figures, name)
    with np.errstate(invalid="ignore", divide="ignore"):
        return num / den


def district_benchmark(figures: np.ndarray, name: str, group: np.ndarray) -> float:
    """District average of *name* over the parcels in *group*: Σ numerator / Σ denominator.

    The ratio of totals, not the mean of ratios, so a few tiny parcels cannot dominate.
    NaN when no parcel of the group has the indicator.
    """
    num, den = ratio_parts(figures, name)
    ok = group & ~np.isnan(num)
    total = den[ok].sum()
    return float(num[ok].sum() / total) if total > 0 else float("nan")


#: Indicators in the order of the rows of an indicator table.
INDICATOR_NAMES = tuple(INDICATORS)
_UPLIFT_ROW = {"output": 0, "tax": 1, "value_added": 2}


def indicator_table(figures: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every indicator's parts and values, one row per firm.

    Returns ``(n, 2, K)`` numerators and denominators, 0 where the indicator is undefined
    (see :func:`ratio_parts`), and ``(n, K)`` the indicator values, NaN where undefined.
    A firm's figures lie together in memory for the kernels.
    """
    n, k = figures.shape[0], len(INDICATOR_NAMES)
    parts = np.zeros((n, 2, k))
    ratio = np.full((n, k), np.nan)
    for c, name in enumerate(INDICATOR_NAMES):  # a column at a time: no (n, K) scratch
        num_col, den_col, _ = INDICATORS[name]
        num = figures[:, FIGURES.index(num_col)]
        den = figures[:, FIGURES.index(den_col)]
        put_defined(num, den, parts[:, :, c], ratio[:, c])
    return parts, ratio


def put_defined(num: np.ndarray, den: np.ndarray, parts: np.ndarray, ratio: np.ndarray) -> None:
    """Write the defined indicators' parts and values; leave the undefined ones as they are.

    *parts* holds numerators at ``[:, 0]`` and denominators at ``[:, 1]`` (start it at 0),
    *ratio* the values (start it at NaN); *num* and *den* have *ratio*'s shape.
    """
    ok = defined(num, den)
    np.copyto(parts[:, 0], num, where=ok)
    np.copyto(parts[:, 1], den, where=ok)
    np.divide(num, den, out=ratio, where=ok)


def scaling() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """How each indicator's numerator and denominator scale with growth and an uplift.

    Returns ``grow_num, grow_den`` (whether the figure grows with the industry) and
    ``lift_num, lift_den`` (the uplift row — 0 output, 1 tax, 2 value added — or −1).
    """
    grow_num, grow_den, lift_num, lift_den = [], [], [], []
    for name in INDICATOR_NAMES:
        num, den, _ = INDICATORS[name]
        grow_num.append(num in GROWING)
        grow_den.append(den in GROWING)
        lift_num.append(_UPLIFT_ROW.get(UPLIFTED.get(num, ""), -1))
        lift_den.append(_UPLIFT_ROW.get(UPLIFTED.get(den, ""), -1))
    out = (
        np.array(grow_num),
        np.array(grow_den),
        np.array(lift_num, dtype=np.int64),
        np.array(lift_den, dtype=np.int64),
    )
    for a in out:
        a.setflags(write=False)
    return out
