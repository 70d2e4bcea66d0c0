"""The 亩均 indicators: numerator and denominator columns, and district benchmarks."""

from __future__ import annotations

import numpy as np
import pandas as pd

#: indicator → (numerator column, denominator column, unit)
INDICATORS: dict[str, tuple[str, str, str]] = {
    "tax_per_mu": ("tax", "area_mu", "万元/亩"),
    "value_added_per_mu": ("value_added", "area_mu", "万元/亩"),
    "value_added_per_energy": ("value_added", "energy_tce", "万元/tce"),
    "value_added_per_emission": ("value_added", "emissions_t", "万元/t"),
    "labour_productivity": ("value_added", "employees", "万元/人"),
    "rd_share": ("rd_spending", "revenue", "1"),
    "tax_per_electricity": ("tax", "electricity", "万元/MWh"),
}


def ratio_parts(parcels: pd.DataFrame, name: str) -> tuple[np.ndarray, np.ndarray]:
    """Numerator and denominator of *name*; NaN where the indicator is undefined.

    An indicator is undefined when either value is missing or the denominator is not
    positive (e.g. a firm reporting zero energy use).
    """
    num_col, den_col, _ = INDICATORS[name]
    num = parcels[num_col].to_numpy(dtype=float)
    den = parcels[den_col].to_numpy(dtype=float)
    bad = np.isnan(num) | np.isnan(den) | (den <= 0)
    return np.where(bad, np.nan, num), np.where(bad, np.nan, den)


def values(parcels: pd.DataFrame, name: str) -> np.ndarray:
    """Compute indicator *name* for every parcel (NaN where undefined)."""
    num, den = ratio_parts(parcels, name)
    with np.errstate(invalid="ignore", divide="ignore"):
        return num / den


def district_benchmark(parcels: pd.DataFrame, name: str, group: np.ndarray) -> float:
    """District average of *name* over the parcels in *group*: Σ numerator / Σ denominator.

    The ratio of totals, not the mean of ratios, so a few tiny parcels cannot dominate.
    NaN when no parcel of the group has the indicator.
    """
    num, den = ratio_parts(parcels, name)
    ok = group & ~np.isnan(num)
    total = den[ok].sum()
    return float(num[ok].sum() / total) if total > 0 else float("nan")
