"""Checks shared by the plot and brief tests."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.text import Text


def overlapping_texts(fig: Figure) -> list[tuple[str, str]]:
    """Pairs of visible texts whose boxes overlap (boxes shrunk a little: glyph bearings)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [
        (t.get_text(), t.get_window_extent(renderer).shrunk(0.9, 0.8))
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip()
    ]
    return [
        (a, b)
        for i, (a, box_a) in enumerate(boxes)
        for b, box_b in boxes[i + 1 :]
        if box_a.overlaps(box_b)
    ]


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
