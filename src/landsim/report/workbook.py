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
from collections.abc import Callable, Collection, Mapping
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from landsim.plots.labels import Words
from landsim.report.cells import targets_title
from landsim.report.code_names import in_chinese
from landsim.report.headers import header, sheet_name
from landsim.report.headline import Headline, district, header_notes, headline
from landsim.report.sentences import item_name
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
    _headline_sheet(book, formats, res, Words(lang), headline(res))
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
        "percent": book.add_format({"num_format": "0%"}),
        "rate": book.add_format({"num_format": "0.0%"}),
        "text": book.add_format({}),
        "met": book.add_format({"font_color": "#0072B2", "align": "center"}),
        "missed": book.add_format({"font_color": "#D55E00", "align": "center"}),
    }


#: The brief's notes that name the brief, and the workbook's own words for them.
WORKBOOK_NOTES = {"synthetic_note": "synthetic_note_workbook"}


def _headline_sheet(book, f: dict, res: Results, st: Words, h: Headline) -> None:
    sheet = book.add_worksheet(st.t("answers") if st.lang == "zh" else "Headline")
    title = res.scenario.title.get(st.lang) if res.scenario.title else res.scenario.name
    sheet.write(0, 0, title, f["title"])
    sheet.write(1, 0, st.t("subtitle", years=st.years(h.years[0], h.end)))
    row = 2
    for note in header_notes(h):  # synthetic data, approximate contiguity: as the brief
        note = WORKBOOK_NOTES.get(note, note)  # "this workbook", not "this brief"
        sheet.write(row, 0, st.t(note), f["note"])
        row += 1
    ratio = res.scenario.targets.platform_growth_ratio
    row = _targets_block(sheet, f, st, h, row + 1, ratio=ratio)
    figures = _figures_frame(st, h)
    jobs = np.flatnonzero(figures.iloc[:, 0] == st.t("row_jobs")).tolist()  # people are whole
    row = _block(sheet, f, st.t("figures_table"), figures, row + 1, whole_rows=jobs)
    span = {"years": st.years(h.years[0], h.last)}
    row = _block(sheet, f, st.t("money_table", **span), _money(st, h), row + 1)
    # firms' money, not the government's: a block of its own, after the public money
    row = _block(sheet, f, st.t("investment_table", **span), _investment(st, h), row + 1)
    yearly = _yearly(res, st)
    jobs = [yearly.columns.get_loc(st.t("col_jobs_gain"))]
    _block(sheet, f, st.t("yearly_table"), yearly, row + 1, whole_columns=jobs)
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 12, 13)
    sheet.freeze_panes(0, 1)
    sheet.activate()


def _targets_block(sheet, f: dict, st: Words, h: Headline, row: int, *, ratio: float) -> int:
    """Write the targets by year; *ratio* is the platform growth target's (×)."""
    sheet.write(row, 0, targets_title(st, h), f["section"])
    header = [st.t("col_item"), *h.years, st.t("col_met")]
    sheet.write_row(row + 1, 0, header, f["head"])
    row += 2
    for target in h.targets:
        name = item_name(st, target.item, ratio)
        if target.item != "platform_growth":  # a ratio has no unit
            name = st.with_unit(name, st.t("mu"))
        sheet.write(row, 0, name)
        number = f["two"] if target.item == "platform_growth" else f["int"]
        for i, value in enumerate(target.achieved):  # no ratio (no district growth): a dash
            sheet.write(row, 1 + i, value if value == value else "—", number)
        sheet.write(row, len(h.years) + 1, f"{sum(target.met)}/{len(target.met)}")
        sheet.write(row + 1, 0, st.t("target"))
        sheet.write_row(row + 1, 1, list(target.target), number)
        for i, met in enumerate(target.met):
            sheet.write(row + 2, 1 + i, "✓" if met else "✗", f["met" if met else "missed"])
        row += 3
    return row


