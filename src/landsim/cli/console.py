"""What every command's console shares: widths in terminal columns, aligned tables, "Wrote".

A Chinese character takes two columns of a terminal, so tables are aligned by display
width (:func:`display_width`), not by the number of characters. Words follow the
command's ``--lang``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from landsim.plots.labels import joined, pick

#: The line that ends a command that wrote a folder: (zh, en).
WROTE = ("已写入 {folder}/：{files}", "Wrote {folder}/: {files}")


def display_width(text: str) -> int:
    """Columns *text* takes in a terminal (East Asian wide characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def right_aligned(cells: Sequence[str], widths: Sequence[int]) -> str:
    """*cells* right-aligned in fixed *widths*, at least one space apart."""
    return "".join(
        " " * max(w - display_width(c), 1) + c for c, w in zip(cells, widths, strict=True)
    )


def aligned(rows: Sequence[Sequence[str]], *, gap: int = 2, indent: str = "  ") -> list[str]:
    """*rows* as lines: the first column left-aligned, the others right-aligned.

    Each column is as wide as its widest cell, *gap* columns from the one before; widths
    are terminal columns, so Chinese labels line up.
    """
    widths = [max(display_width(c) for c in column) for column in zip(*rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        first = cells[0] + " " * (widths[0] - display_width(cells[0]))
        return (indent + first + right_aligned(cells[1:], [w + gap for w in widths[1:]])).rstrip()

    return [line(r) for r in rows]


def wrote_line(folder: object, files: list[str], lang: str) -> str:
    """Say which files were written into *folder*: "Wrote runs/x/: long.csv, …"."""
    return pick(WROTE, lang, folder=folder, files=joined(files, lang))
