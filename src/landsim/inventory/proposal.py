"""Look at a user's parcel file and propose how to read it (for ``landsim init``).

:func:`look_at` reads the file once, through the same readers a run uses, and works out
its encoding, header row, column mapping, units, number format and coordinates. Every
finding is a *proposal*, written into a scenario the user can read and correct; the
loader never applies any of it on its own.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from landsim.errors import InputError, Problem
from landsim.inventory.dbf_names import name_encoding
from landsim.inventory.encoding import better_encoding, looks_garbled
from landsim.inventory.excel_headers import merged_ranges
from landsim.inventory.readers import EXTENSIONS, RawTable, read_raw
from landsim.inventory.recognize import Match, match, propose, unclear_cuts
from landsim.inventory.text_files import (
    LEGACY_ENCODINGS,
    detect_encoding,
    read_text_file,
    sniff_delimiter,
)
from landsim.scenario.columns import BY_NAME
from landsim.scenario.schema.inventory_spec import InventorySpec

#: Lines (or sheet rows) searched for the header row: government exports put a title and
#: a few notes above the headers, rarely more than five lines (assumption).
HEADER_SEARCH = 15
#: Areas whose median is above this, with no unit named, are likely m², not mu: a
#: 2,000 mu parcel is large, a 2,000 m² one (3 mu) small (assumption).
M2_MEDIAN = 2_000.0
#: Longitude and latitude bounds of China (degrees).
CHINA_LONLAT = ((73.0, 136.0), (3.0, 54.0))

_PATTERNS = {
    "comma_groups": r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?",
    "decimal_comma": r"[+-]?\d+,\d{1,2}|[+-]?\d+,\d{4,}|[+-]?\d{1,3}(?:\.\d{3})+,\d+",
    "space_groups": r"[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?",
}


@dataclass
class Proposal:
    """How to read one parcel file, as far as it can be told from the file.

    Attributes
    ----------
    path, format
        The file and its format (``csv``, ``xlsx``, ``geojson``, …).
    settings
        ``inventory`` keys to write besides ``path`` and ``columns`` (encoding,
        header_row, delimiter, decimal, thousands, fullwidth_digits, coordinates).
    matches
        The recognized column of each header used.
    units
        ``inventory.units`` to write: ``area``, ``money``, ``electricity`` and ``columns``.
    adjacency
        The adjacency method: ``polygons``, ``points`` or ``none``.
    notes
        Why each setting was chosen, by key, for comments in the scenario.
    checks
        What the user must look at: guesses, unknown units, cells no rule reads.
    unrecognized
        Headers not matched to any column.
    platform_values
        The values of the platform column and how many parcels have each.
    rows
        Number of parcels.
    """

    path: Path
    format: str
    settings: dict[str, object] = field(default_factory=dict)
    matches: dict[str, Match] = field(default_factory=dict)
    units: dict[str, object] = field(default_factory=dict)
    adjacency: str = "none"
    notes: dict[str, str] = field(default_factory=dict)
    checks: list[str] = field(default_factory=list)
    unrecognized: list[str] = field(default_factory=list)
    platform_values: Counter[str] = field(default_factory=Counter)
    rows: int = 0


def look_at(path: Path) -> Proposal:
    """Read *path* and propose how a scenario should read it.

    Raises
    ------
    InputError
        If the file cannot be read, is empty, or has headers but no rows.
    """
    path = Path(path)
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"{path}: unknown file type",
            [Problem(str(path), "", f"landsim reads {', '.join(sorted(set(EXTENSIONS)))} files")],
        )
    out = Proposal(path, fmt)
    spec = InventorySpec(path=str(path), **_text_settings(path, out))
    raw = read_raw(spec)
    if len(raw.frame) == 0:
        raise InputError(
            f"{path}: the file has no parcels",
            [Problem(path.name, "", "it has headers but no rows of data")],
        )
    out.rows = len(raw.frame)
    if raw.header_rows == 2:
        row = spec.header_row
        out.notes["columns"] = (
            f"the headers span rows {row}–{row + 1} (merged cells); a column under a merged "
            f"group is named by its header in row {row + 1}, with the group's unit when it "
            "names none (e.g. 产值 under 经济指标（万元）: 产值（万元）)"
        )
    headers = [str(c) for c in raw.frame.columns]
    dbf = name_encoding(path, raw.encoding)  # a Shapefile's names, cut at 10 bytes
    out.matches = propose(headers, dbf)
    out.checks.extend(unclear_cuts(headers, dbf).values() if dbf is not None else ())
    used = {m.header for m in out.matches.values()}
    out.unrecognized = [h for h in headers if h not in used]
    _units(raw, out)
    _numbers(raw, out)
    _coordinates(raw, out)
    if (m := out.matches.get("platform")) is not None:
        values = raw.frame[m.header].dropna().astype(str).str.strip()
        out.platform_values = Counter(values[values != ""])
    return out


def _text_settings(path: Path, out: Proposal) -> dict[str, object]:
    """Find the encoding, header row and delimiter of a text file, the header row of a sheet."""
    if out.format == "xlsx":
        return _header_row_setting(out, _excel_header_row(path))
    if out.format != "csv":
        return {}
    raw = read_text_file(path)
    encoding = detect_encoding(raw, "auto", path)
    lines = _lines(raw, encoding)
    row = _header_line(lines)
    out.notes["encoding"] = "detected"
    if encoding in LEGACY_ENCODINGS and looks_garbled(lines[row - 1]):
        better = better_encoding(raw, row, encoding)
        if better is not None:
            out.notes["encoding"] = f"detected: read as {encoding}, the headers are garbled"
            encoding, lines = better, _lines(raw, better)
            row = _header_line(lines)
    out.settings["encoding"] = encoding
    sep = sniff_delimiter(lines[row - 1])
    if sep != ",":
        out.settings["delimiter"] = sep
        out.notes["delimiter"] = "detected"
    return {"encoding": encoding, "delimiter": sep, **_header_row_setting(out, row)}


def _lines(raw: bytes, encoding: str) -> list[str]:
    codec = {"big5": "cp950", "gbk": "gb18030"}.get(encoding, encoding)
    return raw.decode(codec).splitlines()[:HEADER_SEARCH] or [""]


def _header_line(lines: list[str]) -> int:
    """Return the 1-based line with the most recognized headers (1 when none has two)."""
    scores = [sum(match(c) is not None for c in _cells(line)) for line in lines]
    return 1 + int(np.argmax(scores)) if max(scores) >= 2 else 1


def _header_row_setting(out: Proposal, row: int) -> dict[str, object]:
    if row == 1:
        return {}
    out.settings["header_row"] = row
    out.notes["header_row"] = f"rows above line {row} are titles"
    return {"header_row": row}


def _cells(line: str) -> list[str]:
    return [c.strip().strip('"') for c in re.split(r"[,;\t|]", line)]


def _excel_header_row(path: Path) -> int:
    """Return the sheet row with the most recognized headers (1 when none has two).

    A row under headers merged down from above (the sub-headers of a two-row header)
    gives the merged headers' first row: the header is read from there.
    """
    try:
        head = pd.read_excel(path, header=None, nrows=HEADER_SEARCH, engine="openpyxl")
    except Exception:
        return 1
    scores = [sum(match(str(c)) is not None for c in row if pd.notna(c)) for row in head.values]
    row = 1 + int(np.argmax(scores)) if scores and max(scores) >= 2 else 1
    return min((m.top for m in merged_ranges(path, 0) if m.top < row <= m.bottom), default=row)


def _units(raw: RawTable, out: Proposal) -> None:
    money = {name: m for name, m in out.matches.items() if BY_NAME[name].quantity == "money"}
    named = Counter(m.unit for m in money.values() if m.unit)
    if named:
        top = max(named.values())
        main = "万元" if named.get("万元") == top else named.most_common(1)[0][0]
        out.units["money"] = main
        others = {n: m.unit for n, m in money.items() if m.unit and m.unit != main}
        if others:
            out.units["columns"] = others
        out.notes["money"] = "from the headers"
    elif money:
        out.units["money"] = "万元"
        out.checks.append(
            "no money unit in the headers; 万元 assumed (inventory.units.money) — check it"
        )
    if named:
        for m in money.values():
            if not m.unit:
                out.checks.append(
                    f"no unit in the header {m.header!r}; read in {out.units['money']} like "
                    "the other money columns — check it"
                )
    for m in out.matches.values():
        if m.unknown_unit:
            out.checks.append(
                f"the header {m.header!r} names the unit {m.unknown_unit!r}, which landsim "
                f"cannot convert; {m.column} must be in {BY_NAME[m.column].unit}"
            )
    _area_unit(raw, out)
    if (m := out.matches.get("electricity")) is not None and m.unit:
        out.units["electricity"] = m.unit


def _area_unit(raw: RawTable, out: Proposal) -> None:
    m = out.matches.get("area_mu")
    if m is None:
        return
    if m.unit:
        out.units["area"] = m.unit
        out.notes["area"] = f"from the header {m.header}"
        return
    values = pd.to_numeric(raw.frame[m.header], errors="coerce")
    median = float(values.median()) if values.notna().any() else float("nan")
    if median > M2_MEDIAN:
        out.units["area"] = "平方米"
        out.checks.append(
            f"no unit in the header {m.header!r}; its median {median:,.0f} looks like m², "
            "so inventory.units.area is 平方米 — check it"
        )
    else:
        out.checks.append(f"no unit in the header {m.header!r}; read as mu (亩) — check it")


def _numbers(raw: RawTable, out: Proposal) -> None:
    """Propose decimal, thousands and full-width rules from the number cells written as text."""
    numeric = [m.header for n, m in out.matches.items() if BY_NAME[n].dtype in ("float", "int")]
    texts = [raw.frame[h] for h in numeric if not pd.api.types.is_numeric_dtype(raw.frame[h])]
    if not texts:
        return
    cells = pd.concat(texts, ignore_index=True).dropna().astype(str).str.strip()
    found = {k: int(cells.str.fullmatch(p).sum()) for k, p in _PATTERNS.items()}
    if found["decimal_comma"] and found["comma_groups"]:
        out.checks.append(
            "numbers mix commas as decimal marks (12,3) and as thousands separators "
            "(1,234.5); make them consistent in the file"
        )
    elif found["decimal_comma"]:
        out.settings["decimal"] = ","
        out.notes["decimal"] = "cells such as 12,3"
        if cells.str.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?").any():
            out.settings["thousands"] = "."
    elif found["comma_groups"]:
        out.settings["thousands"] = ","
        out.notes["thousands"] = "cells such as 1,234.5"
    elif found["space_groups"]:
        out.settings["thousands"] = " "
        out.notes["thousands"] = "cells such as 1 234.5"
    if cells.str.contains("[\uff10-\uff19]").any():
        out.settings["fullwidth_digits"] = True
        out.notes["fullwidth_digits"] = "cells such as １２.３"
    approximate = cells[cells.str.contains(r"约|左右|~|～|≈")]
    if len(approximate):
        out.checks.append(
            f"{len(approximate):,} cells are approximate (e.g. {approximate.iloc[0]!r}); "
            "no rule reads them: write plain numbers in the file"
        )


def _coordinates(raw: RawTable, out: Proposal) -> None:
    if raw.geometry is not None:
        out.adjacency = "polygons" if raw.geometry.kind == "polygon" else "points"
        return
    x, y = out.matches.get("x"), out.matches.get("y")
    if x is None or y is None:
        return
    out.adjacency = "points"
    xs = pd.to_numeric(raw.frame[x.header], errors="coerce")
    ys = pd.to_numeric(raw.frame[y.header], errors="coerce")
    (x0, x1), (y0, y1) = CHINA_LONLAT
    inside = xs.between(x0, x1) & ys.between(y0, y1)
    if xs.notna().any() and bool(inside[xs.notna()].all()):
        out.settings["coordinates"] = "lonlat"
        out.notes["coordinates"] = "x/y are longitude and latitude"