def _figures_frame(st: Words, h: Headline) -> pd.DataFrame:
    rows = []
    for key, scale in (
        ("output", st.money_divisor),
        ("tax", st.money_divisor),
        ("jobs", 1.0),
        ("tax_per_mu", 1.0),
        ("output_per_mu", 1.0),
    ):
        values = [h.get(f"{key}|{p}") for p in ("base", "baseline", "programme")]
        if any(v is None for v in values):
            continue
        values = [v / scale for v in values]
        rows.append([st.t(f"row_{key}"), *values, values[2] - values[1]])
    columns = [
        st.t("col_item"),
        st.t("col_base", year=h.base_year),
        st.t("col_baseline", year=h.end),
        st.t("col_programme", year=h.end),
        st.t("col_difference"),
    ]
    return pd.DataFrame(rows, columns=columns)


def _money(st: Words, h: Headline) -> pd.DataFrame:
    """Return the public money items summed over the run, with the net (the government's)."""
    keys = ("compensation", "subsidy", "land_revenue", "net")
    values = [(h.get(f"money|{k}") or 0.0) / st.money_divisor for k in keys]
    signs = (-1, -1, 1, 1)
    unit = st.t("yi_yuan")
    return pd.DataFrame(
        [[st.with_unit(st.t(k), unit), s * v] for k, s, v in zip(keys, signs, values, strict=True)],
        columns=[st.t("col_item"), st.t("col_value")],
    )


def _investment(st: Words, h: Headline) -> pd.DataFrame:
    """Return the new projects' private investment summed over the run: not public money."""
    value = (h.get("money|investment") or 0.0) / st.money_divisor
    return pd.DataFrame(
        [[st.t("row_private_investment"), value]], columns=[st.t("col_item"), st.t("col_value")]
    )


def _yearly(res: Results, st: Words) -> pd.DataFrame:
    unit, money = st.t("yi_yuan_per_year"), st.money_divisor  # a flow: each year's
    columns = {
        st.t("year"): None,
        st.t("col_output_gain"): ("output|difference", money),
        st.t("col_tax_gain"): ("tax|difference", money),
        st.t("col_jobs_gain"): ("jobs|difference", 1.0),
        st.with_unit(st.t("net"), unit): (
            "money|net",
            money,
        ),
    }
    years = sorted(y for y in res.long["year"].unique() if y >= res.scenario.horizon.start)
    frame = {st.t("year"): years}
    for name, spec in list(columns.items())[1:]:
        frame[name] = (district(res, spec[0]) / spec[1]).reindex(years).to_numpy()
    return pd.DataFrame(frame)


def _block(
    sheet,
    f: dict,
    title: str,
    frame: pd.DataFrame,
    row: int,
    *,
    whole_rows: Collection[int] = (),
    whole_columns: Collection[int] = (),
) -> int:
    """Write *frame* under *title* from *row*; return the row after it and a blank one.

    The numbers of *whole_rows* and *whole_columns* (positions) are counted in whole
    units (people): shown without decimals (``#,##0``), their values as they are.
    """
    if title:
        sheet.write(row, 0, title, f["section"])
        row += 1
    sheet.write_row(row, 0, [str(c) for c in frame.columns], f["head"])
    for k, values in enumerate(frame.itertuples(index=False, name=None)):
        for j, v in enumerate(values):
            whole = k in whole_rows or j in whole_columns
            _cell(sheet, f, row + 1 + k, j, v, whole=whole)
    return row + len(frame) + 2


def _cell(sheet, f: dict, row: int, col: int, value, *, whole: bool = False) -> None:
    """Write one cell of a headline block; *whole*: a count of people, no decimals."""
    if isinstance(value, str):
        sheet.write_string(row, col, value)
    elif value is None or (isinstance(value, float) and not np.isfinite(value)):
        sheet.write_blank(row, col, None)
    elif isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        big = whole or abs(value) >= 10000
        sheet.write_number(row, col, int(value), f["int"] if big else None)
    else:
        sheet.write_number(row, col, float(value), f["int" if whole else "one"])


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
