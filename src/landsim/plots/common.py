"""Helpers shared by the plot functions: data access, axes, legends, units."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib import pyplot as plt
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, MaxNLocator

from landsim.model.codes import NewUse
from landsim.plots.style import WIDTH_IN, Style, make_style

if TYPE_CHECKING:
    from landsim.runs import Results

WAN_PER_YI = 1e4


def style_for(res: Results | list[Results], lang: str, style: Style | None = None) -> Style:
    """Choose the style for drawing *res* in *lang* (fonts checked against its names)."""
    if style is not None:
        return style
    runs = res if isinstance(res, list) else [res]
    names: list[str] = []
    font_path = None
    for r in runs:
        s = r.scenario
        names += [p.name.zh for p in s.platforms.values()]
        names += [i.name.zh for i in s.target_industries.values()]
        names += [j.name.zh for j in s.major_projects.values()]
        names += [s.title.zh] if s.title else []
        names += [s.describe("zh")]
        font_path = getattr(getattr(s, "plots", None), "font_path", None) or font_path
    return make_style(lang, names, font_path)


def series(res: Results, variable: str, platform: str = "district") -> pd.Series:
    """One variable of one platform as a Series indexed by year (empty if absent)."""
    long = res.long
    sub = long[(long["variable"] == variable) & (long["platform"] == platform)]
    return sub.set_index("year")["value"].sort_index()


def axes(ax: Axes | None, height: float = 2.6, style: Style | None = None) -> Axes:
    """Return *ax*, or the axes of a new figure one brief-column wide."""
    if ax is not None:
        return ax
    rc = style.rc() if style else {}
    with plt.rc_context(rc):
        _, new = plt.subplots(figsize=(WIDTH_IN, height), layout="constrained")
    return new


def finish(ax: Axes, st: Style, title: str, ylabel: str, years: bool = True, xticks=None) -> Axes:
    """Set the title, axis labels and year ticks (*xticks*, or whole years) in the style's font."""
    ax.set_title(title, fontproperties=st.fp(weight="bold"), loc="left")
    ax.set_ylabel(ylabel, fontproperties=st.fp())
    if years:
        ax.set_xlabel(st.t("year"), fontproperties=st.fp())
        if xticks is not None:
            ax.set_xticks(list(xticks))
        else:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    for label in (*ax.get_xticklabels(), *ax.get_yticklabels()):
        label.set_fontproperties(st.fp(size=st.fp().get_size() - 1))
    ax.grid(True, color="#dddddd", linewidth=0.5)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return ax


def legend(ax: Axes, st: Style, *, outside: bool = False, handles=None, **kwargs) -> None:
    """Draw a legend with the style's font; *outside* puts it right of the axes, off the data."""
    kwargs.setdefault("frameon", False)
    if outside:
        kwargs.update(loc="center left", bbox_to_anchor=(1.02, 0.5), ncols=1)
    if handles is not None:
        kwargs["handles"] = handles
    ax.legend(prop=st.fp(size=st.fp().get_size() - 1), **kwargs)


def thousands(ax: Axes, axis: str = "y") -> None:
    """Format an axis with thousands separators."""
    fmt = FuncFormatter(lambda v, _: f"{v:,.0f}")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def name_of(res: Results, key: str, lang: str) -> str:
    """Display name of a platform, target industry or major project id."""
    s = res.scenario
    if key in s.platforms:
        return s.platforms[key].name.get(lang)
    use = NewUse.parse(key)
    if use.is_project:
        proj = s.major_projects.get(use.id)
        return proj.name.get(lang) if proj else key
    if key in s.target_industries:
        return s.target_industries[key].name.get(lang)
    return key


def scenario_label(res: Results, lang: str) -> str:
    """How a run is named in comparisons: its title, else its name."""
    return res.scenario.title.get(lang) if res.scenario.title else res.scenario.name


def yi(values: pd.Series | np.ndarray) -> pd.Series | np.ndarray:
    """万元 → 亿元."""
    return values / WAN_PER_YI
