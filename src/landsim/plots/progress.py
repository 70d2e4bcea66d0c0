"""Progress toward the yearly mu targets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np
from matplotlib.axes import Axes

from landsim.plots.common import axes, finish, legend, series, style_for, thousands
from landsim.plots.style import FILLS, HATCHES, TARGET_COLOR, Style

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
) -> Axes:
    """Mu achieved each year as bars against the target line (or both cumulated).

    Parameters
    ----------
    res
        A run's results.
    item
        ``"contiguous"`` (连片腾换) or ``"revitalized"`` (盘活).
    cumulative
        Plot running totals since the first year, as lines.
    lang
        ``"zh"`` or ``"en"``.
    ax
        Axes to draw on; a new figure when ``None``.
    style
        A prepared style (overrides *lang*).

    Returns
    -------
    matplotlib.axes.Axes
    """
    st = style_for(res, lang, style)
    ax = axes(ax, style=st)
    achieved = series(res, f"area|{item}")
    target = series(res, f"target|{item}").reindex(achieved.index)
    years = achieved.index.to_numpy()
    if cumulative:
        ax.plot(
            years, achieved.cumsum(), color=FILLS[0], marker="o", label=st.t("cumulative_achieved")
        )
        ax.plot(
            years,
            target.cumsum(),
            color=TARGET_COLOR,
            linestyle="--",
            marker="s",
            label=st.t("cumulative_target"),
        )
        title = f"{st.t(f'{item}_title')} · {st.t('cumulative_title')}"
    else:
        colour = FILLS[0] if item == "contiguous" else FILLS[2]
        hatch = HATCHES[0] if item == "contiguous" else HATCHES[2]
        ax.bar(
            years,
            achieved,
            color=colour,
            hatch=hatch,
            edgecolor="white",
            width=0.65,
            label=st.t("achieved"),
        )
        ax.step(
            np.r_[years[0] - 0.5, years + 0.5],
            np.r_[target.iloc[0], target.to_numpy()],
            where="pre",
            color=TARGET_COLOR,
            linestyle="--",
            linewidth=1.4,
            label=st.t("target"),
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
                )
        title = st.t(f"{item}_title")
        ax.set_ylim(0, max(float(achieved.max()), float(target.max())) * 1.18 or 1)
    thousands(ax)
    legend(ax, st, loc="upper right", ncols=2)
    return finish(ax, st, title, st.t("mu"), xticks=years)
