"""A policy brief of a run: PDF (A4), Word, and every figure as PNG and SVG.

Page 1 answers a leader's questions: the targets year by year (✓/✗), output and tax
gained and when output passes the baseline, what it costs the government, jobs, 亩均税收
(and 亩均产值) before and after, the main risk, and the contiguous target's chart with a
title that states the finding. Later pages hold the supporting charts; a Monte Carlo run
adds a page of ranges and probabilities.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from matplotlib import pyplot as plt
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure, SubFigure

from landsim.io.atomic import atomic_folder
from landsim.plots.common import style_for
from landsim.plots.style import Style, glyph_guard
from landsim.report.answers import answer_lines, punctuate
from landsim.report.cells import (
    figures_table,
    money_note,
    money_table,
    targets_table,
    targets_title,
)
from landsim.report.figures import FIGURES, UNCERTAINTY_FIGURES, save_figures
from landsim.report.headline import Headline, header_notes, headline
from landsim.report.layout import (
    A4,
    TEXT_COLUMNS,
    bullets,
    bullets_height,
    bullets_size,
    page,
    stack,
    usable_height,
    wrap,
)
from landsim.report.ruled_table import ruled_table, table_height
from landsim.runs import Results

#: Columns of the scenario's description under the title (7.5 pt).
DESCRIPTION_COLUMNS = 112
#: Columns of a note under the title (8.5 pt), by language (:data:`~.layout.TEXT_COLUMNS`
#: at 8.5 pt), and the points each of its lines takes.
NOTE_COLUMNS = {lang: int(columns * 8.0 / 8.5) for lang, columns in TEXT_COLUMNS.items()}
NOTE_STEP_PT = 14.0
#: Least height of page 1's chart, inches (the default of :func:`~.layout.page`).
CHART_LEAST_IN = 2.0
FORMATS = ("pdf", "docx")
__all__ = ["A4", "FIGURES", "FORMATS", "header_lines", "headline_lines", "wrap", "write_brief"]


def write_brief(
    res: Results,
    folder: Path,
    *,
    lang: str = "zh",
    force: bool = False,
    formats: Sequence[str] = ("pdf",),
    font_fallback: bool = False,
) -> list[str]:
    """Write ``brief.pdf`` and/or ``brief.docx`` and every figure into *folder* (atomically).

    Parameters
    ----------
    res
        A run's results.
    folder
        Where to write; replaced only with *force*.
    lang
        ``"zh"`` or ``"en"``.
    formats
        ``"pdf"`` and/or ``"docx"`` (the Word file needs the ``docx`` extra).
    font_fallback
        Draw English labels when no font draws Chinese (else :class:`FontError`).

    Returns
    -------
    list of str
        The file names written.
    """
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown brief formats {sorted(unknown)}; use {FORMATS}")
    st = style_for(res, lang, fallback=font_fallback)
    h = headline(res)
    written: list[str] = []
    with plt.rc_context(st.rc()), atomic_folder(folder, force=force) as tmp, glyph_guard():
        written += save_figures(res, st, h, tmp)
        if "pdf" in formats:
            _pdf(res, st, h, tmp / "brief.pdf")
            written.insert(0, "brief.pdf")
        if "docx" in formats:
            from landsim.report.word import write_docx

            write_docx(res, st, h, tmp / "brief.docx", figures=tmp)
            written.insert(0, "brief.docx")
    return written


def _pdf(res: Results, st: Style, h: Headline, path: Path) -> None:
    pages = [page_one, page_two, page_three]
    if res.quantiles is not None:
        pages.append(page_uncertainty)
    # pages keep their A4 size: no tight bounding box
    with (
        plt.rc_context({"savefig.bbox": "standard"}),
        PdfPages(path, metadata={"Title": title_of(res, st), "Creator": "landsim"}) as pdf,
    ):
        for make in pages:
            page = make(res, st, h)
            pdf.savefig(page)
            plt.close(page)


def title_of(res: Results, st: Style) -> str:
    """Return the brief's title: the scenario's title, else its name."""
    return res.scenario.title.get(st.lang) if res.scenario.title else res.scenario.name


def headline_lines(res: Results, st: Style) -> list[str]:
    """Write the brief's answer as sentences in the style's language."""
    ratio = res.scenario.targets.platform_growth_ratio
    return [punctuate(st, line) for line in answer_lines(st, headline(res), ratio, _range_pct(res))]


def _range_pct(res: Results) -> float:
    if res.quantiles is None:
        return 0.8
    stats = sorted(
        float(s[1:]) for s in res.quantiles["statistic"].unique() if str(s).startswith("p")
    )
    return (stats[-1] - stats[0]) / 100 if len(stats) >= 2 else 0.8


def page_one(res: Results, st: Style, h: Headline) -> Figure:
    """Page 1: header, the answer, the ✓/✗ table, key figures, money, the contiguous chart."""
    lines = headline_lines(res, st)
    ratio = res.scenario.targets.platform_growth_ratio
    money = money_table(st, h)
    tables = [
        (targets_title(st, h), targets_table(st, h, ratio), "auto", None),
        (st.t("figures_table"), figures_table(st, h), "auto", None),
        (
            st.t("money_table", years=st.years(h.years[0], h.last)),
            money,
            None,
            money_note(st, money),
        ),
    ]
    heights = [table_height(rows, note=note, first_col=how) for _, rows, how, note in tables]
    top = header_height(res, st, h)
    size = bullets_size(st, lines, usable_height(6) - top - sum(heights) - CHART_LEAST_IN)
    fig, grid = page([top, bullets_height(st, lines, size), *heights, None], CHART_LEAST_IN)
    _header(fig.add_subfigure(grid[0]), res, st, h)
    bullets(fig.add_subfigure(grid[1]), st, st.t("answers"), lines, size=size)
    for i, (title, rows, how, note) in enumerate(tables):
        ruled_table(fig.add_subfigure(grid[2 + i]), st, title, rows, note, first_col=how)
    FIGURES["progress_contiguous"](res, st, h, fig.add_subplot(grid[5]))
    return fig


def page_two(res: Results, st: Style, h: Headline) -> Figure:
    """Page 2: output against the baseline, the bridge, money, platform growth."""
    fig, grid = page([1, 1, 1.1, 1])
    for i, name in enumerate(("output", "bridge", "money", "platform_growth")):
        FIGURES[name](res, st, h, fig.add_subplot(grid[i]))
    return fig


def page_three(res: Results, st: Style, h: Headline) -> Figure:
    """Page 3: revitalization, tax against the baseline, the parcel map."""
    fig, grid = page([1, 1, 1.6])
    for i, name in enumerate(("progress_revitalized", "tax", "map")):
        FIGURES[name](res, st, h, fig.add_subplot(grid[i]))
    return fig


def page_uncertainty(res: Results, st: Style, h: Headline) -> Figure:
    """Monte Carlo page: probabilities, cumulative contiguous area with its target, output."""
    fig, grid = page([0.3, 1, 1, 1])
    head = fig.add_subfigure(grid[0])
    head.text(
        0.0,
        0.5,
        st.t("uncertainty_page", n=res.draws),
        fontproperties=st.fp(size=12, weight="bold"),
        va="center",
    )
    for i, name in enumerate(("target_probability", "fan_contiguous", "fan_output"), start=1):
        UNCERTAINTY_FIGURES[name](res, st, h, fig.add_subplot(grid[i]))
    return fig


def _header(fig: SubFigure, res: Results, st: Style, h: Headline) -> None:
    """Title, period, the notes and the scenario's description, top down."""
    stack(fig, header_lines(res, st, h))


