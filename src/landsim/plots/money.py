"""Money over time: compensation and subsidies out, land revenue in, private investment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import ScaledTranslation

from landsim.plots.common import (
    axes,
    finish,
    is_bare_unit,
    legend,
    mark_run_out,
    series,
    style_for,
    thousands,
    unit_above,
    unit_room_pt,
)
from landsim.plots.palette import COLOURS, HATCH
from landsim.plots.style import Style

if TYPE_CHECKING:
    from landsim.runs import Results


def money_flows(
    res: Results,
    *,
    lang: str = "en",
    ax: Axes | None = None,
    style: Style | None = None,
    title: str | None = None,
) -> Axes:
    """Plot public money flows and private investment by year (亿元, or CNY bn in English).

    Spending (compensation, subsidies) goes below zero, land revenue above; the net public
    money is a solid line. Private investment, ten times larger, has its own axis on the
    right, whose zero lies level with the left axis's zero.
    """
    st = style_for(res, lang, style)
    ax = axes(ax, height=2.8, style=st)
    scale = st.money_divisor
    comp = series(res, "money|compensation") / scale
    years = comp.index.to_numpy()
    sub = (series(res, "money|subsidy") / scale).reindex(years)
    land = (series(res, "money|land_revenue") / scale).reindex(years)
    width = 0.38
    for values, bottom, key, x in (
        (-comp, None, "compensation", years - width / 2),
        (-sub, -comp, "subsidy", years - width / 2),
        (land, None, "land_revenue", years + width / 2),
    ):
        ax.bar(
            x,
            values,
            width,
            bottom=bottom,
            color=COLOURS[key],
            hatch=HATCH[key],
            edgecolor="white",
            label=st.t(key),
        )
    ax.plot(
        years,
        (series(res, "money|net") / scale).reindex(years),
        color=COLOURS["net"],
        marker="o",
        markersize=3.5,
        linewidth=1.4,
        label=st.t("net"),
    )
    ax.axhline(0, color="#666666", linewidth=0.8)
    thousands(ax)
    right = _investment_axis(ax, res, st, years)
    handles = ax.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    unit = st.t("yi_yuan_per_year")
    lift = unit_room_pt(st) if is_bare_unit(st, unit) else 0.0  # over the units' line
    # above the plot: the right side belongs to the investment axis
    legend(
        ax,
        st,
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0.0, 1.02),
        bbox_transform=ax.transAxes + ScaledTranslation(0, lift / 72, ax.figure.dpi_scale_trans),
        ncols=3,
    )
    mark_run_out(ax, res, st)
    finish(ax, st, title or st.t("money_title"), unit, xticks=years)
    pad = 34 + lift
    ax.set_title(ax.get_title(loc="left"), fontproperties=st.fp(weight="bold"), loc="left", pad=pad)
    return ax


#: Spacing of the investment axis's two lines, in font sizes (matplotlib's "normal"
#: spacing, taken from the Latin font, left the Chinese lines touching).
LABEL_LINESPACING = 1.5

#: Highest share of the height the shared zero line may sit at: spending below it can
#: fill most of the chart, but the investment line above it keeps two fifths and its
#: ticks (assumption: enough for three labelled ticks at the brief's size).
ZERO_AT_MOST = 0.6


def _investment_axis(ax: Axes, res: Results, st: Style, years) -> Axes:
    """Private investment on a right axis whose zero is level with the left one's."""
    right = ax.twinx()
    invest = (series(res, "money|investment") / st.money_divisor).reindex(years)
    right.plot(
        years,
        invest,
        color=COLOURS["investment"],
        linestyle="--",
        marker="s",
        markersize=3.5,
        linewidth=1.2,
        label=st.t("investment"),
    )
    unit = st.t("yi_yuan_per_year")
    name = st.t("investment")
    if is_bare_unit(st, unit):  # level above the right axis, as the left's unit is
        unit_above(ax, st, st.with_unit(name, unit), right=True)
    else:  # two lines: the label stays beside its ticks, which all lie above the shared zero
        right.set_ylabel(
            f"{name},\n{unit}",
            fontproperties=st.fp(),
            # the lines are spaced by the Latin font's height: the Chinese glyphs, taller, touched
            linespacing=LABEL_LINESPACING,
        )
    low, high = ax.get_ylim()
    high = max(high, 1e-9)
    if low < 0 and float(invest.max()) > 0:  # room for the investment above zero: zero at
        high = max(high, -low * (1 - ZERO_AT_MOST) / ZERO_AT_MOST)  # most this far up
        ax.set_ylim(low, high)
    below = -low / (high - low) if low < 0 else 0.0  # share of the height under zero
    top = max(float(invest.max()), 1e-9) * 1.08
    right.set_ylim(-below / (1 - below) * top, top)
    right.spines["top"].set_visible(False)
    right.grid(False)
    right.set_yticks([v for v in MaxNLocator(4).tick_values(0.0, top) if 0 <= v <= top])
    right.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    # from the top down (rotated, its end is at the top): beside its ticks, not the spending's
    right.yaxis.label.set_y(1.0)
    right.yaxis.label.set_ha("right")
    for label in right.get_yticklabels():
        label.set_fontproperties(st.fp(size=st.fp().get_size() - 1))
    return right
