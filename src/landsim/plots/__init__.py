"""Plots for briefs and notebooks, in Chinese or English.

Every function takes results and ``ax=None``, returns the axes, and never calls
``show()``; matplotlib is used headless or in a notebook alike.
"""

from landsim.plots.backtest import backtest_map, backtest_scores, fit_profile
from landsim.plots.comparison import compare_money, compare_output, compare_targets
from landsim.plots.economy import output_bridge, output_paths, platform_growth
from landsim.plots.maps import parcel_map
from landsim.plots.money import money_flows
from landsim.plots.progress import target_progress
from landsim.plots.style import FontError, FontWarning, Style, make_style
from landsim.plots.uncertainty import fan_chart, sobol_chart, target_probability, tornado

__all__ = [
    "FontError",
    "FontWarning",
    "Style",
    "backtest_map",
    "backtest_scores",
    "compare_money",
    "compare_output",
    "compare_targets",
    "fan_chart",
    "fit_profile",
    "make_style",
    "money_flows",
    "output_bridge",
    "output_paths",
    "parcel_map",
    "platform_growth",
    "sobol_chart",
    "target_probability",
    "target_progress",
    "tornado",
]
