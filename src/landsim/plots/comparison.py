"""Comparison plots: one line per scenario, the first (the reference) in black.

Scenarios are named by their titles (numbered when one occurs twice), wrapped to fit a
legend beside the axes. Each function takes ``title=`` so a brief can state the finding.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.axes import Axes

from landsim.plots.common import (
    axes,
    finish,
    legend,
    mark_run_out,
    programme_end,
    series,
    style_for,
    thousands,
)
from landsim.plots.names import distinct_labels
from landsim.plots.palette import COLOURS, SCENARIO_CYCLE, cycle_style
from landsim.plots.style import Style
from landsim.plots.text import wrap

if TYPE_CHECKING:
    from landsim.runs import Results


#: Columns of a scenario's name in a legend (a Chinese character is two).
LEGEND_COLUMNS = 26


def check_runs(runs: list[Results], what: str) -> None:
    """Refuse anything but results (a run folder's path, say) with what to pass instead.

    Plots draw results already in memory; :func:`landsim.load_run` reads a folder's.
    """
    if isinstance(runs, str | Path) or not isinstance(runs, list | tuple):
        raise TypeError(f"{what} takes a list of results, e.g. [res_a, res_b]; got {runs!r}")
    for r in runs:
        if not hasattr(r, "long") or not hasattr(r, "scenario"):
            raise TypeError(
                f"{what} takes results (landsim.run(...) or landsim.load_run(folder)), not "
                f"{r!r}; load run folders first: [landsim.load_run(p) for p in folders]"
            )


def scenario_labels(runs: list[Results], lang: str) -> list[str]:
    """Legend labels of *runs*: titles, told apart when one occurs twice, wrapped."""
    return [wrap(label, LEGEND_COLUMNS) for label in distinct_labels(runs, lang)]


def _one_line_per_run(
    ax: Axes,
    runs: list[Results],
    variable: str,
    st: Style,
    scale: float = 1.0,
    *,
    programme_only: bool = False,
) -> None:
    labels = scenario_labels(runs, st.lang)
    for i, r in enumerate(runs):
        s = series(r, variable) / scale
        s = s[s.index >= r.scenario.horizon.start]
        if programme_only:  # no selection in run-out years: nothing to show there
            s = s[s.index <= programme_end(r)]
        ax.plot(
            s.index,
            s,
            markersize=4,
            linewidth=1.4,
            label=labels[i],
            **cycle_style(SCENARIO_CYCLE, i),
        )


def _shade_run_out(ax: Axes, runs: list[Results], st: Style) -> None:
    """Shade the run-out years when every run's programme ends the same year."""
    if len({programme_end(r) for r in runs}) == 1:
        mark_run_out(ax, runs[0], st)


def compare_targets(
    runs: list[Results],
    item: str = "contiguous",
    *,
    lang: str = "en",
    ax: Axes | None = None,
    style: Style | None = None,
    title: str | None = None,
) -> Axes:
    """Plot mu achieved each year by each scenario, against the (first scenario's) target."""
    check_runs(runs, "plots.compare_targets")
    st = style_for(runs, lang, style)
    ax = axes(ax, height=2.8, style=st)
    _one_line_per_run(ax, runs, f"area|{item}", st, programme_only=True)
    target = series(runs[0], f"target|{item}")
    target = target[target.index <= programme_end(runs[0])]
    x, y = target.index.to_numpy(dtype=float), target.to_numpy(dtype=float)
    if len(x) == 1:  # a step line of one point draws nothing: a short line across its year
        x, y = np.array([x[0] - ONE_YEAR_HALF, x[0] + ONE_YEAR_HALF]), np.repeat(y, 2)
    ax.step(
        x,
        y,
        where="mid",
        color=COLOURS["target"],
        linestyle="--",
        linewidth=1.4,
        label=st.t("target"),
    )
    ax.set_ylim(bottom=0)
    years = _one_year(runs)
    if years is not None:
        _frame_one_year(ax, years)
    thousands(ax)
    legend(ax, st, outside=True)
    key = "compare_targets_title" if item == "contiguous" else "compare_revitalized_title"
    return finish(ax, st, title or st.t(key), st.t("mu"), xticks=years)


#: Half the width of a one-year target's line, in years (a step of one point draws none).
ONE_YEAR_HALF = 0.3
#: Years shown either side of the only year drawn, and the room above its highest value.
ONE_YEAR_MARGIN, ONE_YEAR_HEADROOM = 0.6, 1.12


def _one_year(runs: list[Results]) -> list[int] | None:
    """Return ``[year]`` when every run of *runs* has one programme year, the same one."""
    spans = {(r.scenario.horizon.start, programme_end(r)) for r in runs}
    if len(spans) != 1:
        return None
    start, end = spans.pop()
    return [start] if start == end else None


def _frame_one_year(ax: Axes, years: list[int]) -> None:
    """Show one year: the axis around it (not 1925–2125) and room above every value."""
    ax.set_xlim(years[0] - ONE_YEAR_MARGIN, years[0] + ONE_YEAR_MARGIN)
    highest = max((np.nanmax(line.get_ydata()) for line in ax.get_lines()), default=0.0)
    if highest > 0:
        ax.set_ylim(0, highest * ONE_YEAR_HEADROOM)


#: Each quantity :func:`compare_output` draws, and its title's label.
_GAIN_TITLES = {
    "output": "compare_output_title",
    "tax": "compare_tax_title",
    "jobs": "compare_jobs_title",
}


def compare_output(
    runs: list[Results],
    quantity: str = "output",
    *,
    lang: str = "en",
    ax: Axes | None = None,
    style: Style | None = None,
    title: str | None = None,
) -> Axes:
    """Plot each scenario's gain over the baseline (programme − baseline) a year.

    *quantity* ``"output"`` or ``"tax"`` is drawn in 亿元 (CNY bn in English), ``"jobs"``
    in persons.
    """
    check_runs(runs, "plots.compare_output")
    if quantity not in _GAIN_TITLES:
        raise ValueError(f"quantity must be one of {', '.join(_GAIN_TITLES)}; got {quantity!r}")
    st = style_for(runs, lang, style)
    ax = axes(ax, height=2.8, style=st)
    money = quantity != "jobs"
    _one_line_per_run(
        ax, runs, f"{quantity}|difference", st, scale=st.money_divisor if money else 1.0
    )
    ax.axhline(0, color="#666666", linewidth=0.8)
    thousands(ax)
    _shade_run_out(ax, runs, st)
    legend(ax, st, outside=True)
    title = title or st.t(_GAIN_TITLES[quantity])
    return finish(ax, st, title, st.t("yi_yuan_per_year" if money else "persons"))


def compare_money(
    runs: list[Results],
    *,
    lang: str = "en",
    ax: Axes | None = None,
    style: Style | None = None,
    title: str | None = None,
) -> Axes:
    """Plot each scenario's cumulative net public money (亿元, or CNY bn in English)."""
    check_runs(runs, "plots.compare_money")
    st = style_for(runs, lang, style)
    ax = axes(ax, height=2.8, style=st)
    _one_line_per_run(ax, runs, "money|net|cumulative", st, scale=st.money_divisor)
    ax.axhline(0, color="#666666", linewidth=0.8)
    thousands(ax)
    _shade_run_out(ax, runs, st)
    legend(ax, st, outside=True)
    return finish(ax, st, title or st.t("compare_money_title"), st.t("yi_yuan"))