def header_lines(res: Results, st: Style, h: Headline) -> list[tuple[str, object, str, float]]:
    """Return page 1's header lines: ``(text, font properties, colour, points below)``.

    Title, period, then the notes of :func:`~landsim.report.headline.header_notes` (the
    synthetic data; contiguity approximated from parcel centres, or impossible without
    adjacency), one entry per wrapped line, then the scenario's description.
    """
    lines = [(title_of(res, st), st.fp(size=16, weight="bold"), "black", 24.0)]
    lines.append(
        (st.t("subtitle", years=st.years(h.years[0], h.end)), st.fp(size=9), "#444444", 16.0)
    )
    for note in header_notes(h):
        for line in wrap(st.t(note), NOTE_COLUMNS[st.lang]).splitlines():
            lines.append((line, st.fp(size=8.5), "#b35806", NOTE_STEP_PT))
    described = wrap(res.scenario.describe(st.lang) or "", DESCRIPTION_COLUMNS)
    if described:
        lines.append((described, st.fp(size=7.5), "black", 0.0))
    return lines


def header_height(res: Results, st: Style, h: Headline) -> float:
    """Height in inches of the header of page 1."""
    described = wrap(res.scenario.describe(st.lang) or "", DESCRIPTION_COLUMNS)
    lines = len(described.splitlines()) if described else 0
    notes = sum(
        len(wrap(st.t(note), NOTE_COLUMNS[st.lang]).splitlines()) for note in header_notes(h)
    )
    return 0.6 + 0.2 * notes + 0.14 * lines
