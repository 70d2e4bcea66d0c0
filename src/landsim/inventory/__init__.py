"""The parcel inventory (地块表): column reference, readers, validation, adjacency.

``Inventory`` and ``load_inventory`` are imported on first use: the scenario schema
needs the column reference (``landsim.inventory.columns``) without pulling in the
loader, which itself needs the schema.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from landsim.inventory.load import Inventory, load_inventory

__all__ = ["Inventory", "load_inventory"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from landsim.inventory import load

        return getattr(load, name)
    raise AttributeError(name)
