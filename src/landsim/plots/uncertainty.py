"""Uncertainty: fan charts, the probability of meeting targets, tornado and Sobol charts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import PercentFormatter

from landsim.accounting.variables import label as variable_label
from landsim.plots.common import axes, finish, legend, series, style_for, thousands
from landsim.plots.style import FILLS, Style, make_style

if TYPE_CHECKING:
    from landsim.runs import Results

#: Variables in 万元 are drawn in 亿元.
MONEY_UNITS = {"万元"}


def fan_chart(
    res: Results,
    variable: str = "output|difference",
    *,
    platform: str = "district",
    lang: str = "en",
    ax: Axes | None = None,
    style: Style | None = None,
) -> Axes:
    """Draw a fan chart: quantile bands across draws, the median, and the central run.

    Money variables (万元) are drawn in 亿元.
    """
    st = style_for(res, lang, style)
    ax = axes(ax, height=2.8, style=st)
    band = res.band(variable, platform)
    stats = sorted(c for c in band.columns if c.startswith("p"))
    unit = res.long.loc[res.long["variable"] == variable, "unit"].iloc[0]
    scale = 1e4 if unit in MONEY_UNITS else 1.0
    years = band.index.to_numpy()
    lo, hi = band[stats[0]] / scale, band[stats[-1]] / scale
    ax.fill_between(
        years,
        lo,
        hi,
        color=FILLS[4],
        alpha=0.35,
        linewidth=0,
        label=f"{stats[0].upper()}–{stats[-1].upper()}",
    )
    if len(stats) >= 4:
        inner_lo, inner_hi = band[stats[1]] / scale, band[stats[-2]] / scale
        ax.fill_between(
            years,
            inner_lo,
            inner_hi,
            color=FILLS[4],
            alpha=0.35,
            linewidth=0,
            label=f"{stats[1].upper()}–{stats[-2].upper()}",
        )
    median = "p50" if "p50" in band else stats[len(stats) // 2]
    ax.plot(years, band[median] / scale, color=FILLS[0], linewidth=1.6, label=median.upper())
    central = series(res, variable, platform).reindex(years) / scale
    ax.plot(
        years,
        central,
        color="black",
        linestyle="--",
        linewidth=1.2,
        marker="o",
        markersize=3,
        label=st.t("central_run"),
    )
    if variable.startswith(("output|difference", "tax|difference", "money|net")):
        ax.axhline(0, color="#666666", linewidth=0.8)
    thousands(ax)
    legend(ax, st, outside=True)
    ylabel = st.t("yi_yuan") if scale > 1 else (st.t("mu") if unit == "mu" else unit)
    title = f"{variable_label(variable, st.lang)} · {st.t('draws_note', n=res.draws)}"
    return finish(ax, st, title, ylabel, xticks=years)


def target_probability(
    res: Results,
    *,
    lang: str = "en",
    ax: Axes | None = None,
    style: Style | None = None,
) -> Axes:
    """Plot the share of draws meeting each year's contiguous and revitalization targets."""
    st = style_for(res, lang, style)
    ax = axes(ax, height=2.6, style=st)
    prob = res.probabilities.pivot(index="year", columns="target", values="probability")
    years = prob.index.to_numpy()
    width = 0.38
    for i, (item, hatch) in enumerate((("contiguous", ""), ("revitalized", "///"))):
        values = prob[item].to_numpy()
        bars = ax.bar(
            years + (i - 0.5) * width,
            values,
            width,
            color=FILLS[2 * i],
            hatch=hatch,
            edgecolor="white",
            label=st.t(f"{item}_title"),
        )
        for bar, v in zip(bars, values, strict=True):
            ax.annotate(
                f"{v:.0%}",
                (bar.get_x() + bar.get_width() / 2, v),
                textcoords="offset points",
                xytext=(0, 2),
                ha="center",
                fontproperties=st.fp(size=6),
            )
    ax.set_ylim(0, 1.15)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    legend(ax, st, outside=True)
    title = f"{st.t('probability_title')} · {st.t('draws_note', n=res.draws)}"
    return finish(ax, st, title, st.t("probability"), xticks=years)


def _bars(ax: Axes, st: Style, parameters: list[str], title: str, xlabel: str) -> Axes:
    """Parameter names on the y axis, legend, title and grid of a horizontal bar chart."""
    ax.set_yticks(range(len(parameters)), labels=parameters)
    for label in ax.get_yticklabels():
        label.set_fontproperties(st.fp(size=6.5))
    legend(ax, st, outside=True)
    ax.set_title(title, fontproperties=st.fp(weight="bold"), loc="left")
    ax.set_xlabel(xlabel, fontproperties=st.fp())
    ax.grid(True, axis="x", color="#dddddd", linewidth=0.5)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return ax


def tornado(
    table: pd.DataFrame,
    output_label: str,
    *,
    lang: str = "en",
    ax: Axes | None = None,
    style: Style | None = None,
    top: int = 12,
) -> Axes:
    """Draw one-at-a-time swings as a tornado chart.

    *table* is what :func:`landsim.analysis.sensitivity.one_at_a_time` returns.
    """
    st = style or make_style(lang)
    rows = table.head(top).iloc[::-1]
    ax = axes(ax, height=0.35 * len(rows) + 1.2, style=st)
    base = float(table["output_central"].iloc[0])
    y = np.arange(len(rows))
    for col, colour, hatch, key in (
        ("output_low", FILLS[0], "", "at_low"),
        ("output_high", FILLS[1], "///", "at_high"),
    ):
        ax.barh(
            y,
            rows[col] - base,
            left=base,
            color=colour,
            hatch=hatch,
            edgecolor="white",
            height=0.6,
            label=st.t(key),
        )
    ax.axvline(base, color="black", linewidth=1.0)
    return _bars(
        ax, st, list(rows["parameter"]), f"{st.t('tornado_title')}: {output_label}", output_label
    )


def sobol_chart(
    table: pd.DataFrame,
    output_label: str,
    *,
    lang: str = "en",
    ax: Axes | None = None,
    style: Style | None = None,
    top: int = 12,
) -> Axes:
    """Draw first-order and total Sobol' indices with their confidence intervals."""
    st = style or make_style(lang)
    rows = table.head(top).iloc[::-1]
    ax = axes(ax, height=0.35 * len(rows) + 1.2, style=st)
    y = np.arange(len(rows))
    h = 0.38
    for offset, key, colour, hatch in (
        (-h / 2, "first", FILLS[0], ""),
        (h / 2, "total", FILLS[1], "///"),
    ):
        values = rows[f"{key}_order"].to_numpy()
        err = None
        if f"{key}_low" in rows:
            err = np.vstack(
                [
                    np.maximum(values - rows[f"{key}_low"].to_numpy(), 0),
                    np.maximum(rows[f"{key}_high"].to_numpy() - values, 0),
                ]
            )
        ax.barh(
            y + offset,
            values,
            h,
            xerr=err,
            color=colour,
            hatch=hatch,
            edgecolor="white",
            error_kw={"elinewidth": 0.8, "capsize": 2, "ecolor": "#333333"},
            label=st.t(f"{key}_order"),
        )
    ax.set_xlim(left=0)
    return _bars(
        ax,
        st,
        list(rows["parameter"]),
        f"{st.t('sobol_title')}: {output_label}",
        st.t("sobol_axis"),
    )
