"""landsim: parcel-level scenario simulator for 腾笼换鸟 (industrial land renewal).

Quick use::

    import landsim
    res = landsim.run("scenarios/xiaoshan_2024.yaml")
    res.table("area|contiguous")
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("landsim")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

from landsim.errors import InputError, LandsimError, Problem
from landsim.inventory import Inventory, load_inventory
from landsim.results.run import Results, run
from landsim.scenario import Scenario, load_scenario

__all__ = [
    "InputError",
    "Inventory",
    "LandsimError",
    "Problem",
    "Results",
    "Scenario",
    "__version__",
    "load_inventory",
    "load_scenario",
    "run",
]
