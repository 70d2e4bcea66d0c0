"""Progress toward the yearly mu targets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from landsim.plots.common import (
    axes,
    finish,
    from_zero,
    legend,
    programme_end,
    series,
    style_for,
    thousands,
)
from landsim.plots.palette import COLOURS, HATCH
from landsim.plots.style import Style

if TYPE_CHECKING:
    from landsim.runs import Results

Item = Literal["contiguous", "revitalized"]


def target_progress(
    res: Results,
    item: Item = "contiguous",
    *,
    cumulative: bool = False,
    lang: str = "en",
    ax: Axes | None = None,
    style: Style | None = None,
    title: str | None = None,
) -> Axes:
    """Mu achieved each year as bars against the target line (or both cumulated).

    A bar is blue in a year whose target was met and orange (hatched) in a year it was
    missed. Only programme years are drawn: run-out years have no selection and no target.

    Parameters
    ----------
    res
        A run's results.
    item
        ``"contiguous"`` (连片腾退) or ``"revitalized"`` (盘活).
    cumulative
        Plot running totals since the first year, as lines, on an axis from zero.
    lang
        ``"zh"`` or ``"en"``.
    ax
        Axes to draw on; a new figure when ``None``.
    style
        A prepared style (overrides *lang*).
    title
        A title that states the finding (default: what is shown).

    Returns
    -------
    matplotlib.axes.Axes
    """
    st = style_for(res, lang, style)
    ax = axes(ax, style=st)
    achieved = series(res, f"area|{item}")
    achieved = achieved[achieved.index <= programme_end(res)]
    target = series(res, f"target|{item}").reindex(achieved.index)
    years = achieved.index.to_numpy()
    if cumulative:
        _cumulative(ax, st, years, achieved, target)
        from_zero(ax)  # a running total starts from nothing: its axis from zero
        default = st.aside(st.t(f"{item}_title"), st.t("cumulative_title"))
    else:
        _bars(ax, st, years, achieved, target)
        default = st.t(f"{item}_title")
        top = max(float(achieved.max()), float(np.nanmax(target.to_numpy(float), initial=0.0)))
        ax.set_ylim(0, top * 1.35 or 1)  # headroom: the legend sits above the tallest bar
    thousands(ax)
    return finish(ax, st, title or default, st.t("mu"), xticks=years)


def _cumulative(ax: Axes, st: Style, years, achieved, target) -> None:
    ax.plot(
        years,
        achieved.cumsum(),
        color=COLOURS["achieved"],
        marker="o",
        label=st.t("cumulative_achieved"),
    )
    ax.plot(
        years,
        target.cumsum().where(target.notna()),
        color=COLOURS["target"],
        linestyle="--",
        marker="s",
        markerfacecolor="white",
        label=st.t("cumulative_target"),
    )
    legend(ax, st, loc="upper left")


def _bars(ax: Axes, st: Style, years, achieved, target) -> None:
    met = (achieved >= target - 1e-6) | target.isna()
    bars = ax.bar(
        years,
        achieved,
        color=[COLOURS["achieved"] if m else COLOURS["missed"] for m in met],
        edgecolor="white",
        width=0.65,
    )
    for bar, m in zip(bars, met, strict=True):
        bar.set_hatch("" if m else HATCH["missed"])
    ax.step(
        np.r_[years[0] - 0.5, years + 0.5],
        np.r_[target.iloc[0], target.to_numpy()],
        where="pre",
        color=COLOURS["target"],
        linestyle="--",
        linewidth=1.4,
    )
    for x, a, tg in zip(years, achieved, target, strict=True):
        if tg > 0:
            ax.annotate(
                f"{a / tg:.0%}",
                (x, a),
                textcoords="offset points",
                xytext=(0, 2),
                ha="center",
                va="bottom",
                fontproperties=st.fp(size=6.5),
                # a white ground keeps the share legible where it meets the target line
                bbox={"boxstyle": "square,pad=0.05", "facecolor": "white", "edgecolor": "none"},
            )
    handles = [
        Patch(facecolor=COLOURS["achieved"], label=st.t("achieved")),
        Patch(facecolor=COLOURS["missed"], hatch=HATCH["missed"], label=st.t("achieved_missed")),
        ax.lines[-1],
    ]
    handles[-1].set_label(st.t("target"))
    legend(ax, st, handles=handles, loc="upper right", ncols=3)
