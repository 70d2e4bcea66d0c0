"""Sweeps: a heat map of the probability of meeting a target over two varied keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection, QuadMesh
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.ticker import FuncFormatter, PercentFormatter

from landsim.plots.common import axes, corner_note
from landsim.plots.labels import swept_value
from landsim.plots.palette import COLOURS
from landsim.plots.parameters import parameter_label
from landsim.plots.style import Style, make_style

if TYPE_CHECKING:
    from landsim.scenario import Scenario

#: Missed (0 %) through a pale middle to met (100 %): the palette's meanings for a year's
#: target, so the map reads like the target charts; both ends stay apart in colour-blind
#: vision (Wong's orange and blue), and every cell is also written as a number.
SCALE = LinearSegmentedColormap.from_list(
    "landsim_met", [COLOURS["missed"], "#F7F7F7", COLOURS["achieved"]]
)


def sweep_heatmap(
    table: pd.DataFrame,
    x: str,
    y: str,
    *,
    target: str = "contiguous",
    year: int | None = None,
    scenario: Scenario | None = None,
    lang: str = "en",
    ax: Axes | None = None,
    style: Style | None = None,
) -> Axes:
    """Draw P(target met) over two varied keys of a sweep.

    Parameters
    ----------
    table
        The sweep's ``targets`` table (every programme year, *year* ``None``) or its
        ``probabilities`` table (one *year*), with a column for each varied key.
    x, y
        The varied keys on the horizontal and vertical axes.
    target
        ``contiguous``, ``revitalized`` or ``platform_growth``.
    year
        Draw the probability for this year instead of for every programme year.
    scenario
        Names the keys in words (``parameter_label``); else their dotted paths.

    Returns
    -------
    matplotlib.axes.Axes
        A grid of cells when the variants form a grid (other varied keys averaged, as a
        note says); otherwise one dot per sampled variant. Without draws, a cell says
        whether the run at central values met the target.
    """
    if x == y:
        raise ValueError(f"a heat map needs two different keys, not {x!r} twice")
    cells, draws = _cells(table, target, year)
    names = [parameter_label(k, scenario, lang) if scenario else k for k in (x, y)]
    st = style or make_style(lang, names)
    ax = axes(ax, height=3.2, style=st)
    values = cells.groupby([y, x], sort=True)["p"].agg(["mean", "size"])
    shown = _grid(ax, st, values, draws) if _is_grid(values) else _dots(ax, st, cells, x, y)
    if draws > 1 or not np.isin(cells["p"], (0.0, 1.0)).all():  # else each cell says met/missed
        _colorbar(ax, st, shown)
    ax.set_xlabel(names[0], fontproperties=st.fp())
    ax.set_ylabel(names[1], fontproperties=st.fp())
    ax.set_title(_title(st, target, year, draws), fontproperties=st.fp(weight="bold"), loc="left")
    _note(ax, st, table, (x, y), values, scenario)
    for label in (*ax.get_xticklabels(), *ax.get_yticklabels()):
        label.set_fontproperties(st.fp(size=st.fp().get_size() - 1))
    return ax


def _colorbar(ax: Axes, st: Style, shown: QuadMesh | PathCollection) -> None:
    bar = ax.figure.colorbar(shown, ax=ax, format=PercentFormatter(1.0, decimals=0), shrink=0.85)
    bar.set_label(st.t("probability"), fontproperties=st.fp())
    for label in bar.ax.get_yticklabels():
        label.set_fontproperties(st.fp(size=st.fp().get_size() - 1))


def _cells(table: pd.DataFrame, target: str, year: int | None) -> tuple[pd.DataFrame, int]:
    rows = table[table["target"] == target]
    if year is not None:
        rows = rows[rows["year"] == year]
    if rows.empty:
        when = f" in {year}" if year is not None else ""
        raise ValueError(f"no rows for the target {target!r}{when} in the table")
    draws = int(rows["draws"].max())
    column = "probability" if year is not None else "probability_every_year"
    met = "met" if year is not None else "met_every_year"
    p = rows[column] if draws > 1 else rows[met].astype(float)
    return rows.assign(p=p.to_numpy(float)), draws


def _is_grid(values: pd.DataFrame) -> bool:
    ys, xs = values.index.levels
    return len(values) == len(xs) * len(ys) and len(values) > 1


def _grid(ax: Axes, st: Style, values: pd.DataFrame, draws: int) -> QuadMesh:
    grid = values["mean"].unstack()
    data = grid.to_numpy(float)
    mesh = ax.pcolormesh(data, cmap=SCALE, vmin=0.0, vmax=1.0, edgecolors="white", linewidth=1)
    for (i, j), v in np.ndenumerate(data):
        text = f"{v:.0%}" if draws > 1 or 0 < v < 1 else st.t("sweep_met" if v else "sweep_missed")
        ax.text(
            j + 0.5,
            i + 0.5,
            text,
            ha="center",
            va="center",
            color="white" if abs(v - 0.5) > 0.35 else "black",
            fontproperties=st.fp(size=8.5),
        )
    ax.set_xticks(np.arange(data.shape[1]) + 0.5, [swept_value(v) for v in grid.columns])
    ax.set_yticks(np.arange(data.shape[0]) + 0.5, [swept_value(v) for v in grid.index])
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(False)
    return mesh


def _dots(ax: Axes, st: Style, cells: pd.DataFrame, x: str, y: str) -> PathCollection:
    dots = ax.scatter(
        cells[x], cells[y], c=cells["p"], cmap=SCALE, vmin=0.0, vmax=1.0, s=36, edgecolors="#333333"
    )
    ax.grid(True, color="#dddddd", linewidth=0.5)
    ax.set_axisbelow(True)
    for axis, key in ((ax.xaxis, x), (ax.yaxis, y)):  # numbers as on the grid's ticks
        if pd.api.types.is_numeric_dtype(cells[key]):
            axis.set_major_formatter(FuncFormatter(lambda v, _: swept_value(v)))
    return dots


def _title(st: Style, target: str, year: int | None, draws: int) -> str:
    name = st.t(f"sweep_{target}")
    key = ("sweep_in_year" if year else "sweep_every_year") if draws > 1 else None
    key = key or ("sweep_central_in_year" if year else "sweep_central_every_year")
    title = st.t(key, target=name, year=year)
    title = title[:1].upper() + title[1:]
    return st.aside(title, st.t("draws_note", n=draws)) if draws > 1 else title


def _note(
    ax: Axes,
    st: Style,
    table: pd.DataFrame,
    shown: tuple[str, str],
    values: pd.DataFrame,
    scenario: Scenario | None,
) -> None:
    others = [c for c in _keys(table) if c not in shown]
    lines = []
    if others and _is_grid(values) and values["size"].max() > 1:
        names = [parameter_label(k, scenario, st.lang) if scenario else k for k in others]
        lines.append(
            st.t("sweep_mean_over", names="、".join(names) if st.lang == "zh" else ", ".join(names))
        )
    if not _is_grid(values):
        lines.append(st.t("sweep_samples", n=int(values["size"].sum())))
    if lines:
        corner_note(ax, st, "\n".join(lines))


def _keys(table: pd.DataFrame) -> list[str]:
    """Return the varied keys: the columns between ``variant`` and ``target``."""
    cols = list(table.columns)
    return cols[cols.index("variant") + 1 : cols.index("target")]
