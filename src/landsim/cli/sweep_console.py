"""What ``landsim sweep`` prints: each variant's chance of meeting each target.

Words follow ``--lang`` (default: the scenario's ``plots.lang``), with the targets named
as on the heat maps (:mod:`landsim.plots.labels`). The English table is the one scripts
may read and stays as it was (pandas' layout); the Chinese one is aligned by terminal
columns (:func:`~landsim.cli.console.aligned`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from landsim.cli.console import aligned
from landsim.plots.labels import pick, swept_value, t

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Targets in the order they are shown.
TARGETS = ("contiguous", "revitalized", "platform_growth")
#: The sweep console's own words: (zh, en).
SWEEP: dict[str, tuple[str, str]] = {
    "heading_draws": (
        "各方案各规划年均达成目标的概率（{n:,}次抽样）：",
        "Targets met in every programme year (probability over {n:,} draws):",
    ),
    "heading_central": (
        "各方案是否各规划年均达成目标（中心值情景）：",
        "Targets met in every programme year (run at central values):",
    ),
    "variant": ("方案", "variant"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "more": ("……另有{n}个方案，见targets.csv", "… {n} more variants in targets.csv"),
    "one_year": (
        "（热力图仅显示{year}年；targets.csv含各年结果）",
        "(the heat maps show {year} alone; targets.csv has every year)",
    ),
    # standard error, while the variants run
    "count": ("共{n}个方案", "{n} variants"),
    "resumed": ("，其中{n}个此前已完成（续算）", ", {n} done before (resumed)"),
    "draws_each": ("，每个方案{n:,}次抽样", ", {n:,} draws each"),
    "progress": ("方案", "variants"),
}


def sweep_text(key: str, lang: str, **values: object) -> str:
    """Return the sweep console's word *key* (of :data:`SWEEP`) in *lang*, values filled in."""
    return pick(SWEEP[key], lang, **values)


def targets_lines(targets: pd.DataFrame, keys: list[str], lang: str, limit: int = 30) -> list[str]:
    """Each variant's chance of meeting each target in every programme year, as lines.

    With draws, the share of draws; at central values, whether it was met. At most
    *limit* variants are shown; a last line says how many more ``targets.csv`` holds.
    """
    draws = int(targets["draws"].max())
    column = "probability_every_year" if draws > 1 else "met_every_year"
    wide = targets.pivot(index=["variant", *keys], columns="target", values=column)
    wide = wide[[x for x in TARGETS if x in wide.columns]]
    heading = sweep_text("heading_draws" if draws > 1 else "heading_central", lang, n=draws)
    shown = wide.head(limit)
    yes, no = sweep_text("yes", lang), sweep_text("no", lang)
    shown = shown.map((lambda p: f"{p:.0%}") if draws > 1 else (lambda m: yes if m else no))
    if lang == "zh":
        heads = [sweep_text("variant", lang), *keys, *(t(f"sweep_{x}", lang) for x in shown)]
        cells = zip(shown.index, shown.to_numpy(), strict=True)
        rows = [[*map(swept_value, index), *row] for index, row in cells]
        lines = [heading, *aligned([heads, *rows])]
    else:
        lines = [heading, shown.to_string()]
    if len(wide) > limit:
        lines.append(sweep_text("more", lang, n=len(wide) - limit))
    return lines
