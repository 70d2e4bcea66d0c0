"""An UrbanSim-style yearly picker, for comparison with landsim on the same parcels.

What a parcel model in the UrbanSim/orca tradition does each year: filter the parcel
table for eligible parcels with pandas, sort them, take the prefix whose cumulative area
fits the year's target, mark them, and sum outputs by zone. No 亩均 scoring of its own, no
contiguity, no projects, no budget, no causes of shortfalls, no lags or money: the
comparison flatters it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def pick(parcels: pd.DataFrame, years: list[int], quota: float, threshold: float) -> pd.DataFrame:
    """Run the yearly picker; return output of untreated parcels by platform and year."""
    state = parcels[["platform", "area_mu", "tax", "output", "status"]].copy()
    state["tax_per_mu"] = state["tax"] / state["area_mu"]
    state["year_selected"] = np.nan
    rows = []
    for year in years:
        eligible = state[
            state["year_selected"].isna()
            & (state["status"] == "operating")
            & (state["tax_per_mu"] < threshold)
        ]
        ranked = eligible.sort_values("tax_per_mu")
        chosen = ranked[ranked["area_mu"].cumsum() <= quota]
        state.loc[chosen.index, "year_selected"] = year
        output = state[state["year_selected"].isna()].groupby("platform")["output"].sum()
        rows.append(output.rename(year))
    return pd.DataFrame(rows)
