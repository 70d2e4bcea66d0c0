"""The results workbook, made for people: a headline sheet first, then the raw tables.

Written with xlsxwriter in constant-memory mode (rows are streamed; a 100,000-row sheet
takes about half of openpyxl's time). Every sheet has a header row with units, frozen
panes, number formats and column widths that fit, in the scenario's language
(``plots.lang``): a Chinese workbook's raw sheets are named and headed in Chinese, with
each column's code name under its label (:mod:`landsim.report.headers`), and their
categorical codes are shown by their Chinese names (``腾退`` for ``vacate``, ``全区`` for
``district``; :mod:`landsim.report.code_names`). The CSV and Parquet files keep the codes.

The raw sheets are the big ones (the parcel table has a row per parcel): their formats
are set once per column, widths are measured on the first rows only, and each column is
written with the writer of its type (number, text, true/false), chosen once, so no cell
goes through xlsxwriter's type guessing. Missing values are left empty. This module does
not import matplotlib.

The same tables and scenario give the same bytes: the document's creation date is fixed
(:data:`CREATED`; xlsxwriter would write the clock's), and the run's time is in the run
folder's ``manifest.json``.
"""

from __future__ import annotations

import contextlib
import tempfile
import unicodedata
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from landsim.plots.labels import Words
from landsim.report.code_names import in_chinese
from landsim.report.headers import header, sheet_name
from landsim.report.headline import headline
from landsim.report.workbook_headline import headline_sheet
from landsim.runs import Results
from landsim.scenario import Scenario

#: Excel's limit on rows per sheet (one row is the header).
EXCEL_ROWS = 1_048_575
#: Height in points of a Chinese raw sheet's header row: two lines, label and code name.
TWO_LINES = 30.0
#: The workbook's creation date: fixed, so that a rerun writes the same bytes. It is the
#: date xlsxwriter already gives the files inside the workbook (Excel's 1 January 1980).
CREATED = datetime(1980, 1, 1)
#: The workbook's comment (document properties), by language.
COMMENTS = {
    "zh": "landsim {version} 生成；运行时间见运行文件夹中的 manifest.json",
    "en": "Written by landsim {version}; the run's time is in the run folder's manifest.json",
}


def write_workbook(
    path: Path,
    tables: Mapping[str, pd.DataFrame],
    scenario: Scenario,
    *,
    adjacency_method: str = "unknown",
) -> None:
    """Write ``results.xlsx``: a headline sheet, then one sheet per table.

    *adjacency_method* is the rule the run used (``Results.adjacency_method``): the
    headline sheet says, as the brief does, when contiguity is approximate.
    """
    # xlsxwriter streams each sheet's rows to a scratch file; they go next to the output
    # (inside a run folder's hidden temporary one), so an interrupted write leaves none
    with tempfile.TemporaryDirectory(prefix=".landsim-tmp-", dir=Path(path).parent) as scratch:
        _write(path, tables, (scenario, adjacency_method), scratch)


def _write(path: Path, tables: Mapping[str, pd.DataFrame], run: tuple, scratch: str):
    import xlsxwriter

    scenario, adjacency_method = run

    options = {"constant_memory": True, "nan_inf_to_errors": True, "tmpdir": scratch}
    book = xlsxwriter.Workbook(str(path), options)
    book.set_properties(_properties(scenario))
    try:
        _sheets(book, tables, scenario, adjacency_method)
    except BaseException:
        for sheet in book.worksheets():  # the rows streamed so far; the book is not saved
            with contextlib.suppress(AttributeError, OSError):
                sheet.row_data_fh.close()
        raise
    book.close()


def _properties(scenario: Scenario) -> dict:
    """Return the document properties: title, comment and a fixed creation date."""
    from landsim.version import installed_version

    lang = scenario.plots.lang
    title = scenario.title.get(lang) if scenario.title else scenario.name
    comments = COMMENTS[lang].format(version=installed_version())
    return {"title": title, "comments": comments, "created": CREATED}


def _sheets(
    book, tables: Mapping[str, pd.DataFrame], scenario: Scenario, adjacency_method: str
) -> None:
    formats = _formats(book)
    res = Results(
        scenario,
        tables["long"],
        tables["parcels"],
        tables["shortfalls"],
        tables["projects"],
        quantiles=tables.get("quantiles"),
        probabilities=tables.get("probabilities"),
        adjacency_method=adjacency_method,
    )
    lang = scenario.plots.lang
    headline_sheet(book, formats, res, Words(lang), headline(res))
    for name, frame in tables.items():
        shown = frame.head(EXCEL_ROWS)
        rows = _row_formats(shown, formats)  # read on the codes: a Chinese sheet names them
        if lang == "zh":  # codes by their Chinese names; the tables stay as they are
            shown = in_chinese(name, shown, scenario)
        _table_sheet(book, formats, name, shown, lang, rows)


def _formats(book) -> dict:
    return {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "note": book.add_format({"italic": True, "font_color": "#b35806"}),
        "head": book.add_format({"bold": True, "bg_color": "#F2F2F2", "bottom": 1}),
        "head_lines": book.add_format(
            {"bold": True, "bg_color": "#F2F2F2", "bottom": 1, "text_wrap": True, "valign": "top"}
        ),
        "section": book.add_format({"bold": True, "font_size": 11}),
        "int": book.add_format({"num_format": "#,##0"}),
        "one": book.add_format({"num_format": "#,##0.0"}),
        "two": book.add_format({"num_format": "0.00"}),
        # CNY bn: the English brief's two decimals (0.359 bn is not 0.4; 亿元 keep one)
        "bn": book.add_format({"num_format": "#,##0.00"}),
        "percent": book.add_format({"num_format": "0%"}),
        "rate": book.add_format({"num_format": "0.0%"}),
        "text": book.add_format({}),
        "met": book.add_format({"font_color": "#0072B2", "align": "center"}),
        "missed": book.add_format({"font_color": "#D55E00", "align": "center"}),
    }


