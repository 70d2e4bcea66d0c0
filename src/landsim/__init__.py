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

from landsim.compare import compare, compare_long
from landsim.errors import InputError, LandsimError, Problem
from landsim.inventory import Inventory, load_inventory
from landsim.results.folder import load_run
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
    "compare",
    "compare_long",
    "load_inventory",
    "load_run",
    "load_scenario",
    "run",
]
