"""The parcel inventory (地块表): readers, validation, adjacency, and :func:`prepare`."""

from landsim.inventory.load import Inventory, load_inventory

__all__ = ["Inventory", "load_inventory"]
