"""Page layout shared by the briefs: A4 pages with margins, text blocks, ruled tables.

Every page is exactly A4 (595 × 842 pt) with print margins; its rows are laid out by
matplotlib's constrained layout inside the margins. Text wraps by display width (a
Chinese character counts as two columns) and follows Chinese line-breaking rules.
"""

from __future__ import annotations

import re
import unicodedata

from matplotlib import pyplot as plt
from matplotlib.figure import Figure, SubFigure
from matplotlib.text import Text
from matplotlib.transforms import offset_copy

from landsim.plots.palette import COLOURS
from landsim.plots.style import Style

#: A4 in inches: exactly 595 × 842 pt.
A4 = (595 / 72, 842 / 72)
#: Print margins in mm: left, right, top, bottom (assumption: 18 mm at the sides and
#: 15/12 mm top and bottom fit office printers and leave room for a binder's holes).
MARGINS_MM = (18.0, 18.0, 15.0, 12.0)
#: Columns of body text (8 pt) across the page, by language: a Chinese character is two
#: columns (one em); Latin text averages about 0.47 em a character (measured on the
#: rendered pages of both briefs).
TEXT_COLUMNS = {"zh": 106, "en": 116}
#: Height of one line of 8 pt body text at 1.5 line spacing, in inches.
LINE_IN = 8 * 1.5 / 72
#: Width of the text between the margins, in points.
CONTENT_WIDTH_PT = 72 * (A4[0] - (MARGINS_MM[0] + MARGINS_MM[1]) / 25.4)
Table = list[list[str]]


def page(rows: list[float | None], least: float = 2.0) -> tuple[Figure, object]:
    """Return an A4 page and a grid of *rows* inside the margins.

    Heights are in inches; a ``None`` row takes what the others leave (at least *least*).
    """
    fig = plt.figure(figsize=A4, layout="constrained")
    left, right, top, bottom = (m / 25.4 for m in MARGINS_MM)
    width, height = A4
    usable = height - top - bottom - 0.12 * len(rows)
    rest = max(usable - sum(r for r in rows if r is not None), least)
    rows = [rest if r is None else r for r in rows]
    rect = (left / width, bottom / height, 1 - (left + right) / width, 1 - (top + bottom) / height)
    fig.get_layout_engine().set(rect=rect, w_pad=0.02, h_pad=0.06)
    return fig, fig.add_gridspec(len(rows), 1, height_ratios=rows)


def stack(fig: Figure | SubFigure, lines: list[tuple[str, object, str, float]]) -> None:
    """Write lines of text top down: ``(text, font properties, colour, points below)``."""
    down = 0.0
    for text, fp, colour, step in lines:
        where = offset_copy(fig.transSubfigure, fig=fig.figure, y=-down, units="points")
        fig.text(0.0, 1.0, text, fontproperties=fp, color=colour, va="top", transform=where)
        down += step


def bullets_height(st: Style, lines: list[str]) -> float:
    """Height in inches of :func:`bullets` for *lines*, with its title."""
    wrapped = sum(len(wrap(line, TEXT_COLUMNS[st.lang] - 2).splitlines()) for line in lines)
    return (20.0 + 12.0 * wrapped + 3.0 * len(lines)) / 72 + 0.05


def bullets(fig: SubFigure, st: Style, title: str, lines: list[str]) -> None:
    """Draw a titled list: each item behind a bullet, its wrapped lines indented under it."""
    fig.text(0.0, 1.0, title, fontproperties=st.fp(size=11, weight="bold"), va="top")
    down = 20.0
    fp = st.fp(size=8)
    for line in lines:
        middle = offset_copy(fig.transSubfigure, fig=fig.figure, y=-down - 5.5, units="points")
        fig.text(0.0, 1.0, "•", fontproperties=fp, va="center", transform=middle)
        indented = offset_copy(fig.transSubfigure, fig=fig.figure, x=9, y=-down, units="points")
        body = wrap(line, TEXT_COLUMNS[st.lang] - 2)
        fig.text(0.0, 1.0, body, fontproperties=fp, va="top", transform=indented, linespacing=1.5)
        down += 12.0 * len(body.splitlines()) + 3.0


