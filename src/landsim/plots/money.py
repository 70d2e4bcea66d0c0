"""Money over time: compensation and subsidies out, land revenue in, private investment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from matplotlib.axes import Axes

from landsim.plots.common import axes, finish, legend, series, style_for, thousands, yi
from landsim.plots.style import FILLS, HATCHES, Style

if TYPE_CHECKING:
    from landsim.runs import Results


def money_flows(
    res: Results, *, lang: str = "en", ax: Axes | None = None, style: Style | None = None
) -> Axes:
    """Plot public money flows and private investment by year (亿元).

    Spending (compensation, subsidies) goes below zero, land revenue above; the net public
    money is a solid line, private investment a dashed one.
    """
    st = style_for(res, lang, style)
    ax = axes(ax, height=2.8, style=st)
    comp = yi(series(res, "money|compensation"))
    years = comp.index.to_numpy()
    sub = yi(series(res, "money|subsidy")).reindex(years)
    land = yi(series(res, "money|land_revenue")).reindex(years)
    width = 0.38
    ax.bar(
        years - width / 2,
        -comp,
        width,
        color=FILLS[5],
        hatch=HATCHES[1],
        edgecolor="white",
        label=st.t("compensation"),
    )
    ax.bar(
        years - width / 2,
        -sub,
        width,
        bottom=-comp,
        color=FILLS[6],
        hatch=HATCHES[2],
        edgecolor="white",
        label=st.t("subsidy"),
    )
    ax.bar(
        years + width / 2,
        land,
        width,
        color=FILLS[2],
        edgecolor="white",
        label=st.t("land_revenue"),
    )
    ax.plot(
        years,
        yi(series(res, "money|net")).reindex(years),
        color="black",
        marker="o",
        markersize=3.5,
        linewidth=1.4,
        label=st.t("net"),
    )
    ax.axhline(0, color="#666666", linewidth=0.8)
    thousands(ax)
    # private investment is ten times larger: its own axis, on the right
    right = ax.twinx()
    right.plot(
        years,
        yi(series(res, "money|investment")).reindex(years),
        color=FILLS[0],
        linestyle="--",
        marker="s",
        markersize=3.5,
        linewidth=1.2,
        label=st.t("investment"),
    )
    right.set_ylabel(
        st.t("investment") + f"（{st.t('yi_yuan')}）"
        if st.lang == "zh"
        else f"{st.t('investment')}, {st.t('yi_yuan')}",
        fontproperties=st.fp(),
    )
    right.set_ylim(bottom=0)
    right.spines["top"].set_visible(False)
    for label in right.get_yticklabels():
        label.set_fontproperties(st.fp(size=st.fp().get_size() - 1))
    thousands(right)
    handles = ax.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    # above the plot: the right side belongs to the investment axis
    legend(ax, st, handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.02), ncols=3)
    finish(ax, st, st.t("money_title"), st.t("yi_yuan"), xticks=years)
    ax.set_title(ax.get_title(loc="left"), fontproperties=st.fp(weight="bold"), loc="left", pad=34)
    return ax
