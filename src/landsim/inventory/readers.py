"""Read an inventory file into a raw table of strings, remembering each row's place.

Formats: CSV (UTF-8, UTF-8 with BOM, UTF-16 with BOM, GB18030), Excel ``.xlsx``
(optional extra ``excel``), GeoJSON (polygons or points) and Parquet (optional extra
``parquet``); Shapefile, GeoPackage and File Geodatabase (extra ``gis``, see
:mod:`landsim.inventory.gis`). Types, units and checks come later (:mod:`landsim.inventory.load`);
here we only get the cells and where they were.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import unicodedata
import warnings
import zipfile
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import NoReturn

import numpy as np
import pandas as pd

from landsim.errors import InputError, Problem
from landsim.inventory.crs import geojson_crs
from landsim.inventory.encoding import garbled_error, looks_garbled
from landsim.inventory.geometry import Geometry, from_geojson_features
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

#: Largest text inventory read (bytes): about five million parcels of CSV, far above any
#: district (Xiaoshan has about 8,000 industrial parcels); larger files would need more
#: memory than an office PC has (assumption). Use Parquet for more.
MAX_TEXT_BYTES = 512 << 20
#: Largest uncompressed content of an .xlsx workbook (bytes), against zip bombs: a sheet of
#: 100,000 parcels and 25 columns unpacks to roughly 150 MB (assumption: ~60 bytes a cell).
MAX_XLSX_BYTES = 1 << 30
#: Python codecs of the encodings a scenario may name (GBK files are read as GB18030, its
#: superset; Big5 as Microsoft's cp950, which Windows writes).
CODECS = {"gbk": "gb18030", "big5": "cp950"}
#: Encodings whose bytes often decode, wrongly but without error, as another's.
LEGACY_ENCODINGS = ("gb18030", "gbk", "big5")


@dataclass(frozen=True)
class RawTable:
    """Cells as read, before typing.

    Attributes
    ----------
    frame
        One column per header in the file; cells are strings, numbers or ``None``.
    rows
        For each row of *frame*, its place in the file (line, sheet row or feature number).
    row_word
        What *rows* count: ``"row"`` or ``"feature"``.
    source
        The file.
    encoding
        The text encoding used (CSV and GeoJSON), else ``None``.
    geometry
        Polygons or points from a GeoJSON or GIS file, else ``None``.
    crs
        The coordinate system the file names (``.prj``, GeoJSON ``crs``), as text.
    typed
        Whether some text cells were read as numbers (see :func:`read_raw`), so that a
        cell may no longer read as written.
    """

    frame: pd.DataFrame
    rows: np.ndarray
    row_word: str
    source: Path
    encoding: str | None = None
    geometry: Geometry | None = None
    crs: str | None = None
    typed: bool = False


def read_raw(spec: InventorySpec, dtypes: Mapping[str, str] | None = None) -> RawTable:
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
        "xlsx": _read_excel,
        "geojson": _read_geojson,
        "parquet": _read_parquet,
        "shapefile": _read_gis,
        "gpkg": _read_gis,
        "filegdb": _read_gis,
    }[fmt]
    return reader(path, spec)


def decode(raw: bytes, encoding: str, path: Path) -> tuple[str, str]:
    """Decode *raw* with *encoding*, or detect it when ``"auto"``; return ``(text, encoding)``."""
    encoding = detect_encoding(raw, encoding, path)
    return raw.decode(CODECS.get(encoding, encoding)), encoding


def detect_encoding(raw: bytes, encoding: str, path: Path) -> str:
    """Return the encoding *raw* is written in: *encoding*, or the one detected for ``"auto"``.

    The whole file is checked, a piece at a time, so that its text is never held whole.

    Raises
    ------
    InputError
        If *raw* does not decode with *encoding*, or (``"auto"``) with any we detect,
        naming the line and what to do.
    """
    if encoding == "auto":
        if raw.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
        elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
        else:
            for candidate in ("utf-8", "gb18030"):
                if _decodes(raw, candidate):
                    return candidate
            _decode_failure(raw, "utf-8", path, detected=False)
    codec = CODECS.get(encoding, encoding)
    if not _decodes(raw, codec):
        _decode_failure(raw, codec, path, detected=True)
    return encoding


def _decodes(raw: bytes, codec: str, step: int = 1 << 22) -> bool:
    """Whether all of *raw* decodes with *codec* (checked *step* bytes at a time)."""
    decoder = codecs.getincrementaldecoder(codec)()
    view = memoryview(raw)
    try:
        for start in range(0, len(raw), step):
            decoder.decode(view[start : start + step], final=start + step >= len(raw))
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _decode_failure(raw: bytes, codec: str, path: Path, *, detected: bool) -> NoReturn:
    try:
        raw.decode(codec)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
    if detected:
        hint = f"the file is not {codec}; remove inventory.encoding to let landsim detect it"
        for other in ("utf-8-sig", "gb18030", "utf-16"):
            try:
                raw.decode(other)
            except UnicodeDecodeError:
                continue
            hint = f"the file is not {codec} but reads as {other}; set inventory.encoding: {other}"
            break
    else:
        hint = (
            "neither UTF-8 nor GB18030; open it in Excel or a text editor and save as 'CSV UTF-8'"
        )
    raise InputError(
        f"{path}: cannot decode the file",
        [Problem(f"{path}, line {line}", "inventory.encoding", hint)],
    )


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_text_file(path: Path) -> bytes:
    """Read a text inventory's bytes, refusing one larger than :data:`MAX_TEXT_BYTES`."""
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise InputError(
            f"{path}: the file is too large to read as text",
            [
                Problem(
                    str(path),
                    "inventory.path",
                    f"{size:,} bytes, more than {MAX_TEXT_BYTES:,}; save it as Parquet",
                )
            ],
        )
    return path.read_bytes()


