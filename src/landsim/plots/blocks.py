"""Contiguous clusters and major-project blocks on a map: found, outlined exactly, drawn."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath

from landsim.inventory.geometry import Geometry
from landsim.plots import outlines
from landsim.plots.style import FILLS, Style

if TYPE_CHECKING:
    from landsim.runs import Results

CLUSTER = {"edgecolor": FILLS[5], "linewidth": 0.8, "linestyle": "-"}
PROJECT = {"edgecolor": "black", "linewidth": 1.5, "linestyle": (0, (3.0, 1.5))}


@dataclass(frozen=True)
class Block:
    """A contiguous cluster or a major-project block: its kind, parcels, area and outline."""

    kind: str
    key: str
    members: np.ndarray
    area_mu: float
    rings: list[np.ndarray]


def find_blocks(res: Results, geometry: Geometry, keep: np.ndarray) -> list[Block]:
    """Return contiguous clusters and project blocks, largest first, with exact outlines."""
    p = res.parcels
    area = p["area_mu"].to_numpy(float)
    cluster = p["cluster_id"].to_numpy(dtype=float, na_value=np.nan)
    in_cluster = keep & p["contiguous"].to_numpy(dtype=bool) & ~np.isnan(cluster)
    project = p["project"].fillna("").astype(str).to_numpy()
    groups = [("cluster", str(int(k)), m) for k, m in _groups(cluster, in_cluster)]
    groups += [("project", str(k), m) for k, m in _groups(project, keep & (project != ""))]
    if not groups:
        return []
    rings = _outline_rings(res, geometry, [m for _, _, m in groups])
    blocks = [
        Block(kind, key, members, float(area[members].sum()), r)
        for (kind, key, members), r in zip(groups, rings, strict=True)
    ]
    return sorted(blocks, key=lambda b: -b.area_mu)


def _groups(values: np.ndarray, chosen: np.ndarray) -> list[tuple[object, np.ndarray]]:
    """Return the chosen rows grouped by value: one sort, no scan per group."""
    idx = np.flatnonzero(chosen)
    if not len(idx):
        return []
    order = idx[np.argsort(values[idx], kind="stable")]
    v = values[order]
    starts = np.flatnonzero(np.r_[True, v[1:] != v[:-1]])
    ends = np.r_[starts[1:], len(order)]
    return [(v[a], order[a:b]) for a, b in zip(starts, ends, strict=True)]


def _outline_rings(res: Results, geometry: Geometry, members: list[np.ndarray]) -> list[list]:
    try:
        import shapely  # noqa: F401
    except ImportError:  # no gis extra: outline every member parcel
        shells = geometry.shells()
        owner = geometry.shell_parcels()
        return [[shells[k] for k in np.flatnonzero(np.isin(owner, m))] for m in members]
    close = max(res.scenario.inventory.adjacency.tolerance_m, 1.0) / 2 + 0.5
    return outlines.block_rings(geometry.to_shapely(), members, close)


def draw_blocks(ax: Axes, blocks: list[Block], st: Style, thin: bool = False) -> list:
    """Outline clusters (red) and project blocks (black, dashed); return legend handles.

    *thin* draws the lines at 60 % width, for dense maps.
    """
    handles = []
    for kind, style in (("cluster", CLUSTER), ("project", PROJECT)):
        mine = [b for b in blocks if b.kind == kind]
        rings = [r for b in mine for r in b.rings]
        if not rings:
            continue
        path = MplPath.make_compound_path(*(MplPath(r, closed=True) for r in rings))
        width = style["linewidth"] * (0.6 if thin else 1.0)
        ax.add_artist(PathPatch(path, fill=False, zorder=4, **{**style, "linewidth": width}))
        handles.append(Patch(fill=False, label=st.t(kind), **style))
    return handles
