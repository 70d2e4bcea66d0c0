"""Helpers shared by the plot functions: data access, axes, legends, units."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib import pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from landsim.model.codes import NewUse, use_name
from landsim.plots.palette import COLOURS, industry_colour
from landsim.plots.style import WIDTH_IN, Style, make_style
from landsim.plots.text import wrap
from landsim.units import WAN_PER_YI

if TYPE_CHECKING:
    from landsim.runs import Results


def style_for(
    res: Results | list[Results],
    lang: str,
    style: Style | None = None,
    *,
    fallback: bool = False,
) -> Style:
    """Choose the style for drawing *res* in *lang* (fonts checked against its names).

    Raises :class:`~landsim.plots.style.FontError` when no font draws the texts, unless
    *fallback* allows English labels in place of Chinese ones.
    """
    if style is not None:
        return style
    runs = res if isinstance(res, list) else [res]
    font_path = None
    for r in runs:
        font_path = getattr(getattr(r.scenario, "plots", None), "font_path", None) or font_path
    return make_style(
        lang,
        names_drawn(runs, lang),
        font_path,
        fallback=fallback,
        english_texts=names_drawn(runs, "en"),
    )


def names_drawn(runs: list[Results], lang: str) -> list[str]:
    """Every scenario-given text drawn in *lang*: names of platforms, industries, projects."""
    names: list[str] = []
    for r in runs:
        s = r.scenario
        for group in (s.platforms, s.target_industries, s.major_projects):
            names += [item.name.get(lang) for item in group.values()]
        names += [s.title.get(lang)] if s.title else []
        names += [s.describe(lang)]
    return names


def series(res: Results, variable: str, platform: str = "district") -> pd.Series:
    """One variable of one platform as a Series indexed by year (empty if absent)."""
    long = res.long
    sub = long[(long["variable"] == variable) & (long["platform"] == platform)]
    return sub.set_index("year")["value"].sort_index()


def axes(ax: Axes | None, height: float = 2.6, style: Style | None = None) -> Axes:
    """Return *ax*, or the axes of a new figure one brief-column wide."""
    if ax is not None:
        return ax
    # The figure is made outside rc_context: making the first figure loads the backend,
    # and in a notebook that switches interactive mode on; leaving rc_context would switch
    # it off again and later figures would not show.
    fig = plt.figure(figsize=(WIDTH_IN, height), layout="constrained")
    with plt.rc_context(style.rc() if style else {}):
        return fig.add_subplot()


def finish(ax: Axes, st: Style, title: str, ylabel: str, years: bool = True, xticks=None) -> Axes:
    """Set the title, axis labels and year ticks (*xticks*, or whole years) in the style's font.

    A Chinese chart whose y label is a bare unit (亩, 亿元/年) writes it "单位：亩" level above
    the axis, under the title, as statistical bulletins do; other labels stand rotated.
    """
    if is_bare_unit(st, ylabel):
        unit_above(ax, st, st.t("unit_is", unit=ylabel))
        ax.set_ylabel("")
        pad = plt.rcParams["axes.titlepad"] + unit_room_pt(st)
        ax.set_title(title, fontproperties=st.fp(weight="bold"), loc="left", pad=pad)
    else:
        ax.set_title(title, fontproperties=st.fp(weight="bold"), loc="left")
        ax.set_ylabel(ylabel, fontproperties=st.fp())
    if years:
        ax.set_xlabel(st.t("year"), fontproperties=st.fp())
        if xticks is not None:
            ticks = [float(x) for x in xticks]
            lo, hi = ax.get_xlim()
            if ticks:  # half a year either side, where the run-out shading ends
                ax.set_xlim(max(lo, min(ticks) - 0.5), min(hi, max(ticks) + 0.5))
            ax.set_xticks(ticks)
        else:
            _years_drawn(ax)
    for label in (*ax.get_xticklabels(), *ax.get_yticklabels()):
        label.set_fontproperties(st.fp(size=st.fp().get_size() - 1))
    ax.grid(True, color="#dddddd", linewidth=0.5)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    _room_for_run_out_label(ax)
    return ax


#: Label keys of the y labels that are a bare unit: a Chinese chart writes them above the axis.
UNIT_KEYS = ("mu", "yi_yuan", "yi_yuan_per_year", "persons", "wan_per_mu")
#: Marks the unit written above a Chinese chart's y axis among the axes' texts.
UNIT_GID = "axis_unit"
#: Points between the axes' top and the unit written above it.
UNIT_GAP_PT = 3.0


def is_bare_unit(st: Style, ylabel: str) -> bool:
    """Whether a Chinese chart's *ylabel* is a bare unit ("亩", "亿元/年"), not a description."""
    return st.lang == "zh" and ylabel in {st.t(key) for key in UNIT_KEYS}


