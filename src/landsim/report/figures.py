"""The figures of a brief, with titles that state the finding, and how to save them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from matplotlib import pyplot as plt
from matplotlib.axes import Axes

from landsim import plots
from landsim.plots.style import Style
from landsim.report.headline import Headline
from landsim.report.sentences import finding_title, money
from landsim.runs import Results

Draw = Callable[[Results, Style, Headline, Axes | None], Axes]


def _finding(res: Results, st: Style, h: Headline, item: str) -> str | None:
    """Title a target's chart with its finding (None: the run lacks the target)."""
    row = next((r for r in h.targets if r.item == item), None)
    ratio = res.scenario.targets.platform_growth_ratio
    return finding_title(st, row, ratio) if row else None


def _progress(item: str) -> Draw:
    def draw(res: Results, st: Style, h: Headline, ax: Axes | None = None) -> Axes:
        title = _finding(res, st, h, item)
        return plots.target_progress(res, item, style=st, ax=ax, title=title)

    return draw


def output_title(st: Style, h: Headline) -> str | None:
    """Title the output chart with its finding, e.g. 2030年产值比基准情景高1,397.5亿元."""
    gain = h.get("output|difference")
    if gain is None:
        return None
    direction = st.t("higher" if gain >= 0 else "lower")
    return st.t("title_output", year=h.end, dir=direction, value=money(st, gain))


def money_title(st: Style, h: Headline) -> str | None:
    """Title the money chart with its finding, e.g. 各年政府资金收支：累计净支出95.5亿元."""
    net = h.get("money|net")
    if net is None:
        return None
    return st.t("title_money", dir=st.t("spending" if net < 0 else "income"), value=money(st, net))


FIGURES: dict[str, Draw] = {
    "progress_contiguous": _progress("contiguous"),
    "progress_revitalized": _progress("revitalized"),
    "output": lambda r, st, h, ax=None: plots.output_paths(
        r, style=st, ax=ax, title=output_title(st, h)
    ),
    "tax": lambda r, st, h, ax=None: plots.output_paths(r, "tax", style=st, ax=ax),
    "bridge": lambda r, st, h, ax=None: plots.output_bridge(r, style=st, ax=ax),
    "platform_growth": lambda r, st, h, ax=None: plots.platform_growth(
        r, style=st, ax=ax, title=_finding(r, st, h, "platform_growth")
    ),
    "money": lambda r, st, h, ax=None: plots.money_flows(
        r, style=st, ax=ax, title=money_title(st, h)
    ),
    "map": lambda r, st, h, ax=None: plots.parcel_map(r, style=st, ax=ax),
    "map_by_year": lambda r, st, h, ax=None: plots.parcel_map(r, "year", style=st, ax=ax),
}
#: Extra figures of Monte Carlo runs.
UNCERTAINTY_FIGURES: dict[str, Draw] = {
    "target_probability": lambda r, st, h, ax=None: plots.target_probability(r, style=st, ax=ax),
    "fan_output": lambda r, st, h, ax=None: plots.fan_chart(
        r, "output|difference", style=st, ax=ax
    ),
    "fan_contiguous": lambda r, st, h, ax=None: plots.fan_chart(
        r, "area|contiguous|cumulative", style=st, ax=ax
    ),
    "fan_revitalized": lambda r, st, h, ax=None: plots.fan_chart(
        r, "area|revitalized|cumulative", style=st, ax=ax
    ),
}


def figures_of(res: Results) -> dict[str, Draw]:
    """Return the figures a brief of *res* draws (Monte Carlo runs add their own)."""
    return FIGURES | (UNCERTAINTY_FIGURES if res.quantiles is not None else {})


def save_figures(res: Results, st: Style, h: Headline, folder: Path) -> list[str]:
    """Draw every figure on its own and save it as PNG (200 dpi) and SVG into *folder*."""
    written = []
    for name, draw in figures_of(res).items():
        ax = draw(res, st, h, None)
        for ext in ("png", "svg"):
            ax.figure.savefig(folder / f"{name}.{ext}")
            written.append(f"{name}.{ext}")
        plt.close(ax.figure)
    return written
