"""Compare runs given as results, run folders or scenario files: tables, files, a brief.

>>> import landsim
>>> runs = ["runs/xiaoshan_2024", "runs/contiguity_first"]
>>> landsim.compare_table(runs, lang="zh")  # doctest: +SKIP
>>> landsim.compare(runs)  # doctest: +SKIP

:func:`compare_table` is the table to read: one row per run, one column per indicator
with its unit in the header, rounded, in Chinese or English. :func:`compare` is the
original machine table (``(indicator, unit)`` rows, ``(measure, scenario)`` columns).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from landsim.analysis import compare as analysis
from landsim.analysis.alignment import Period
from landsim.analysis.compare import indicators
from landsim.io.atomic import atomic_folder
from landsim.plots.labels import Words
from landsim.report.compare_names import DIGITS, indicator_label, readable, scenario_titles
from landsim.report.folder import load_run
from landsim.report.write import CSV_ENCODING, has
from landsim.runs import Results, run

__all__ = [
    "DIGITS",
    "as_results",
    "compare",
    "compare_long",
    "compare_table",
    "indicator_label",
    "readable",
    "scenario_titles",
    "write_comparison",
]


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
        ``measure`` is ``value`` or ``difference`` (from the first run). For a table to
        read, see :func:`compare_table`.

    Raises
    ------
    InputError
        If the runs have different platforms or units.
    """
    return analysis.compare([as_results(r) for r in runs])


def compare_long(runs: Sequence[Results | str | Path]) -> pd.DataFrame:
    """Stack the long tables of several runs, with a ``scenario`` index level."""
    return analysis.compare_long([as_results(r) for r in runs])


def compare_table(runs: Sequence[Results | str | Path], lang: str = "en") -> pd.DataFrame:
    """Return the comparison to read: one row per run, one column per indicator, rounded.

    Parameters
    ----------
    runs
        Results, run folders, or scenario files (run on the fly).
    lang
        ``"zh"`` (money in 亿元) or ``"en"`` (CNY bn).

    Returns
    -------
    pandas.DataFrame
        A first column of scenario titles, then targets met (years), areas (mu), output,
        tax and jobs gained in the last programme year every run has, the year output
        passes the baseline, per-mu figures, every public money item (spending negative)
        and major projects placed. Units are in the column names; whole numbers are
        integers, money and per-mu figures have one decimal. Indicators no run has are
        left out.

    Raises
    ------
    InputError
        If the runs have different platforms or units.
    """
    results = [as_results(r) for r in runs]
    table, period = indicators(results)
    return readable(table, period, results, Words(lang))


def tidy(table: pd.DataFrame) -> pd.DataFrame:
    """Return the indicators as a long table (``indicators.csv``).

    Columns: ``scenario, indicator, unit, value, difference, flow``. ``difference`` is
    from the first run. Money is in 万元 and every item a positive sum, as in the long
    table; ``flow`` says which way it goes (:data:`~landsim.analysis.compare.FLOWS`:
    ``spending``, ``income``, ``net`` = income − spending, ``private``; empty for other
    indicators). ``headline.csv`` shows the same money in 亿元 (CNY bn) with spending
    negative.
    """
    names = [c for c in table.columns if c != "unit"]
    values = table[names]
    diff = values.sub(values[names[0]], axis=0)
    out = pd.concat({"value": values.stack(), "difference": diff.stack()}, axis=1)
    out.index.names = ["indicator", "scenario"]
    out = out.reset_index().merge(table["unit"], left_on="indicator", right_index=True)
    out["flow"] = out["indicator"].map(analysis.FLOWS).fillna("")
    return out[["scenario", "indicator", "unit", "value", "difference", "flow"]]


def write_comparison(
    runs: Sequence[Results],
    folder: Path,
    *,
    lang: str = "en",
    force: bool = False,
    brief: bool = False,
    font_fallback: bool = False,
) -> tuple[list[str], pd.DataFrame, Period]:
    """Write a comparison folder (atomically); return its files, the readable table, the period.

    The folder holds ``headline.csv`` (the readable table, one header row; money in 亿元
    or CNY bn, spending negative), ``indicators.csv`` (the same indicators,
    machine-readable: one row per run and indicator, in 万元 and mu, with differences
    from the first run; money as positive sums and a ``flow`` column, see
    :func:`tidy`), ``long.csv`` (the
    runs' long tables stacked), ``headline.xlsx`` with the ``excel`` extra, the comparison
    figures (PNG and SVG), and with *brief* ``brief.pdf`` (A4).

    Raises
    ------
    InputError
        If the runs have different platforms or units, or *brief* is asked for more
        runs than a brief holds (:data:`~landsim.report.compare_brief.BRIEF_RUNS_AT_MOST`).
    """
    from landsim.plots.common import style_for
    from landsim.report.compare_brief import check_brief_runs, save_figures, write_pdf
    from landsim.report.compare_cells import figure_titles

    results = list(runs)
    if brief:
        check_brief_runs(len(results))
    table, period = indicators(results)
    st = style_for(results, lang, fallback=font_fallback)  # fonts checked before writing
    words = Words(lang)
    shown = readable(table, period, results, words)
    written = ["headline.csv", "indicators.csv", "long.csv"]
    with atomic_folder(folder, force=force) as tmp:
        shown.to_csv(tmp / "headline.csv", index=False, encoding=CSV_ENCODING)
        tidy(table).to_csv(tmp / "indicators.csv", index=False, encoding=CSV_ENCODING)
        stacked = analysis.compare_long(results).reset_index(level="row", drop=True)
        stacked.to_csv(tmp / "long.csv", encoding=CSV_ENCODING)
        if has("xlsxwriter"):
            _workbook(tmp / "headline.xlsx", shown)
            written.append("headline.xlsx")
        written += save_figures(results, st, tmp, figure_titles(results, st, table, period))
        if brief:
            write_pdf(results, st, tmp / "brief.pdf", table, period)
            written.insert(0, "brief.pdf")
    return written, shown, period


def _workbook(path: Path, shown: pd.DataFrame) -> None:
    """Write the readable table as a workbook: frozen header and first column, fitted widths."""
    from landsim.report.layout import width_of

    with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
        shown.to_excel(writer, sheet_name="headline", index=False, freeze_panes=(1, 1))
        sheet = writer.sheets["headline"]
        for j, column in enumerate(shown.columns):
            longest = max(width_of(str(v)) for v in [column, *shown[column].tolist()])
            sheet.set_column(j, j, min(longest + 2, 40))
