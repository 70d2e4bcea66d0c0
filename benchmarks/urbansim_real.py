"""The real UrbanSim developer model (``urbansim``, ``orca``) doing landsim's yearly mu job.

Each year an orca step builds a feasibility table of the parcels still eligible
(operating, 亩均税收 below the threshold, not yet picked), and
``urbansim.developer.developer.Developer.pick`` chooses among them until the year's
quota in mu is met: "units" are mu (one job space per mu), and a parcel's "profit" is
how far its tax per mu falls below the threshold, so low-yield parcels are likelier to
be picked. Output of the parcels left is summed by platform. The developer model draws
with numpy's global random state (seeded here); it picks at random in proportion to
profit, not worst-first.

Needs the ``bench`` extra (``pip install -e '.[bench]'``: urbansim and orca, not landsim
dependencies); the benchmark says when they are missing.
"""

from __future__ import annotations

import contextlib
import io

import numpy as np
import pandas as pd


def available() -> bool:
    """Whether urbansim and orca can be imported."""
    try:
        import orca  # noqa: F401
        from urbansim.developer import developer  # noqa: F401
    except ImportError:
        return False
    return True


def run(parcels: pd.DataFrame, years: list[int], quota_mu: float, threshold: float) -> pd.DataFrame:
    """Run the yearly developer model in orca; return output of untreated parcels by platform."""
    import orca
    from urbansim.developer.developer import Developer

    orca.clear_all()
    state = parcels[["platform", "area_mu", "tax", "output", "status"]].copy()
    state["tax_per_mu"] = state["tax"] / state["area_mu"]
    state["year_selected"] = np.nan
    orca.add_table("parcels", state)
    rows: list[pd.Series] = []

    @orca.step()
    def develop(parcels, iter_var):
        p = parcels.to_frame()
        eligible = p[
            p["year_selected"].isna() & (p["status"] == "operating") & (p["tax_per_mu"] < threshold)
        ]
        feasibility = pd.DataFrame(
            {
                "max_profit": (threshold - eligible["tax_per_mu"]) * eligible["area_mu"],
                "max_profit_far": 1.0,
                "residential_sqft": 0.0,
                "non_residential_sqft": eligible["area_mu"].round().clip(lower=1.0),
            },
            index=eligible.index,
        )
        built = Developer(feasibility).pick(
            None,
            int(quota_mu),
            eligible["area_mu"],
            pd.Series(1.0, index=eligible.index),
            pd.Series(0.0, index=eligible.index),
            max_parcel_size=np.inf,
            min_unit_size=0.0,
            residential=False,
            bldg_sqft_per_job=1.0,
        )
        if built is not None:
            parcels.update_col_from_series(
                "year_selected", pd.Series(iter_var, index=built["parcel_id"]), cast=True
            )
        left = parcels.to_frame()
        rows.append(left[left["year_selected"].isna()].groupby("platform")["output"].sum())

    # the developer model draws from numpy's global random state; seed it to repeat runs
    np.random.seed(0)  # noqa: NPY002
    with contextlib.redirect_stdout(io.StringIO()):  # orca and pick() print their progress
        orca.run(["develop"], iter_vars=years)
    return pd.DataFrame(rows, index=years)
