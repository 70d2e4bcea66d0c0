"""Uncertainty: fan charts and the probability of meeting targets.

The tornado and Sobol' charts are in :mod:`landsim.plots.sensitivity`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from matplotlib.axes import Axes
from matplotlib.ticker import PercentFormatter

from landsim.accounting.variables import label as variable_label
from landsim.plots.common import (
    axes,
    break_unless_zero,
    finish,
    from_zero,
    legend,
    mark_run_out,
    programme_end,
    series,
    style_for,
    thousands,
)
from landsim.plots.palette import COLOURS
from landsim.plots.style import Style

if TYPE_CHECKING:
    from landsim.runs import Results

#: Variables in 万元 are drawn in 亿元 (Chinese) or CNY bn (English).
MONEY_UNITS = {"万元"}
#: Titles of the fan charts a brief draws.
FAN_TITLES = {
    "output|difference": "fan_output_title",
    "area|contiguous|cumulative": "fan_contiguous_title",
    "area|revitalized|cumulative": "fan_revitalized_title",
}


def _percent(stat: str) -> float:
    return float(stat[1:]) / 100


def fan_chart(
    res: Results,
    variable: str = "output|difference",
    *,
    platform: str = "district",
    lang: str = "en",
    ax: Axes | None = None,
    style: Style | None = None,
    title: str | None = None,
) -> Axes:
    """Draw a fan chart: ranges across draws, the median, and the run at central values.

    The outer band spans the lowest to the highest quantile reported (P10–P90 by default:
    the 80 % range). Cumulative areas get their cumulative target line. Money variables
    (万元) are drawn in 亿元 or CNY bn. A sum over the years (``…|cumulative``) that is
    never negative is drawn on an axis from zero; any other axis that starts above zero
    is marked with a break.
    """
    st = style_for(res, lang, style)
    ax = axes(ax, height=2.8, style=st)
    band = res.band(variable, platform)
    stats = sorted((c for c in band.columns if c.startswith("p")), key=_percent)
    unit = res.long.loc[res.long["variable"] == variable, "unit"].iloc[0]
    scale = st.money_divisor if unit in MONEY_UNITS else 1.0
    years = band.index.to_numpy()
    pairs = [(stats[0], stats[-1], "band_outer")]
    if len(stats) >= 4:
        pairs.append((stats[1], stats[-2], "band_inner"))
    for low, high, colour in pairs:
        ax.fill_between(
            years,
            band[low] / scale,
            band[high] / scale,
            color=COLOURS[colour],
            linewidth=0,
            label=st.t("range_inner", pct=_percent(high) - _percent(low)),
        )
    median = "p50" if "p50" in band else stats[len(stats) // 2]
    ax.plot(years, band[median] / scale, color=COLOURS["median"], linewidth=1.6)
    ax.lines[-1].set_label(st.t("median"))
    central = series(res, variable, platform).reindex(years) / scale
    ax.plot(years, central, color="black", linewidth=1.0, marker="o", markersize=3)
    ax.lines[-1].set_label(st.t("central_run"))
    _target_line(ax, res, st, variable, platform)
    if variable.startswith(("output|difference", "tax|difference", "money|net")):
        ax.axhline(0, color="#666666", linewidth=0.8)
    if variable.endswith("|cumulative") and float(band[stats[0]].min()) >= 0:
        from_zero(ax)  # a sum over the years starts from nothing: its axis from zero
    mark_run_out(ax, res, st)
    thousands(ax)
    legend(ax, st, outside=True)
    ylabel = _fan_unit(st, variable, unit, scale)
    key = FAN_TITLES.get(variable)
    default = st.t(key) if key else variable_label(variable, st.lang)
    title = title or st.aside(default, st.t("draws_note", n=res.draws))
    finish(ax, st, title, ylabel, xticks=years)
    break_unless_zero(ax)
    return ax


def _fan_unit(st: Style, variable: str, unit: str, scale: float) -> str:
    """Name the y axis's unit in the style's language: money a year or in all, mu, persons."""
    if scale > 1:  # money, drawn in 亿元
        return st.t("yi_yuan" if "cumulative" in variable else "yi_yuan_per_year")
    return _unit_word(st, unit)


def _unit_word(st: Style, unit: str) -> str:
    """Write a long table's unit in the style's language (mu → 亩, persons → 人; others kept)."""
    return st.t(unit) if unit in ("mu", "persons") else unit


def _target_line(ax: Axes, res: Results, st: Style, variable: str, platform: str) -> None:
    """Cumulative target line under a cumulative area (programme years only)."""
    parts = variable.split("|")
    if platform != "district" or len(parts) != 3 or parts[0] != "area" or parts[2] != "cumulative":
        return
    target = series(res, f"target|{parts[1]}")
    target = target[target.index <= programme_end(res)]
    if target.empty:
        return
    ax.plot(
        target.index,
        target.cumsum(),
        color=COLOURS["target"],
        linestyle="--",
        linewidth=1.4,
        label=st.t("cumulative_target"),
    )


#: Top of the probability axis when the bars' labels stand upright: room for "100%".
PROBABILITY_TOP = 1.25


def target_probability(
    res: Results,
    *,
    lang: str = "en",
    ax: Axes | None = None,
    style: Style | None = None,
) -> Axes:
    """Plot the share of draws meeting each year's targets.

    Contiguous, revitalized, and the platforms' growth when the scenario has it. The
    bars take the colour of a target met, told apart by their hatching: the treatments'
    colours (brown for vacating) mean treatments, not targets.
    """
    st = style_for(res, lang, style)
    ax = axes(ax, height=2.6, style=st)
    prob = res.probabilities.pivot(index="year", columns="target", values="probability")
    years = prob.index.to_numpy()
    items = [i for i in ("contiguous", "revitalized", "platform_growth") if i in prob]
    width = 0.8 / len(items)
    ratio = res.scenario.targets.platform_growth_ratio
    for i, item in enumerate(items):
        values = prob[item].to_numpy()
        bars = ax.bar(
            years + (i - (len(items) - 1) / 2) * width,
            values,
            width,
            color=COLOURS["achieved"],
            hatch=("", "////", "....")[i],
            edgecolor="white",
            label=st.t(f"target_{item}", ratio=ratio),
        )
        for bar, v in zip(bars, values, strict=True):
            ax.annotate(
                f"{v:.0%}",  # a probability says its unit: "47%", not "47" on a % axis
                (bar.get_x() + bar.get_width() / 2, v),
                textcoords="offset points",
                xytext=(0, 2),
                ha="center",
                va="bottom",
                # upright: "100%" is wider than a bar of three, and would run into the next
                rotation=90 if len(items) > 1 else 0,
                fontproperties=st.fp(size=5.5),
            )
    ax.set_ylim(0, PROBABILITY_TOP if len(items) > 1 else 1.15)
    ax.set_yticks([0.0, 0.2, 0.4, 0.6, 0.8, 1.0])  # no "120%" in the room above the bars
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    legend(ax, st, outside=True)
    title = st.aside(st.t("probability_title"), st.t("draws_note", n=res.draws))
    return finish(ax, st, title, st.t("probability"), xticks=years)
