"""The comparison brief: the runs' targets, output, money and jobs side by side (A4 PDF).

Page 1 says what each scenario is and what it achieves (one line each), then three
tables: the targets year by year (✓/✗) for every run, key figures (output, tax and jobs
gained, per-mu figures, areas, investment) and every public money item, one column per
run; the tables of more runs go on to page 2. The comparison charts, titled with their
findings, follow on as many pages as they fill. The numbers are those of
``headline.csv``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
from matplotlib import pyplot as plt
from matplotlib.axes import Axes
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure, SubFigure

from landsim import plots
from landsim.analysis.alignment import Period
from landsim.errors import InputError
from landsim.plots.style import BASE_SIZE, Style, glyph_guard
from landsim.report.compare_cells import (
    FIGURE_ROWS,
    MONEY_ROWS,
    answer_lines,
    figure_titles,
    targets_rows,
    value_rows,
)
from landsim.report.compare_names import readable, scenario_titles
from landsim.report.compare_notes import adjacency_notes, comparison_notes
from landsim.report.headline import is_synthetic
from landsim.report.layout import (
    Block,
    bullets,
    bullets_height,
    flow,
    stack,
    title_columns,
    wrap,
)
from landsim.report.ruled_table import ruled_table, table_height
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
#: Height of one chart (inches). The charts follow the tables in the order of
#: :data:`COMPARE_FIGURES`, as many on a page as fit.
CHART_IN = 3.1
#: Share of the text width a chart's title may take: it starts at the chart's axes,
#: right of the y axis's labels (assumption: 0.85 leaves them 0.7 inch, and bold text
#: room to be wider).
CHART_TITLE_SHARE = 0.85
#: Most runs a comparison brief holds (assumption: beyond eight a run's column in the
#: tables is too narrow for its title, and its line in a chart's legend and its colour
#: no longer stand apart).
BRIEF_RUNS_AT_MOST = 8


def check_brief_runs(n_runs: int) -> None:
    """Refuse a brief of more than :data:`BRIEF_RUNS_AT_MOST` runs, saying what to do."""
    if n_runs > BRIEF_RUNS_AT_MOST:
        raise InputError(
            f"--brief: a comparison brief holds at most {BRIEF_RUNS_AT_MOST} runs; got "
            f"{n_runs}: compare them in groups of at most {BRIEF_RUNS_AT_MOST} (the "
            "reference first in each), or leave out --brief for the tables and figures"
        )


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
    meta = {"Title": st.t("compare_title"), "Creator": "landsim"}
    with (
        plt.rc_context(st.rc()),
        plt.rc_context({"savefig.bbox": "standard"}),  # pages keep their A4 size
        glyph_guard(),
        PdfPages(path, metadata=meta) as pdf,
    ):
        for fig in brief_pages(runs, st, table, period):
            pdf.savefig(fig)
            plt.close(fig)


def brief_pages(
    runs: list[Results],
    st: Style,
    table: pd.DataFrame,
    period: Period,
) -> list[Figure]:
    """Draw the brief's pages: the scenarios, a line of results each, three tables, charts.

    The blocks flow from page to page, a block never split
    (:func:`~landsim.report.layout.flow`): two runs fill page 1, the tables of more
    runs go on to page 2. The charts follow the tables, shared out evenly among as few
    pages as they need: a table that did not fit the page before (the money table of
    four runs) shares its page with charts rather than standing alone on it, and no
    last page holds one chart under a page of three.
    """
    blocks = _table_blocks(runs, st, table, period, readable(table, period, runs, st))
    titles = figure_titles(runs, st, table, period)
    charts = [_chart_block(runs, st, name, titles) for name in COMPARE_FIGURES]
    return flow([*blocks, *charts], balance_from=len(blocks))


def _chart_block(runs: list[Results], st: Style, name: str, titles: dict[str, str]) -> Block:
    """Make the comparison chart *name* a block of :data:`CHART_IN`, titled by its finding.

    A title naming a run of a long title wraps: it ran off the page.
    """
    title = titles.get(name)
    if title:
        title = wrap(title, int(title_columns(st, BASE_SIZE) * CHART_TITLE_SHARE))

    def chart(ax: Axes) -> None:
        COMPARE_FIGURES[name](runs, st, ax, title)

    return Block(CHART_IN, chart=chart)


def _table_blocks(
    runs: list[Results], st: Style, table: pd.DataFrame, period: Period, shown: pd.DataFrame
) -> list[Block]:
    """Blocks of the table pages, top down: header, scenarios, answers, three tables."""
    about = _about(runs, st)
    answers = answer_lines(runs, st, table, period)
    blocks = [
        Block(_header_height(runs, st, period), lambda sub: _header(sub, runs, st, period)),
        Block(
            bullets_height(st, about, size=ABOUT_PT),
            lambda sub: bullets(sub, st, st.t("compare_scenarios"), about, size=ABOUT_PT),
        ),
        Block(bullets_height(st, answers), lambda sub: bullets(sub, st, st.t("answers"), answers)),
    ]
    target_rows, targets = targets_rows(runs, st, period)
    title = wrap(st.t("compare_targets_table", targets=targets), title_columns(st))
    blocks.append(_table_block(st, title, target_rows, **TARGETS_TABLE))
    for title, keys in (
        (st.t("compare_figures_table"), FIGURE_ROWS),  # each row says its years
        (
            st.t("compare_money_table", years=st.years(period.years[0], period.years[-1])),
            MONEY_ROWS,
        ),
    ):
        rows = value_rows(shown, st, keys, period)
        blocks.append(_table_block(st, title, rows, labels=1, widest=_label_share(len(runs))))
    return blocks


#: Size of the scenarios' descriptions (points).
ABOUT_PT = 7.5
#: Widest share of the text width the targets table's scenario column takes (its
#: titles wrap), and the indicator column of the value tables.
SCENARIO_SHARE, INDICATOR_SHARE = 0.22, 0.36
#: How the targets table is laid out (:func:`~landsim.report.ruled_table.fit`): the scenario
#: and indicator columns, then the years and the years met, whose head is one word
#: (达标年数, not 达标年/数).
TARGETS_TABLE = {"labels": 2, "widest": SCENARIO_SHARE, "whole": (-1,)}
#: Least share of the text width of a run's column in the value tables: with more
#: runs the indicator column gives way (its labels wrap), so that a run's title wraps
#: in its header to lines of 11 columns, about as wide as "2024—2030年" (12 columns; a
#: year range is not broken).
RUN_SHARE_LEAST = 0.1


def _label_share(n_runs: int) -> float:
    """Widest share of the value tables' indicator column, with *n_runs* columns beside it."""
    return min(INDICATOR_SHARE, 1.0 - n_runs * RUN_SHARE_LEAST)


