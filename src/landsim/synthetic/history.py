"""A synthetic treatment history, written the way a district keeps one.

``landsim synth --history`` runs a scenario (its parameter values known: they are the
scenario's central values) with a seed of its own, and hands the parcel table of that
run here. :func:`history_table` turns it into the rows a district office would keep —
one per treatment, with its year, the money paid, the industry that took the land and
the years it was sold and produced — under the template's Chinese headers and in the
district's words (腾退, 整治提升, 盘活闲置), or under the canonical English names.
Testing ``landsim backtest`` and ``landsim calibrate`` on it is honest: the right
answer is known.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from landsim.scenario.schema.history_spec import HISTORY_COLUMNS

#: How each treatment is written, by language.
WORDS = {
    "zh": {"vacate": "腾退", "upgrade": "整治提升", "reactivate": "盘活闲置"},
    "en": {"vacate": "vacate", "upgrade": "upgrade", "reactivate": "reactivate"},
}


def headers(lang: str) -> dict[str, str]:
    """Return each history column's header: the template's Chinese one, or its name."""
    return {c.name: (c.zh[0] if lang == "zh" else c.name) for c in HISTORY_COLUMNS}


def history_table(
    parcels: pd.DataFrame,
    end: int,
    *,
    industry_names: Mapping[str, str] | None = None,
    lang: str = "zh",
) -> pd.DataFrame:
    """Turn the treatments of a run's parcel table up to *end* into a district's history.

    Parameters
    ----------
    parcels
        A run's parcel table (:attr:`landsim.Results.parcels`).
    end
        The history's last year: sales and production after it are not known yet.
    industry_names
        How each new use (the ``new_use`` column) is written; the id when absent.
    lang
        ``zh``: the template's Chinese headers and words; ``en``: canonical ones.

    Returns
    -------
    pandas.DataFrame
        One row per treatment, by year then parcel: an upgraded parcel vacated later has
        two rows. The money of such an earlier upgrade is not in the parcel table and is
        left empty.
    """
    names = dict(industry_names or {})
    treated = parcels[parcels["treatment"] != ""]
    latest = pd.DataFrame(
        {
            "parcel_id": treated["parcel_id"].to_numpy(),
            "treatment": treated["treatment"].to_numpy(),
            "year": treated["year_selected"].to_numpy(dtype=float, na_value=np.nan),
            "compensation": treated["cost_wan_yuan"].round(2).to_numpy(),
            "new_industry": _known(treated, "year_transfer", end, treated["new_use"]),
            "year_transfer": _known(treated, "year_transfer", end),
            "year_production": _known(treated, "year_production", end),
        }
    )
    earlier = treated[treated["year_upgraded"].notna() & (treated["treatment"] != "upgrade")]
    upgrades = pd.DataFrame(
        {
            "parcel_id": earlier["parcel_id"].to_numpy(),
            "treatment": "upgrade",
            "year": earlier["year_upgraded"].to_numpy(dtype=float, na_value=np.nan),
        }
    )
    rows = pd.concat([latest, upgrades], ignore_index=True)
    rows = rows[rows["year"] <= end].sort_values(["year", "parcel_id"], kind="stable")
    rows["new_industry"] = rows["new_industry"].map(lambda u: names.get(u, u), na_action="ignore")
    rows["treatment"] = rows["treatment"].map(WORDS[lang])
    for column in ("year", "year_transfer", "year_production"):
        rows[column] = rows[column].astype("Int64")
    columns = [c.name for c in HISTORY_COLUMNS]
    return rows[columns].rename(columns=headers(lang)).reset_index(drop=True)


def _known(
    parcels: pd.DataFrame, column: str, end: int, values: pd.Series | None = None
) -> np.ndarray:
    """*values* (default: the column itself) where *column*'s year is at most *end*."""
    year = parcels[column].to_numpy(dtype=float, na_value=np.nan)
    shown = parcels[column] if values is None else values
    out = shown.to_numpy(dtype=object if values is not None else float)
    return np.where(year <= end, out, None if values is not None else np.nan)
