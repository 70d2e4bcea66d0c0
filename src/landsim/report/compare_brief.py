"""The comparison brief: the runs' targets, output, money and jobs side by side (A4 PDF).

Page 1 says what each scenario is and what it achieves (one line each), then three
tables: the targets year by year (✓/✗) for every run, key figures (output, tax and jobs
gained, per-mu figures, areas, investment) and every public money item, one column per
run. Pages 2 and 3 hold the comparison charts, titled with their findings. The numbers
are those of ``headline.csv``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
from matplotlib import pyplot as plt
from matplotlib.axes import Axes
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure, SubFigure

from landsim import plots
from landsim.analysis.alignment import Period
from landsim.plots.style import Style, glyph_guard
from landsim.report.compare_cells import (
    FIGURE_ROWS,
    MONEY_ROWS,
    answer_lines,
    comparison_notes,
    figure_titles,
    targets_rows,
    value_rows,
)
from landsim.report.compare_names import readable, scenario_titles
from landsim.report.headline import is_synthetic
from landsim.report.layout import (
    bullets,
    bullets_height,
    page,
    ruled_table,
    stack,
    table_height,
    title_columns,
    wrap,
)
from landsim.runs import Results

Draw = Callable[[list[Results], Style, Axes | None, str | None], Axes]

#: The comparison's figures, in the order of the brief.
COMPARE_FIGURES: dict[str, Draw] = {
    "targets_contiguous": lambda runs, st, ax=None, title=None: plots.compare_targets(
        runs, "contiguous", style=st, ax=ax, title=title
    ),
    "targets_revitalized": lambda runs, st, ax=None, title=None: plots.compare_targets(
        runs, "revitalized", style=st, ax=ax, title=title
    ),
    "output_gained": lambda runs, st, ax=None, title=None: plots.compare_output(
        runs, style=st, ax=ax, title=title
    ),
    "money_net": lambda runs, st, ax=None, title=None: plots.compare_money(
        runs, style=st, ax=ax, title=title
    ),
    "jobs_gained": lambda runs, st, ax=None, title=None: plots.compare_output(
        runs, "jobs", style=st, ax=ax, title=title
    ),
}
#: Charts on pages 2 and 3, and the height of one chart (inches).
CHART_PAGES = (
    ("targets_contiguous", "targets_revitalized", "output_gained"),
    ("money_net", "jobs_gained"),
)
CHART_IN = 3.1


def save_figures(runs: list[Results], st: Style, folder: Path, titles: dict[str, str]) -> list[str]:
    """Draw each comparison figure on its own; save it as PNG (200 dpi) and SVG."""
    written = []
    with plt.rc_context(st.rc()), glyph_guard():
        for name, draw in COMPARE_FIGURES.items():
            ax = draw(runs, st, None, titles.get(name))
            for ext in ("png", "svg"):
                ax.figure.savefig(folder / f"{name}.{ext}")
                written.append(f"{name}.{ext}")
            plt.close(ax.figure)
    return written


def write_pdf(
    runs: list[Results], st: Style, path: Path, table: pd.DataFrame, period: Period
) -> None:
    """Write the comparison brief to *path*: A4, fonts embedded."""
    shown = readable(table, period, runs, st)
    titles = figure_titles(runs, st, table, period)
    meta = {"Title": st.t("compare_title"), "Creator": "landsim"}
    with (
        plt.rc_context(st.rc()),
        plt.rc_context({"savefig.bbox": "standard"}),  # pages keep their A4 size
        glyph_guard(),
        PdfPages(path, metadata=meta) as pdf,
    ):
        pages = [page_tables(runs, st, table, period, shown)]
        pages += [page_charts(runs, st, names, titles) for names in CHART_PAGES]
        for fig in pages:
            pdf.savefig(fig)
            plt.close(fig)


def page_tables(
    runs: list[Results], st: Style, table: pd.DataFrame, period: Period, shown: pd.DataFrame
) -> Figure:
    """Page 1: the scenarios, one line of results each, and the three tables."""
    about = _about(runs, st)
    answers = answer_lines(runs, st, table, period)
    target_rows, targets = targets_rows(runs, st, period)
    tables = [
        (wrap(st.t("compare_targets_table", targets=targets), title_columns(st)), target_rows, 2),
        (
            st.t("compare_figures_table", year=period.end, start=period.programme[0]),
            value_rows(shown, st, FIGURE_ROWS, period),
            1,
        ),
        (
            st.t("compare_money_table", start=period.years[0], end=period.years[-1]),
            value_rows(shown, st, MONEY_ROWS, period),
            1,
        ),
    ]
    heights = [
        table_height(rows, title, labels=labels, widest=0.22 if labels > 1 else 0.36)
        for title, rows, labels in tables
    ]
    top = [_header_height(runs, st, period), bullets_height(st, about, size=7.5)]
    fig, grid = page([*top, bullets_height(st, answers), *heights, None], least=0.0)
    _header(fig.add_subfigure(grid[0]), runs, st, period)
    bullets(fig.add_subfigure(grid[1]), st, st.t("compare_scenarios"), about, size=7.5)
    bullets(fig.add_subfigure(grid[2]), st, st.t("answers"), answers)
    for i, (title, rows, labels) in enumerate(tables, start=3):
        widest = 0.22 if labels > 1 else 0.36  # two label columns: the scenario's wraps
        ruled_table(fig.add_subfigure(grid[i]), st, title, rows, labels=labels, widest=widest)
    return fig


def page_charts(
    runs: list[Results], st: Style, names: Sequence[str], titles: dict[str, str]
) -> Figure:
    """Draw a page of comparison charts, one under the other, from the top."""
    fig, grid = page([*([CHART_IN] * len(names)), None], least=0.0)
    for i, name in enumerate(names):
        COMPARE_FIGURES[name](runs, st, fig.add_subplot(grid[i]), titles.get(name))
    return fig


def _about(runs: list[Results], st: Style) -> list[str]:
    """Each scenario: its title and what it does."""
    colon = "：" if st.lang == "zh" else ": "
    titles = scenario_titles(runs, st.lang)
    return [
        f"{t}{colon}{r.scenario.describe(st.lang) or ''}".rstrip(colon)
        for t, r in zip(titles, runs, strict=True)
    ]


def _header(fig: SubFigure, runs: list[Results], st: Style, period: Period) -> None:
    lines = [(st.t("compare_title"), st.fp(size=16, weight="bold"), "black", 24)]
    subtitle = st.t("compare_subtitle", start=period.years[0], end=period.end, n=len(runs))
    lines.append((subtitle, st.fp(size=9), "#444444", 16))
    if any(is_synthetic(r) for r in runs):
        lines.append((st.t("synthetic_note"), st.fp(size=8.5), "#b35806", 14))
    for note in _wrapped_notes(runs, st, period):
        step = NOTE_PT + NOTE_LINE_PT * note.count("\n")
        lines.append((note, st.fp(size=NOTE_SIZE), "#444444", step))
    stack(fig, lines)


#: Notes under the subtitle: font size, points below a note's first line, and below
#: each further line of a note that wraps.
NOTE_SIZE, NOTE_PT, NOTE_LINE_PT = 8.5, 14.0, 11.0


def _wrapped_notes(runs: list[Results], st: Style, period: Period) -> list[str]:
    """Return the notes under the subtitle, each wrapped to the page's width."""
    columns = title_columns(st, NOTE_SIZE)
    return [wrap(note, columns) for note in comparison_notes(runs, st, period)]


def _header_height(runs: list[Results], st: Style, period: Period) -> float:
    synthetic = any(is_synthetic(r) for r in runs)
    notes = _wrapped_notes(runs, st, period)
    points = sum(NOTE_PT + NOTE_LINE_PT * n.count("\n") for n in notes)
    return 0.62 + (0.2 if synthetic else 0.0) + points / 72
