"""Plots for briefs and notebooks, in Chinese or English.

Every function takes results and ``ax=None``, returns the axes, and never calls
``show()``; matplotlib is used headless or in a notebook alike.

The names below load on first use, so importing a light submodule (the labels, the
palette) does not import matplotlib: a run that writes only tables and a workbook never
pays for it.
"""

from __future__ import annotations

import importlib
from typing import Any

#: Public name → the submodule that defines it.
_WHERE = {
    "backtest_map": "backtest",
    "backtest_scores": "backtest",
    "fit_profile": "backtest",
    "compare_money": "comparison",
    "compare_output": "comparison",
    "compare_targets": "comparison",
    "output_bridge": "economy",
    "output_paths": "economy",
    "platform_growth": "growth",
    "parcel_map": "maps",
    "money_flows": "money",
    "target_progress": "progress",
    "FontError": "style",
    "FontWarning": "style",
    "Style": "style",
    "make_style": "style",
    "fan_chart": "uncertainty",
    "sobol_chart": "sensitivity",
    "target_probability": "uncertainty",
    "tornado": "sensitivity",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'landsim.plots' has no attribute {name!r}")
    return getattr(importlib.import_module(f"landsim.plots.{module}"), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
