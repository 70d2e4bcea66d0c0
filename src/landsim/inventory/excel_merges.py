"""Cells merged in a sheet's rows of data: read as the sheet shows them, or refused.

Government workbooks merge a category down over a block of rows: 所属平台 over the 200
parcels of one platform, 镇街 over a town's, 行业 over a group. pandas reads a merged range
as its top-left cell and every other cell as empty, so the parcels under it had no
platform. The sheet's merged ranges (read with its headers',
:func:`~landsim.inventory.excel_headers.merged_ranges`) say what each cell shows:

- a range merged down one column is read as its value in every row it covers, as the
  sheet shows it, and a :class:`MergedCellsWarning` says so once, column by column;
- but not a figure that adds up over parcels (area, output, tax, jobs, …): merged over a
  firm's parcels it is the firm's, and read in every row it would be counted once for
  each. It is refused, with what to do; so are coordinates merged down, which every
  parcel has of its own (a parcel id merged down is a duplicate id on load). A number
  that describes each parcel alike (FAR, the year the lease ends: :data:`FILLED_NUMBERS`)
  is filled like text;
- a range across columns in a row of data is refused: a parcel table has one value per
  cell. A totals row is left to :mod:`landsim.inventory.totals`, which names it; a note
  merged across the table below the parcels is named as a note.

Only the columns the scenario reads are refused (an unread column merged any way changes
nothing), and only a range that shows a value. An unread column is filled down unless its
header names a column that would not be (``landsim init`` reads the file before any
column is mapped, and should not say that 产值 was filled). Ranges are handled one by
one, cells column by column: a workbook without merged cells in its rows of data costs
nothing more.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from landsim.errors import InputError, LandsimWarning, Problem, count
from landsim.inventory.excel_headers import Merge
from landsim.inventory.findings import row_of
from landsim.inventory.footer import footer_rows
from landsim.inventory.messages import shortened, warn_once
from landsim.inventory.recognize import match, norm
from landsim.inventory.totals import totals_rows
from landsim.scenario.columns import BY_NAME, COLUMNS, Column
from landsim.scenario.schema.inventory_spec import InventorySpec

#: Numbers read in every row of a range merged down: they describe each parcel alike
#: (a firm's FAR, the year its lease ends; in a treatment history, the year of the
#: treatment, of the sale, of production), unlike amounts, which add up over parcels.
FILLED_NUMBERS = frozenset({"far", "lease_end_year", "year", "year_transfer", "year_production"})
#: Numbers every parcel has of its own, and what a message calls them. (A parcel id merged
#: down is read in every row, and refused on load as a duplicate id: a treatment history,
#: read by the same reader, lists a parcel once for each of its treatments.)
OWN = {"x": "coordinates", "y": "coordinates"}


class MergedCellsWarning(LandsimWarning):
    """Cells merged down a column were read as their value in every row they cover."""


@dataclass(frozen=True)
class TableColumns:
    """What a table's headers are read as, for the cells merged in its rows.

    An inventory's by default (from the scenario's ``inventory.columns``); a treatment
    history gives its own.

    Attributes
    ----------
    read_as
        Given the table's headers, the canonical name of each column it reads, by the
        column's position.
    columns
        Each canonical name's column: its type says whether a range merged down is read
        in every row (text, a year) or refused (an amount).
    what
        What a row of the table is, as messages say: ``"parcel"``, ``"treatment"``.
    """

    read_as: Callable[[Sequence[str]], dict[int, str]]
    columns: Mapping[str, Column]
    what: str = "parcel"


def read_merged(
    frame: pd.DataFrame,
    rows: np.ndarray,
    merges: Sequence[Merge],
    first: int,
    spec: InventorySpec,
    source: Path,
    table: TableColumns | None = None,
) -> pd.DataFrame:
    """Return *frame* with each range merged down a column read in every row it covers.

    Parameters
    ----------
    frame
        The sheet's cells as pandas read them, one column per sheet column from A.
    rows
        Each row's number in the sheet, increasing (blank rows already left out).
    merges
        The sheet's merged ranges.
    first
        The sheet's first row of data (below the header).
    spec
        The inventory section: which columns the scenario reads, and as what.
    source
        The workbook, for messages.
    table
        What the table's columns are read as, when it is not the inventory *spec*
        describes (a treatment history).

    Raises
    ------
    InputError
        For each range that cannot be read in every row (see the module's docstring).
    """
    width = frame.shape[1]
    ranges = [m for m in merges if m.top >= first and m.left <= width]
    if not ranges or not len(frame):
        return frame
    start, stop, shown = _places(frame, rows, ranges)
    if table is None:
        table = TableColumns(lambda headers: _read_as(headers, spec), BY_NAME)
    read_as = table.read_as(list(map(str, frame.columns)))
    across = [
        k
        for k, m in enumerate(ranges)
        if shown[k] and m.right > m.left and any(c - 1 in read_as for c in _columns(m, width))
    ]
    problems = _across(frame, ranges, across, start, read_as, table.what, source)
    down = [k for k, m in enumerate(ranges) if shown[k] and m.right == m.left]
    fills: dict[int, list[int]] = {}
    for k in (k for k in down if stop[k] - start[k] > 1):
        j = ranges[k].left - 1
        name = read_as.get(j)
        column = table.columns[name] if name is not None else _named(frame.columns[j])
        if _fills(column):
            fills.setdefault(j, []).append(k)
        elif name is not None:
            n, value = int(stop[k] - start[k]), frame.iat[int(start[k]), j]
            refused = _refused_down(ranges[k], name, frame.columns[j], value, n, table.what)
            problems.append(Problem(f"{source.name}, row {ranges[k].top}", *refused))
    if problems:
        raise InputError(
            f"{source}: {count(len(problems), 'range')} of merged cells that cannot be read",
            sorted(problems, key=row_of),
        )
    return _filled_down(frame, fills, start, stop, source) if fills else frame


def _places(
    frame: pd.DataFrame, rows: np.ndarray, ranges: Sequence[Merge]
) -> tuple[np.ndarray, np.ndarray, list[bool]]:
    """Return each range's first and past-last position in *frame*, and what it shows.

    A range shows a value when its top-left cell is in a row of *frame* and not empty.
    """
    top = np.array([m.top for m in ranges])
    start = np.searchsorted(rows, top)
    stop = np.searchsorted(rows, [m.bottom for m in ranges], side="right")
    present = (start < len(rows)) & (rows[np.minimum(start, len(rows) - 1)] == top)
    shown = [
        bool(p) and not _blank(frame.iat[s, m.left - 1])
        for m, s, p in zip(ranges, start.tolist(), present.tolist(), strict=True)
    ]
    return start, stop, shown


def _filled_down(
    frame: pd.DataFrame,
    fills: dict[int, list[int]],
    start: np.ndarray,
    stop: np.ndarray,
    source: Path,
) -> pd.DataFrame:
    """Return *frame* with the ranges *fills* lists by column read in every row; say so."""
    frame = frame.copy(deep=False)
    said = []
    for j, ks in fills.items():
        a, b = start[ks], stop[ks]
        frame.isetitem(j, _filled(frame.iloc[:, j].to_numpy(dtype=object), a, b))
        said.append(
            f"{frame.columns[j]} ({count(len(ks), 'merged range')} over "
            f"{count(int((b - a).sum()), 'row')})"
        )
    _warn_once(
        source,
        f"{source.name}: cells merged down a column were read as their value in every row "
        f"they cover, as the sheet shows them: {'; '.join(said)}",
    )
    return frame


def _warn_once(source: Path, message: str) -> None:
    """Warn once for an unchanged workbook (:func:`~landsim.inventory.messages.warn_once`)."""
    warn_once(source, message, MergedCellsWarning, stacklevel=4)


def _named(header: object) -> Column | None:
    """Return the inventory column that a header the scenario does not read names, if any.

    ``landsim init`` reads the file before any header is mapped: it must not fill (and
    say it filled) a merged 产值 that the scenario it writes will refuse.
    """
    found = match(str(header))
    return None if found is None else BY_NAME[found.column]


def _fills(column: Column | None) -> bool:
    """Whether a range merged down *column* is read in every row it covers."""
    if column is None:
        return True
    if column.name in OWN:
        return False
    return column.dtype not in ("float", "int") or column.name in FILLED_NUMBERS


def _filled(values: np.ndarray, start: np.ndarray, stop: np.ndarray) -> np.ndarray:
    """Return *values* with rows ``start[k]:stop[k]`` all set to row ``start[k]``'s value."""
    lengths = stop - start
    owner = np.repeat(start, lengths)
    offset = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    source = np.arange(len(values))
    source[owner + offset] = owner
    return values[source]


def _across(
    frame: pd.DataFrame,
    ranges: Sequence[Merge],
    across: list[int],
    start: np.ndarray,
    read_as: dict[int, str],
    what: str,
    source: Path,
) -> list[Problem]:
    """Return a problem for each range across columns, but those in totals rows.

    A row showing one such range and nothing else is a note when it is below the last
    parcel (only such rows, totals rows and unmerged notes follow it); any other range
    is a merge in a parcel's row, or a heading over a group of parcels.
    """
    if not across:
        return []
    lo = int(start[across].min())
    ids = next((frame.columns[j] for j, name in read_as.items() if name == "parcel_id"), None)
    totals = np.zeros(len(frame), dtype=bool)
    totals[lo:] = totals_rows(frame.iloc[lo:], ids)[0]
    alone = {int(start[k]) for k in across if _alone(frame.iloc[int(start[k])], ranges[k])}
    below = totals | footer_rows(frame, ids)  # unmerged notes (填表人：…) may follow
    below[list(alone)] = True
    suffix = len(below) if below.all() else int(np.argmin(below[::-1]))
    tail = len(below) - suffix  # the first of the rows below the last parcel
    width = frame.shape[1]
    problems = []
    for k in across:
        s, m = int(start[k]), ranges[k]
        if totals[s]:
            continue  # named on load, as a totals row
        value = shortened(str(frame.iat[s, m.left - 1]).strip())
        header = frame.columns[m.left - 1]  # the column that shows the value
        field = _label(read_as[m.left - 1], header) if m.left - 1 in read_as else str(header)
        if s >= tail and s in alone:
            message = (
                f"looks like a note below the {what}s ({value!r}, merged over {m.ref}), not a "
                f"{what}: delete it from the file, or move it to another sheet"
            )
        else:
            headers = ", ".join(str(frame.columns[c - 1]) for c in _columns(m, width))
            message = (
                f"cells {m.ref} are merged across columns ({headers}) and show {value!r}: a "
                "parcel table has one value per cell. Unmerge them and write each column's "
                "own value; a heading over a group of parcels goes in a column of its own, "
                "filled in on every parcel's row"
            )
        problems.append(Problem(f"{source.name}, row {m.top}", field, message))
    return problems


def _alone(row: pd.Series, m: Merge) -> bool:
    """Whether a row shows nothing outside the range *m* merged across it."""
    return all(_blank(v) for c, v in enumerate(row.tolist(), start=1) if not m.left <= c <= m.right)


def _refused_down(
    m: Merge, name: str, header: object, value: object, n: int, what: str
) -> tuple[str, str]:
    """Word the problem of a range merged down a column that cannot be read in every row.

    Returns the column as messages name it, and the message.
    """
    rows = f"rows {m.top}–{m.bottom} ({m.ref})"
    if name in OWN:
        what = OWN[name]
        message = (
            f"merged down {rows}: every parcel has its own {what}; unmerge the cells and "
            f"write each parcel's {what}"
        )
    else:
        shown = shortened(str(value).strip())
        advice = (
            "Write each parcel's own figure (split a firm's figure over its parcels, e.g. "
            "by area), or put the firm's land in one row"
            if what == "parcel"
            else f"Write each {what}'s own figure (split a sum paid for several parcels over "
            "them, e.g. by area)"
        )
        message = (
            f"merged down {rows}: one figure ({shown}) for {n} {what}s, which read in every "
            f"row would be counted {n} times. {advice}"
        )
    return _label(name, header), message


def _read_as(headers: pd.Index, spec: InventorySpec) -> dict[int, str]:
    """Map the position of each column the scenario reads to its canonical name.

    Headers match as on load: the header mapped in ``inventory.columns``, else the
    canonical name, after Unicode normalization.
    """
    mapping = spec.columns.model_dump()
    at = {norm(h): j for j, h in enumerate(map(str, headers))}
    found = {c.name: at.get(norm(mapping.get(c.name) or c.name)) for c in COLUMNS}
    return {j: name for name, j in found.items() if j is not None}


def _columns(m: Merge, width: int) -> range:
    """Return the sheet columns (1-based) of *m* that the table has."""
    return range(m.left, min(m.right, width) + 1)


def _label(name: str, header: object) -> str:
    """Name a column as load's messages do: ``output [产值（万元）]``."""
    return name if str(header) == name else f"{name} [{header}]"


def _blank(value: object) -> bool:
    """Whether a cell shows nothing: empty, or only spaces."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or bool(pd.isna(value))
