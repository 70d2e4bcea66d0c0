"""Sensitivity charts: one-at-a-time swings (tornado) and Sobol' indices.

The legend sits below the x axis's label at a distance measured in points from the axes'
bottom, so it clears the tick labels and the axis title whatever the chart's height (with
one parameter the axes are short; a distance in axes fractions put the legend over the
axis title). A chart with no parameter that has an effect says so instead of drawing
empty axes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.transforms import ScaledTranslation

from landsim.analysis.sensitivity import noisy_indices, oat_with_effect, sobol_with_effect
from landsim.plots.common import axes, corner_note, thousands
from landsim.plots.labels import joined
from landsim.plots.palette import COLOURS, HATCH
from landsim.plots.parameters import (
    SENSITIVITY,
    dropped_note,
    scale_of,
    sensitivity_text,
    unit_word,
)
from landsim.plots.style import Style, make_style

#: Space between the x axis's label and the legend below it, points.
LEGEND_GAP_PT = 4.0


def _style(lang: str, style: Style | None) -> Style:
    return style or make_style(lang, [pair[lang != "zh"] for pair in SENSITIVITY.values()])


def _names(rows: pd.DataFrame) -> list[str]:
    return list(rows["label"] if "label" in rows else rows["parameter"])


def _legend_below(ax: Axes, st: Style) -> None:
    """Put the legend under the x axis's label, a fixed number of points below the axes.

    The tick labels and the axis title take the same points whatever the axes' height, so
    the distance is measured once on the drawn axis; the layout then moves legend and
    axes together.
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    below_px = ax.get_window_extent(renderer).y0 - ax.xaxis.get_tightbbox(renderer).y0
    drop_in = (below_px * 72 / fig.dpi + LEGEND_GAP_PT) / 72
    ax.legend(
        loc="upper left",
        bbox_to_anchor=(0.0, 0.0),
        bbox_transform=ax.transAxes + ScaledTranslation(0, -drop_in, fig.dpi_scale_trans),
        ncols=2,
        frameon=False,
        prop=st.fp(size=st.fp().get_size() - 1),
    )


def _nothing_to_show(ax: Axes, st: Style) -> None:
    """Say on empty axes that no parameter moves the output (no ticks, no legend)."""
    ax.set_xticks([])
    ax.set_yticks([])
    ax.text(
        0.5,
        0.5,
        sensitivity_text("no_effect", st.lang),
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontproperties=st.fp(),
        color="#555555",
    )


def _bars(ax: Axes, st: Style, parameters: list[str], title: str, xlabel: str, note: str) -> Axes:
    """Parameter names on the y axis, legend, title, note and grid of a horizontal bar chart."""
    ax.set_title(title, fontproperties=st.fp(weight="bold"), loc="left")
    if note:
        corner_note(ax, st, note)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if not parameters:
        _nothing_to_show(ax, st)
        return ax
    ax.set_yticks(range(len(parameters)), labels=parameters)
    for label in ax.get_yticklabels():
        label.set_fontproperties(st.fp(size=6.5))
    ax.set_xlabel(xlabel, fontproperties=st.fp())
    ax.grid(True, axis="x", color="#dddddd", linewidth=0.5)
    _legend_below(ax, st)
    return ax


def _height(rows: int) -> float:
    """Figure height, inches: a row a parameter, at least one (the empty chart's message)."""
    return 0.3 * max(rows, 1) + 1.6


def tornado(
    table: pd.DataFrame,
    output_label: str,
    *,
    unit: str = "",
    lang: str = "en",
    ax: Axes | None = None,
    style: Style | None = None,
    top: int = 12,
) -> Axes:
    """Draw one-at-a-time swings as a tornado chart.

    *table* is what :func:`landsim.analysis.sensitivity.one_at_a_time` returns, with
    readable names in ``label`` if present (else ``parameter``). Parameters that do not
    move the output are left out, and a note says how many. *unit* ``"万元"`` draws
    money in 亿元 (Chinese) or CNY bn (English).
    """
    st = _style(lang, style)
    effect = oat_with_effect(table)
    rows = effect.head(top).iloc[::-1]
    ax = axes(ax, height=_height(len(rows)), style=st)
    scale = scale_of(unit, st.lang)
    base = float(table["output_central"].iloc[0]) / scale
    y = np.arange(len(rows))
    for col, key, hatch in (("output_low", "at_low", ""), ("output_high", "at_high", "////")):
        ax.barh(
            y,
            rows[col] / scale - base,
            left=base,
            color=COLOURS[key],
            hatch=hatch,
            edgecolor="white",
            height=0.6,
            label=st.t(key),
        )
    if len(rows):
        ax.axvline(base, color="black", linewidth=1.0)
    thousands(ax, "x")
    xlabel = _unit_label(st, unit, output_label)
    note = dropped_note(len(table) - len(effect), st.lang)
    return _bars(ax, st, _names(rows), st.t("tornado_title", output=output_label), xlabel, note)


def _unit_label(st: Style, unit: str, output_label: str) -> str:
    """Name the output and its unit: "2035年产值（差值，亿元）", "Output in 2035, CNY bn"."""
    word = unit_word(unit, st.lang)
    if not word:
        return output_label
    if st.lang != "zh":
        return f"{output_label}, {word}"
    if output_label.endswith("）"):  # one pair of brackets, not two in a row
        return f"{output_label[:-1]}，{word}）"
    return f"{output_label}（{word}）"


def sobol_chart(
    table: pd.DataFrame,
    output_label: str,
    *,
    lang: str = "en",
    ax: Axes | None = None,
    style: Style | None = None,
    top: int = 12,
) -> Axes:
    """Draw first-order and total Sobol' indices with their confidence intervals.

    Parameters with no effect (both indices and their intervals zero) are left out, and
    a note says how many; first-order indices below 0 or above the total (sampling noise,
    :func:`~landsim.analysis.sensitivity.noisy_indices`) are named in a note.
    """
    st = _style(lang, style)
    effect = sobol_with_effect(table)
    rows = effect.head(top).iloc[::-1]
    ax = axes(ax, height=_height(len(rows)), style=st)
    y = np.arange(len(rows))
    h = 0.38
    for offset, key, hatch in ((-h / 2, "first", ""), (h / 2, "total", HATCH["upgrade"])):
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
            np.maximum(values, 0),
            h,
            xerr=err,
            color=COLOURS[f"{key}_order"],
            hatch=hatch,
            edgecolor="white",
            error_kw={"elinewidth": 0.8, "capsize": 2, "ecolor": "#333333"},
            label=st.t(f"{key}_order"),
        )
    ax.set_xlim(left=0)
    notes = [dropped_note(len(table) - len(effect), st.lang)]
    negative = noisy_indices(effect)
    if len(negative):
        notes.append(st.t("negative_sobol", names=joined(_names(negative), st.lang)))
    title = st.t("sobol_title", output=output_label)
    return _bars(ax, st, _names(rows), title, st.t("sobol_axis"), "\n".join(filter(None, notes)))
