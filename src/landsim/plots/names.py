"""How runs are named in comparisons (no plotting library: tables use it too)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from landsim.analysis.alignment import tell_apart
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
    return tell_apart(
        [scenario_label(r, lang) for r in runs],
        [r.draws for r in runs],
        lambda n: t("draws_note", lang, n=n),
        lambda text: _bracket(text, lang),
    )


def _bracket(text: str, lang: str) -> str:
    """*text* in brackets after a name: full-width in Chinese, with no space before."""
    return f"（{text}）" if lang == "zh" else f" ({text})"
