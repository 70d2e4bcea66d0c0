"""Comparison plots: one line per scenario."""

from __future__ import annotations

from typing import TYPE_CHECKING

from matplotlib.axes import Axes

from landsim.plots.common import (
    axes,
    finish,
    legend,
    scenario_label,
    series,
    style_for,
    thousands,
    yi,
)
from landsim.plots.style import FILLS, LINES, MARKERS, TARGET_COLOR, Style

if TYPE_CHECKING:
    from landsim.runs import Results


def _one_line_per_run(
    ax: Axes, runs: list[Results], variable: str, st: Style, scale: float = 1.0
) -> None:
    for i, r in enumerate(runs):
        s = series(r, variable) / scale
        ax.plot(
            s.index,
            s,
            color=FILLS[i % len(FILLS)],
            linestyle=LINES[i % len(LINES)],
            marker=MARKERS[i % len(MARKERS)],
            markersize=4,
            linewidth=1.4,
            label=scenario_label(r, st.lang),
        )


def compare_targets(
    runs: list[Results],
    item: str = "contiguous",
    *,
    lang: str = "en",
    ax: Axes | None = None,
    style: Style | None = None,
) -> Axes:
    """Plot mu achieved each year by each scenario, against the (first scenario's) target."""
    st = style_for(runs, lang, style)
    ax = axes(ax, height=2.8, style=st)
    _one_line_per_run(ax, runs, f"area|{item}", st)
    target = series(runs[0], f"target|{item}")
    ax.step(
        target.index,
        target,
        where="mid",
        color=TARGET_COLOR,
        linestyle="--",
        linewidth=1.4,
        label=st.t("target"),
    )
    ax.set_ylim(bottom=0)
    thousands(ax)
    legend(ax, st, outside=True)
    key = "compare_targets_title" if item == "contiguous" else "compare_revitalized_title"
    return finish(ax, st, st.t(key), st.t("mu"))


def compare_output(
    runs: list[Results],
    quantity: str = "output",
    *,
    lang: str = "en",
    ax: Axes | None = None,
    style: Style | None = None,
) -> Axes:
    """Plot each scenario's gain over the baseline (programme − baseline) in 亿元 a year."""
    st = style_for(runs, lang, style)
    ax = axes(ax, height=2.8, style=st)
    _one_line_per_run(ax, runs, f"{quantity}|difference", st, scale=1 / yi(1.0))
    ax.axhline(0, color="#666666", linewidth=0.8)
    thousands(ax)
    legend(ax, st, outside=True)
    return finish(ax, st, st.t("compare_output_title"), st.t("yi_yuan_per_year"))
