"""A policy brief of a run: PDF (A4), Word, and every figure as PNG and SVG.

Page 1 answers a leader's questions: the targets year by year (✓/✗), output and tax
gained and when output passes the baseline, what it costs the government, jobs, 亩均税收
(and 亩均产值) before and after, the main risk, and the contiguous target's chart with a
title that states the finding. Later pages hold the supporting charts; a Monte Carlo run
adds a page of ranges and probabilities.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from matplotlib import pyplot as plt
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.transforms import offset_copy

from landsim.io.atomic import atomic_folder
from landsim.plots.common import style_for
from landsim.plots.style import Style, glyph_guard
from landsim.report.cells import Table, figures_table, money_table, targets_table
from landsim.report.figures import FIGURES, UNCERTAINTY_FIGURES, save_figures
from landsim.report.headline import Headline, headline
from landsim.report.sentences import answer_lines, punctuate
from landsim.runs import Results

#: A4 in inches: exactly 595 × 842 pt.
A4 = (595 / 72, 842 / 72)
FORMATS = ("pdf", "docx")
__all__ = ["A4", "FIGURES", "FORMATS", "headline_lines", "wrap", "write_brief"]


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


def _page(rows: list[float]) -> tuple[Figure, object]:
    fig = plt.figure(figsize=A4, layout="constrained")
    fig.get_layout_engine().set(w_pad=0.45, h_pad=0.12)
    return fig, fig.add_gridspec(len(rows), 1, height_ratios=rows)


def page_one(res: Results, st: Style, h: Headline) -> Figure:
    """Page 1: header, the answer, the ✓/✗ table, key figures, money, the contiguous chart."""
    lines = headline_lines(res, st)
    answer_height = 0.3 + 0.15 * sum(len(wrap(x, 96, "• ").splitlines()) for x in lines)
    ratio = res.scenario.targets.platform_growth_ratio
    tables = [targets_table(st, h, ratio), figures_table(st, h), money_table(st, h)]
    heights = [0.25 + 0.19 * len(t) for t in tables]
    described = wrap(res.scenario.describe(st.lang) or "", 118)
    head_height = 0.72 + (0.2 if h.synthetic else 0.0) + 0.14 * len(described.splitlines())
    fig, grid = _page([head_height, answer_height, *heights, 2.7])
    _header(fig.add_subfigure(grid[0]), res, st, h)
    _text_block(fig.add_subfigure(grid[1]), st, st.t("answers"), lines)
    titles = [
        st.t("targets_table"),
        st.t("figures_table"),
        st.t("money_table", start=h.years[0], end=h.last),
    ]
    for i, (table, title) in enumerate(zip(tables, titles, strict=True)):
        _table(fig.add_subfigure(grid[2 + i]), st, title, table, first_col=i < 2)
    FIGURES["progress_contiguous"](res, st, h, fig.add_subplot(grid[5]))
    return fig


def page_two(res: Results, st: Style, h: Headline) -> Figure:
    """Page 2: output against the baseline, the bridge, money, platform growth."""
    fig, grid = _page([1, 1, 1.1, 1])
    for i, name in enumerate(("output", "bridge", "money", "platform_growth")):
        FIGURES[name](res, st, h, fig.add_subplot(grid[i]))
    return fig


def page_three(res: Results, st: Style, h: Headline) -> Figure:
    """Page 3: revitalization, tax against the baseline, the parcel map."""
    fig, grid = _page([1, 1, 1.6])
    for i, name in enumerate(("progress_revitalized", "tax", "map")):
        FIGURES[name](res, st, h, fig.add_subplot(grid[i]))
    return fig


def page_uncertainty(res: Results, st: Style, h: Headline) -> Figure:
    """Monte Carlo page: probabilities, cumulative contiguous area with its target, output."""
    fig, grid = _page([0.3, 1, 1, 1])
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


def _header(fig: Figure, res: Results, st: Style, h: Headline) -> None:
    """Title, period, the synthetic-data note and the scenario's description, top down."""
    lines = [(title_of(res, st), st.fp(size=16, weight="bold"), "black", 24)]
    lines.append((st.t("subtitle", start=h.years[0], end=h.end), st.fp(size=9), "#444444", 16))
    if h.synthetic:
        lines.append((st.t("synthetic_note"), st.fp(size=8.5), "#b35806", 14))
    described = wrap(res.scenario.describe(st.lang) or "", 118)
    if described:
        lines.append((described, st.fp(size=7.5), "black", 0))
    down = 0.0
    for text, fp, colour, step in lines:
        where = offset_copy(fig.transSubfigure, fig=fig.figure, y=-down, units="points")
        fig.text(0.0, 1.0, text, fontproperties=fp, color=colour, va="top", transform=where)
        down += step


def _text_block(fig: Figure, st: Style, title: str, lines: list[str]) -> None:
    fig.text(0.0, 0.99, title, fontproperties=st.fp(size=11, weight="bold"), va="top")
    body = "\n".join(wrap(line, 96, bullet="• ") for line in lines)
    fig.text(0.0, 0.86, body, fontproperties=st.fp(size=8), va="top", linespacing=1.5)


def _table(fig: Figure, st: Style, title: str, rows: Table, *, first_col: bool = True) -> None:
    """Draw *rows* (header first) as a ruled table under *title*."""
    fig.text(0.0, 0.98, title, fontproperties=st.fp(size=9.5, weight="bold"), va="top")
    ax = fig.add_axes((0.0, 0.0, 1.0, 0.78))
    ax.axis("off")
    n = len(rows[0])
    first = 0.3 if first_col and n > 5 else (0.36 if first_col else 1 / n)
    widths = [first, *([(1 - first) / (n - 1)] * (n - 1))] if first_col else [1 / n] * n
    table = ax.table(cellText=rows, colWidths=widths, loc="upper left", cellLoc="center")
    table.auto_set_font_size(False)
    for (r, c), cell in table.get_celld().items():
        text = cell.get_text()
        weight = "bold" if r == 0 else "normal"
        text.set_fontproperties(st.fp(size=7.5, weight=weight))
        cell.set_edgecolor("#bbbbbb")
        cell.set_linewidth(0.4)
        cell.set_facecolor("#f2f2f2" if r == 0 else "white")
        if c == 0 and first_col:
            text.set_horizontalalignment("left")
            cell.PAD = 0.02
        _mark_colour(text)
    table.scale(1, 1.25)


def _mark_colour(text) -> None:
    from landsim.plots.palette import COLOURS

    content = text.get_text()
    if content.startswith("✓"):
        text.set_color(COLOURS["achieved"])
    elif content.startswith("✗"):
        text.set_color(COLOURS["missed"])


def wrap(text: str, width: int, bullet: str = "") -> str:
    """Wrap *text* to *width* columns, counting a Chinese character as two.

    Lines break between Chinese characters or at spaces, never inside a number or a word,
    and never before closing punctuation (no line starts with "；" or "，").
    """
    tokens = re.findall(
        r"\s+|[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]+",
        text,
    )
    indent = " " * len(bullet)
    lines, line = [], bullet
    for token in tokens:
        if _width(line) + _width(token) > width and line.strip() and token not in NO_LINE_START:
            lines.append(line.rstrip())
            line = indent + ("" if token.isspace() else token)
        else:
            line += token
    lines.append(line.rstrip())
    return "\n".join(lines)


#: Punctuation that must not begin a line (Chinese line-breaking rules).
NO_LINE_START = set("，。；：、！？）」』》％,.;:!?)%")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
