"""Totals rows (合计、总计、小计) in a parcel table: named, never read as parcels.

A workbook's statistics often end with a 合计 row, or have a 小计 row under each town. Read
as a parcel, it was one of 120,000 mu with no platform, and the messages said to fill in
its platform and coordinates or to raise the largest plausible area. It is found by its
label, in the parcel id column or in one of the first columns (序号, merged over 合计).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from landsim.errors import Problem
from landsim.inventory.messages import shortened
from landsim.inventory.raw_table import RawTable

#: A totals label: 合计, 总计, 小计 or 共计 (spaced, with a colon, after a place or a group of at
#: most 16 characters, e.g. 宁围街道小计); Total, Subtotal, Grand total, Sum.
TOTAL_LABEL = (
    r"^.{0,16}(?:合|总|小|共)\s*计\s*[:：]?\s*$"
    r"|^\s*(?:grand\s*|sub-?\s*)?(?:totals?|sum)\s*[:：]?\s*$"
)
#: Columns searched besides the parcel id's, from the left: where a label sits when the id
#: cell is empty (序号, or a label merged over the first columns).
FIRST_COLUMNS = 3


def without_totals(
    raw: RawTable, id_header: str | None, what: str = "parcel"
) -> tuple[RawTable, list[Problem]]:
    """Take out rows labelled as totals (合计, 小计, Total), each a problem of its own.

    Read as parcels (or treatments), they drew wrong advice (fill in the platform, raise
    the largest area, an unknown parcel '合计'); they are named instead. Rows with
    geometry stay (there is no taking one out).

    Parameters
    ----------
    raw
        The table as read.
    id_header
        The header of its id column, if it has one.
    what
        What a row of the table is, as the message says: ``"parcel"``, ``"treatment"``.
    """
    mask, where = totals_rows(raw.frame, id_header)
    if not mask.any():
        return raw, []
    why = " (landsim adds up the parcels itself)" if what == "parcel" else ""
    problems = []
    for i in np.flatnonzero(mask).tolist():
        header = where[i]
        cell = shortened(str(raw.frame[header].iloc[i]).strip())  # as written
        problems.append(
            Problem(
                f"{raw.source.name}, {raw.row_word} {raw.rows[i]}",
                f"parcel_id [{header}]" if header == id_header != "parcel_id" else header,
                f"looks like a totals row ({cell!r}), not a {what}: delete it from the file{why}",
            )
        )
    if raw.geometry is None:
        keep = ~mask
        frame = raw.frame.loc[keep].reset_index(drop=True)
        raw = replace(raw, frame=frame, rows=raw.rows[keep])
    return raw, problems


def totals_rows(frame: pd.DataFrame, id_header: str | None) -> tuple[np.ndarray, np.ndarray]:
    """Find the rows of *frame* labelled as totals.

    Returns
    -------
    mask, headers
        Which rows are totals, and for each row the header of the column holding its
        label ("" for other rows).
    """
    where = np.full(len(frame), "", dtype=object)
    columns: Sequence[str] = [
        *([id_header] if id_header in frame.columns else []),
        *(c for c in list(frame.columns)[:FIRST_COLUMNS] if c != id_header),
    ]
    for name in columns:
        hit = _labelled(frame[name]) & (where == "")
        where[hit] = name
    return where != "", where


def _labelled(col: pd.Series) -> np.ndarray:
    """Which cells of a column hold a totals label (text cells only; categories once)."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        labels = _labelled(pd.Series(col.cat.categories, dtype=object))
        return np.append(labels, False)[col.cat.codes.to_numpy()]  # code -1: empty
    if pd.api.types.is_numeric_dtype(col.dtype):
        return np.zeros(len(col), dtype=bool)
    near = _near(col)
    out = np.zeros(len(col), dtype=bool)
    if near.any():
        texts = col[near].astype("string")
        out[near] = texts.str.contains(TOTAL_LABEL, case=False, regex=True).fillna(False)
    return out


def _near(col: pd.Series) -> np.ndarray:
    """Which cells may hold a label: text with 计, "total" or "sum" (one quick pass).

    Arrow strings are searched in C; other cells are looked at one by one, with plain
    substring tests (a regular expression took five times as long on a million ids).
    """
    if getattr(col.dtype, "storage", None) == "pyarrow":
        return (
            col.str.contains("计|total|sum", case=False, regex=True)
            .fillna(False)
            .to_numpy(dtype=bool)
        )
    cells = col.to_numpy(dtype=object)
    return np.fromiter(
        (
            isinstance(c, str)
            and ("计" in c or "otal" in c or "OTAL" in c or "um" in c or "UM" in c)
            for c in cells
        ),
        dtype=bool,
        count=len(cells),
    )
