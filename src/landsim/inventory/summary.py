"""Summaries of an inventory: parcels and mu by platform, and connected blocks."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse import csgraph

from landsim.inventory.load import Inventory
from landsim.scenario.schema.scenario import Platform


def by_platform(
    inventory: Inventory, platforms: Mapping[str, Platform], lang: str = "en"
) -> pd.DataFrame:
    """Parcels, mu, idle mu and share of the district's mu for each platform.

    Returns
    -------
    pandas.DataFrame
        Indexed by platform id in scenario order, with a final ``district`` row (named
        全区 or District).
    """
    p = inventory.parcels
    idle = p["status"].eq("idle")
    g = (
        pd.DataFrame(
            {
                "parcels": p.groupby("platform").size(),
                "mu": p.groupby("platform")["area_mu"].sum(),
                "idle_mu": p["area_mu"].where(idle, 0.0).groupby(p["platform"]).sum(),
            }
        )
        .reindex(list(platforms))
        .fillna(0.0)
    )
    g.loc["district"] = g.sum()
    g["share"] = g["mu"] / g.loc["district", "mu"]
    g.insert(
        0,
        "name",
        [
            platforms[i].name.get(lang)
            if i in platforms
            else ("全区" if lang == "zh" else "District")
            for i in g.index
        ],
    )
    g["parcels"] = g["parcels"].astype(int)
    return g


def blocks(adjacency: sparse.csr_array, area: np.ndarray) -> pd.Series:
    """Areas of the connected blocks of the adjacency graph, largest first."""
    n, labels = csgraph.connected_components(adjacency, directed=False)
    return pd.Series(np.bincount(labels, area, minlength=n)).sort_values(
        ascending=False, ignore_index=True
    )
