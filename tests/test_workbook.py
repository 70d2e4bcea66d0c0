"""The results workbook: raw sheets hold the tables cell for cell, typed and formatted."""

from __future__ import annotations

import math
from datetime import datetime

import numpy as np
import openpyxl
import pandas as pd
import pytest

import landsim
from landsim.plots.labels import t, year_span
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


def _headline_rows(path) -> list[list]:
    """The headline sheet's rows: each a list of its cells (openpyxl), empty rows left out."""
    sheet = openpyxl.load_workbook(path).worksheets[0]
    return [list(row) for row in sheet.iter_rows() if any(c.value is not None for c in row)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_people_are_counted_whole_on_every_sheet(tmp_path, lang):
    # jobs showed as 498,381.0 and −34,079.6 people (#,##0.0)
    res = landsim.run(FIXTURES / "hand" / "scenario.yaml", draws=3)
    path = tmp_path / "results.xlsx"
    tables = {**_tables(res), "quantiles": res.quantiles}
    write_workbook(path, tables, _in(lang, res.scenario))
    rows = _headline_rows(path)
    jobs = t("row_jobs", lang)
    [row] = [r for r in rows if r[0].value == jobs]
    assert [c.number_format for c in row[1:5]] == ["#,##0"] * 4
    head = [i for i, r in enumerate(rows) if t("col_jobs_gain", lang) in [c.value for c in r]]
    [at] = head
    column = [c.value for c in rows[at]].index(t("col_jobs_gain", lang))
    yearly = [r[column] for r in rows[at + 1 :]]
    assert len(yearly) >= 4 and {c.number_format for c in yearly} == {"#,##0"}
    output = [r[column - 2] for r in rows[at + 1 :]]  # money keeps its decimals
    assert {c.number_format for c in output} == {"#,##0.0" if lang == "zh" else "#,##0.00"}
    book = openpyxl.load_workbook(path)
    for table in ("long", "quantiles"):
        sheet = book[headers.sheet_name(table, lang)]
        names = [str(c.value).split("\n")[-1].split(" (")[0] for c in sheet[1]]
        unit, value = names.index("unit"), names.index("value")
        codes = getattr(res, table)["unit"].tolist()
        formats = [r[value].number_format for r in sheet.iter_rows(min_row=2)]
        people = {f for f, u in zip(formats, codes, strict=True) if u == "persons"}
        others = {f for f, u in zip(formats, codes, strict=True) if u != "persons"}
        assert people == {"#,##0"} and "#,##0" not in others, table
        assert unit < value


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ratios_keep_two_decimals_and_growth_rates_are_per_cents(tmp_path, lang):
    # a growth ratio of 1.75 showed as 1.8 and a target share of 0.47 as 0.5 (#,##0.0);
    # a growth rate of 0.0215 (2.2%) showed as 0.0
    res = landsim.run(FIXTURES / "hand" / "scenario.yaml", draws=3)
    path = tmp_path / "results.xlsx"
    tables = {**_tables(res), "quantiles": res.quantiles}
    write_workbook(path, tables, _in(lang, res.scenario))
    book = openpyxl.load_workbook(path)
    for table in ("long", "quantiles"):
        sheet = book[headers.sheet_name(table, lang)]
        names = [str(c.value).split("\n")[-1].split(" (")[0] for c in sheet[1]]
        cells = [r[names.index("value")] for r in sheet.iter_rows(min_row=2)]
        frame = getattr(res, table)
        rate = frame["variable"].str.startswith(("growth|", "growth_yoy|"))
        expected = np.select(
            [frame["unit"] == "1", frame["unit"] == "persons"],
            [np.where(rate, "0.0%", "0.00"), "#,##0"],
            "#,##0.0",
        )
        kinds = {(u, f) for u, f in zip(frame["unit"], expected, strict=True)}
        assert {("1", "0.00"), ("1", "0.0%"), ("mu", "#,##0.0")} <= kinds, table
        assert [c.number_format for c in cells] == expected.tolist(), table
    sheet = book[headers.sheet_name("shortfalls", lang)]
    names = [str(c.value).split("\n")[-1].split(" (")[0] for c in sheet[1]]
    ratio = (res.shortfalls["item"] == "platform_growth").tolist()
    assert any(ratio) and not all(ratio)
    for column in ("quota", "achieved", "missing"):
        cells = [r[names.index(column)] for r in sheet.iter_rows(min_row=2)]
        shown = [c.number_format == "0.00" for c in cells if c.value is not None]
        assert shown == [r for r, c in zip(ratio, cells, strict=True) if c.value is not None]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_probabilities_are_shown_as_percentages(tmp_path, lang):
    # the probability sheet showed 0.47 where the brief says 47 %; the values stay shares
    res = landsim.run(FIXTURES / "hand" / "scenario.yaml", draws=3)
    path = tmp_path / "results.xlsx"
    # two phases of a project, one as likely as not (the hand scenario has no project)
    phases = {"project": ["works", "works"], "phase_id": ["works", "works#2"]}
    projects = pd.DataFrame({**phases, "probability": [1.0, 0.25], "status": ["placed"] * 2})
    tables = {**_tables(res), "projects": projects, "probabilities": res.probabilities}
    write_workbook(path, tables, _in(lang, res.scenario))
    book = openpyxl.load_workbook(path)
    shares = {"probabilities": ["probability"], "projects": ["probability"]}
    shares["parcels"] = [c for c in res.parcels.columns if c.startswith("share_")]
    assert shares["parcels"]
    for table, columns in shares.items():
        sheet = book[headers.sheet_name(table, lang)]
        names = [str(c.value).split("\n")[-1] for c in sheet[1]]
        for column in columns:
            cells = [r[names.index(column)] for r in sheet.iter_rows(min_row=2)]
            assert {c.number_format for c in cells if c.value is not None} == {"0%"}, column
            values = [c.value for c in cells]
            assert values == pytest.approx(tables[table][column].tolist())


@pytest.mark.parametrize(
    ("lang", "public", "private"),
    [
        ("zh", "政府资金（", "新项目社会投资（企业投资，不计入政府收支）"),
        ("en", "Public money (", "Investment in new projects (firms' money, not government money)"),
    ],
)
def test_private_investment_is_apart_from_public_money(tmp_path, lang, public, private):
    # 新项目社会投资 sat in the public money block, right under the government's net
    res = landsim.run(FIXTURES / "hand" / "scenario.yaml")
    path = tmp_path / "results.xlsx"
    write_workbook(path, _tables(res), _in(lang, res.scenario))
    first = [r[0].value for r in _headline_rows(path)]
    start = next(i for i, v in enumerate(first) if str(v).startswith(public))
    end = next(i for i, v in enumerate(first) if v == t("yearly_table", lang))
    money = first[start:end]
    net = money.index(f"{t('net', lang)}（亿元）" if lang == "zh" else "Net public money (CNY bn)")
    # the government's items, then a block of its own for the firms' money
    assert money[net + 1] == t("investment_table", lang, years=year_span(2024, 2027, lang))
    assert money[net + 2 :] == [t("col_item", lang), private]
    assert not [v for v in money[: net + 1] if t("investment", lang) in str(v)]
    [row] = [r for r in _headline_rows(path) if r[0].value == private]
    scale = 1e4 if lang == "zh" else 1e5
    invested = res.table("money|investment")["district"].sum() / scale
    assert row[1].value == pytest.approx(invested) and invested > 0


@pytest.mark.parametrize(
    ("lang", "label"), [("zh", "政府净收支（亿元/年）"), ("en", "Net public money (CNY bn a year)")]
)
def test_the_yearly_net_money_is_labelled_a_yearly_flow(tmp_path, lang, label):
    # the yearly results said 政府净收支（亿元） for each year's net
    res = landsim.run(FIXTURES / "hand" / "scenario.yaml")
    path = tmp_path / "results.xlsx"
    write_workbook(path, _tables(res), _in(lang, res.scenario))
    [head] = [r for r in _headline_rows(path) if r[0].value == t("year", lang)]
    assert [c.value for c in head if c.value is not None][-1] == label


@pytest.mark.parametrize(("lang", "money"), [("zh", "#,##0.0"), ("en", "#,##0.00")])
def test_money_on_the_headline_sheet_has_the_briefs_decimals(tmp_path, lang, money):
    # in CNY bn (ten 亿元) one decimal showed a yearly net of 0.359 bn as 0.4
    res = landsim.run(FIXTURES / "hand" / "scenario.yaml")
    path = tmp_path / "results.xlsx"
    write_workbook(path, _tables(res), _in(lang, res.scenario))
    rows = {r[0].value: r for r in _headline_rows(path)}
    unit = "（亿元）" if lang == "zh" else " (CNY bn)"
    for label in (t("net", lang) + unit, t("row_output", lang), t("row_private_investment", lang)):
        assert {c.number_format for c in rows[label][1:] if c.value is not None} == {money}
    # per mu figures and the like keep one decimal in both languages
    assert {c.number_format for c in rows[t("row_tax_per_mu", lang)][1:5]} == {"#,##0.0"}