def unit_room_pt(st: Style) -> float:
    """Height in points the unit line above the axes takes, with the gap under it."""
    return UNIT_GAP_PT + 1.4 * (st.fp().get_size() - 1)


def unit_above(ax: Axes, st: Style, text: str, *, right: bool = False) -> None:
    """Write *text* level just above the axes' top-left corner (top-right for a right axis)."""
    ax.annotate(
        text,
        (1.0 if right else 0.0, 1.0),
        xycoords="axes fraction",
        xytext=(0, UNIT_GAP_PT),
        textcoords="offset points",
        ha="right" if right else "left",
        va="bottom",
        fontproperties=st.fp(size=st.fp().get_size() - 1),
        color="#333333",
        gid=UNIT_GID,
    )


def _years_drawn(ax: Axes) -> None:
    """End the year axis at the first and last years drawn, with whole years as ticks.

    The run-out shading reaches half a year past the last year, and the axis's margin
    took it to a tick of 2036 under data that end in 2035. Ticks lie within the years
    drawn, and the axis runs at most half a year beyond them.
    """
    drawn = _x_drawn(ax)
    if drawn.size == 0:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        return
    first, last = float(drawn.min()), float(drawn.max())
    lo, hi = ax.get_xlim()
    ax.set_xlim(max(lo, first - 0.5), min(hi, last + 0.5))
    ticks = MaxNLocator(integer=True).tick_values(first, last)
    ax.set_xticks([t for t in ticks if first <= t <= last])


def _x_drawn(ax: Axes) -> np.ndarray:
    """Return the x of every point of the lines and areas drawn in data units (not spans)."""
    xs = [
        np.asarray(line.get_xdata(), dtype=float)
        for line in ax.lines
        if line.get_transform() == ax.transData
    ]
    for coll in ax.collections:
        if coll.get_transform() == ax.transData:
            xs += [path.vertices[:, 0] for path in coll.get_paths()]
    values = np.concatenate(xs) if xs else np.zeros(0)
    return values[np.isfinite(values)]


#: Height of the run-out label with its padding and offset, in points (6.5 pt text).
RUN_OUT_LABEL_PT = 13.0


def _room_for_run_out_label(ax: Axes) -> None:
    """Raise the top of the y axis when data under the run-out label would be hidden.

    The label sits at the top of the shaded years, on a patch of the shading's colour; a
    point drawn there was covered (a platform's 11.4 % growth in 2032). Charts with a
    second y axis keep their limits: their zeros are aligned.
    """
    label = next((t for t in ax.texts if t.get_gid() == RUN_OUT_GID), None)
    if label is None or len(ax.get_shared_x_axes().get_siblings(ax)) > 1:
        return
    height_pt = ax.get_position().height * _height_in(ax.figure) * 72
    share = min(RUN_OUT_LABEL_PT / max(height_pt, 1.0), 0.3)
    lo, hi = ax.get_ylim()
    top = _highest_after(ax, label.xy[0])
    if top is None or top < hi - share * (hi - lo):
        return
    ax.set_ylim(lo, (top - share * lo) / (1 - share) + 0.02 * (hi - lo))


def _height_in(fig: Figure | SubFigure) -> float:
    """Height in inches of the figure, or of the subfigure (a brief's block), axes lie in."""
    if isinstance(fig, Figure):
        return float(fig.get_figheight())
    return float(fig.bbox.height / fig.dpi)


def _highest_after(ax: Axes, x0: float) -> float | None:
    """Return the highest y of any line, point or band right of *x0* (data units)."""
    tops = []
    for line in ax.lines:
        x = np.asarray(line.get_xdata(), dtype=float)
        y = np.asarray(line.get_ydata(), dtype=float)
        if x.shape == y.shape:
            tops.append(y[(x > x0) & np.isfinite(y)])
    for coll in ax.collections:
        for path in coll.get_paths():
            v = path.vertices
            tops.append(v[(v[:, 0] > x0) & np.isfinite(v[:, 1]), 1])
        offsets = np.asarray(coll.get_offsets(), dtype=float).reshape(-1, 2)
        tops.append(offsets[(offsets[:, 0] > x0) & np.isfinite(offsets[:, 1]), 1])
    values = np.concatenate(tops) if tops else np.zeros(0)
    return float(values.max()) if values.size else None


#: Marks the two strokes of an axis break among an axes' lines.
AXIS_BREAK_GID = "axis_break"


def axis_break(ax: Axes) -> None:
    """Mark a y axis that does not start at zero with a double slash near its foot.

    The slashes sit just above the lowest tick's label, not on it. Charts whose axis may
    start above zero call :func:`break_unless_zero` once their limits are set.
    """
    kw = dict(transform=ax.transAxes, color="black", clip_on=False, linewidth=0.9)
    for dy in (0.0, 0.025):
        ax.plot([-0.018, 0.018], [0.06 + dy - 0.012, 0.06 + dy + 0.012], gid=AXIS_BREAK_GID, **kw)