def _read_csv(path: Path, spec: InventorySpec, dtypes: Mapping[str, str]) -> RawTable:
    raw = read_text_file(path)
    encoding = detect_encoding(raw, spec.encoding, path)
    codec = CODECS.get(encoding, encoding)
    header_at = spec.header_row - 1
    lines = _first_lines(raw, codec, header_at + 1)  # the parser decodes the rest itself
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
    sep = spec.delimiter or _sniff_delimiter(lines[header_at])
    if dtypes and spec.decimal == "." and spec.thousands != ".":
        typed = _read_csv_typed(raw, (codec, sep, header_at), lines[header_at], dtypes)
        if typed is not None:
            rows = np.arange(len(typed)) + spec.header_row + 1
            return _drop_empty(RawTable(typed, rows, "row", path, encoding, typed=True))
    try:
        with warnings.catch_warnings():
            # more cells in a row than headers: pandas would drop them with a warning
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.BytesIO(raw), dtype=_text_dtype(), **_csv_options(codec, sep, header_at)
            )
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError) as exc:
        all_lines = raw.decode(codec).splitlines()
        raise InputError(
            f"{path}: cannot parse the CSV",
            [Problem(str(path), "", _parse_failure(exc, all_lines, header_at, sep))],
        ) from None
    rows = np.arange(len(frame)) + spec.header_row + 1
    return _drop_empty(RawTable(frame, rows, "row", path, encoding))


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
                dtype=defaultdict(_text_dtype, dtype),
                na_values={h: [""] for h in named},
                **_csv_options(*layout),
            )
    except (ValueError, TypeError, KeyError, pd.errors.ParserError, pd.errors.ParserWarning):
        return None
    if not set(dtype) <= set(frame.columns):  # a header the parser names otherwise
        return None
    values = [frame[h].to_numpy(dtype=float) for h in named]
    return frame if all(np.isfinite(v[~np.isnan(v)]).all() for v in values) else None


def _first_lines(raw: bytes, codec: str, count: int) -> list[str]:
    """Return the first *count* lines of *raw* (all, if fewer), decoding only what they need."""
    head = codecs.getincrementaldecoder(codec)().decode(raw[: 1 << 20])  # headers sit on top
    lines = head.splitlines()
    if len(lines) <= count and len(raw) > 1 << 20:
        lines = raw.decode(codec).splitlines()
    return lines[:count]


def _text_dtype() -> str:
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
    hint = "check the delimiter (inventory.delimiter) and quoting"
    if not isinstance(exc, pd.errors.ParserWarning):
        return f"{exc}; {hint}"
    width = len(next(csv.reader([lines[header_at]], delimiter=sep)))
    for number, cells in enumerate(csv.reader(lines[header_at:], delimiter=sep), header_at + 1):
        if len(cells) > width:
            return f"line {number} has {len(cells)} cells but the header {width}; {hint}"
    return f"a row has more cells than the header; {hint}"  # pragma: no cover


def _read_excel(path: Path, spec: InventorySpec) -> RawTable:
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
    try:
        frame = pd.read_excel(
            path,
            sheet_name=spec.sheet if spec.sheet is not None else 0,
            header=spec.header_row - 1,
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
    frame.columns = [str(c).strip() for c in frame.columns]
    rows = np.arange(len(frame)) + spec.header_row + 1
    return _drop_empty(RawTable(frame, rows, "row", path))


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
