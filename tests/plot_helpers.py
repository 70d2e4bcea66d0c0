"""Checks shared by the plot and brief tests."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.text import Text


def overlapping_texts(fig: Figure) -> list[tuple[str, str]]:
    """Pairs of visible texts whose boxes overlap (boxes shrunk a little: glyph bearings).

    Tick labels outside their axes' limits are not drawn (their boxes stay where they
    would be): they overlap nothing.
    """
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    hidden = _undrawn_tick_labels(fig)
    boxes = [
        (t.get_text(), t.get_window_extent(renderer).shrunk(0.9, 0.8))
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and id(t) not in hidden
    ]
    return [
        (a, b)
        for i, (a, box_a) in enumerate(boxes)
        for b, box_b in boxes[i + 1 :]
        if box_a.overlaps(box_b)
    ]


def unmarked_axis_break(ax) -> bool:
    """Whether the y axis starts above zero without the break mark docs/plots.md promises.

    The mark is strokes drawn in the axes' own coordinates across the foot of the y axis.
    """
    ax.figure.canvas.draw()
    marked = any(
        line.get_transform() == ax.transAxes
        and min(line.get_xdata()) < 0 < max(line.get_xdata())
        and max(line.get_ydata()) < 0.2
        for line in ax.lines
    )
    return ax.get_ylim()[0] > 0 and not marked


def all_axes(fig: Figure | SubFigure) -> list[Axes]:
    """Every axes of a figure, those of its subfigures (a brief's blocks) included."""
    return [*fig.axes, *(ax for sub in fig.subfigs for ax in all_axes(sub))]


def _undrawn_tick_labels(fig: Figure) -> set[int]:
    """Ids of the tick labels a figure does not draw: ticks outside their axis's limits."""
    out = set()
    for ax in all_axes(fig):
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            slack = 1e-9 * max(abs(lo), abs(hi), 1.0)
            for tick in [*axis.get_major_ticks(), *axis.get_minor_ticks()]:
                if not lo - slack <= tick.get_loc() <= hi + slack:
                    out.update((id(tick.label1), id(tick.label2)))
    return out


def texts(fig: Figure) -> list[str]:
    """Every visible text of a figure."""
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def table_texts(fig: Figure) -> list[str]:
    """Every cell of every table drawn on a figure (tables keep their texts in cells)."""
    from matplotlib.table import Table

    return [
        cell.get_text().get_text()
        for table in fig.findobj(Table)
        for cell in table.get_celld().values()
    ]


def texts_off_page(fig: Figure) -> list[str]:
    """Texts and axes that run past the page's print margins (a brief's A4 page).

    An axes' ticks are taken as drawn (its tight box): tick labels outside its limits
    keep a place but are not drawn.
    """
    from matplotlib.transforms import Bbox

    from landsim.report.layout import MARGINS_MM

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    left, right, top, bottom = (mm / 25.4 * fig.dpi for mm in MARGINS_MM)
    page = fig.bbox
    inside = Bbox.from_extents(
        page.x0 + left, page.y0 + bottom, page.x1 - right, page.y1 - top
    ).padded(1.0)
    ticks = {
        id(label)
        for ax in all_axes(fig)
        for axis in (ax.xaxis, ax.yaxis)
        for tick in [*axis.get_major_ticks(), *axis.get_minor_ticks()]
        for label in (tick.label1, tick.label2)
    }
    out = [
        t.get_text()
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and id(t) not in ticks
        if not _within(t.get_window_extent(renderer), inside)
    ]
    return out + _axes_outside(fig, inside, renderer)


def texts_off_their_block(fig: Figure) -> list[str]:
    """Texts and charts of a page's blocks (subfigures) that run past their block, into the next.

    A chart is taken as drawn (its tight box: title, tick labels, legend).
    """
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    out = []
    for block in fig.subfigs:
        room = block.bbox.padded(1.0)  # a point for glyphs' bearings
        for t in block.texts:
            if t.get_text().strip() and not _within(t.get_window_extent(renderer), room):
                out.append(t.get_text())
        out += _axes_outside(block, room, renderer)
    return out


def _axes_outside(fig: Figure | SubFigure, room, renderer) -> list[str]:
    """The visible charts of *fig* drawn (title, ticks, legend) past *room*, by title."""
    return [
        f"axes {ax.get_title(loc='left') or ax.get_title()}"
        for ax in all_axes(fig)
        if ax.get_visible() and not _within(ax.get_tightbbox(renderer), room)
    ]


def cells_overflowing(fig: Figure) -> list[str]:
    """Table cells whose text runs past the cell's borders."""
    from matplotlib.table import Table

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return [
        cell.get_text().get_text()
        for table in fig.findobj(Table)
        for cell in table.get_celld().values()
        if cell.get_text().get_text().strip()
        and not _within(
            cell.get_text().get_window_extent(renderer), cell.get_window_extent(renderer)
        )
    ]


def _within(box, room) -> bool:
    return box.x0 >= room.x0 and box.x1 <= room.x1 and box.y0 >= room.y0 and box.y1 <= room.y1


def units_above(ax: Axes) -> list[Text]:
    """The units a Chinese chart writes level above its axes ("单位：亩"), left one first."""
    from landsim.plots.common import UNIT_GID

    found = [t for t in ax.texts if t.get_gid() == UNIT_GID]
    return sorted(found, key=lambda t: t.get_horizontalalignment() != "left")


def y_unit(ax: Axes) -> str:
    """The y axis's unit as drawn: written above the axis in Chinese, else the rotated label."""
    above = units_above(ax)
    return above[0].get_text() if above else ax.get_ylabel()
