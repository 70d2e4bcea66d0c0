"""Page layout shared by the briefs: A4 pages with margins, text blocks, ruled tables.

Every page is exactly A4 (595 × 842 pt) with print margins; its rows are laid out by
matplotlib's constrained layout inside the margins. Text wraps by display width (a
Chinese character counts as two columns) and follows Chinese line-breaking rules.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from matplotlib import pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.transforms import offset_copy

from landsim.plots.style import Style
from landsim.plots.text import width_of, wrap

__all__ = [
    "A4",
    "Block",
    "bullets",
    "flow",
    "page",
    "paginate",
    "stack",
    "width_of",
    "wrap",
]

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
#: Points of a table cell's column of text (half an em of 7.5 pt), and the columns its
#: padding takes.
CELL_COLUMN_PT, CELL_PADDING = 3.75, 2


def page(rows: list[float | None], least: float = 2.0) -> tuple[Figure, object]:
    """Return an A4 page and a grid of *rows* inside the margins.

    Heights are in inches; a ``None`` row takes what the others leave (at least *least*).
    """
    fig = plt.figure(figsize=A4, layout="constrained")
    left, right, top, bottom = (m / 25.4 for m in MARGINS_MM)
    width, height = A4
    rest = max(usable_height(len(rows)) - sum(r for r in rows if r is not None), least)
    rows = [rest if r is None else r for r in rows]
    rect = (left / width, bottom / height, 1 - (left + right) / width, 1 - (top + bottom) / height)
    fig.get_layout_engine().set(rect=rect, w_pad=0.02, h_pad=0.06)
    return fig, fig.add_gridspec(len(rows), 1, height_ratios=rows)


def usable_height(n_rows: int) -> float:
    """Inches of an A4 page's height that :func:`page` shares among *n_rows* rows."""
    _, _, top, bottom = (m / 25.4 for m in MARGINS_MM)
    return A4[1] - top - bottom - ROW_GAP_IN * n_rows


#: Inches of a page's height each row of :func:`page` leaves for the space around it.
ROW_GAP_IN = 0.12


@dataclass(frozen=True)
class Block:
    """A part of a page: its height in inches and how to draw it.

    *draw* draws it in a subfigure of its own. A chart's block has *chart* instead,
    which draws on axes: the charts that follow one another on a page share one
    subfigure, so that their axes line up and the legend beside a chart narrows no
    table above it.
    """

    height: float
    draw: Callable[[SubFigure], None] | None = None
    chart: Callable[[Axes], None] | None = None


def paginate(heights: Sequence[float], balance_from: int | None = None) -> list[list[int]]:
    """Share blocks of *heights* (inches), in order, among as few pages as they fill.

    A block goes on the page before it while the page's blocks fit its
    :func:`usable_height`, else it starts the next page; a block taller than a page has
    a page of its own (and is shrunk there).

    The blocks from *balance_from* on (a brief's charts after its tables) are shared
    out evenly instead: on as few pages as before, the emptiest page from the one they
    start on is filled as much as can be (a last page of one chart under three), and
    among equals as many of them as fit join the page before.
    """
    if balance_from is None or not 0 < balance_from < len(heights):
        return _greedy(heights, list(range(len(heights))))
    head = _greedy(heights, list(range(balance_from)))
    tail = list(range(balance_from, len(heights)))
    best: tuple[tuple[float, ...], list[list[int]]] | None = None
    for k in range(len(tail) + 1):
        last = head[-1] + tail[:k]
        if k and not _fits(heights, last):
            break
        pages = [*head[:-1], last, *_even(heights, tail[k:])]
        emptiest = min(_fill(heights, p) for p in pages[len(head) - 1 :])
        score = (len(pages), -emptiest, -k)
        if best is None or score < best[0]:
            best = (score, pages)
    return best[1] if best else head


def _greedy(heights: Sequence[float], blocks: list[int]) -> list[list[int]]:
    """Put *blocks* on pages in order, each on the page before it while it fits."""
    pages: list[list[int]] = [[]]
    for i in blocks:
        here = pages[-1]
        if here and not _fits(heights, [*here, i]):
            pages.append([i])
        else:
            here.append(i)
    return pages


