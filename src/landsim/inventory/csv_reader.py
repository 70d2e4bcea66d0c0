"""Read a CSV inventory's cells: typed where every number is plain, else as text.

A clean file is read typed: the number columns the scenario maps as ``float64``, its
other short text columns as categories, so a million parcels' cells never become Python
strings. Any cell that is not a finite plain number sends the whole file to the text
reading, whose checks (:mod:`landsim.inventory.cast`) say what is wrong and where; so
does a text column whose every cell looks like a number (codes such as 0601), whose
categories pandas ≥ 3.1 would make numbers.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from landsim.errors import InputError, Problem
from landsim.inventory.encoding import garbled_error, looks_garbled
from landsim.inventory.text_files import (
    CODECS,
    LEGACY_ENCODINGS,
    detect_encoding,
    first_lines,
    read_text_file,
    sniff_delimiter,
)
from landsim.scenario.schema.inventory_spec import InventorySpec

#: Most columns an inventory's header row may have (assumption: the richest 亩均 tables
#: have about 60 columns; ten times that is not a parcel table).
MAX_COLUMNS = 1000
#: How files that are not text begin, and what they are (an Excel workbook renamed .csv).
SIGNATURES = {
    b"PK\x03\x04": (
        "a zip archive (as an Excel .xlsx workbook is)",
        "if it is a workbook, name it .xlsx or set inventory.format: xlsx",
    ),
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": (
        "an old Excel workbook (.xls)",
        "open it in Excel and save it as .xlsx or 'CSV UTF-8'",
    ),
    b"PAR1": ("a Parquet file", "name it .parquet or set inventory.format: parquet"),
}
#: What to check when a row has more cells than the header.
_WIDTH_HINT = "check the delimiter (inventory.delimiter) and quoting"


def read_csv_cells(
    path: Path, spec: InventorySpec, dtypes: Mapping[str, str]
) -> tuple[pd.DataFrame, np.ndarray, str, bool]:
    """Read a CSV's cells: ``(frame, rows, encoding, typed)``.

    *rows* gives each row's line in the file. With *dtypes* (see
    :func:`landsim.inventory.readers.read_raw`), number columns are read as numbers and
    short text columns as categories when every number cell is plain (*typed* is True);
    otherwise every cell is read as text.

    Raises
    ------
    InputError
        If the file is too large, empty, wrongly encoded, has garbled headers or cannot
        be parsed.
    """
    raw = read_text_file(path)
    _check_text(path, raw)
    encoding = detect_encoding(raw, spec.encoding, path)
    codec = CODECS.get(encoding, encoding)
    header_at = spec.header_row - 1
    lines = first_lines(raw, codec, header_at + 2)  # the parser decodes the rest itself
    if not any(line.strip() for line in lines) and not raw.decode(codec).strip():
        raise InputError(
            f"{path}: the file is empty",
            [Problem(str(path), "inventory.path", "no headers and no rows; is it the right file?")],
        )
    if header_at >= len(lines):
        raise InputError(
            f"{path}: no header row",
            [Problem(str(path), "inventory.header_row", f"the file has only {len(lines)} lines")],
        )
    if encoding in LEGACY_ENCODINGS and looks_garbled(lines[header_at]):
        mapped = {v for v in spec.columns.model_dump().values() if v}
        if not mapped & {h.strip() for h in re.split(r"[,;\t|]", lines[header_at])}:
            raise garbled_error(raw, path.name, spec.header_row, encoding, lines[header_at])
    sep = spec.delimiter or sniff_delimiter(lines[header_at])
    width = _check_width(path, lines[header_at], sep, spec.header_row)
    if header_at + 1 < len(lines):
        _check_first_row(path, lines[header_at + 1], sep, width, spec.header_row + 1)
    if dtypes and spec.decimal == "." and spec.thousands != ".":
        typed = _read_csv_typed(raw, (codec, sep, header_at), lines[header_at], dtypes)
        if typed is not None:
            return typed, np.arange(len(typed)) + spec.header_row + 1, encoding, True
    try:
        with warnings.catch_warnings():
            # more cells in a row than headers: pandas would drop them with a warning
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.BytesIO(raw), dtype=text_dtype(), **_csv_options(codec, sep, header_at)
            )
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError) as exc:
        all_lines = raw.decode(codec).splitlines()
        raise InputError(
            f"{path}: cannot parse the CSV",
            [Problem(str(path), "", _parse_failure(exc, all_lines, header_at, sep))],
        ) from None
    return frame, np.arange(len(frame)) + spec.header_row + 1, encoding, False


def _check_text(path: Path, raw: bytes) -> None:
    """Refuse a file that is not text at all (a workbook named .csv), before decoding it."""
    for start, (what, advice) in SIGNATURES.items():
        if raw.startswith(start):
            raise InputError(
                f"{path}: not a CSV file",
                [
                    Problem(
                        str(path),
                        "inventory.format",
                        f"the file is {what}, not CSV text; {advice}",
                    )
                ],
            )


def _check_width(path: Path, header: str, sep: str, header_row: int) -> int:
    """Return the header row's width; refuse more columns than any parcel table has.

    A file of text without line breaks (the wrong file, or a wrong delimiter) would
    otherwise become millions of columns whose duplicate names pandas renames one by one.
    """
    try:
        width = sum(1 for _ in next(csv.reader([header], delimiter=sep), []))
    except csv.Error:  # a cell longer than the csv module reads (131,072 characters)
        summary = f"is {len(header):,} characters long"
        what = f"{len(header):,} characters, with a cell longer than any header"
    else:
        if width <= MAX_COLUMNS:
            return width
        summary = f"has {width:,} columns"
        what = f"{width:,} columns, at most {MAX_COLUMNS:,}: a parcel table has tens"
    raise InputError(
        f"{path}: the header row {summary}",
        [
            Problem(
                f"{path}, line {header_row}",
                "inventory.header_row",
                f"{what}. Is it the right file, and are inventory.header_row and "
                f"inventory.delimiter ({sep!r} here) right?",
            )
        ],
    )


def _check_first_row(path: Path, line: str, sep: str, width: int, number: int) -> None:
    """Refuse a first row of far more cells than the header has, before parsing.

    pandas takes a wider first row for more columns and builds them one by one: a row
    of 300,000 cells took 12 s, one of 33 million more than 10 minutes. Later rows fail
    in the parser at once. Cells are counted outside quotes.
    """
    if line.count(sep) < MAX_COLUMNS:  # quoted delimiters only lower the count
        return
    cells = re.sub(r'"[^"]*"', "", line).count(sep) + 1
    if cells <= width:
        return
    raise InputError(
        f"{path}: cannot parse the CSV",
        [
            Problem(
                str(path),
                "",
                f"line {number} has {cells:,} cells but the header {width}; {_WIDTH_HINT}",
            )
        ],
    )


def _csv_options(codec: str, sep: str, header_at: int) -> dict:
    """``pandas.read_csv`` settings shared by the typed and the text reading."""
    return dict(
        encoding=codec,
        sep=sep,
        keep_default_na=False,
        skiprows=header_at,
        skip_blank_lines=False,
        skipinitialspace=True,
        index_col=False,
    )


def _read_csv_typed(
    raw: bytes, layout: tuple[str, str, int], header: str, dtypes: Mapping[str, str]
) -> pd.DataFrame | None:
    """Read the CSV with the columns *dtypes* names as it says, the rest as text.

    *layout* is the codec, the delimiter and the header's line index; *header* that line.

    Return None when that does not work as well as the text reading would: a cell that
    is not a plain number (the parser fails), an infinite one, or any other parser
    complaint. The caller then reads text, whose checks say what is wrong and where.
    """
    cells = next(csv.reader([header], delimiter=layout[1]), [])
    dtype = {c.strip(): dtypes.get(unicodedata.normalize("NFKC", c).strip()) for c in cells}
    dtype = {h: d for h, d in dtype.items() if d is not None}
    named = {h for h, d in dtype.items() if d == "float64"}
    if not named or len(set(cells)) != len(cells):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.BytesIO(raw),
                dtype=defaultdict(text_dtype, dtype),
                na_values={h: [""] for h in named},
                **_csv_options(*layout),
            )
    except (ValueError, TypeError, KeyError, pd.errors.ParserError, pd.errors.ParserWarning):
        return None
    if not set(dtype) <= set(frame.columns):  # a header the parser names otherwise
        return None
    if any(_numbers_as_categories(frame[h]) for h in set(dtype) - named):
        return None
    values = [frame[h].to_numpy(dtype=float) for h in named]
    return frame if all(np.isfinite(v[~np.isnan(v)]).all() for v in values) else None


def _numbers_as_categories(column: pd.Series) -> bool:
    """Whether the parser made a text column's categories numbers (pandas ≥ 3.1 does).

    A land use ``0601`` would be the number 601, and ``1.50`` the same as ``1.5``: such a
    file is read as text instead. Categories ``True``/``False`` are read as written.
    """
    categories = column.cat.categories
    return pd.api.types.is_numeric_dtype(categories) and not pd.api.types.is_bool_dtype(categories)


def text_dtype() -> str:
    """Return the dtype of cells read as text.

    Arrow-backed strings when pyarrow is there (far less memory than Python strings for
    1,000,000 parcels), else Python strings.
    """
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return "str"
    return "string[pyarrow]"


def _parse_failure(exc: Exception, lines: list[str], header_at: int, sep: str) -> str:
    hint = _WIDTH_HINT
    # the C parser's words ("Expected 22 fields in line 7, saw 24"): the same message
    counted = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
    if counted:
        width, line, cells = (int(g) for g in counted.groups())
        return f"line {line} has {cells} cells but the header {width}; {hint}"  # of the file
    if not isinstance(exc, pd.errors.ParserWarning):
        return f"{' '.join(str(exc).split())}; {hint}"
    width = len(next(csv.reader([lines[header_at]], delimiter=sep)))
    for number, cells in enumerate(csv.reader(lines[header_at:], delimiter=sep), header_at + 1):
        if len(cells) > width:
            return f"line {number} has {len(cells)} cells but the header {width}; {hint}"
    return f"a row has more cells than the header; {hint}"  # pragma: no cover
