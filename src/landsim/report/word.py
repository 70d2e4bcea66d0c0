"""The brief as an editable Word file (python-docx): the same text, real tables, figures.

Analysts paste it into their own reports in Word or WPS, so everything is plain Word:
headings, bullet paragraphs, tables with a header row, and the figures as PNG images.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from landsim.errors import LandsimError
from landsim.plots.style import Style
from landsim.report.answers import answer_lines, punctuate
from landsim.report.cells import (
    Table,
    figures_table,
    money_note,
    money_table,
    targets_table,
    targets_title,
)
from landsim.report.headline import Headline, header_notes

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
    document.add_paragraph(st.t("subtitle", years=st.years(h.years[0], h.end)))
    for note in header_notes(h):  # synthetic data, approximate contiguity
        document.add_paragraph(st.t(note)).runs[0].italic = True
    document.add_heading(st.t("answers"), level=1)
    ratio = res.scenario.targets.platform_growth_ratio
    for line in answer_lines(st, h, ratio):
        document.add_paragraph(punctuate(st, line), style="List Bullet")
    money = money_table(st, h)
    for heading, rows, labels, note in (
        (targets_title(st, h), targets_table(st, h, ratio), True, None),
        (st.t("figures_table"), figures_table(st, h), True, None),
        (
            st.t("money_table", years=st.years(h.years[0], h.last)),
            money,
            False,
            money_note(st, money),
        ),
    ):
        document.add_heading(heading, level=2)
        _table(document, rows, labels=labels)
        if note:
            document.add_paragraph(note)
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
    size = _table_size(rows, labels)
    widths = [Cm(w) for w in _widths(rows, labels, size)]
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
                run.font.size = Pt(size)
    for c, column in enumerate(table.columns):  # the grid LibreOffice and WPS read
        column.width = widths[c]
    grid = table._tbl.tblGrid
    for c, col in enumerate(grid.findall(qn("w:gridCol"))):
        col.set(qn("w:w"), str(int(widths[c].twips)))


#: Narrowest label column of a table with many columns, in cm (assumption: three Chinese
#: characters a line at 9 pt, the label wrapping).
LABEL_CM = 2.6
#: Smallest text a table shrinks to: 小六号, 6.5 pt, the smallest of the standard Chinese
#: type sizes in official documents' tables (assumption: still read easily on paper).
SMALLEST_PT = 6.5
#: Room around a cell's text, in cm (Word's cell margins, 0.19 cm a side, and slack).
CELL_PAD_CM = 0.45
#: Width of a digit, in cm, at 9 pt: 0.6 em (digits of the fonts Word, WPS and
#: LibreOffice use are 0.55–0.6 em wide; half an em, 0.16 cm, was too little).
DIGIT_CM_9PT = 0.19


def _text_cm(rows: Table, j: int, size: float) -> float:
    """Width of column *j*'s longest cell at *size* pt; ✓ and ✗ are drawn full-width."""
    from landsim.plots.text import width_of

    def columns(text: str) -> int:
        return width_of(text) + text.count("✓") + text.count("✗")

    return max(columns(r[j]) for r in rows) * DIGIT_CM_9PT * size / 9.0


def _table_size(rows: Table, labels: bool) -> float:
    """Return the text size that fits every number column on one line beside the labels.

    A targets table of seven years did not fit at 9 pt: its numbers broke inside their
    cells ("10,09 / 9").
    """
    if not labels or len(rows[0]) < 2:
        return TABLE_PT
    room = TEXT_CM - LABEL_CM - CELL_PAD_CM * (len(rows[0]) - 1)
    text = sum(_text_cm(rows, j, TABLE_PT) for j in range(1, len(rows[0])))
    return TABLE_PT if text <= room else max(TABLE_PT * room / text, SMALLEST_PT)


def _widths(rows: Table, labels: bool, size: float = TABLE_PT) -> list[float]:
    """Return column widths in cm over :data:`TEXT_CM`.

    Each column is as wide as its longest cell (text of *size* pt); the label column
    takes what is left (wrapping), and any spare width is shared out.
    """

    def need(j: int) -> float:
        return _text_cm(rows, j, size) + CELL_PAD_CM

    n = len(rows[0])
    if not labels:
        return [TEXT_CM / n] * n
    others = [need(j) for j in range(1, n)]
    first = max(min(need(0), TEXT_CM - sum(others)), 2.5)
    spare = max(TEXT_CM - first - sum(others), 0.0) / (n - 1)
    scale = min(1.0, (TEXT_CM - first) / sum(others))
    return [first, *(w * scale + spare for w in others)]