#: The unit (a long table's ``unit`` code) of values counted in whole people.
PEOPLE = "persons"
#: The unit of ratios and shares (growth ratios, target shares, the growth goal): ``0.00``.
RATIO = "1"
#: Variables of unit ``1`` that are growth rates (÷ − 1), shown as per cents (``0.0%``).
RATES = ("growth|", "growth_yoy|")
#: The shortfall item whose quota, achieved and missing are a ratio (×), not mu.
RATIO_ITEM = "platform_growth"
#: Columns of shares of 1 (probabilities), shown as percentages (``0%``): the brief's 47 %.
PERCENT = ("probability", "share_")


def _row_formats(frame: pd.DataFrame, f: dict) -> dict[str, list]:
    """Return the formats of cells whose rows need their own, by column (``None``: the column's).

    Read on the codes. In the long and quantile tables, ``value`` is a count of people
    (``#,##0``), a ratio or share (``0.00``: 1.75 is not 1.7 or 1.8) or a growth rate
    (``0.0%``: 0.0215 is 2.2%, not 0.0), beside mu and 万元 (the column's ``#,##0.0``). In
    the shortfalls, the platform growth target's quota, achieved and missing are ratios.
    """
    if {"value", "unit"} <= set(frame.columns):
        unit = frame["unit"].to_numpy(dtype=object)
        rate = frame["variable"].astype(str).str.startswith(RATES).to_numpy(dtype=bool)
        kinds = [unit == PEOPLE, (unit == RATIO) & rate, (unit == RATIO) & ~rate]
        return {"value": _choose(kinds, [f["int"], f["rate"], f["two"]])}
    if "item" in frame.columns:
        ratio = (frame["item"] == RATIO_ITEM).to_numpy(dtype=bool)
        columns = [c for c in ("quota", "achieved", "missing") if c in frame.columns]
        return {c: _choose([ratio], [f["two"]]) for c in columns}
    return {}


def _choose(masks: list[np.ndarray], formats: list) -> list | None:
    """Return each row's format: the first of *formats* whose mask holds; None: no row has one."""
    if not any(m.any() for m in masks):
        return None
    return np.select(masks, formats, default=None).tolist()


def _table_sheet(
    book, f: dict, name: str, frame: pd.DataFrame, lang: str, rows: Mapping | None = None
) -> None:
    """One raw table: header with units, frozen header row, formats by column, widths.

    *rows* gives, by column, the formats of cells that need their own (people, ratios):
    a list with an entry per row, ``None`` where the column's format holds.
    """
    sheet = book.add_worksheet(sheet_name(name, lang))
    headers = [header(name, str(c), lang) for c in frame.columns]
    if lang == "zh":  # rows are streamed: the height is set before the row is written
        sheet.set_row(0, TWO_LINES)
    sheet.write_row(0, 0, headers, f["head_lines" if lang == "zh" else "head"])
    sheet.freeze_panes(1, 0)
    for j, column in enumerate(frame.columns):
        sheet.set_column(j, j, _width(frame[column], headers[j]), _number_format(frame[column], f))
    writers, columns = zip(*(_column(sheet, frame[c]) for c in frame.columns), strict=True)
    writers = list(writers)
    for column, formats in (rows or {}).items():
        if formats is not None:
            writers[frame.columns.get_loc(column)] = _formats_where(sheet, formats)
    # constant-memory mode streams rows: cells go out row by row, left to right
    for i, values in enumerate(zip(*columns, strict=True), start=1):
        for j, value in enumerate(values):
            if value is not None:
                writers[j](i, j, value)
    sheet.autofilter(0, 0, max(len(frame), 1), max(len(frame.columns) - 1, 0))


def _column(sheet, column: pd.Series) -> tuple:
    """Return the writer of a column's type and its cells as Python objects (``None``: empty)."""
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        values = column.astype(float).to_numpy()
        cells = values.astype(object)
        cells[np.isnan(values)] = None  # ±inf stay: written as Excel errors, never as numbers
        return sheet.write_number, cells.tolist()
    if pd.api.types.is_bool_dtype(column):
        return sheet.write_boolean, column.astype(object).where(column.notna(), None).tolist()
    if not pd.api.types.is_string_dtype(column):
        column = column.map(_text, na_action="ignore")
    empty = column.isna() | (column == "")  # an empty text is an empty cell
    return sheet.write_string, column.astype(object).where(~empty, None).tolist()


def _formats_where(sheet, formats: list) -> Callable:
    """Return a number writer giving each row (first data row: 0) its entry of *formats*."""

    def write(row: int, col: int, value: float) -> None:
        sheet.write_number(row, col, value, formats[row - 1])

    return write


def _text(value: object) -> str:
    return value if isinstance(value, str) else str(value)


def _number_format(column: pd.Series, f: dict):
    if str(column.name).startswith(PERCENT) and pd.api.types.is_float_dtype(column):
        return f["percent"]  # a probability: 0.47 shows as 47%
    if pd.api.types.is_integer_dtype(column) or pd.api.types.is_bool_dtype(column):
        return None
    if pd.api.types.is_float_dtype(column):
        return f["two"] if column.abs().max(skipna=True) < 10 else f["one"]
    return None


def _width(column: pd.Series, title: str) -> float:
    sample = [str(v) for v in column.head(200).tolist()]
    longest = max([*(_columns(line) for line in title.split("\n")), *map(_columns, sample)])
    return float(min(max(longest + 2, 8), 48))


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
