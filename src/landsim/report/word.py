"""The brief as an editable Word file (python-docx): the same text, real tables, figures.

Analysts paste it into their own reports in Word or WPS, so everything is plain Word:
headings, bullet paragraphs, tables with a header row, and the figures as PNG images.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from landsim.errors import LandsimError
from landsim.plots.style import Style
from landsim.report.cells import Table, figures_table, money_table, targets_table
from landsim.report.headline import Headline
from landsim.report.sentences import answer_lines, punctuate

if TYPE_CHECKING:
    from landsim.runs import Results

#: Figures in the Word file, in order (the PNGs written beside it).
WORD_FIGURES = (
    "progress_contiguous",
    "output",
    "bridge",
    "money",
    "platform_growth",
    "progress_revitalized",
    "tax",
    "target_probability",
    "fan_contiguous",
    "fan_output",
)
#: East Asian font named in the file (Word and WPS use it for Chinese text).
EAST_ASIAN_FONT = "等线"


def _docx():
    try:
        import docx
    except ImportError:
        raise LandsimError(
            "writing a Word brief needs python-docx: pip install 'landsim[docx]'"
        ) from None
    return docx


def write_docx(res: Results, st: Style, h: Headline, path: Path, *, figures: Path) -> None:
    """Write the brief as ``.docx`` to *path*; figures are the PNGs found in *figures*."""
    docx = _docx()
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    _fonts(document, st, Pt)
    title = res.scenario.title.get(st.lang) if res.scenario.title else res.scenario.name
    document.add_heading(title, level=0)
    document.add_paragraph(st.t("subtitle", start=h.years[0], end=h.end))
    if h.synthetic:
        document.add_paragraph(st.t("synthetic_note")).runs[0].italic = True
    document.add_heading(st.t("answers"), level=1)
    ratio = res.scenario.targets.platform_growth_ratio
    for line in answer_lines(st, h, ratio):
        document.add_paragraph(punctuate(st, line), style="List Bullet")
    for heading, rows in (
        (st.t("targets_table"), targets_table(st, h, ratio)),
        (st.t("figures_table"), figures_table(st, h)),
        (st.t("money_table", start=h.years[0], end=h.last), money_table(st, h)),
    ):
        document.add_heading(heading, level=2)
        _table(document, rows)
    document.add_heading(st.t("appendix"), level=1)
    for name in WORD_FIGURES:
        png = figures / f"{name}.png"
        if png.is_file():
            document.add_picture(str(png), width=Cm(16.0))
    document.save(str(path))


def _fonts(document, st: Style, pt) -> None:
    """Body text 10.5 pt (五号); Chinese text in a font Word and WPS both have."""
    from docx.oxml.ns import qn

    for name in ("Normal", "Title", "Heading 1", "Heading 2", "List Bullet"):
        style = document.styles[name]
        if name == "Normal":
            style.font.size = pt(10.5)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)


def _table(document, rows: Table) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = value
            if r == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
