"""Headers of a sheet that span two rows with merged cells, read as one row of names.

Government workbooks often group columns under a merged cell: 经济指标（万元） merged over
产值、税收 in the row below, and every other header merged down both rows. pandas reads
one header row, so it named the grouped columns ``Unnamed: 11`` and read the row of
sub-headers as a parcel. The merged cells say how the header is laid out (they are in
the sheet's XML, after its cells), so it is read as it is drawn:

- a header merged down both rows is the column's name;
- a column under a group is named by its own cell in the second row, with the group's
  unit when it names none: 产值 under 经济指标（万元） is ``产值（万元）``.

Without a header merged down, the row below a group is read as sub-headers only when it
has text under the groups and nowhere else (a first row of data under a header merged
over two columns has cells everywhere).

Anything less plain is refused with what to do: a header spanning three rows or more, a
column named in both rows outside any merge, two columns with one name (产值 under 2022年
and again under 2023年), or a header row that is the lower half of merged headers.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from landsim.errors import InputError, Problem
from landsim.inventory.recognize import split_unit

#: A merged range in a sheet's XML: ``<mergeCell ref="K1:O1"/>``.
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
#: Bytes a chunk's tail keeps for a merge that starts in it (longer than any mergeCell).
_TAIL = 64


@dataclass(frozen=True)
class Merge:
    """One merged range, 1-based and inclusive."""

    top: int
    left: int
    bottom: int
    right: int

    @property
    def ref(self) -> str:
        """The range as Excel writes it (``K1:O1``)."""
        from openpyxl.utils import get_column_letter

        return (
            f"{get_column_letter(self.left)}{self.top}:{get_column_letter(self.right)}{self.bottom}"
        )


@dataclass(frozen=True)
class Header:
    """How the header of a sheet reads.

    Attributes
    ----------
    names
        One name per column (``None`` for a column without one) when the header spans two
        rows; ``None`` when it is the one row pandas reads.
    rows
        How many rows the header spans (1 or 2).
    """

    names: list[str | None] | None = None
    rows: int = 1


def sheet_header(
    path: Path, sheet: str | int | None, header_row: int, merges: list[Merge] | None = None
) -> Header:
    """Return how the header at *header_row* of a sheet reads.

    Only a workbook whose header row has merged cells is read cell by cell; any other
    is the one row it always was. *merges* are the sheet's merged ranges, when the
    caller has them (:func:`merged_ranges`, which reads the whole sheet).

    Raises
    ------
    InputError
        If the header row is the lower half of merged headers, or the merged headers
        are laid out in a way that does not give each column one name.
    """
    if merges is None:
        merges = merged_ranges(path, sheet)
    if not any(m.top <= header_row + 1 and m.bottom >= header_row for m in merges):
        return Header()
    top, bottom = _header_cells(path, sheet, header_row)
    width = max(
        [len(top), len(bottom), *(m.right for m in merges if m.top == header_row)], default=0
    )
    merges = [m for m in merges if not _title(m, width)]
    above = [m for m in merges if m.top < header_row <= m.bottom]
    if above:
        first = min(m.top for m in above)
        raise _refused(
            path,
            header_row,
            f"row {header_row} is the lower part of headers merged from row {first} "
            f"({above[0].ref}): set inventory.header_row: {first}",
        )
    down = [m for m in merges if m.top == header_row and m.bottom > header_row]
    groups = [m for m in merges if m.top == m.bottom == header_row and m.right > m.left]
    deep = [m for m in down if m.bottom > header_row + 1]
    if deep:
        rows = f"{header_row}–{max(m.bottom for m in deep)}"
        raise _refused(
            path,
            header_row,
            f"the headers span rows {rows} (merged cells, e.g. {deep[0].ref}): put "
            "one header per column in one row",
        )
    if not down and not _sub_headers(bottom, groups, width):
        return Header()
    return Header(_names(path, header_row, top, bottom, groups, width), 2)


def _sub_headers(bottom: list[object], groups: list[Merge], width: int) -> bool:
    """Whether the row below a header with groups but no header merged down holds headers.

    It does when it has text under the groups and nothing outside them: a first row of
    data has cells everywhere (a header merged over two columns of data is one row).
    """
    inside = {c for m in groups for c in range(m.left, m.right + 1)}
    return any(_text(bottom, c) for c in inside) and not any(
        _text(bottom, c) for c in range(1, width + 1) if c not in inside
    )


def _title(m: Merge, width: int) -> bool:
    """Whether a merge spans every column in one row: a title, not a group of headers."""
    return m.top == m.bottom and m.left == 1 and m.right >= width > 1


def _names(
    path: Path,
    header_row: int,
    top: list[object],
    bottom: list[object],
    groups: list[Merge],
    width: int,
) -> list[str | None]:
    """Name each column of a two-row header, or refuse a layout that names none plainly."""
    group_of = {c: m for m in groups for c in range(m.left, m.right + 1)}
    names: list[str | None] = []
    for c in range(1, width + 1):
        if c in group_of:
            m = group_of[c]
            names.append(_under(_text(top, m.left), _text(bottom, c)))
            continue
        upper, lower = _text(top, c), _text(bottom, c)
        if upper and lower:
            from openpyxl.utils import get_column_letter

            raise _refused(
                path,
                header_row,
                f"the headers span rows {header_row}–{header_row + 1} (merged cells), and "
                f"column {get_column_letter(c)} has a header in both ({upper}, {lower}): put "
                "one header per column in one row",
            )
        names.append(upper or lower)
    seen = [n for n in names if n]
    twice = sorted({n for n in seen if seen.count(n) > 1})
    if twice:
        raise _refused(
            path,
            header_row,
            f"the headers span rows {header_row}–{header_row + 1} (merged cells), and "
            f"{', '.join(twice)} {'each name' if len(twice) > 1 else 'names'} more than one "
            "column: put one header per column in "
            "one row, each name once (e.g. 2023年产值)",
        )
    return names


def _under(group: str | None, sub: str | None) -> str | None:
    """Name a column under a group: its own header, with the group's unit if it has none.

    >>> _under("经济指标（万元）", "产值")
    '产值（万元）'
    >>> _under("经济指标（万元）", "用电量（万千瓦时）")
    '用电量（万千瓦时）'
    >>> _under("基本信息", "地块编号")
    '地块编号'
    """
    if not sub:
        return None
    unit = split_unit(group)[1] if group else None
    return f"{sub}（{unit}）" if unit and split_unit(sub)[1] is None else sub


def _text(cells: list[object], column: int) -> str | None:
    """Return the text of a header cell (1-based column), ``None`` when it is empty."""
    value = cells[column - 1] if column <= len(cells) else None
    text = "" if value is None else str(value).strip()
    return text or None


def _refused(path: Path, header_row: int, message: str) -> InputError:
    return InputError(
        f"{path}: cannot read the headers",
        [Problem(f"{path.name}, row {header_row}", "inventory.header_row", message)],
    )


def _header_cells(
    path: Path, sheet: str | int | None, header_row: int
) -> tuple[list[object], list[object]]:
    """Return the cells of the header row and of the row below it."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = book[sheet] if isinstance(sheet, str) else book.worksheets[sheet or 0]
        rows = [
            list(row)
            for row in ws.iter_rows(min_row=header_row, max_row=header_row + 1, values_only=True)
        ]
    finally:
        book.close()
    rows += [[]] * (2 - len(rows))
    return rows[0], rows[1]