def break_unless_zero(ax: Axes) -> None:
    """Mark the axis break when the y axis starts above zero (an axis through zero needs none)."""
    if ax.get_ylim()[0] > 0 and not any(line.get_gid() == AXIS_BREAK_GID for line in ax.lines):
        axis_break(ax)


def from_zero(ax: Axes) -> None:
    """Start the y axis at zero, keeping its top: for sums that start from nothing."""
    top = ax.get_ylim()[1]
    ax.set_ylim(0, top if top > 0 else 1)


def legend(ax: Axes, st: Style, *, outside: bool = False, handles=None, **kwargs) -> None:
    """Draw a legend with the style's font; *outside* puts it right of the axes, off the data."""
    kwargs.setdefault("frameon", False)
    if outside:
        kwargs.update(loc="center left", bbox_to_anchor=(1.02, 0.5), ncols=1)
    if handles is not None:
        kwargs["handles"] = handles
    ax.legend(prop=st.fp(size=st.fp().get_size() - 1), **kwargs)


def corner_note(ax: Axes, st: Style, text: str) -> None:
    """Write a small grey note in the figure's bottom-left corner (what a chart averages over).

    Each line is wrapped to the figure's width (a long list of parameter names widened
    the figure until its axes collapsed), and the lines stack upward from the corner
    (two lines were drawn over each other).
    """
    columns = int(ax.figure.get_figwidth() * 72 / (6.5 * 0.55))  # half-ems of 6.5 pt text
    lines = [wrap(line, columns) for line in text.split("\n")]
    # the figure's bottom label: the layout makes room for it below the axes and legend
    ax.figure.supxlabel(
        "\n".join(lines),
        x=0.01,
        ha="left",
        fontproperties=st.fp(size=6.5),
        color="#555555",
    )


def thousands(ax: Axes, axis: str = "y") -> None:
    """Format an axis with thousands separators and a true minus sign (−).

    Ticks show the decimals their step needs: ticks 0.5 apart show one decimal, so no
    two labels read alike.
    """
    which = ax.yaxis if axis == "y" else ax.xaxis

    def fmt(value: float, _pos: object) -> str:
        locs = np.diff(which.get_majorticklocs())
        step = float(np.min(np.abs(locs[locs != 0]))) if np.any(locs != 0) else 1.0
        digits = 0 if step >= 1 else min(int(np.ceil(-np.log10(step) - 1e-9)), 3)
        return f"{value:,.{digits}f}".replace("-", "−")

    which.set_major_formatter(FuncFormatter(fmt))


def name_of(res: Results, key: str, lang: str) -> str:
    """Display name of a platform, target industry or major project id."""
    s = res.scenario
    if key in s.platforms:
        return s.platforms[key].name.get(lang)
    use = NewUse.parse(key)
    if use.is_project and use.project_id in s.major_projects:
        return use_name(s, use, lang)
    if key in s.target_industries:
        return s.target_industries[key].name.get(lang)
    return key


def yi(values: pd.Series | np.ndarray) -> pd.Series | np.ndarray:
    """万元 → 亿元."""
    return values / WAN_PER_YI


def programme_end(res: Results) -> int:
    """Return the programme's last year; later years of a run are run-out years (no quotas)."""
    return int(res.scenario.horizon.end)


#: Marks the run-out label among an axes' texts.
RUN_OUT_GID = "run_out_label"


def mark_run_out(ax: Axes, res: Results, st: Style) -> None:
    """Shade the run-out years (after the programme's end) of a time chart, with a label."""
    years = sorted(int(y) for y in res.long["year"].unique())
    end = programme_end(res)
    if not years or years[-1] <= end:
        return
    ax.axvspan(end + 0.5, years[-1] + 0.5, color=COLOURS["run_out"], zorder=0, linewidth=0)
    ax.annotate(
        st.t("run_out"),
        (end + 0.5, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(3, -3),
        textcoords="offset points",
        va="top",
        fontproperties=st.fp(size=6.5),
        color="#555555",
        # on the shading's colour, above the lines: readable where a line crosses it
        bbox={"facecolor": COLOURS["run_out"], "edgecolor": "none", "pad": 0.8},
        zorder=6,
        gid=RUN_OUT_GID,
    )


def use_style(res: Results, use: str) -> tuple[str, str]:
    """Colour and hatch of a new use: a target industry by its place in the scenario."""
    industries = list(res.scenario.target_industries)
    if use in industries:
        return industry_colour(industries.index(use))
    return COLOURS["project"], "xxxx"
