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
    "land_use": {"industrial"},
    "industrial_land": {True, False},
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
    assert set(_column(parcels, "land_use")) == {"工业用地"}  # the inventory gives none
    assert set(_column(parcels, "industrial_land")) == {"是"}  # as 不纳入处置 and 是否连片
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


def test_land_use_codes_are_shown_by_their_chinese_names(res):
    # 用地性质 showed the code industrial; 是否工业用地 TRUE and FALSE
    from landsim.report import code_names
    from landsim.scenario.schema.inventory_spec import INDUSTRIAL_LAND_USES

    frame = pd.DataFrame(
        {
            "land_use": [
                "industrial",
                " Industrial ",
                "M1",
                "ｍ0",
                "100103",
                "工业用地",
                "商业用地",
            ],
            "industrial_land": [True, True, True, True, True, True, False],
        }
    )
    shown = code_names.in_chinese("parcels", frame, res.scenario)
    assert shown["land_use"].tolist() == [
        "工业用地",
        "工业用地",
        "一类工业用地（M1）",
        "新型产业用地（M0）",
        "三类工业用地（100103）",
        "工业用地",  # Chinese spellings as they are
        "商业用地",
    ]
    assert shown["industrial_land"].tolist() == ["是"] * 6 + ["否"]
    for code in INDUSTRIAL_LAND_USES:  # every default industrial land use has a Chinese name
        [name] = code_names.in_chinese("parcels", pd.DataFrame({"land_use": [code]}), res.scenario)[
            "land_use"
        ]
        assert not name.isascii() and ("工业" in name or "产业" in name), code


def test_existing_firms_of_a_new_industry_are_named_apart_from_the_new_use():
    # 274 existing 新材料 firms and 305 parcels given to the new use 新材料 both showed 新材料
    from landsim.model.compile import match_industries
    from landsim.report import code_names
    from landsim.scenario import load_scenario
    from tests.conftest import DEFAULT

    scenario = load_scenario(DEFAULT)
    existing = scenario.existing_industries["new_materials_old"].name
    new = scenario.target_industries["new_materials"].name
    assert existing.zh != new.zh and existing.en != new.en
    assert (existing.zh, existing.en) == ("新材料（存量企业）", "New materials (existing firms)")
    # the inventory's 新材料 is still the existing industry (the codes do not change)
    index = list(scenario.existing_industries).index("new_materials_old")
    assert match_industries(pd.Series(["新材料", "新材料（存量企业）"]), scenario).tolist() == [
        index,
        index,
    ]
    frame = pd.DataFrame(
        {
            "industry": ["新材料", "纺织", "造纸", None],
            "industry_id": ["new_materials_old", "textiles", "(unlisted)", "(unlisted)"],
            "new_use": [None, "new_materials", None, None],
        }
    )
    shown = code_names.in_chinese("parcels", frame, scenario)
    # the scenario's name of the industry matched; the inventory's text where none is
    assert shown["industry"].tolist() == ["新材料（存量企业）", "化纤纺织", "造纸", None]
    assert shown["new_use"].tolist()[1] == "新材料"
    assert shown["industry_id"].tolist()[:2] == ["new_materials_old", "textiles"]  # ids stay
    assert frame["industry"].tolist()[0] == "新材料"  # the table is not changed


def test_the_workbooks_variables_use_the_briefs_terms(res, tmp_path):
    # the long sheet said 新项目投资, 提升指标, 净收支, 产值（提升增量） and 目标完成度
    from landsim.accounting.variables import BY_NAME, label
    from landsim.plots.labels import t

    brief = {
        "money|investment": t("investment", "zh"),
        "money|net": t("net", "zh"),
        "quota|upgrade": t("item_upgrade", "zh"),
        "output|programme|uplift": t("upgrade_gain", "zh").replace("\n", ""),
    }
    assert brief == {
        "money|investment": "新项目社会投资",
        "money|net": "政府净收支",
        "quota|upgrade": "整治提升指标",
        "output|programme|uplift": "整治提升增加产值",
    }
    for name, term in brief.items():
        assert label(name, "zh") == term, name
    assert label("money|net|cumulative", "zh") == "政府累计净收支"  # as the comparison's
    shares = [v.zh for v in BY_NAME.values() if v.name.startswith("target_share|")]
    assert len(shares) == 3 and all(s.endswith("目标完成率") for s in shares)
    long = _zh(res, tmp_path)["long"]
    shown = dict(zip(_column(long, "variable"), long["指标"], strict=True))  # codes stay
    assert {name: shown[name] for name in brief} == brief
