"""How runs are named in comparisons (no plotting library: tables use it too)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from landsim.plots.labels import t

if TYPE_CHECKING:
    from landsim.runs import Results


def scenario_label(res: Results, lang: str) -> str:
    """How a run is named in comparisons: its title, else its name."""
    return res.scenario.title.get(lang) if res.scenario.title else res.scenario.name


def distinct_labels(runs: Sequence[Results], lang: str) -> list[str]:
    """Each run's :func:`scenario_label`, told apart when two runs share one.

    A Monte Carlo run sharing its title with another run is named by its draws
    ("（30次抽样）", " (30 draws)"); runs still alike are numbered ("（2）", " (2)").
    """
    labels = [scenario_label(r, lang) for r in runs]
    shared = {x for x in labels if labels.count(x) > 1}
    for i, r in enumerate(runs):
        if labels[i] in shared and r.draws > 1:
            labels[i] += _bracket(t("draws_note", lang, n=r.draws), lang)
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else label + _bracket(str(seen[label]), lang))
    return out


def _bracket(text: str, lang: str) -> str:
    """*text* in brackets after a name: full-width in Chinese, with no space before."""
    return f"（{text}）" if lang == "zh" else f" ({text})"
