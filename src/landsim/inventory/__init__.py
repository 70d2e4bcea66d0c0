"""The parcel inventory (地块表): column reference, readers, validation, adjacency."""

from landsim.inventory.load import Inventory, load_inventory

__all__ = ["Inventory", "load_inventory"]
