"""A Chinese workbook shows the tables' codes by their Chinese names; nothing else changes.

The CSV and Parquet files keep the codes (``vacate``, ``district``), and so does an
English workbook, cell for cell.
"""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

import landsim
from landsim.cli import main
from landsim.report.headers import sheet_name
from landsim.report.workbook import write_workbook
from tests.conftest import FIXTURES
from tests.test_workbook import _expected, _in

HAND = FIXTURES / "hand" / "scenario.yaml"
#: Codes that must not show in a Chinese workbook's translated columns.
CODES = {
    "platform": {"a", "b", "district"},
    "status": {"operating", "idle", "under_construction", "placed", "failed"},
    "size_class": {"above", "below"},
    "static_rules": {"far", "idle", "class", "exit"},
    "restricted": {True, False},
    "contiguous": {True, False},
    "treatment": {"vacate", "upgrade", "reactivate"},
    "new_use": {"fresh"},
    "kind": {"quota", "target"},
    "item": {"vacate", "upgrade", "reactivate", "contiguous", "revitalized", "platform_growth"},
    "cause": {"no_candidates", "no_district_growth", "growth_gap"},
    "unit": {"mu", "persons", "1"},
    "statistic": {"p10", "p50", "p90", "mean"},
    "target": {"contiguous", "revitalized", "platform_growth"},
    "industry_id": {"(unlisted)"},
}


@pytest.fixture(scope="module")
def res():
    return landsim.run(HAND, draws=3)  # every table, the Monte Carlo ones too


def _tables(res) -> dict[str, pd.DataFrame]:
    names = ("long", "parcels", "shortfalls", "projects", "quantiles", "probabilities")
    return {name: getattr(res, name) for name in names}


def _sheets(path) -> dict[str, pd.DataFrame]:
    """Each raw sheet as a frame: the header row's cells name the columns."""
    book = openpyxl.load_workbook(path)
    out = {}
    for sheet in book.worksheets[1:]:
        rows = list(sheet.iter_rows(values_only=True))
        out[sheet.title] = pd.DataFrame(rows[1:], columns=rows[0], dtype=object)
    return out


def _zh(res, tmp_path) -> dict[str, pd.DataFrame]:
    path = tmp_path / "zh.xlsx"
    write_workbook(path, _tables(res), _in("zh", res.scenario))
    sheets = _sheets(path)
    return {table: sheets[sheet_name(table, "zh")] for table in _tables(res)}


def _column(sheet: pd.DataFrame, code: str) -> list:
    """The cells of the column whose header's code name (second line) is *code*."""
    [header] = [h for h in sheet.columns if h.split("\n")[-1] == code and "\n" in h]
    return sheet[header].tolist()


def test_a_chinese_workbook_names_the_codes_in_chinese(res, tmp_path):
    # the cells of code columns held English codes: vacate, district, no_candidates, True
    sheets = _zh(res, tmp_path)
    parcels = sheets["parcels"]
    assert _column(parcels, "treatment") == ["腾退", "腾退", "盘活闲置", None, "腾退", "整治提升"]
    assert _column(parcels, "platform") == ["甲区"] * 3 + ["乙区"] * 3
    assert _column(parcels, "status")[2:4] == ["闲置", "在产"]
    assert _column(parcels, "size_class")[:2] == ["规下", "规上"]
    assert _column(parcels, "static_rules")[:3] == ["容积率低于1", None, "闲置"]
    assert _column(parcels, "restricted")[0] == "否" and _column(parcels, "contiguous")[0] == "是"
    assert _column(parcels, "new_use")[0] == "新产业"
    assert _column(parcels, "industry_id")[0] == "（未列入情景）"
    assert _column(parcels, "parcel_id") == ["P1", "P2", "P3", "P4", "P5", "P6"]  # ids stay
    assert _column(parcels, "class")[0] == "C"
    shortfalls = sheets["shortfalls"]
    first = shortfalls.iloc[0].tolist()
    assert first[:4] == [2024, "全区", "指标", "盘活闲置指标"]
    assert _column(shortfalls, "cause")[0] == "候选地块用尽"
    assert "平台增速目标（全区的1.5倍）" in _column(shortfalls, "item")
    assert "全区未增长，增速比无意义" in _column(shortfalls, "cause")
    assert _column(shortfalls, "detail")[0] == res.shortfalls["detail"][0]  # English, as labelled
    assert set(_column(sheets["quantiles"], "statistic")) == {
        "第10百分位数",
        "中位数",
        "第90百分位数",
        "平均值",
    }
    assert _column(sheets["probabilities"], "target")[0] == "连片腾换产业空间"
    for table, sheet in sheets.items():
        for header in sheet.columns:
            code = header.split("\n")[-1]
            assert not set(sheet[header]) & CODES.get(code, set()), (table, code)


