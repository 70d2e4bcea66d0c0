"""Output and tax against the baseline, the output bridge, and platform growth."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from landsim.accounting.variables import QUANTITY_LABELS
from landsim.plots.common import (
    WAN_PER_YI,
    axes,
    axis_break,
    finish,
    from_zero,
    legend,
    mark_run_out,
    name_of,
    series,
    style_for,
    thousands,
    use_style,
)
from landsim.plots.palette import COLOURS, HATCH, PLATFORM_CYCLE, cycle_style
from landsim.plots.style import Style
from landsim.plots.text import wrap

if TYPE_CHECKING:
    from landsim.runs import Results


def _layers(res: Results, quantity: str, years: np.ndarray, scale: float) -> dict[str, pd.Series]:
    prefix = f"{quantity}|programme|new|"
    uses = sorted({v[len(prefix) :] for v in res.long["variable"].unique() if v.startswith(prefix)})
    layers = {u: (series(res, prefix + u) / scale).reindex(years).fillna(0) for u in uses}
    return dict(sorted(layers.items(), key=lambda kv: -kv[1].iloc[-1]))


def output_paths(
    res: Results,
    quantity: str = "output",
    *,
    lang: str = "en",
    ax: Axes | None = None,
    style: Style | None = None,
    max_uses: int = 6,
    title: str | None = None,
) -> Axes:
    """Baseline against programme, with new industries stacked on existing firms.

    The programme is an area of existing firms (upgrades included) with each new use's
    contribution stacked on top; the baseline is a dashed line. *quantity* is
    ``"output"``, ``"tax"`` or ``"value_added"``; money is drawn in 亿元 (Chinese) or
    CNY bn (English). Each industry keeps its colour in every chart (its place in the
    scenario); new uses beyond *max_uses* are grouped as "other".
    """
    st = style_for(res, lang, style)
    ax = axes(ax, height=2.8, style=st)
    scale = st.money_divisor
    programme = series(res, f"{quantity}|programme") / scale  # from the base year
    years = programme.index.to_numpy()
    baseline = (series(res, f"{quantity}|baseline") / scale).reindex(years)
    existing = (series(res, f"{quantity}|programme|existing") / scale).reindex(years)
    existing.iloc[0] = programme.iloc[0]  # the base year: every firm is an existing firm
    layers = _layers(res, quantity, years, scale)
    shown = [u for u in layers if layers[u].iloc[-1] > 0][:max_uses]
    other = sum((layers[u] for u in layers if u not in shown), start=existing * 0)
    stack = [existing, *(layers[u] for u in shown)]
    names = [st.t("existing_firms"), *(name_of(res, u, st.lang) for u in shown)]
    styles = [(COLOURS["existing_firms"], ""), *(use_style(res, u) for u in shown)]
    moved = (series(res, f"{quantity}|programme|relocated") / scale).reindex(years).fillna(0)
    if moved.abs().sum() > 0:  # firms vacated that produce again elsewhere in the district
        stack.insert(1, moved)
        names.insert(1, st.t("relocated_firms"))
        styles.insert(1, (COLOURS["relocated"], HATCH["relocated"]))
    if other.abs().sum() > 0:
        stack.append(other)
        names.append(st.t("other"))
        styles.append((COLOURS["other"], ""))
    polys = ax.stackplot(
        years,
        *stack,
        labels=names,
        colors=[c for c, _ in styles],
        edgecolor="white",
        linewidth=0.5,
    )
    for poly, (_, hatch) in zip(polys, styles, strict=True):
        poly.set_hatch(hatch)
    ax.plot(years, baseline, color=COLOURS["baseline"], linestyle="--", linewidth=1.5)
    ax.lines[-1].set_label(st.t("baseline"))
    ax.plot(years, programme, color=COLOURS["programme"], linewidth=1.5, label=st.t("programme"))
    ax.set_xlim(years[0], years[-1])
    # an area chart read against its axis: start near the lowest level, so the change shows
    low, top = (
        float(min(existing.min(), baseline.min())),
        float(max(programme.max(), baseline.max())),
    )
    bottom = _nice_floor(low - 0.25 * (top - low))
    ax.set_ylim(bottom, top + 0.05 * (top - low))
    if bottom > 0:
        axis_break(ax)
    mark_run_out(ax, res, st)
    thousands(ax)
    legend(ax, st, outside=True)
    return finish(ax, st, title or st.t(f"{quantity}_title"), st.t("yi_yuan_per_year"))


def _nice_floor(value: float) -> float:
    """Round down to 1, 2 or 5 × a power of ten (never below zero)."""
    if value <= 0:
        return 0.0
    power = 10 ** np.floor(np.log10(value))
    return float(max(m * power for m in (1, 2, 5) if m * power <= value))


def bridge_steps(res: Results, year: int, quantity: str = "output") -> dict[str, float]:
    """Baseline → programme in *year* (万元): what each change did.

    Vacating, relocation, upgrades and new industries:
    ``baseline + lost_output + relocated + upgrade_gain + new_output == programme``
    exactly; ``relocated`` (firms vacated that produce again elsewhere in the district) is
    0 when the run has none.
    """
    baseline = float(series(res, f"{quantity}|baseline")[year])
    existing = float(series(res, f"{quantity}|programme|existing")[year])
    uplift = float(series(res, f"{quantity}|programme|uplift")[year])
    moved = series(res, f"{quantity}|programme|relocated")
    relocated = float(moved.get(year, 0.0))
    end = float(series(res, f"{quantity}|programme")[year])
    return {
        "baseline": baseline,
        "lost_output": -(baseline - (existing - uplift)),
        "relocated": relocated,
        "upgrade_gain": uplift,
        "new_output": end - existing - relocated,
        "programme": end,
    }


#: Colour and hatch of each step of the bridge (a gain, or a loss drawn hollow).
STEP_STYLE = {
    "lost_output": (COLOURS["missed"], "////"),
    "relocated": (COLOURS["relocated"], HATCH["relocated"]),
    "upgrade_gain": (COLOURS["upgrade"], HATCH["upgrade"]),
    "new_output": (COLOURS["new_uses"], ""),
}


def output_bridge(
    res: Results,
    year: int | None = None,
    *,
    quantity: str = "output",
    lang: str = "en",
    ax: Axes | None = None,
    style: Style | None = None,
    title: str | None = None,
) -> Axes:
    """Waterfall from the baseline's output in *year* to the programme's (default: last year).

    Steps: output of firms vacated (lost), gains from upgrades, new industries; they add
    up exactly to the programme's figure. Both end bars carry their value. The axis
    starts above zero so the steps show; the break is marked on the axis.
    """
    st = style_for(res, lang, style)
    ax = axes(ax, height=2.8, style=st)
    year = int(year or res.scenario.horizon.end)
    steps = {k: v / st.money_divisor for k, v in bridge_steps(res, year, quantity).items()}
    keys = [k for k in STEP_STYLE if k != "relocated" or steps[k] != 0]
    digits = 1 if st.money_divisor > WAN_PER_YI else 0  # CNY bn: 0.1 bn is 1 亿元
    shown = summing_labels(
        [steps["baseline"], *(steps[k] for k in keys)], steps["programme"], digits
    )
    bottom, top = _bridge_limits(steps)
    thin = THIN_STEP * (top - bottom)
    level = steps["baseline"]
    ax.bar(0, level, color=COLOURS["baseline"], width=0.6)
    for i, key in enumerate(keys, start=1):
        delta = steps[key]
        outline = "none" if shown[i] == 0 else ("thin" if abs(delta) < thin else "")
        _step(ax, i, (level, delta), STEP_STYLE[key], outline)
        _value(ax, st, i, max(level, level + delta), _signed(shown[i], digits))
        level += delta
    ax.bar(len(keys) + 1, steps["programme"], color=COLOURS["programme"], width=0.6)
    ends = ((0, "baseline", shown[0]), (len(keys) + 1, "programme", sum(shown)))
    for x, key, value in ends:
        _value(ax, st, x, steps[key], f"{value:,.{digits}f}")
    labels = [st.t("baseline_end", year=year), *(st.t(k) for k in keys)]
    ax.set_xticks(range(len(keys) + 2), labels=[*labels, st.t("programme_end", year=year)])
    ax.set_ylim(bottom, top)
    if bottom > 0:
        axis_break(ax)
    thousands(ax)
    finish(ax, st, title or st.t("bridge_title", year=year), st.t("yi_yuan_per_year"), years=False)
    for label in ax.get_xticklabels():
        label.set_fontproperties(st.fp(size=6.5))
    return ax


#: A step shorter than this share of the axis would be under a pixel high; its bar gets
#: an outline in its colour (the bar's own height stays the step's value).
THIN_STEP = 0.01


def _bridge_limits(steps: dict[str, float]) -> tuple[float, float]:
    """Return the y axis of the bridge: a round value below the lowest level, to above the top."""
    tops = [steps["baseline"], steps["programme"], steps["baseline"] + steps["lost_output"]]
    low, high = min(tops), max(tops)
    bottom = _nice_floor(low - 0.6 * (high - low) - 1e-9)
    return bottom, high + 0.12 * (high - bottom)


def _step(ax: Axes, x: int, move: tuple[float, float], look: tuple[str, str], outline: str) -> None:
    """Draw one step from *level* by *delta*: a gain filled, a loss hollow.

    *outline* ``"thin"``: a step too short to see, outlined in its colour; ``"none"``: a
    step that rounds to nothing, not outlined.
    """
    level, delta = move
    colour, hatch = look
    thin = outline == "thin"
    edge = "none" if outline == "none" else colour if delta < 0 or thin else "white"
    ax.bar(
        x,
        abs(delta),
        bottom=level if delta >= 0 else level + delta,
        width=0.6,
        color=colour if delta >= 0 else "white",
        hatch=hatch,
        edgecolor=edge,
        linewidth=1.6 if thin else None,
    )


def _signed(value: float, digits: int) -> str:
    """Return a step's label with its sign (−, not -); a step that rounds to nothing is 0."""
    if value == 0:
        return f"{0:.{digits}f}"
    return f"{value:+,.{digits}f}".replace("-", "−")


def _value(ax: Axes, st: Style, x: float, y: float, text: str) -> None:
    ax.annotate(
        text,
        (x, y),
        textcoords="offset points",
        xytext=(0, 2),
        ha="center",
        fontproperties=st.fp(size=6.5),
    )


def summing_labels(parts: list[float], total: float, digits: int) -> list[float]:
    """Round *parts* (a start, then steps) to *digits* so that they add up to *total* rounded.

    Rounded one by one, an English bridge read 581 − 47 + 4 + 37 + 43 = 618 against an end
    bar of 617. The steps whose rounding moved them most absorb the difference, one unit
    of the last digit each (largest remainders).
    """
    unit = 10.0**-digits
    scaled = np.asarray(parts, dtype=float) / unit
    rounded = np.round(scaled)
    gap = round(round(total / unit) - float(rounded.sum()))
    if gap:
        error = (scaled - rounded) * np.sign(gap)  # how far each was rounded against the gap
        order = np.argsort(-error[1:], kind="stable")[: abs(gap)] + 1  # steps, not the start
        rounded[order] += np.sign(gap)
    return [float(v) for v in rounded * unit]


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


__all__ = ["bridge_steps", "output_bridge", "output_paths", "platform_growth"]
