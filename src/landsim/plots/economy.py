"""Output and tax against the baseline, the output bridge, and platform growth."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.axes import Axes

from landsim.plots.common import axes, finish, legend, name_of, series, style_for, thousands, yi
from landsim.plots.style import BASELINE_COLOR, FILLS, HATCHES, LINES, MARKERS, TARGET_COLOR, Style

if TYPE_CHECKING:
    from landsim.runs import Results


def output_paths(
    res: Results,
    quantity: str = "output",
    *,
    lang: str = "en",
    ax: Axes | None = None,
    style: Style | None = None,
    max_uses: int = 6,
) -> Axes:
    """Baseline against programme, with new industries stacked on existing firms (亿元).

    The programme is an area of existing firms (upgrades included) with each new use's
    contribution stacked on top; the baseline is a dashed line. *quantity* is
    ``"output"``, ``"tax"`` or ``"value_added"``. New uses beyond *max_uses* are grouped.
    """
    st = style_for(res, lang, style)
    ax = axes(ax, height=2.8, style=st)
    programme = yi(series(res, f"{quantity}|programme"))  # from the base year
    years = programme.index.to_numpy()
    existing = yi(series(res, f"{quantity}|programme|existing")).reindex(years)
    existing.iloc[0] = programme.iloc[0]  # the base year: every firm is an existing firm
    uses = sorted(
        {
            v.split("|")[-1]
            for v in res.long["variable"].unique()
            if v.startswith(f"{quantity}|programme|new|")
        }
    )
    layers = {
        u: yi(series(res, f"{quantity}|programme|new|{u}")).reindex(years).fillna(0) for u in uses
    }
    layers = dict(sorted(layers.items(), key=lambda kv: -kv[1].iloc[-1]))
    shown = [u for u in layers if layers[u].iloc[-1] > 0][:max_uses]
    other = sum((layers[u] for u in layers if u not in shown), start=existing * 0)
    stack = [existing, *(layers[u] for u in shown)]
    names = [st.t("existing_firms"), *(name_of(res, u, st.lang) for u in shown)]
    if other.abs().sum() > 0:
        stack.append(other)
        names.append("…")
    polys = ax.stackplot(
        years,
        *stack,
        labels=names,
        colors=["#d9d9d9", *FILLS[: len(stack) - 1]],
        edgecolor="white",
        linewidth=0.5,
    )
    for poly, hatch in zip(polys[1:], HATCHES[1:], strict=False):
        poly.set_hatch(hatch)
    ax.plot(
        years,
        yi(series(res, f"{quantity}|baseline")),
        color=BASELINE_COLOR,
        linestyle="--",
        linewidth=1.5,
        label=st.t("baseline"),
    )
    ax.plot(
        years,
        programme,
        color="black",
        linewidth=1.5,
        label=st.t("programme"),
    )
    ax.set_xlim(years[0], years[-1])
    # an area chart read against its axis: start near the lowest level, so the change shows
    low = float(min(existing.min(), yi(series(res, f"{quantity}|baseline")).min()))
    top = float(max(programme.max(), yi(series(res, f"{quantity}|baseline")).max()))
    ax.set_ylim(_nice_floor(low - 0.25 * (top - low)), top + 0.05 * (top - low))
    thousands(ax)
    legend(ax, st, outside=True)
    return finish(ax, st, st.t(f"{quantity}_title"), st.t("yi_yuan_per_year"))


def _nice_floor(value: float) -> float:
    """Round down to 1, 2 or 5 × a power of ten (never below zero)."""
    if value <= 0:
        return 0.0
    power = 10 ** np.floor(np.log10(value))
    return float(max(m * power for m in (1, 2, 5) if m * power <= value))


def output_bridge(
    res: Results,
    year: int | None = None,
    *,
    quantity: str = "output",
    lang: str = "en",
    ax: Axes | None = None,
    style: Style | None = None,
) -> Axes:
    """Waterfall from base-year output to the programme's output in *year* (default: last).

    Steps: growth of firms that stay in the baseline; output of firms vacated (lost);
    gains from upgrades; new industries. They add up exactly to the programme's figure.
    """
    st = style_for(res, lang, style)
    ax = axes(ax, height=2.8, style=st)
    baseline = series(res, f"{quantity}|baseline")  # starts at the base year
    year = int(year or baseline.index.max())
    base_year = int(baseline.index.min())
    start = float(baseline[base_year])
    existing = series(res, f"{quantity}|programme|existing")[year]
    uplift = series(res, f"{quantity}|programme|uplift")[year]
    end = series(res, f"{quantity}|programme")[year]
    steps = [
        (st.t("growth_existing"), baseline[year] - start),
        (st.t("lost_output"), -(baseline[year] - (existing - uplift))),
        (st.t("upgrade_gain"), uplift),
        (st.t("new_output"), end - existing),
    ]
    labels = [
        st.t("base_year_output", year=base_year),
        *(s[0] for s in steps),
        st.t("end_output", year=year),
    ]
    labels = [textwrap.fill(label, 14) for label in labels]  # long English labels: two lines
    level = start
    ax.bar(0, yi(start), color="#8d99ae", width=0.6)
    for i, (_, delta) in enumerate(steps, start=1):
        bottom = level if delta >= 0 else level + delta
        ax.bar(
            i,
            yi(abs(delta)),
            bottom=yi(bottom),
            width=0.6,
            color=FILLS[2] if delta >= 0 else "white",
            hatch="" if delta >= 0 else "///",
            edgecolor=FILLS[2] if delta >= 0 else TARGET_COLOR,
        )
        ax.annotate(
            f"{yi(delta):+,.0f}",
            (i, yi(max(level, level + delta))),
            textcoords="offset points",
            xytext=(0, 2),
            ha="center",
            fontproperties=st.fp(size=6.5),
        )
        level += delta
    ax.bar(len(steps) + 1, yi(end), color=FILLS[0], width=0.6)
    ax.set_xticks(range(len(labels)), labels=labels)
    for label in ax.get_xticklabels():
        label.set_fontproperties(st.fp(size=6.5))
    lo = min(yi(start), yi(end), yi(level)) * 0.9
    ax.set_ylim(max(0.0, lo - (yi(max(start, end)) - lo) * 0.3), None)
    thousands(ax)
    finish(
        ax,
        st,
        f"{st.t('bridge_title')} ({base_year}–{year})",
        st.t("yi_yuan_per_year"),
        years=False,
    )
    for label in ax.get_xticklabels():
        label.set_fontproperties(st.fp(size=6.5))
    return ax


def platform_growth(
    res: Results,
    *,
    lang: str = "en",
    ax: Axes | None = None,
    style: Style | None = None,
) -> Axes:
    """Each platform's output growth since the base year, against the district's × the goal.

    The goal (``targets.platform_growth_ratio``, the seed's 1.5×) is drawn as the
    district's growth multiplied by it: a platform above that line grows fast enough.
    """
    st = style_for(res, lang, style)
    ax = axes(ax, height=2.8, style=st)
    ratio = res.scenario.targets.platform_growth_ratio
    district = series(res, "growth|output|programme") * 100
    years = district.index.to_numpy()
    platforms = [pid for pid, p in res.scenario.platforms.items() if p.is_platform]
    for i, pid in enumerate(platforms):
        ax.plot(
            years,
            series(res, "growth|output|programme", pid) * 100,
            color=FILLS[i % len(FILLS)],
            linestyle=LINES[i % len(LINES)],
            marker=MARKERS[i % len(MARKERS)],
            markersize=3.5,
            linewidth=1.2,
            label=name_of(res, pid, st.lang),
        )
    ax.plot(years, district, color="black", linewidth=2.0, label=st.t("district"))
    ax.plot(
        years,
        district * ratio,
        color=TARGET_COLOR,
        linestyle="--",
        linewidth=1.4,
        label=st.t("district_x", ratio=ratio),
    )
    ax.axhline(0, color="#999999", linewidth=0.6)
    legend(ax, st, outside=True)
    return finish(ax, st, st.t("growth_title"), st.t("growth_pct"), xticks=years)


__all__ = ["output_bridge", "output_paths", "platform_growth"]
