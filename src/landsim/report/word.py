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
    "map",
    "target_probability",
    "fan_contiguous",
    "fan_output",
)
#: East Asian font named in the file (Word and WPS use it for Chinese text).
EAST_ASIAN_FONT = "等线"
#: Width of the text between the margins, cm (A4 less 2 cm on each side).
TEXT_CM = 17.0
#: Text size in tables: 小五 (9 pt), so a row of seven years fits the page.
TABLE_PT = 9


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
    for heading, rows, labels in (
        (st.t("targets_table"), targets_table(st, h, ratio), True),
        (st.t("figures_table"), figures_table(st, h), True),
        (st.t("money_table", start=h.years[0], end=h.last), money_table(st, h), False),
    ):
        document.add_heading(heading, level=2)
        _table(document, rows, labels=labels)
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


def _table(document, rows: Table, *, labels: bool = True) -> None:
    """Add a Word table: header row repeated on each page, rows kept whole, widths that fit.

    The first column (row labels, left-aligned) is as wide as its longest label needs,
    up to 40 % of the text width; the other columns share the rest and are centred.
    """
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [Cm(w) for w in _widths(rows, labels)]
    for r, values in enumerate(rows):
        tr = table.rows[r]._tr.get_or_add_trPr()
        tr.append(OxmlElement("w:cantSplit"))
        if r == 0:
            tr.append(OxmlElement("w:tblHeader"))
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.width = widths[c]
            cell.text = value.replace("✓ ", "✓\u00a0").replace("✗ ", "✗\u00a0")  # one line
            paragraph = cell.paragraphs[0]
            if c > 0 or not labels:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in paragraph.runs:
                run.bold = r == 0
                run.font.size = Pt(TABLE_PT)
    for c, column in enumerate(table.columns):  # the grid LibreOffice and WPS read
        column.width = widths[c]
    grid = table._tbl.tblGrid
    for c, col in enumerate(grid.findall(qn("w:gridCol"))):
        col.set(qn("w:w"), str(int(widths[c].twips)))


def _widths(rows: Table, labels: bool) -> list[float]:
    """Return column widths in cm over :data:`TEXT_CM`.

    Each column is as wide as its longest cell (9 pt text); the label column takes what
    is left (wrapping), and any spare width is shared out.
    """
    from landsim.plots.text import width_of

    def need(j: int) -> float:  # a column of text (half an em at 9 pt) is 0.16 cm
        return max(width_of(r[j]) for r in rows) * 0.16 + 0.45

    n = len(rows[0])
    if not labels:
        return [TEXT_CM / n] * n
    others = [need(j) for j in range(1, n)]
    first = max(min(need(0), TEXT_CM - sum(others)), 2.5)
    spare = max(TEXT_CM - first - sum(others), 0.0) / (n - 1)
    scale = min(1.0, (TEXT_CM - first) / sum(others))
    return [first, *(w * scale + spare for w in others)]
