"""landsim: parcel-level scenario simulator for 腾笼换鸟 (industrial land renewal).

Quick use::

    import landsim
    res = landsim.run("scenarios/xiaoshan_2024.yaml")
    res.table("area|contiguous")
    landsim.plots.target_progress(res, lang="zh")

The public names below are loaded on first use, so ``import landsim`` stays fast;
``docs/architecture.md`` says where each lives.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from landsim import plots
    from landsim.analysis.backtest_years import backtest_scenario
    from landsim.analysis.history_api import (
        backtest,
        calibrate,
        calibrated_variant,
    )
    from landsim.errors import InputError, LandsimError, Problem
    from landsim.inventory import Inventory, load_inventory
    from landsim.report.compare import compare, compare_long, compare_table
    from landsim.report.folder import load_run
    from landsim.runs import Results, run
    from landsim.scenario import Scenario, load_scenario

#: Public name → the module that defines it (imported when the name is first used).
_LAZY = {
    "__version__": "landsim.version",
    "InputError": "landsim.errors",
    "LandsimError": "landsim.errors",
    "Problem": "landsim.errors",
    "Inventory": "landsim.inventory",
    "load_inventory": "landsim.inventory",
    "Scenario": "landsim.scenario",
    "load_scenario": "landsim.scenario",
    "Results": "landsim.runs",
    "run": "landsim.runs",
    "load_run": "landsim.report.folder",
    "compare": "landsim.report.compare",
    "compare_long": "landsim.report.compare",
    "backtest": "landsim.analysis.history_api",
    "calibrate": "landsim.analysis.history_api",
    "calibrated_variant": "landsim.analysis.history_api",
    "backtest_scenario": "landsim.analysis.backtest_years",
    "compare_table": "landsim.report.compare",
}
_SUBPACKAGES = ("plots",)

__all__ = [
    "InputError",
    "Inventory",
    "LandsimError",
    "Problem",
    "Results",
    "Scenario",
    "__version__",
    "backtest",
    "backtest_scenario",
    "calibrate",
    "calibrated_variant",
    "compare",
    "compare_long",
    "compare_table",
    "load_inventory",
    "load_run",
    "load_scenario",
    "plots",
    "run",
]


def __getattr__(name: str) -> Any:
    if name in _SUBPACKAGES:
        return importlib.import_module(f"landsim.{name}")
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'landsim' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
