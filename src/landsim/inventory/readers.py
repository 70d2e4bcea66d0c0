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
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

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
    """

    frame: pd.DataFrame
    rows: np.ndarray
    row_word: str
    source: Path
    encoding: str | None = None
    geometry: Geometry | None = None
    crs: str | None = None


def read_raw(spec: InventorySpec) -> RawTable:
    """Read the file named by *spec* without interpreting its cells.

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
        "csv": _read_csv,
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
    if encoding == "auto":
        if raw.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
        elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
        else:
            for candidate in ("utf-8", "gb18030"):
                try:
                    return raw.decode(candidate), candidate
                except UnicodeDecodeError:
                    continue
            return _decode_failure(raw, "utf-8", path, detected=False)
    codec = CODECS.get(encoding, encoding)
    try:
        return raw.decode(codec), encoding
    except UnicodeDecodeError:
        return _decode_failure(raw, codec, path, detected=True)


def _decode_failure(raw: bytes, codec: str, path: Path, *, detected: bool) -> tuple[str, str]:
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


def _read_csv(path: Path, spec: InventorySpec) -> RawTable:
    raw = read_text_file(path)
    text, encoding = decode(raw, spec.encoding, path)
    if not text.strip():
        raise InputError(
            f"{path}: the file is empty",
            [Problem(str(path), "inventory.path", "no headers and no rows; is it the right file?")],
        )
    header_at = spec.header_row - 1
    lines = _first_lines(text, header_at + 1)
    del text  # the parser decodes the bytes itself, a chunk at a time
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
    codec = CODECS.get(encoding, encoding)
    try:
        with warnings.catch_warnings():
            # more cells in a row than headers: pandas would drop them with a warning
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.BytesIO(raw),
                encoding=codec,
                sep=sep,
                dtype=_text_dtype(),
                keep_default_na=False,
                skiprows=header_at,
                skip_blank_lines=False,
                skipinitialspace=True,
                index_col=False,
            )
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError) as exc:
        all_lines = raw.decode(codec).splitlines()
        raise InputError(
            f"{path}: cannot parse the CSV",
            [Problem(str(path), "", _parse_failure(exc, all_lines, header_at, sep))],
        ) from None
    rows = np.arange(len(frame)) + spec.header_row + 1
    return _drop_empty(RawTable(frame, rows, "row", path, encoding))


def _first_lines(text: str, count: int) -> list[str]:
    """Return the first *count* lines of *text* (all, if fewer) without splitting all of it."""
    prefix = text[: 1 << 20]  # header rows sit at the top
    lines = prefix.splitlines()
    if len(lines) <= count and len(prefix) < len(text):
        lines = text.splitlines()
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
        blank &= (col.isna() | col.astype("string").str.strip().eq("")).to_numpy(dtype=bool)
    if not blank.any():
        return table
    keep = ~blank
    return RawTable(
        frame.loc[keep].reset_index(drop=True),
        table.rows[keep],
        table.row_word,
        table.source,
        table.encoding,
        table.geometry,
    )
