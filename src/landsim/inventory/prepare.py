"""Load everything a scenario needs before anything is simulated.

:func:`prepare` is the one place that goes from a validated scenario to its data: the
inventory (checked) and the adjacency graph. ``landsim validate`` stops here;
``landsim run`` continues into evaluation, selection and the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scipy import sparse

from landsim.inventory import Inventory, load_inventory
from landsim.inventory.adjacency import build_adjacency, build_road_links
from landsim.inventory.platform_layer import PlatformLayer, load_platform_layer
from landsim.scenario import Scenario, load_scenario


@dataclass(frozen=True)
class Prepared:
    """A scenario with its validated inventory and adjacency graph.

    ``road_links`` holds the links across roads up to ``inventory.adjacency.road_gap_m``
    wide (gap widths in metres as data), or ``None`` when that is 0. ``boundaries`` holds
    the platform boundary layer of ``inventory.boundaries``, in the inventory's CRS.
    """

    scenario: Scenario
    inventory: Inventory
    adjacency: sparse.csr_array
    road_links: sparse.csr_array | None = None
    boundaries: PlatformLayer | None = None


def prepare(scenario: Scenario | str | Path) -> Prepared:
    """Load the inventory and build the adjacency graph of *scenario*.

    Parameters
    ----------
    scenario
        A scenario, or the path of a scenario file.

    Raises
    ------
    InputError
        With every problem in the scenario or its inventory.
    """
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    inventory = load_inventory(scenario.inventory, scenario.platforms)
    adjacency = build_adjacency(inventory, scenario.inventory.adjacency)
    road_links = build_road_links(inventory, scenario.inventory.adjacency)
    layer = scenario.inventory.boundaries
    boundaries = (
        None if layer is None else load_platform_layer(layer, scenario.platforms, inventory.crs)
    )
    return Prepared(scenario, inventory, adjacency, road_links, boundaries)
