"""Notes below a table (填表人、审核人、制表日期、备注): the sheet's footer, not rows of data.

An office's sheet often ends with who filled it in and when: ``填表人：张三``,
``审核人：李四``, ``制表日期：2024年3月``, ``备注：…``, in the first column (or the id
column) with the other cells empty. Read as parcels, each gave an "empty" error for
every required column, and the file looked broken when it was not.

A row is a footer row when it is in the block of rows that ends the table (only footer
rows follow it), and its first filled cell is text in the first column or the id column
that either

- starts with a note word (:data:`NOTE_WORDS`: 填表人, 审核, 制表日期, 备注, 注, 说明,
  Prepared by, Note, …, before a colon), or
- is the row's only filled cell, and unlike every value of its column in the rows of
  data above: its shape (digits, letters, Chinese characters, punctuation; see
  :func:`shape`) is none of theirs.

A row whose id cell looks like the table's ids is never a footer row: a parcel with
missing values stays a parcel, and is refused with its empty cells. Merged cells are
:mod:`landsim.inventory.excel_merges`' (a note merged across the table is refused
there); totals rows are :mod:`landsim.inventory.totals`'. Only the last
:data:`TAIL` rows are looked at, and :data:`SAMPLE` rows of data for their shapes: a
million parcels cost no more than a hundred.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from landsim.errors import LandsimWarning
from landsim.inventory.messages import shortened, warn_once
from landsim.inventory.raw_table import RawTable

#: Words a note below a table starts with, before a colon (or alone): who filled the
#: table in, checked it, when, for whom; notes and sources. Spaces between the characters
#: (填 表 人) are allowed.
_WORDS = (
    "填表人",
    "填报人",
    "制表人",
    "审核人",
    "复核人",
    "审批人",
    "负责人",
    "单位负责人",
    "统计负责人",
    "联系人",
    "联系电话",
    "电话",
    "填表日期",
    "填报日期",
    "制表日期",
    "报送日期",
    "统计日期",
    "日期",
    "填表单位",
    "填报单位",
    "制表单位",
    "单位",
    "填表",
    "填报",
    "制表",
    "审核",
    "复核",
    "备注",
    "附注",
    "注",
    "说明",
    "数据来源",
    "资料来源",
    "来源",
)
_ENGLISH = r"prepared\s+by|checked\s+by|reviewed\s+by|approved\s+by|date|notes?|remarks?|sources?"
NOTE_WORDS = re.compile(
    r"^\s*(?:"
    + "|".join(r"\s*".join(word) for word in sorted(_WORDS, key=len, reverse=True))
    + "|"
    + _ENGLISH
    + r")\s*[0-9①-⑩]*\s*(?:[:：]|$)",
    re.IGNORECASE,
)
#: Rows at the end of a table looked at (assumption: a footer has a few lines; more than
#: this many rows of notes are rows of the table, refused as such).
TAIL = 50
#: Rows of data, from the start and from above the tail, whose values give a column's
#: shapes (assumption: enough to see every way a district writes its ids).
SAMPLE = 200
#: Footer rows a warning quotes before it gives their count.
QUOTED = 5


class FooterWarning(LandsimWarning):
    """Rows of notes below a table (填表人、审核人、制表日期) were left out."""


def without_footer(raw: RawTable, id_header: str | None, what: str = "parcel") -> RawTable:
    """Return *raw* without its footer rows (:func:`footer_rows`); say which, once.

    A table with geometry keeps every row (there is no taking one out).

    Parameters
    ----------
    raw
        The table as read.
    id_header
        The header of its id column, if it has one.
    what
        What a row of the table is, as the warning says: ``"parcel"``, ``"treatment"``.
    """
    if raw.geometry is not None:
        return raw
    mask = footer_rows(raw.frame, id_header)
    if not mask.any():
        return raw
    at = np.flatnonzero(mask).tolist()
    rows = raw.rows[at].tolist()
    quoted = "; ".join(
        f"{raw.row_word} {r}: {shortened(footer_text(raw.frame, i))!r}"
        for i, r in zip(at[:QUOTED], rows[:QUOTED], strict=True)
    )
    if len(at) > QUOTED:
        quoted += f"; … {len(at):,} rows in all"
    span = (
        f"{raw.row_word} {rows[0]}" if len(rows) == 1 else f"{raw.row_word}s {rows[0]}–{rows[-1]}"
    )
    warn_once(
        raw.source,
        f"{raw.source.name}, {span}: read as notes below the table, not as {what}s, and left "
        f"out ({quoted}). If one of them is a {what}, write its values in full; otherwise "
        "delete them from the file, or move them to another sheet",
        FooterWarning,
    )
    keep = ~mask
    return replace(raw, frame=raw.frame.loc[keep].reset_index(drop=True), rows=raw.rows[keep])


def footer_rows(frame: pd.DataFrame, id_header: str | None) -> np.ndarray:
    """Return which rows of *frame* are its footer: notes below the table.

    Parameters
    ----------
    frame
        The table's cells, one column per header, rows in file order.
    id_header
        The header of the id column, if the table has one.
    """
    out = np.zeros(len(frame), dtype=bool)
    if len(frame) < 2 or frame.shape[1] == 0:
        return out
    start = max(1, len(frame) - TAIL)  # the first row is data: a table has a body
    tail = frame.iloc[start:].to_numpy(dtype=object)
    filled = ~_blanks(tail)
    id_at = int(frame.columns.get_loc(id_header)) if id_header in frame.columns else None
    leads = sorted({0} | ({id_at} if id_at is not None else set()))
    shapes = _data_shapes(frame, start, leads)
    for k in range(len(tail) - 1, -1, -1):  # from the bottom up, at most TAIL rows
        if not _is_footer(tail[k], filled[k], leads, shapes, id_at):
            break
        out[start + k] = True
    return out


def footer_text(frame: pd.DataFrame, i: int) -> str:
    """Return the filled cells of row *i*, as written, joined by spaces."""
    cells = frame.iloc[i].tolist()
    return " ".join(str(c).strip() for c in cells if not _blank(c))


def _is_footer(
    row: np.ndarray,
    filled: np.ndarray,
    leads: Sequence[int],
    shapes: dict[int, set[str]],
    id_at: int | None,
) -> bool:
    """Whether one row at the end of a table is a note (see the module's docstring)."""
    at = np.flatnonzero(filled)
    if not at.size or int(at[0]) not in leads or not isinstance(row[at[0]], str):
        return False
    j = int(at[0])
    if id_at not in (None, j) and filled[id_at] and shape(row[id_at]) in shapes[id_at]:
        return False  # an id like the table's: a parcel, whatever else the row has
    if _noted(row[j]):
        return True
    return at.size == 1 and shape(row[j]) not in shapes[j]


def _noted(text: str) -> bool:
    """Whether a cell starts with a note word (填表人：, 备注：, Note:)."""
    return bool(NOTE_WORDS.match(unicodedata.normalize("NFKC", text)))


def _data_shapes(frame: pd.DataFrame, start: int, columns: Sequence[int]) -> dict[int, set[str]]:
    """Return the shapes of the values of *columns* in rows of data.

    A row of data has two cells filled or more and does not start with a note word. Rows
    are sampled from the start of the table and from above its tail, and the tail itself.
    """
    n = len(frame)
    picked = np.unique(
        np.concatenate([np.arange(min(SAMPLE, n)), np.arange(max(0, start - SAMPLE), n)])
    )
    cells = frame.iloc[picked].to_numpy(dtype=object)
    filled = ~_blanks(cells)
    first = filled.argmax(axis=1)
    lead = cells[np.arange(len(cells)), first]
    noted = np.array([isinstance(v, str) and _noted(v) for v in lead], dtype=bool)
    data = (filled.sum(axis=1) >= 2) & ~noted
    return {j: {shape(v) for v in cells[data & filled[:, j], j]} for j in columns}


def shape(value: object) -> str:
    """Return the shape of a cell: runs of digits, letters and Chinese characters as one.

    >>> shape("XS-0012"), shape("填表人：张三"), shape(12.0)
    ('a-9', '汉:汉', '(number)')
    """
    if not isinstance(value, str):
        return "(number)" if isinstance(value, int | float | np.number) else "(other)"
    text = unicodedata.normalize("NFKC", value).strip()
    text = re.sub(r"[0-9]+", "9", text)
    text = re.sub(r"[A-Za-z]+", "a", text)
    return re.sub(r"[\u3400-\u9fff]+", "汉", text)


def _blanks(cells: np.ndarray) -> np.ndarray:
    """Which of a few rows' cells show nothing (:func:`_blank`), as a boolean array."""
    return np.vectorize(_blank, otypes=[bool])(cells) if cells.size else cells.astype(bool)


def _blank(value: object) -> bool:
    """Whether a cell shows nothing: empty, or only spaces."""
    if isinstance(value, str):
        return not value.strip()
    missing = pd.isna(value)  # an array for a list-like cell (Parquet), which shows something
    return value is None or (isinstance(missing, bool | np.bool_) and bool(missing))
