"""Ruled tables of the briefs: columns fitted to their labels, cells wrapped, ✓/✗ coloured.

:func:`fit` shares the text width between a table's columns and wraps its cells;
:func:`ruled_table` draws it under its title, :func:`table_height` says how tall it is
before it is drawn (the pages are planned with it, :mod:`landsim.report.layout`).
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.figure import SubFigure
from matplotlib.text import Text

from landsim.plots.palette import COLOURS
from landsim.plots.style import Style
from landsim.plots.text import width_of, wrap
from landsim.report.layout import CELL_COLUMN_PT, CELL_PADDING, CONTENT_WIDTH_PT, Table


def fit(
    rows: Table,
    *,
    labels: int = 1,
    first_col: float | str | None = "auto",
    widest: float = 0.36,
    whole: tuple[int, ...] = (),
) -> Fitted:
    """Column widths (shares of the page's text width), with cells wrapped to them.

    The first *labels* columns hold row labels: ``first_col="auto"`` fits each to its
    longest label, up to *widest* of the width (longer labels wrap), a number gives the
    (single) label column that share, ``None`` makes every column equally wide. The other
    columns share the rest equally, but a column of *whole* (a position, ``-1`` the last)
    is as wide as its header's widest word at least: a Chinese header of one word
    (达标年数) is not broken inside it (达标年/数); "Years met" may still take two lines.
    The header row and label cells wrap to their width.
    """
    n = len(rows[0])
    if first_col is None:
        shares: list[float] = []
        widths = [1 / n] * n
    else:
        shares = (
            [min(label_share([r[j] for r in rows[1:]] or [""]), widest) for j in range(labels)]
            if first_col == "auto"
            else [float(first_col)]
        )
        widths = _share_the_rest(rows[0], shares, [j % n for j in whole])
    columns = [_columns_of(w) for w in widths]
    wrapped = [[wrap(c, k) for c, k in zip(rows[0], columns, strict=True)]]
    for row in rows[1:]:
        cells = zip(row, columns, strict=True)
        wrapped.append([wrap(c, k) if j < len(shares) else c for j, (c, k) in enumerate(cells)])
    return Fitted(wrapped, widths, len(shares))


def _columns_of(share: float) -> int:
    """Columns of 7.5 pt text a column of *share* of the text width holds, padding aside."""
    return max(int(share * CONTENT_WIDTH_PT / CELL_COLUMN_PT) - CELL_PADDING, 4)


def _share_the_rest(header: list[str], shares: list[float], whole: list[int]) -> list[float]:
    """Widths of every column: the label columns' *shares*, the rest shared equally.

    Each column of *whole* takes at least what its header's widest word needs (words are
    separated by spaces: a Chinese header is one); the other columns share what is left.
    """
    n = len(header)
    rest = (1 - sum(shares)) / (n - len(shares))
    need = {
        j: (max(map(width_of, header[j].split() or [""])) + CELL_PADDING + 0.5)
        * CELL_COLUMN_PT
        / CONTENT_WIDTH_PT
        for j in whole
        if j >= len(shares)
    }
    wide = {j: share for j, share in need.items() if share > rest}
    if wide and n - len(shares) > len(wide):
        rest = (1 - sum(shares) - sum(wide.values())) / (n - len(shares) - len(wide))
    return [*shares, *(wide.get(j, rest) for j in range(len(shares), n))]


@dataclass(frozen=True)
class Fitted:
    """A table ready to draw: rows (cells wrapped), column widths, label columns."""

    rows: Table
    widths: list[float]
    labels: int

    @property
    def lines(self) -> list[int]:
        """Lines of each row (its tallest cell)."""
        return [max(cell.count("\n") + 1 for cell in row) for row in self.rows]


#: Height of a note's line under a table (7 pt at 1.2 line spacing, and a gap), inches.
NOTE_IN = 0.14


def table_height(rows: Table, title: str = "", note: str | None = None, **how: object) -> float:
    """Height in inches of :func:`ruled_table` for *rows* under *title*, *note* below."""
    title_lines = title.count("\n") + 1 if title else 1
    # a line of 7.5 pt in a cell scaled 1.25: 1.2 × 1.25 × 7.5 pt ≈ 0.16 in
    table = 0.2 + 0.16 * title_lines + 0.16 * sum(fit(rows, **how).lines)
    return table + (NOTE_IN * (note.count("\n") + 1) if note else 0.0)


def ruled_table(
    fig: SubFigure, st: Style, title: str, rows: Table, note: str | None = None, **how: object
) -> None:
    """Draw *rows* (header first) as a ruled table under *title* (lines of 9.5 pt).

    *note* (7 pt, one line) goes under the table, e.g. that rounded parts miss the total.
    *how* is passed to :func:`fit`: the label columns (left-aligned) and their widths.
    """
    fitted = fit(rows, **how)
    fig.text(0.0, 1.0, title, fontproperties=st.fp(size=9.5, weight="bold"), va="top")
    height_in = fig.bbox.height / fig.figure.dpi  # the grid's share of the page, before layout
    above = 0.1 + 0.16 * (title.count("\n") + 1)
    below = 0.04
    if note:
        fig.text(0.0, 0.0, note, fontproperties=st.fp(size=7), color="#444444", va="bottom")
        below += NOTE_IN * (note.count("\n") + 1) / max(height_in, 0.3)
    ax = fig.add_axes((0.0, below, 1.0, max(1.0 - below - above / max(height_in, 0.3), 0.2)))
    ax.axis("off")
    # the table fills its box: rows share the height the page gave it, by their lines
    table = ax.table(
        cellText=fitted.rows, colWidths=fitted.widths, cellLoc="center", bbox=(0, 0, 1, 1)
    )
    table.auto_set_font_size(False)
    lines = fitted.lines
    for (r, c), cell in table.get_celld().items():
        text = cell.get_text()
        text.set_fontproperties(st.fp(size=7.5, weight="bold" if r == 0 else "normal"))
        cell.set_edgecolor("#bbbbbb")
        cell.set_linewidth(0.4)
        cell.set_facecolor("#f2f2f2" if r == 0 else "white")
        cell.set_height(cell.get_height() * lines[r])
        if c < fitted.labels:
            text.set_horizontalalignment("left")
            cell.PAD = 0.02
        mark_colour(text)


def label_share(labels: list[str], size: float = 7.5) -> float:
    """Share of the text width a column needs for its longest label (one line)."""
    longest = max(width_of(line) for label in labels for line in label.splitlines() or [""])
    # a column of text is half an em (Latin letters average a little less), plus padding
    return min(max((longest + 3) * 0.5 * size / CONTENT_WIDTH_PT, 0.12), 0.5)


def mark_colour(text: Text) -> None:
    """Colour a cell that starts with ✓ (met) or ✗ (missed)."""
    content = text.get_text()
    if content.startswith("✓"):
        text.set_color(COLOURS["achieved"])
    elif content.startswith("✗"):
        text.set_color(COLOURS["missed"])
