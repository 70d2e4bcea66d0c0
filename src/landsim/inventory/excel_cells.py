"""Excel error cells (#DIV/0!, #N/A, #REF!, …) in an inventory workbook, with their places.

pandas reads an error cell as an empty one, so a broken formula would be reported as a
missing value. The sheets' XML marks error cells ``t="e"``; only when some sheet has one
is the workbook read again, cell by cell, to say where each is and which error it holds.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from landsim.errors import Problem

#: Error cells listed before the rest are only counted (assumption: a screenful).
MAX_LISTED = 1000


def error_cells(
    path: Path, sheet: str | int | None, header_row: int, used: set[str], headers: list[str]
) -> list[Problem]:
    """Return a problem for each error cell below the header of the sheet read.

    *header_row* is the header's last row; *headers* name the columns as read. Only
    columns whose header is in *used* count: an error in a column the scenario does not
    read (a spreadsheet's own 亩均 ratio, say) changes nothing.
    """
    if not _has_errors(path):
        return []
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = book[sheet] if isinstance(sheet, str) else book.worksheets[sheet or 0]
        problems = []
        for r, row in enumerate(ws.iter_rows(min_row=header_row + 1), start=header_row + 1):
            for j, cell in enumerate(row):
                if getattr(cell, "data_type", None) != "e" or j >= len(headers):
                    continue
                column = headers[j]
                if column not in used:
                    continue
                problems.append(
                    Problem(
                        f"{path.name}, row {r}",
                        column,
                        f"the cell holds the Excel error {cell.value}; correct its formula, "
                        "or paste the values",
                    )
                )
            if len(problems) >= MAX_LISTED:
                break
    finally:
        book.close()
    return problems


def _has_errors(path: Path, chunk: int = 1 << 20) -> bool:
    """Whether any sheet of the workbook has an error cell (``t="e"`` in its XML).

    Each sheet is read a *chunk* at a time (the tail of one chunk kept with the next),
    so a large sheet is never held whole.
    """
    mark = b't="e"'
    try:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if not name.startswith("xl/worksheets/sheet"):
                    continue
                with archive.open(name) as xml:
                    tail = b""
                    while block := xml.read(chunk):
                        seen = tail + block
                        if mark in seen:
                            return True
                        tail = seen[1 - len(mark) :]  # a mark may start in this chunk
    except (zipfile.BadZipFile, OSError, KeyError):
        pass  # the reader says what is wrong with the file
    return False