def merged_ranges(path: Path, sheet: str | int | None) -> list[Merge]:
    """Return the merged ranges of a sheet (by name, or position among the worksheets).

    The sheet's XML is read a chunk at a time: its merged ranges follow its cells.
    Returns no ranges when the workbook cannot be read (the reader says what is wrong).
    """
    from openpyxl.utils import column_index_from_string as index

    try:
        with zipfile.ZipFile(path) as archive:
            name = _sheet_file(archive, sheet)
            if name is None:
                return []
            found: list[Merge] = []
            with archive.open(name) as xml:
                tail = b""
                while block := xml.read(1 << 20):
                    seen, end = tail + block, 0
                    if b"mergeCell" in seen:  # the cells before them are only decompressed
                        for m in _MERGE.finditer(seen):
                            c0, r0, c1, r1 = m.groups()
                            left, right = index(c0.decode()), index(c1.decode())
                            found.append(Merge(int(r0), left, int(r1), right))
                            end = m.end()
                    tail = seen[max(end, len(seen) - _TAIL) :]
    except (zipfile.BadZipFile, OSError, KeyError, ET.ParseError):
        return []
    return sorted(found, key=lambda m: (m.top, m.left))  # messages name the first


def _sheet_file(archive: zipfile.ZipFile, sheet: str | int | None) -> str | None:
    """Return the archive member of a worksheet, from the workbook's list and its links."""

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    book = ET.fromstring(archive.read("xl/workbook.xml"))
    links = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {
        r.get("Id"): r.get("Target", "") for r in links if r.get("Type", "").endswith("/worksheet")
    }
    sheets = []
    for s in book.iter():
        if local(s.tag) != "sheet":
            continue
        link = next((v for k, v in s.attrib.items() if local(k) == "id"), None)
        if link in targets:  # worksheets only, as pandas counts them (no chart sheets)
            sheets.append((s.get("name"), targets[link]))
    if isinstance(sheet, str):
        picked = next((t for n, t in sheets if n == sheet), None)
    else:
        picked = sheets[sheet or 0][1] if (sheet or 0) < len(sheets) else None
    if picked is None:
        return None
    if picked.startswith("/"):
        return picked.lstrip("/")
    return str(PurePosixPath("xl") / picked)