def table_height(rows: Table) -> float:
    """Height in inches of :func:`ruled_table` for *rows* (with its title)."""
    return 0.32 + 0.19 * len(rows)


def ruled_table(
    fig: SubFigure,
    st: Style,
    title: str,
    rows: Table,
    *,
    first_col: float | str | None = "auto",
) -> None:
    """Draw *rows* (header first) as a ruled table under *title*.

    *first_col* is the share of the width of a first column of row labels (left-aligned):
    ``"auto"`` fits the longest label; ``None`` gives every column the same width.
    """
    if first_col == "auto":
        first_col = label_share(rows)
    fig.text(0.0, 1.0, title, fontproperties=st.fp(size=9.5, weight="bold"), va="top")
    height_in = fig.bbox.height / fig.figure.dpi  # the grid's share of the page, before layout
    ax = fig.add_axes((0.0, 0.0, 1.0, max(1.0 - 0.24 / max(height_in, 0.3), 0.2)))
    ax.axis("off")
    n = len(rows[0])
    if first_col is None:
        widths = [1 / n] * n
    else:
        widths = [first_col, *([(1 - first_col) / (n - 1)] * (n - 1))]
    table = ax.table(cellText=rows, colWidths=widths, loc="upper left", cellLoc="center")
    table.auto_set_font_size(False)
    for (r, c), cell in table.get_celld().items():
        text = cell.get_text()
        text.set_fontproperties(st.fp(size=7.5, weight="bold" if r == 0 else "normal"))
        cell.set_edgecolor("#bbbbbb")
        cell.set_linewidth(0.4)
        cell.set_facecolor("#f2f2f2" if r == 0 else "white")
        if c == 0 and first_col is not None:
            text.set_horizontalalignment("left")
            cell.PAD = 0.02
        mark_colour(text)
    table.scale(1, 1.25)


def label_share(rows: Table, size: float = 7.5) -> float:
    """Share of a table's width its first column needs for the longest label (one line)."""
    longest = max(width_of(r[0]) for r in rows)
    # a column of text is half an em (Latin letters average a little less), plus padding
    return min(max((longest + 3) * 0.5 * size / CONTENT_WIDTH_PT, 0.18), 0.5)


def mark_colour(text: Text) -> None:
    """Colour a cell that starts with ✓ (met) or ✗ (missed)."""
    content = text.get_text()
    if content.startswith("✓"):
        text.set_color(COLOURS["achieved"])
    elif content.startswith("✗"):
        text.set_color(COLOURS["missed"])


#: Punctuation that must not begin a line, and that must not end one (Chinese
#: line-breaking rules, 避头尾).
NO_LINE_START = set("，。；：、！？）」』》％,.;:!?)%")
NO_LINE_END = set("（「『《(")
_CJK = r"\u2e80-\u9fff\uff00-\uffef\u3000-\u303f"
#: A number keeps the unit that follows it ("2030年", "95.5亿元"); other Chinese text may
#: break between any two characters.
_TOKENS = re.compile(
    rf"\s+|[^\s{_CJK}]+(?:亿元|万元|[年亩人个元次倍])?|[{_CJK}]",
)


def wrap(text: str, width: int, bullet: str = "") -> str:
    """Wrap *text* to *width* columns, counting a Chinese character as two.

    Lines break between Chinese characters or at spaces, never inside a number or a word
    nor between a number and its unit, never before closing punctuation (no line starts
    with "；" or "，") and never after an opening bracket.
    """
    indent = " " * len(bullet)
    lines, line = [], bullet
    for token in _TOKENS.findall(text):
        if width_of(line) + width_of(token) > width and line.strip() and token not in NO_LINE_START:
            carried = ""
            while line and line[-1] in NO_LINE_END:
                line, carried = line[:-1], line[-1] + carried
            lines.append(line.rstrip())
            line = indent + carried + ("" if token.isspace() else token)
        else:
            line += token
    lines.append(line.rstrip())
    return "\n".join(lines)


def width_of(text: str) -> int:
    """Columns *text* takes: a Chinese (wide) character counts as two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