def test_the_long_tables_variables_keep_their_names_with_chinese_beside(res, tmp_path):
    sheets = _zh(res, tmp_path)
    for table in ("long", "quantiles"):
        sheet = sheets[table]
        headers = list(sheet.columns)
        at = headers.index("变量\nvariable")
        assert headers[at + 1] == "指标"  # not a column of the CSV file: no code name under it
        assert sheet.iloc[:, at].tolist() == getattr(res, table)["variable"].tolist()
        names = dict(zip(sheet.iloc[:, at], sheet.iloc[:, at + 1], strict=True))
        assert names["area|contiguous"] == "连片腾换产业空间"
        assert names["output|programme|new|fresh"] == "产值（新产业：新产业）"
        assert _column(sheet, "unit")[0] == "亩" and "万元" in _column(sheet, "unit")
        assert set(_column(sheet, "platform")) == {"甲区", "乙区", "全区"}


def test_an_english_workbook_holds_every_table_cell_for_cell(res, tmp_path):
    # the English workbook is as it was: code names, codes in the cells
    path = tmp_path / "en.xlsx"
    write_workbook(path, _tables(res), _in("en", res.scenario))
    sheets = _sheets(path)
    assert list(sheets) == list(_tables(res))
    for table, frame in _tables(res).items():
        sheet = sheets[table]
        assert [h.split(" (")[0] for h in sheet.columns] == list(frame.columns), table
        for j, column in enumerate(frame.columns):
            want = [_expected(v) for v in frame[column].astype(object)]
            want = [pytest.approx(w, rel=1e-15) if isinstance(w, float) else w for w in want]
            assert sheet.iloc[:, j].tolist() == want, (table, column)


def test_writing_a_chinese_workbook_leaves_the_tables_as_they_are(res, tmp_path):
    before = {name: frame.copy(deep=True) for name, frame in _tables(res).items()}
    _zh(res, tmp_path)
    for name, frame in _tables(res).items():
        pd.testing.assert_frame_equal(frame, before[name])


def test_a_runs_csv_files_keep_the_codes_its_chinese_workbook_names(tmp_path):
    out = tmp_path / "run"
    assert main(["run", str(HAND), "-o", str(out)]) == 0
    parcels = pd.read_csv(out / "parcels.csv", encoding="utf-8-sig")
    assert parcels["treatment"].fillna("").tolist()[:3] == ["vacate", "vacate", "reactivate"]
    assert parcels["platform"].tolist()[0] == "a" and parcels["restricted"].dtype == bool
    shortfalls = pd.read_parquet(out / "shortfalls.parquet")
    assert shortfalls["platform"].iloc[0] == "district" and shortfalls["kind"].iloc[0] == "quota"
    sheet = _sheets(out / "results.xlsx")[sheet_name("parcels", "zh")]
    assert _column(sheet, "treatment")[:3] == ["腾退", "腾退", "盘活闲置"]


def test_codes_without_a_chinese_name_are_shown_as_they_are(res):
    from landsim.report import code_names

    frame = pd.DataFrame(
        {
            "platform": ["a", "elsewhere", None],
            "cause": ["budget", "a_new_cause", "refusals"],
            "static_rules": ["far;exit", "", "later"],
            "statistic": ["p05", "mean", "sd"],
        }
    )
    shown = code_names.in_chinese("extra", frame, res.scenario)
    assert shown["platform"].tolist() == ["甲区", "elsewhere", None]
    assert shown["cause"].tolist() == ["资金不足", "a_new_cause", "权利人不同意"]
    assert shown["static_rules"].tolist() == ["容积率低于1；退出类行业", "", "later"]
    assert shown["statistic"].tolist() == ["第5百分位数", "平均值", "sd"]
