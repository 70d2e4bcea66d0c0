"""Output and tax against the baseline, and the output bridge (platform growth: :mod:`.growth`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from landsim.plots.common import (
    WAN_PER_YI,
    axes,
    axis_break,
    finish,
    legend,
    mark_run_out,
    name_of,
    series,
    style_for,
    thousands,
    use_style,
)
from landsim.plots.palette import COLOURS, HATCH
from landsim.plots.style import Style

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


__all__ = ["bridge_steps", "output_bridge", "output_paths"]