def _table_block(st: Style, title: str, rows: list[list[str]], **how: object) -> Block:
    """Make a ruled table under *title* a block; *how* as for :func:`ruled_table`."""
    return Block(
        table_height(rows, title, **how),
        lambda sub: ruled_table(sub, st, title, rows, **how),
    )


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
    subtitle = st.t("compare_subtitle", years=st.years(period.years[0], period.end), n=len(runs))
    lines.append((subtitle, st.fp(size=9), "#444444", 16))
    if any(is_synthetic(r) for r in runs):
        lines.append((st.t("synthetic_note"), st.fp(size=8.5), CAVEAT_COLOUR, 14))
    for note, colour in (
        *((note, CAVEAT_COLOUR) for note in _wrapped_caveats(runs, st)),
        *((note, "#444444") for note in _wrapped_notes(runs, st, period)),
    ):
        step = NOTE_PT + NOTE_LINE_PT * note.count("\n")
        lines.append((note, st.fp(size=NOTE_SIZE), colour, step))
    stack(fig, lines)


#: Notes under the subtitle: font size, points below a note's first line, and below
#: each further line of a note that wraps.
NOTE_SIZE, NOTE_PT, NOTE_LINE_PT = 8.5, 14.0, 11.0
#: Colour of the notes on the data (synthetic parcels, approximate contiguity), as in a
#: run's own brief.
CAVEAT_COLOUR = "#b35806"


def _wrapped_notes(runs: list[Results], st: Style, period: Period) -> list[str]:
    """Return the notes under the subtitle, each wrapped to the page's width."""
    columns = title_columns(st, NOTE_SIZE)
    return [wrap(note, columns) for note in comparison_notes(runs, st, period)]


def _wrapped_caveats(runs: list[Results], st: Style) -> list[str]:
    """Return the notes on contiguity, each wrapped to the page's width.

    Which runs' contiguity is approximate or impossible
    (:func:`~landsim.report.compare_notes.adjacency_notes`).
    """
    columns = title_columns(st, NOTE_SIZE)
    return [wrap(note, columns) for note in adjacency_notes(runs, st)]


def _header_height(runs: list[Results], st: Style, period: Period) -> float:
    synthetic = any(is_synthetic(r) for r in runs)
    notes = [*_wrapped_caveats(runs, st), *_wrapped_notes(runs, st, period)]
    points = sum(NOTE_PT + NOTE_LINE_PT * n.count("\n") for n in notes)
    return 0.62 + (0.2 if synthetic else 0.0) + points / 72