def _even(heights: Sequence[float], blocks: list[int]) -> list[list[int]]:
    """Put *blocks* in order on as few pages as greedily, as many on each as can be."""
    if not blocks:
        return []
    greedy = _greedy(heights, blocks)
    n = len(greedy)
    sizes = [len(blocks) // n + (1 if j < len(blocks) % n else 0) for j in range(n)]
    starts = [sum(sizes[:j]) for j in range(n)]
    pages = [blocks[a : a + size] for a, size in zip(starts, sizes, strict=True)]
    return pages if all(_fits(heights, p) for p in pages) else greedy


def _fits(heights: Sequence[float], blocks: list[int]) -> bool:
    return sum(heights[i] for i in blocks) <= usable_height(len(blocks))


def _fill(heights: Sequence[float], blocks: list[int]) -> float:
    """Share of its page that *blocks* fill."""
    return sum(heights[i] for i in blocks) / usable_height(len(blocks))


def flow(blocks: Sequence[Block], balance_from: int | None = None) -> list[Figure]:
    """Lay *blocks* out top down on as many A4 pages as they need (:func:`paginate`).

    The blocks from *balance_from* on are shared out evenly among their pages.

    A page's blocks keep the heights they ask for: when the blocks of one page were
    more than it holds, constrained layout shrank them all and their text ran into
    the blocks around it.
    """
    pages = []
    for group in paginate([b.height for b in blocks], balance_from):
        parts = _parts(blocks, group)
        rows: list[float | None] = [
            sum(blocks[i].height for i in part) + ROW_GAP_IN * (len(part) - 1) for part in parts
        ]
        if usable_height(len(group) + 1) - sum(blocks[i].height for i in group) > ROW_GAP_IN:
            rows.append(None)  # a row takes what is left (one that fills the page, none)
        fig, grid = page(rows, least=0.0)
        for row, part in enumerate(parts):
            _draw_part(fig.add_subfigure(grid[row]), [blocks[i] for i in part])
        # constrained layout places only grids that hold axes: a page of text alone (the
        # scenarios and answers of many runs) ran edge to edge. An empty axes in the last
        # row makes it keep the margins.
        fig.add_subplot(grid[len(rows) - 1]).axis("off")
        pages.append(fig)
    return pages


def _parts(blocks: Sequence[Block], group: list[int]) -> list[list[int]]:
    """Split a page's blocks into parts: each text block alone, charts in a row together."""
    parts: list[list[int]] = []
    for i in group:
        if parts and blocks[i].chart and blocks[parts[-1][-1]].chart:
            parts[-1].append(i)
        else:
            parts.append([i])
    return parts


def _draw_part(sub: SubFigure, blocks: list[Block]) -> None:
    """Draw a block in *sub*, or charts one under the other on one grid (axes aligned)."""
    first = blocks[0]
    if first.chart is None:
        if first.draw is not None:
            first.draw(sub)
        return
    grid = sub.add_gridspec(len(blocks), 1, height_ratios=[b.height for b in blocks])
    for k, block in enumerate(blocks):
        if block.chart is not None:
            block.chart(sub.add_subplot(grid[k]))


def bullets_size(st: Style, lines: list[str], room: float, largest: float = 8.0) -> float:
    """Return the largest text size (half points, down to 6.5) at which *lines* fit *room*.

    A page's rows are shrunk together when they overflow it, while text keeps its size:
    a long list (a Monte Carlo brief in English) then ran into the table below it.
    """
    size = largest
    while size > 6.5 and bullets_height(st, lines, size) > room:
        size -= 0.5
    return size


def stack(fig: Figure | SubFigure, lines: list[tuple[str, object, str, float]]) -> None:
    """Write lines of text top down: ``(text, font properties, colour, points below)``."""
    down = 0.0
    for text, fp, colour, step in lines:
        where = offset_copy(fig.transSubfigure, fig=fig.figure, y=-down, units="points")
        fig.text(0.0, 1.0, text, fontproperties=fp, color=colour, va="top", transform=where)
        down += step


def bullets_height(st: Style, lines: list[str], size: float = 8.0) -> float:
    """Height in inches of :func:`bullets` for *lines*, with its title."""
    wrapped = sum(len(wrap(line, _columns(st, size) - 2).splitlines()) for line in lines)
    return (20.0 + 1.5 * size * wrapped + 3.0 * len(lines)) / 72 + 0.05


def bullets(fig: SubFigure, st: Style, title: str, lines: list[str], size: float = 8.0) -> None:
    """Draw a titled list: each item behind a bullet, its wrapped lines indented under it."""
    fig.text(0.0, 1.0, title, fontproperties=st.fp(size=11, weight="bold"), va="top")
    down = 20.0
    fp = st.fp(size=size)
    for line in lines:
        middle = offset_copy(
            fig.transSubfigure, fig=fig.figure, y=-down - 0.7 * size, units="points"
        )
        fig.text(0.0, 1.0, "•", fontproperties=fp, va="center", transform=middle)
        indented = offset_copy(fig.transSubfigure, fig=fig.figure, x=9, y=-down, units="points")
        body = wrap(line, _columns(st, size) - 2)
        fig.text(0.0, 1.0, body, fontproperties=fp, va="top", transform=indented, linespacing=1.5)
        down += 1.5 * size * len(body.splitlines()) + 3.0


def _columns(st: Style, size: float) -> int:
    """Columns of text of *size* points across the page."""
    return int(TEXT_COLUMNS[st.lang] * 8.0 / size)


def title_columns(st: Style, size: float = 9.5) -> int:
    """Columns of a table title of *size* points across the page."""
    return _columns(st, size)
