"""The workbook's first sheet, 结论 / Headline: the brief's answers as cells.

Targets year by year, key figures, public money, the firms' investment apart from it, and
the yearly results, each a block under its title (:func:`headline_sheet`). The other
sheets are :mod:`landsim.report.workbook`'s.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from landsim.plots.labels import Words
from landsim.report.cells import figures_header, targets_title
from landsim.report.headline import Headline, district, header_notes
from landsim.report.sentences import item_name
from landsim.runs import Results

#: The brief's notes that name the brief, and the workbook's own words for them.
WORKBOOK_NOTES = {"synthetic_note": "synthetic_note_workbook"}


def headline_sheet(book, f: dict, res: Results, st: Words, h: Headline) -> None:
    """Write the 结论 / Headline sheet of *res* into *book* with the formats *f*."""
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
    # money as the brief shows it: 亿元 to one decimal, CNY bn (ten times larger) to two
    f = {**f, "money": f["one" if st.lang == "zh" else "bn"]}
    figures = _figures_frame(st, h)
    label = figures.iloc[:, 0]
    jobs = np.flatnonzero(label == st.t("row_jobs")).tolist()  # people are whole
    money = np.flatnonzero(label.isin([st.t("row_output"), st.t("row_tax")])).tolist()
    row = _block(
        sheet, f, st.t("figures_table"), figures, row + 1, whole_rows=jobs, money_rows=money
    )
    span = {"years": st.years(h.years[0], h.last)}
    public = _money(st, h)
    every = range(len(public))  # every row is money
    row = _block(sheet, f, st.t("money_table", **span), public, row + 1, money_rows=every)
    # firms' money, not the government's: a block of its own, after the public money
    investment = _investment(st, h)
    every = range(len(investment))
    row = _block(sheet, f, st.t("investment_table", **span), investment, row + 1, money_rows=every)
    yearly = _yearly(res, st)
    jobs = [yearly.columns.get_loc(st.t("col_jobs_gain"))]
    money = [j for j in range(1, yearly.shape[1]) if j not in jobs]  # output, tax, net
    _block(sheet, f, st.t("yearly_table"), yearly, row + 1, whole_columns=jobs, money_columns=money)
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
    return pd.DataFrame(rows, columns=figures_header(st, h))


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
    money_rows: Collection[int] = (),
    money_columns: Collection[int] = (),
) -> int:
    """Write *frame* under *title* from *row*; return the row after it and a blank one.

    The numbers of *whole_rows* and *whole_columns* (positions) are counted in whole
    units (people): shown without decimals (``#,##0``); those of *money_rows* and
    *money_columns* are money, in ``f["money"]``'s format. The
    values are written as they are.
    """
    if title:
        sheet.write(row, 0, title, f["section"])
        row += 1
    sheet.write_row(row, 0, [str(c) for c in frame.columns], f["head"])
    for k, values in enumerate(frame.itertuples(index=False, name=None)):
        for j, v in enumerate(values):
            whole = k in whole_rows or j in whole_columns
            money = k in money_rows or j in money_columns
            kind = "int" if whole else "money" if money else "one"
            _cell(sheet, f, row + 1 + k, j, v, kind=kind)
    return row + len(frame) + 2


def _cell(sheet, f: dict, row: int, col: int, value, *, kind: str = "one") -> None:
    """Write one cell of a headline block in format *kind* (``"int"``: people, whole)."""
    if isinstance(value, str):
        sheet.write_string(row, col, value)
    elif value is None or (isinstance(value, float) and not np.isfinite(value)):
        sheet.write_blank(row, col, None)
    elif isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        big = kind == "int" or abs(value) >= 10000
        sheet.write_number(row, col, int(value), f["int"] if big else None)
    else:
        sheet.write_number(row, col, float(value), f.get(kind, f["one"]))
