"""The platform growth target's chart: the platforms' growth against the district's.

It draws what the target tests (:mod:`landsim.accounting` ``growth_yoy_ratio``): the
platforms' output and tax growth ÷ the district's against the target ratio, each year
marked on the lower ratio; runs without year-on-year figures get growth since the base
year.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from matplotlib.axes import Axes

from landsim.accounting.variables import QUANTITY_LABELS
from landsim.plots.common import (
    axes,
    finish,
    from_zero,
    legend,
    mark_run_out,
    name_of,
    series,
    style_for,
)
from landsim.plots.palette import COLOURS, PLATFORM_CYCLE, cycle_style
from landsim.plots.style import Style
from landsim.plots.text import wrap

if TYPE_CHECKING:
    from landsim.runs import Results


#: How each indicator of the growth target is drawn: colour, line style, marker.
GROWTH_LINES = {
    "output": (COLOURS["programme"], "-", "o"),
    "tax": (COLOURS["baseline"], "-.", "s"),
    "value_added": (COLOURS["median"], ":", "^"),
}


def platform_growth(
    res: Results,
    *,
    lang: str = "en",
    ax: Axes | None = None,
    style: Style | None = None,
    title: str | None = None,
) -> Axes:
    """Plot what the platform growth target tests: the platforms' growth ÷ the district's.

    The seed's target (``targets.platform_growth_ratio``, 1.5×) asks the platforms taken
    together to grow, year on year, at least that many times as fast as the district in
    every indicator of ``targets.platform_growth_indicators`` (output and tax). Each
    indicator's ratio is a line; the goal a dashed line over the programme years; a marker
    on the lower ratio of each programme year, blue where the goal is met and orange where
    missed: the number and the ✓/✗ of the brief's table. A line under the title says the
    rule. Runs without the year-on-year variables show growth since the base year instead.
    """
    st = style_for(res, lang, style)
    ax = axes(ax, height=2.8, style=st)
    tg = res.scenario.targets
    ratio = tg.platform_growth_ratio
    indicators = [q for q in GROWTH_LINES if q in tg.platform_growth_indicators]
    ratios = {q: series(res, f"growth_yoy_ratio|{q}") for q in indicators}
    if not ratios or any(r.dropna().empty for r in ratios.values()):
        return _cumulative_growth(res, st, ax, ratio, title)
    years = series(res, f"growth_yoy|{indicators[0]}|district").index.to_numpy()
    for q in indicators:
        colour, dash, marker = GROWTH_LINES[q]
        ax.plot(
            years,
            ratios[q].reindex(years),
            color=colour,
            linestyle=dash,
            marker=marker,
            markersize=3,
            linewidth=1.4,
            label=st.t("growth_ratio_line", name=_indicator(q, st.lang)),
        )
    tested = series(res, "target_share|platform_growth").reindex(years) * ratio
    goal = series(res, "target|platform_growth").reindex(years)
    ax.plot(years, goal, color=COLOURS["target"], linestyle="--", linewidth=1.4)
    ax.lines[-1].set_label(st.t("growth_goal_line", ratio=ratio))
    met = tested >= ratio * (1 - 1e-9)
    lower = "_lower" if len(indicators) > 1 else ""
    for flag, key, word in ((True, "achieved", "met"), (False, "missed", "missed")):
        keep = (met == flag) & tested.notna()
        if keep.any():  # named in the legend: the markers say which years met the goal
            label = st.t(f"growth_goal_{word}{lower}")
            ax.scatter(years[keep], tested[keep], color=COLOURS[key], zorder=4, s=18, label=label)
    ax.axhline(0, color="#999999", linewidth=0.6)
    if ax.get_ylim()[0] > 0:
        from_zero(ax)  # a ratio is read from nothing: 1.44 against 1.5 looks as close as it is
    mark_run_out(ax, res, st)
    legend(ax, st, outside=True)
    finish(ax, st, title or st.t("platform_growth_title"), st.t("ratio_to_goal"), xticks=years)
    rule = "growth_rule" if len(indicators) > 1 else "growth_rule_one"
    _rule_under_title(ax, st, st.t(rule, names=_names(indicators, st.lang), ratio=ratio))
    return ax


def _indicator(quantity: str, lang: str) -> str:
    """Return the name of an indicator of the growth target: 产值, Output."""
    zh, en, _unit = QUANTITY_LABELS[quantity]
    return zh if lang == "zh" else en


def _names(indicators: list[str], lang: str) -> str:
    """Return the target's indicators in running text: "产值、税收", "output and tax"."""
    names = [_indicator(q, lang) for q in indicators]
    if lang == "zh":
        return "、".join(names)
    names = [n.lower() for n in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


#: Points between the title and the rule under it, and between the rule and the axes.
RULE_GAP_PT = 3.0
#: Share of the figure's width the rule may take (it starts at the axes' left edge).
RULE_WIDTH = 0.85


def _rule_under_title(ax: Axes, st: Style, rule: str) -> None:
    """Write *rule* in a smaller, regular type between the chart's title and its axes."""
    size = st.fp().get_size() - 1
    fig = ax.figure
    room_pt = RULE_WIDTH * fig.bbox.width / fig.dpi * 72  # a brief's block or the figure
    rule = wrap(rule, int(room_pt / (size * 0.55)))  # columns of half an em
    lines = rule.count("\n") + 1
    ax.annotate(
        rule,
        (0.0, 1.0),
        xycoords="axes fraction",
        xytext=(0, RULE_GAP_PT),
        textcoords="offset points",
        va="bottom",
        fontproperties=st.fp(size=size),
        color="#333333",
    )
    pad = RULE_GAP_PT + 1.4 * size * lines + RULE_GAP_PT
    ax.set_title(ax.get_title(loc="left"), fontproperties=st.fp(weight="bold"), loc="left", pad=pad)


def _platforms(res: Results) -> list[str]:
    return [pid for pid, p in res.scenario.platforms.items() if p.is_platform]


def _cumulative_growth(res: Results, st: Style, ax: Axes, ratio: float, title: str | None) -> Axes:
    """Each platform's output growth since the base year (runs without year-on-year data)."""
    district = series(res, "growth|output|programme") * 100
    years = district.index.to_numpy()
    for i, pid in enumerate(_platforms(res)):
        ax.plot(
            years,
            series(res, "growth|output|programme", pid) * 100,
            markersize=3.5,
            linewidth=1.2,
            label=name_of(res, pid, st.lang),
            **cycle_style(PLATFORM_CYCLE, i),
        )
    ax.plot(years, district, color=COLOURS["programme"], linewidth=2.0, label=st.t("district"))
    ax.plot(
        years,
        district * ratio,
        color=COLOURS["target"],
        linestyle="--",
        linewidth=1.4,
        label=st.t("district_x", ratio=ratio),
    )
    ax.axhline(0, color="#999999", linewidth=0.6)
    mark_run_out(ax, res, st)
    legend(ax, st, outside=True)
    return finish(ax, st, title or st.t("growth_title"), st.t("growth_pct"), xticks=years)


__all__ = ["platform_growth"]
