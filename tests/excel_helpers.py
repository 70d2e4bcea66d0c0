"""Workbooks laid out as government offices lay them out, written from a table in a test."""

from __future__ import annotations

import pandas as pd


def two_row_header(frame: pd.DataFrame, groups: dict[str, list[str]], *, title: str = ""):
    """Return a workbook of *frame* under a header of two rows (openpyxl, not saved).

    Each group (its name → its columns, side by side) is merged over its columns'
    headers, which are in the second row; every other header is merged down both rows.
    A *title* is merged across the whole width in a row above.
    """
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    top = 2 if title else 1
    if title:
        ws.cell(1, 1, title)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=frame.shape[1])
    columns = list(frame.columns)
    grouped = {c: g for g, cs in groups.items() for c in cs}
    for j, name in enumerate(columns, start=1):
        if name in grouped:
            ws.cell(top + 1, j, name)
        else:
            ws.cell(top, j, name)
            ws.merge_cells(start_row=top, start_column=j, end_row=top + 1, end_column=j)
    for group, cs in groups.items():
        left, right = columns.index(cs[0]) + 1, columns.index(cs[-1]) + 1
        ws.cell(top, left, group)
        ws.merge_cells(start_row=top, start_column=left, end_row=top, end_column=right)
    for row in frame.astype(object).itertuples(index=False):
        ws.append([None if v != v else v for v in row])  # NaN: an empty cell
    return book


def merge_runs(ws, column: int, first_row: int) -> int:
    """Merge each run of equal cells down *column* (1-based) from *first_row*, as offices do.

    Excel keeps a merged range's value in its top-left cell only; so does openpyxl.
    Returns the number of ranges merged.
    """
    values = [ws.cell(r, column).value for r in range(first_row, ws.max_row + 1)]
    merged, top = 0, 0
    for k in range(1, len(values) + 1):
        if k < len(values) and values[k] == values[top]:
            continue
        if k - top > 1 and values[top] is not None:
            ws.merge_cells(
                start_row=first_row + top,
                start_column=column,
                end_row=first_row + k - 1,
                end_column=column,
            )
            merged += 1
        top = k
    return merged
