"""Generate the synthetic Xiaoshan inventory (deterministic for a given seed).

>>> synth = generate(seed=1, n_parcels=300)
>>> 250 < len(synth.parcels) < 380
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from landsim.inventory.geometry import Geometry, rectangles
from landsim.scenario.columns import ABOVE_SIZE_REVENUE
from landsim.streams import Streams
from landsim.synthetic.assumptions import (
    INDUSTRIES,
    MISSING_BELOW,
    ZONES,
    ClearOut,
    Firms,
    Layout,
)
from landsim.synthetic.layout import Plots, blocks_for_zone, rectangle_pairs, subdivide

DEFAULT_SEED = 20240101
DEFAULT_PARCELS = 8000
MU_PER_PARCEL = 15.0  # 120,000 mu / 8,000 parcels
#: No firm spends more than half its revenue on R&D.
MAX_RD_SHARE = 0.5
#: Survey insets and internal lanes take about 5 % of block area; blocks are drawn larger.
LAND_TAKE = 1.05
#: Widest gap bridged by ``Synthetic.bridge_pairs``: the widest road (60 m) plus survey gaps.
BRIDGE_GAP_M = 65.0


#: Where the synthetic district lies: the generator's local origin in EPSG:4549 (CGCS2000
#: 3-degree Gauss-Krüger, central meridian 120°E), about 120.26°E, 30.18°N — central
#: Xiaoshan (assumption: a round easting and northing near the district's centre).
CRS = "EPSG:4549"
ORIGIN = (525_000.0, 3_340_000.0)

#: Gap bridged when deciding which synthetic parcels touch (internal lanes are 8 m plus
#: survey insets; roads between blocks are 35–60 m).
TOUCH_TOLERANCE_M = 15.0


@dataclass(frozen=True)
class Synthetic:
    """A generated inventory: parcels, their rectangles, and the plots behind them."""

    parcels: pd.DataFrame
    geometry: Geometry
    plots: Plots

    def placed(self) -> Geometry:
        """Return the rectangles in :data:`CRS`, where Xiaoshan is (local ones + :data:`ORIGIN`)."""
        return self.geometry.with_coords(self.geometry.coords + np.asarray(ORIGIN))

    def touching_pairs(self, tolerance: float = TOUCH_TOLERANCE_M) -> pd.DataFrame:
        """Pairs of parcel ids whose rectangles share a boundary (exact, no shapely)."""
        return self._pairs(*rectangle_pairs(self.plots, tolerance))

    def bridge_pairs(self, gap: float = BRIDGE_GAP_M) -> pd.DataFrame:
        """Pairs that face each other across a road (within *gap* metres) but do not touch.

        The same rule as touching pairs, with the gap as the tolerance; the synthetic roads
        are 35–60 m wide plus survey gaps, so the default bridges any one road.
        """
        near = set(zip(*rectangle_pairs(self.plots, gap), strict=True))
        touching = set(zip(*rectangle_pairs(self.plots, TOUCH_TOLERANCE_M), strict=True))
        pairs = np.array(sorted(near - touching), dtype=np.int64).reshape(-1, 2)
        return self._pairs(pairs[:, 0], pairs[:, 1])

    def _pairs(self, i: np.ndarray, j: np.ndarray) -> pd.DataFrame:
        ids = self.parcels["parcel_id"].to_numpy()
        order = np.lexsort((j, i))
        return pd.DataFrame({"parcel_id": ids[i[order]], "neighbour_id": ids[j[order]]})


def generate(
    seed: int = DEFAULT_SEED,
    n_parcels: int = DEFAULT_PARCELS,
    *,
    layout: Layout | None = None,
    firms: Firms | None = None,
) -> Synthetic:
    """Generate a plausible Xiaoshan parcel inventory.

    Parameters
    ----------
    seed
        Seed of the one ``numpy.random.Generator`` every random step uses.
    n_parcels
        Approximate number of parcels; total area scales with it (≈ 15 mu a parcel), so
        the default gives ≈ 120,000 mu.
    layout, firms
        Assumptions (see ``docs/synthetic-inventory.md``).

    Returns
    -------
    Synthetic
        Parcels in canonical columns (Chinese platform, town and industry names, as in a
        real export), their rectangles, and exact touching pairs on demand.
    """
    layout = layout or Layout()
    firms = firms or Firms()
    rng = Streams(seed).synthetic()
    plots = _plots(rng, n_parcels * MU_PER_PARCEL * LAND_TAKE, layout)
    frame = _attributes(rng, plots, firms)
    geometry = rectangles(plots.x0, plots.y0, plots.x1, plots.y1)
    return Synthetic(frame, geometry, plots)


def _plots(rng: np.random.Generator, total_mu: float, layout: Layout) -> Plots:
    shares = np.array([z.share for z in ZONES])
    shares = shares / shares.sum()
    # a larger district spreads out: zones keep their layout, distances grow with √area
    spread = max(1.0, float(np.sqrt(total_mu / (DEFAULT_PARCELS * MU_PER_PARCEL * LAND_TAKE))))
    blocks, zone_of = [], []
    for zi, (z, share) in enumerate(zip(ZONES, shares, strict=True)):
        centre = (z.centre_km[0] * spread, z.centre_km[1] * spread)
        b = blocks_for_zone(rng, centre, share * total_mu, layout)
        blocks.append(b)
        zone_of.append(np.full(len(b), zi))
    plots = subdivide(rng, np.concatenate(blocks), np.concatenate(zone_of), layout)
    # spatial order: by zone, then south-west to north-east, so ids read like a map
    order = np.lexsort((plots.x0, np.round(plots.y0, -2), plots.block, plots.zone))
    return Plots(
        *(a[order] for a in (plots.x0, plots.y0, plots.x1, plots.y1, plots.block, plots.zone))
    )


def _attributes(rng: np.random.Generator, plots: Plots, f: Firms) -> pd.DataFrame:
    n = len(plots.x0)
    area = plots.area_mu
    zone = plots.zone
    n_blocks = int(plots.block.max()) + 1
    old_block = rng.random(n_blocks) < np.array(
        [ZONES[z].old_share for z in _block_zone(plots, n_blocks)]
    )
    old = old_block[plots.block]
    block_factor = rng.lognormal(0.0, f.block_sigma, n_blocks)[plots.block] * np.where(
        old, f.old_block_factor, 1.0
    )

    ind = _industries(rng, zone, old)
    prof = {
        k: np.array([getattr(i, k) for i in INDUSTRIES])
        for k in (
            "output_per_mu",
            "tax_rate",
            "va_rate",
            "energy_per_output",
            "output_per_worker",
            "rd_share",
        )
    }
    traditional = np.array([i.traditional for i in INDUSTRIES])[ind]
    far_lo = np.array([i.far[0] for i in INDUSTRIES])[ind]
    far_hi = np.array([i.far[1] for i in INDUSTRIES])[ind]

    out_pm = (
        prof["output_per_mu"][ind]
        * block_factor
        * rng.lognormal(0.0, f.firm_sigma, n)
        * np.where(area < f.small_plot_mu, f.small_plot_factor, 1.0)
    )
    output = out_pm * area
    tax_rate = prof["tax_rate"][ind] * rng.lognormal(0.0, f.tax_sigma, n)
    tax_rate = np.where(
        rng.random(n) < f.zero_tax_share, tax_rate * rng.uniform(0, 0.15, n), tax_rate
    )
    tax = output * np.minimum(tax_rate, 0.5)
    va = output * np.minimum(prof["va_rate"][ind] * rng.lognormal(0.0, 0.15, n), 0.6)
    revenue = output * rng.uniform(0.95, 1.10, n)
    energy = output * prof["energy_per_output"][ind] * rng.lognormal(0.0, 0.4, n)
    electricity = energy * 8.14 * rng.uniform(0.3, 0.7, n)  # MWh: electricity share of energy
    emissions = energy * 0.004 * rng.lognormal(0.0, 0.5, n)
    employees = np.maximum(
        3, np.round(output / prof["output_per_worker"][ind] * rng.lognormal(0, 0.3, n))
    )
    rd_share = np.minimum(prof["rd_share"][ind] * rng.lognormal(0.0, 0.6, n), MAX_RD_SHARE)
    rd = revenue * rd_share * (rng.random(n) > 0.15)
    far = rng.uniform(far_lo, far_hi) * np.where(old, f.old_block_far, 1.0)

    idle = rng.random(n) < np.where(old, f.idle_share[1], f.idle_share[0])
    building = ~idle & ~traditional & (rng.random(n) < f.construction_share * 4) & ~old
    status = np.where(idle, "idle", np.where(building, "under_construction", "operating"))
    inactive = idle | building
    for arr in (output, tax, va, revenue, energy, electricity, emissions, rd):
        arr[inactive] = 0.0
    employees[inactive] = 0.0
    far[building] = np.nan

    size = np.where(revenue >= ABOVE_SIZE_REVENUE, "规上", "规下")
    frame = pd.DataFrame(
        {
            "parcel_id": [f"XS-{i:06d}" for i in range(1, n + 1)],
            "platform": [ZONES[z].platform for z in zone],
            "town": [ZONES[z].town for z in zone],
            "area_mu": np.round(area, 2),
            "land_use": "industrial",
            "far": np.round(far, 2),
            "status": status,
            "lease_end_year": (2030 + rng.integers(0, 36, n) - np.where(old, 4, 0)).astype(int),
            "industry": [INDUSTRIES[i].zh for i in ind],
            "size_class": size,
            "output": np.round(output, 1),
            "tax": np.round(tax, 2),
            "value_added": np.round(va, 1),
            "revenue": np.round(revenue, 1),
            "rd_spending": np.round(rd, 2),
            "energy_tce": np.round(energy, 1),
            "electricity": np.round(electricity, 1),
            "emissions_t": np.round(emissions, 3),
            "employees": employees,
            "x": np.round((plots.x0 + plots.x1) / 2, 1),
            "y": np.round((plots.y0 + plots.y1) / 2, 1),
            "restricted": rng.random(n) < f.restricted_share,
        }
    )
    _blank_missing(rng, frame, inactive, f)
    _clear_out(rng, frame, ClearOut())
    return frame


#: Columns of a firm's yearly figures (zero on idle land and land under construction).
FIGURE_COLUMNS = (
    "output",
    "tax",
    "value_added",
    "revenue",
    "rd_spending",
    "energy_tce",
    "electricity",
    "emissions_t",
    "employees",
)


def _clear_out(rng: np.random.Generator, frame: pd.DataFrame, c: ClearOut) -> None:
    """Apply the 2022–2023 clear-out of firms below ``c.threshold`` 万元/亩 (see ClearOut)."""
    n = len(frame)
    operating = (frame["status"] == "operating").to_numpy()
    tax_pm = (frame["tax"] / frame["area_mu"]).to_numpy()
    low = operating & (tax_pm < c.threshold)
    u = rng.random(n)
    cleared = low & (u < c.cleared_share)
    fate = rng.random(n)
    idle = cleared & (fate < c.idle)
    building = cleared & (fate >= c.idle) & (fate < c.idle + c.building)
    rectified = cleared & ~idle & ~building
    target = c.threshold * rng.uniform(*c.rectified_margin, n)
    lift = np.where(rectified, target / np.maximum(tax_pm, 1e-9), 1.0)
    lift = np.minimum(lift, 50.0)  # a firm paying almost nothing is lifted to the margin
    for column in ("output", "tax", "value_added", "revenue"):
        frame[column] = (frame[column] * np.where(rectified, np.sqrt(lift), 1.0)).round(2)
    frame["tax"] = np.where(
        rectified, (target * frame["area_mu"]).round(2), frame["tax"].to_numpy()
    )
    gone = idle | building
    frame.loc[idle, "status"] = "idle"
    frame.loc[building, "status"] = "under_construction"
    for column in FIGURE_COLUMNS:
        frame[column] = frame[column].astype(float).where(~gone, 0.0)
    frame.loc[building, "far"] = np.nan


def _block_zone(plots: Plots, n_blocks: int) -> np.ndarray:
    zone = np.zeros(n_blocks, dtype=np.int64)
    zone[plots.block] = plots.zone
    return zone


def _industries(rng: np.random.Generator, zone: np.ndarray, old: np.ndarray) -> np.ndarray:
    """Draw each parcel's industry from its zone's mix; old blocks lean traditional."""
    keys = [i.key for i in INDUSTRIES]
    traditional = np.array([i.traditional for i in INDUSTRIES])
    weights = np.array([[z.mix.get(k, 0.0) for k in keys] for z in ZONES], dtype=float)
    w = weights[zone] * np.where(old[:, None] & traditional[None, :], 2.0, 1.0)
    cdf = np.cumsum(w, axis=1)
    u = rng.random(len(zone)) * cdf[:, -1]
    return (cdf < u[:, None]).sum(axis=1)


def _blank_missing(
    rng: np.random.Generator, frame: pd.DataFrame, inactive: np.ndarray, f: Firms
) -> None:
    below = (frame["size_class"] == "规下").to_numpy() & ~inactive
    for column, share in (f.missing_below or MISSING_BELOW).items():
        blank = below & (rng.random(len(frame)) < share)
        frame[column] = frame[column].astype(float).where(~blank)
    above = (frame["size_class"] == "规上").to_numpy()
    frame["rd_spending"] = frame["rd_spending"].where(
        ~(above & (rng.random(len(frame)) < f.missing_above_rd))
    )
