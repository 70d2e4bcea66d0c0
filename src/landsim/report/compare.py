"""Compare runs given as results, run folders or scenario files.

>>> import landsim
>>> table = landsim.compare(["runs/xiaoshan_2024", "runs/contiguity_first"])  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from landsim.analysis import compare as analysis
from landsim.report.folder import load_run
from landsim.runs import Results, run

__all__ = ["as_results", "compare", "compare_long"]


def as_results(item: Results | str | Path) -> Results:
    """Get results from a :class:`Results`, a run folder, or a scenario file (run now)."""
    if isinstance(item, Results):
        return item
    path = Path(item)
    return load_run(path) if path.is_dir() else run(path)


def compare(runs: Sequence[Results | str | Path]) -> pd.DataFrame:
    """Headline indicators of several runs side by side, with differences from the first.

    Parameters
    ----------
    runs
        Results, run folders, or scenario files (run on the fly). The first is the
        reference for the differences.

    Returns
    -------
    pandas.DataFrame
        Rows: ``(indicator, unit)``. Columns: a ``(measure, scenario)`` MultiIndex, where
        ``measure`` is ``value`` or ``difference`` (from the first run).

    Raises
    ------
    InputError
        If the runs have different platforms or units.
    """
    return analysis.compare([as_results(r) for r in runs])


def compare_long(runs: Sequence[Results | str | Path]) -> pd.DataFrame:
    """Stack the long tables of several runs, with a ``scenario`` index level."""
    return analysis.compare_long([as_results(r) for r in runs])
