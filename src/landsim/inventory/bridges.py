"""Links across roads and gaps: pairs of parcels that face each other but do not touch.

Blocks of the adjacency graph stop at roads. A major project may still need a block that
spans a road (the road is moved or closed); its assembly may then use these links, at a
cost per link (``major_projects.<id>.bridge_gaps``). They come from a table of pairs
(``inventory.adjacency.bridges_path``), or are found within ``bridge_gap_m`` metres by the
same rules as touching parcels.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy import sparse

import landsim.units as units
from landsim.inventory.adjacency import graph_from_pairs, point_pairs, polygon_pairs, table_pairs
from landsim.inventory.load import Inventory
from landsim.scenario.schema.inventory_spec import Adjacency


def build_bridges(
    inventory: Inventory, spec: Adjacency, touching: sparse.csr_array
) -> sparse.csr_array | None:
    """Pairs within the bridge gap that do not already touch, or None when none is asked."""
    if spec.bridges_path:
        i, j = table_pairs(Path(spec.bridges_path), spec.columns, inventory)
    elif spec.bridge_gap_m is not None:
        i, j = _near_pairs(inventory, spec.bridge_gap_m)
    else:
        return None
    near = graph_from_pairs(inventory.n, i, j)
    return (near.astype(np.int8) - near.multiply(touching).astype(np.int8) > 0).astype(bool)


def _near_pairs(inventory: Inventory, gap: float) -> tuple[np.ndarray, np.ndarray]:
    geometry = inventory.geometry
    if geometry is not None and geometry.kind == "polygon":
        geometry.to_shapely_checked()  # the gis extra is there, or a clear error
        return polygon_pairs(geometry, gap)
    p = inventory.parcels
    xy = np.column_stack([p["x"].to_numpy(float), p["y"].to_numpy(float)])
    side = np.sqrt(p["area_mu"].to_numpy(float) * units.M2_PER_MU)
    return point_pairs(xy, side, 1.0, gap)
