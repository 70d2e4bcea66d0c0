"""The results workbook: raw sheets hold the tables cell for cell, typed and formatted."""

from __future__ import annotations

import math
from datetime import datetime

import numpy as np
import openpyxl
import pandas as pd
import pytest

import landsim
from landsim.report import headers
from landsim.report.code_names import in_chinese
from landsim.report.workbook import write_workbook
from tests.conftest import FIXTURES


def at_time(monkeypatch, when: datetime) -> None:
    """Make the clock read *when* where the workbook and the manifest read it.

    Two runs "at different times" then differ exactly where the clock leaks into a file.
    """
    import xlsxwriter.core

    from landsim.report import write

    class Meta(type):
        def __instancecheck__(cls, value: object) -> bool:  # xlsxwriter checks the date
            return isinstance(value, datetime)

    class Clock(datetime, metaclass=Meta):
        @classmethod
        def now(cls, tz=None):
            return when.replace(tzinfo=tz)

    for module in (xlsxwriter.core, write):
        monkeypatch.setattr(module, "datetime", Clock)


def _tables(res) -> dict[str, pd.DataFrame]:
    return {
        "long": res.long,
        "parcels": res.parcels,
        "shortfalls": res.shortfalls,
        "projects": res.projects,
    }


def _expected(value):
    """What a cell should hold for a table value: numbers as numbers, no text for blanks."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    return float(value)


def _in(lang: str, scenario):
    return scenario.model_copy(update={"plots": scenario.plots.model_copy(update={"lang": lang})})


@pytest.mark.parametrize(
    ("lang", "sheets", "area"),
    [
        (
            "zh",
            ["逐年指标（long）", "地块（parcels）", "缺口（shortfalls）", "重大项目（projects）"],
            "面积（亩）\narea_mu",
        ),
        ("en", ["long", "parcels", "shortfalls", "projects"], "area_mu (mu)"),
    ],
    ids=["zh", "en"],
)
def test_raw_sheets_hold_every_value_typed(tmp_path, lang, sheets, area):
    # a Chinese workbook's raw sheets were headed by code names only
    res = landsim.run(FIXTURES / "hand" / "scenario.yaml")
    path = tmp_path / "results.xlsx"
    write_workbook(path, _tables(res), _in(lang, res.scenario))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[1:] == sheets
    sheet = book[sheets[1]]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    header = [c.value for c in sheet[1]]
    assert header[list(res.parcels.columns).index("area_mu")] == area
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(res.parcels)
    # a Chinese workbook shows codes by their names (tests/test_workbook_chinese.py)
    shown = in_chinese("parcels", res.parcels, res.scenario) if lang == "zh" else res.parcels
    for j, column in enumerate(shown.columns):
        got = [row[j] for row in rows]
        want = [_expected(v) for v in shown[column].astype(object)]
        # Excel keeps 16 significant digits (xlsxwriter writes %.16G)
        want = [pytest.approx(w, rel=1e-15) if isinstance(w, float) else w for w in want]
        assert got == want, column
    area = list(res.parcels.columns).index("area_mu")
    assert sheet.cell(2, area + 1).number_format in ("#,##0.0", "0.00")


def test_mixed_columns_are_written_by_their_type(tmp_path):
    frame = pd.DataFrame(
        {
            "text": pd.array(["a", "", None, "中文"], dtype="string"),
            "mixed": pd.Series([1, "x", None, 2.5], dtype=object),
            "count": pd.array([1, None, 3, 4], dtype="Int64"),
            "share": [0.5, np.nan, 0.25, 1.0],
            "flag": [True, False, True, False],
        }
    )
    res = landsim.run(FIXTURES / "hand" / "scenario.yaml")
    path = tmp_path / "mixed.xlsx"
    write_workbook(path, {**_tables(res), "extra": frame}, res.scenario)
    rows = list(openpyxl.load_workbook(path)["extra"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["a", None, None, "中文"]  # an empty text is an empty cell
    assert [r[1] for r in rows] == ["1", "x", None, "2.5"]  # a mixed column is text
    assert [r[2] for r in rows] == [1, None, 3, 4]
    assert [r[3] for r in rows] == [0.5, None, 0.25, 1]
    assert [r[4] for r in rows] == [True, False, True, False]


def test_an_interrupted_workbook_leaves_no_scratch_files(tmp_path, monkeypatch):
    import tempfile

    import landsim.report.workbook as workbook

    res = landsim.run(FIXTURES / "hand" / "scenario.yaml")
    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    out = tmp_path / "out"
    out.mkdir()
    sheets = []

    def interrupted(book, formats, name, *args):
        sheets.append(name)
        if len(sheets) == 2:
            raise KeyboardInterrupt
        original(book, formats, name, *args)

    original = workbook._table_sheet
    monkeypatch.setattr(workbook, "_table_sheet", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_workbook(out / "results.xlsx", _tables(res), res.scenario)
    assert sheets == ["long", "parcels"]  # the first sheet's rows were streamed
    assert list(out.iterdir()) == [] and list(system_tmp.iterdir()) == []


def test_the_workbook_does_not_change_with_the_clock(tmp_path, monkeypatch):
    # a rerun's workbook carried the time it was written, so its bytes always differed
    res = landsim.run(FIXTURES / "hand" / "scenario.yaml")
    books = []
    for hour in (9, 17):
        at_time(monkeypatch, datetime(2030, 1, 1, hour))
        path = tmp_path / f"{hour}.xlsx"
        write_workbook(path, _tables(res), res.scenario)
        books.append(path.read_bytes())
    assert books[0] == books[1]
    props = openpyxl.load_workbook(tmp_path / "9.xlsx").properties
    assert props.created == datetime(1980, 1, 1) and "manifest.json" in props.description


def test_every_raw_column_has_a_chinese_label_from_one_table():
    res = landsim.run(FIXTURES / "hand" / "scenario.yaml", draws=3)  # every table, every column
    tables = {**_tables(res), "quantiles": res.quantiles, "probabilities": res.probabilities}
    elsewhere = headers.existing_labels()
    assert not set(headers.ZH) & set(elsewhere)  # no second name for a column already named
    used = set()
    for table, frame in tables.items():
        name = headers.sheet_name(table, "zh")
        assert len(name) <= 31 and not set(name) & set("[]:*?/\\") and name != table
        for column in frame.columns:
            label, code = headers.header(table, column, "zh").split("\n")
            assert code == column and label != column, (table, column)
            assert not set(label) & set("()"), label  # full-width brackets in Chinese
            used.add(column)
    assert set(headers.ZH) <= used  # no label for a column no table has


def test_a_chinese_workbook_shows_each_shortfalls_detail_in_chinese(tmp_path):
    # the shortfall sheet of a Chinese workbook said why a quota was missed in English only
    from tests.test_shortfall_details import chinese

    res = landsim.run(FIXTURES / "hand" / "scenario.yaml")
    path = tmp_path / "results.xlsx"
    write_workbook(path, _tables(res), _in("zh", res.scenario))
    sheet = openpyxl.load_workbook(path)["缺口（shortfalls）"]
    header = [c.value for c in sheet[1]]
    assert header[-2:] == ["说明（英文）\ndetail", "说明（中文）\ndetail_zh"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    details = [row[-1] for row in rows]
    assert details == res.shortfalls["detail_zh"].tolist() and len(details) > 0
    assert all(chinese(text) for text in details)
    assert "已无本类处置的候选地块" in details  # reactivate: one idle parcel of 5 mu for 100


@pytest.mark.parametrize(
    ("lang", "name"),
    [("zh", "平台增速目标（全区的2倍）"), ("en", "Platform growth goal (2 × the district's)")],
)
def test_the_headline_sheet_names_the_scenarios_platform_growth_goal(tmp_path, lang, name):
    # the headline sheet said 1.5 × the district's, whatever the scenario's ratio
    res = landsim.run(FIXTURES / "hand" / "scenario.yaml")
    targets = res.scenario.targets.model_copy(update={"platform_growth_ratio": 2.0})
    scenario = _in(lang, res.scenario).model_copy(update={"targets": targets})
    path = tmp_path / "results.xlsx"
    write_workbook(path, _tables(res), scenario)
    cells = [
        row[0] for row in openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True)
    ]
    assert name in cells


def _first_column(path) -> list:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    return [row[0] for row in sheet.iter_rows(values_only=True) if row[0] is not None]


def test_the_english_headline_sheet_writes_units_in_english_brackets(tmp_path):
    # "Contiguous vacating（mu）": the Chinese brackets were written in English too
    res = landsim.run(FIXTURES / "hand" / "scenario.yaml")
    path = tmp_path / "results.xlsx"
    write_workbook(path, _tables(res), _in("en", res.scenario))
    cells = [str(c) for c in _first_column(path)]
    assert not [c for c in cells if "（" in c or "）" in c]
    assert any(c.endswith(" (mu)") for c in cells)


@pytest.mark.parametrize(
    ("lang", "note", "not_said"),
    [
        ("zh", "注：本工作簿基于内置的萧山合成地块数据，不是真实数据。", "本简报"),
        ("en", "Note: this workbook uses the bundled synthetic Xiaoshan inventory", "this brief"),
    ],
)
def test_the_workbook_calls_itself_a_workbook(tmp_path, three_runs, lang, note, not_said):
    res = landsim.load_run(three_runs["xiaoshan_2024"])  # the bundled synthetic inventory
    path = tmp_path / "results.xlsx"
    write_workbook(path, _tables(res), _in(lang, res.scenario))
    cells = [str(c) for c in _first_column(path)]
    assert any(c.startswith(note) for c in cells)
    assert not [c for c in cells if not_said in c]
