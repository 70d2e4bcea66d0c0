"""Read an inventory file into a raw table of cells, remembering each row's place.

Formats: CSV (UTF-8, UTF-8 with BOM, UTF-16 with BOM, GB18030; see
:mod:`landsim.inventory.csv_reader`), Excel ``.xlsx`` (optional extra ``excel``), GeoJSON
(polygons or points) and Parquet (optional extra ``parquet``); Shapefile, GeoPackage and
File Geodatabase (extra ``gis``, see :mod:`landsim.inventory.gis`). Types, units and
checks come later (:mod:`landsim.inventory.load`); here we only get the cells and where
they were.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from landsim.errors import InputError, Problem, count
from landsim.inventory.crs import geojson_crs
from landsim.inventory.csv_reader import read_csv_cells
from landsim.inventory.excel_cells import error_cells
from landsim.inventory.excel_headers import merged_ranges, sheet_header
from landsim.inventory.excel_merges import TableColumns, read_merged
from landsim.inventory.geometry import from_geojson_features
from landsim.inventory.raw_table import RawTable
from landsim.inventory.text_files import decode
from landsim.scenario.columns import BY_NAME
from landsim.scenario.schema.inventory_spec import InventorySpec

EXTENSIONS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".geojson": "geojson",
    ".json": "geojson",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".shp": "shapefile",
    ".gpkg": "gpkg",
    ".gdb": "filegdb",
}

#: Largest uncompressed content of an .xlsx workbook (bytes), against zip bombs: a sheet of
#: 100,000 parcels and 25 columns unpacks to roughly 150 MB (assumption: ~60 bytes a cell).
MAX_XLSX_BYTES = 1 << 30


def read_raw(
    spec: InventorySpec,
    dtypes: Mapping[str, str] | None = None,
    table: TableColumns | None = None,
) -> RawTable:
    """Read the file named by *spec* without interpreting its cells.

    Parameters
    ----------
    spec
        Where the file is and how it is written.
    dtypes
        For some headers (NFKC-normalized, stripped), how to read their cells straight
        away: ``"float64"`` (numbers) or ``"category"`` (text with few distinct values).
        Only CSV uses them, and only with ``.`` as the decimal mark: when any number cell
        is not a finite plain number (``12.5``, ``-3``, ``1e4``) or empty, the whole file
        is read as text, as it is without *dtypes*, and :attr:`RawTable.typed` is False.
        Typed reading keeps a million parcels' cells from ever being Python strings.
    table
        For a workbook's cells merged in its rows of data, what its columns are read as
        when the file is not the inventory *spec* maps (a treatment history): see
        :func:`~landsim.inventory.excel_merges.read_merged`.

    Raises
    ------
    InputError
        If the file is missing, unreadable, of an unknown format, wrongly encoded, or
        needs an optional extra that is not installed.
    """
    path = Path(spec.path)
    gdb = path.is_dir() and path.suffix.lower() == ".gdb"  # a File Geodatabase is a folder
    if path.exists() and not path.is_file() and not gdb:
        raise InputError(
            f"{path}: not a file",
            [Problem(str(path), "inventory.path", "give the path of the inventory file itself")],
        )
    if not (path.is_file() or gdb):
        raise InputError(
            f"{path}: inventory file not found",
            [
                Problem(
                    str(path),
                    "inventory.path",
                    "no such file; check the path (relative paths "
                    "are relative to the scenario file)",
                )
            ],
        )
    fmt = spec.format if spec.format != "auto" else EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"{path}: unknown inventory format",
            [
                Problem(
                    str(path),
                    "inventory.format",
                    f"cannot tell the format of '{path.suffix}'; "
                    "set inventory.format to csv, xlsx, geojson, parquet, shapefile, gpkg "
                    "or filegdb",
                )
            ],
        )
    reader = {
        "csv": partial(_read_csv, dtypes=dtypes or {}),
        "xlsx": partial(_read_excel, table=table),
        "geojson": _read_geojson,
        "parquet": _read_parquet,
        "shapefile": _read_gis,
        "gpkg": _read_gis,
        "filegdb": _read_gis,
    }[fmt]
    return reader(path, spec)


def _read_csv(path: Path, spec: InventorySpec, dtypes: Mapping[str, str]) -> RawTable:
    frame, rows, encoding, typed = read_csv_cells(path, spec, dtypes)
    frame.columns = _named(frame.columns, excel=False)
    return _drop_empty(RawTable(frame, rows, "row", path, encoding, typed=typed))


def _read_excel(path: Path, spec: InventorySpec, table: TableColumns | None = None) -> RawTable:
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise InputError(
            f"{path}: reading Excel needs an optional extra",
            [
                Problem(
                    str(path),
                    "inventory.path",
                    "install it with: pip install 'landsim[excel]' (or save the sheet as CSV)",
                )
            ],
        ) from None
    _check_workbook_size(path)
    merges = merged_ranges(path, spec.sheet)
    header = sheet_header(path, spec.sheet, spec.header_row, merges)
    try:
        frame = pd.read_excel(
            path,
            sheet_name=spec.sheet if spec.sheet is not None else 0,
            header=spec.header_row + header.rows - 2,  # the last row of the header
            dtype=object,
            engine="openpyxl",
        )
    except (ValueError, KeyError) as exc:
        raise InputError(
            f"{path}: cannot read the workbook",
            [Problem(str(path), "inventory.sheet", str(exc).strip('"'))],
        ) from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(
            f"{path}: cannot read the workbook",
            [
                Problem(
                    str(path),
                    "inventory.path",
                    f"not a readable .xlsx file ({exc}); open it in Excel "
                    "and save it again as .xlsx",
                )
            ],
        ) from None
    if header.names is not None:  # pandas named the columns by the header's last row
        frame.columns = [*header.names, *frame.columns[len(header.names) :]][: frame.shape[1]]
    frame.columns = _named(frame.columns, excel=True)
    used = {h for h in spec.columns.model_dump().values() if h} | set(BY_NAME)
    last = spec.header_row + header.rows - 1
    errors = error_cells(path, spec.sheet, last, used, list(frame.columns))  # pandas: empty
    if errors:
        raise InputError(f"{path}: {count(len(errors), 'cell')} with an Excel error", errors)
    rows = np.arange(len(frame)) + last + 1
    raw = _drop_empty(RawTable(frame, rows, "row", path, header_rows=header.rows))
    # cells merged down a column: read in every row they cover (blank rows left out)
    filled = read_merged(raw.frame, raw.rows, merges, last + 1, spec, path, table)
    return raw if filled is raw.frame else replace(raw, frame=filled)


def no_header(column: int, *, excel: bool) -> str:
    """Name a column whose header cell is empty (0-based *column*): ``(column L: no header)``.

    pandas named it ``Unnamed: 11``, which told a user nothing. A workbook's column is
    named by its letter, a CSV file's by its number.
    """
    if excel:
        from openpyxl.utils import get_column_letter

        return f"(column {get_column_letter(column + 1)}: no header)"
    return f"(column {column + 1}: no header)"


def is_no_header(name: str) -> bool:
    """Whether *name* is a column without a header (see :func:`no_header`)."""
    return bool(_NO_HEADER.fullmatch(name))


_NO_HEADER = re.compile(r"\(column \w+: no header\)")
#: How pandas names a column whose header cell is empty (``Unnamed: 11``).
_UNNAMED = re.compile(r"Unnamed: (\d+)")


def _named(columns: Iterable[object], *, excel: bool) -> list[str]:
    """Return the headers, each empty one named by its column (:func:`no_header`).

    A workbook's headers are stripped (a CSV file's are kept as the parser gave them).
    """
    out = []
    for k, c in enumerate(columns):
        text = "" if c is None or (isinstance(c, float) and np.isnan(c)) else str(c)
        if not text.strip() or _UNNAMED.fullmatch(text.strip()):
            text = no_header(k, excel=excel)
        out.append(text.strip() if excel else text)
    return out


def _check_workbook_size(path: Path) -> None:
    """Refuse a workbook whose content unpacks to more than :data:`MAX_XLSX_BYTES`."""
    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # the reader says what is wrong with it
    if size > MAX_XLSX_BYTES:
        raise InputError(
            f"{path}: the workbook is too large to read",
            [
                Problem(
                    str(path),
                    "inventory.path",
                    f"it unpacks to {size:,} bytes, more than {MAX_XLSX_BYTES:,}; "
                    "save the sheet as CSV or Parquet",
                )
            ],
        )


def _read_parquet(path: Path, spec: InventorySpec) -> RawTable:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise InputError(
            f"{path}: reading Parquet needs an optional extra",
            [
                Problem(
                    str(path), "inventory.path", "install it with: pip install 'landsim[parquet]'"
                )
            ],
        ) from None
    try:
        frame = pd.read_parquet(path)
    except (OSError, ValueError) as exc:  # pyarrow's errors derive from these
        raise InputError(
            f"{path}: cannot read the Parquet file",
            [Problem(str(path), "inventory.path", str(exc).splitlines()[0])],
        ) from None
    return RawTable(frame, np.arange(len(frame)) + 1, "row", path)


def _read_geojson(path: Path, spec: InventorySpec) -> RawTable:
    text, encoding = decode(path.read_bytes(), spec.encoding, path)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path}: not valid JSON", [Problem(f"{path}:{exc.lineno}:{exc.colno}", "", exc.msg)]
        ) from None
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list):
        raise InputError(
            f"{path}: not a GeoJSON FeatureCollection",
            [Problem(str(path), "", 'expected {"type": "FeatureCollection", "features": [...]}')],
        )
    props = [f.get("properties") or {} if isinstance(f, dict) else {} for f in features]
    frame = pd.DataFrame.from_records(props) if props else pd.DataFrame()
    geometry, problems = from_geojson_features(features, path)
    if problems:
        raise InputError(f"{path}: {len(problems)} geometry problems", problems)
    return RawTable(
        frame, np.arange(len(frame)) + 1, "feature", path, encoding, geometry, geojson_crs(doc)
    )


def _read_gis(path: Path, spec: InventorySpec) -> RawTable:
    from landsim.inventory.gis import read_layer

    frame, geometry, crs, encoding = read_layer(path, spec.layer, spec.encoding)
    return RawTable(frame, np.arange(len(frame)) + 1, "feature", path, encoding, geometry, crs)


def _drop_empty(table: RawTable) -> RawTable:
    frame = table.frame
    blank = np.ones(len(frame), dtype=bool)
    for name in frame.columns:
        col = frame[name]
        if pd.api.types.is_numeric_dtype(col.dtype):
            blank &= col.isna().to_numpy(dtype=bool)
        elif isinstance(col.dtype, pd.CategoricalDtype):
            texts = pd.Series(col.cat.categories).astype("string").str.strip().eq("")
            blank &= np.append(texts.to_numpy(dtype=bool), True)[col.cat.codes.to_numpy()]
        else:
            blank &= (col.isna() | col.astype("string").str.strip().eq("")).to_numpy(dtype=bool)
        if not blank.any():
            return table
    keep = ~blank
    return replace(table, frame=frame.loc[keep].reset_index(drop=True), rows=table.rows[keep])
