"""``landsim init``: from a user's own file to a scenario that validates and runs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import landsim
from landsim.cli import main
from landsim.inventory import load_inventory
from landsim.inventory.recognize import match, propose, split_unit
from landsim.scenario import load_scenario, scenario_source
from tests.conftest import DEFAULT, ROOT
from tests.excel_helpers import merge_runs, two_row_header

BUNDLED = pd.read_csv(ROOT / "data" / "xiaoshan_synthetic.csv").iloc[::10].reset_index(drop=True)


def _office_export(path, *, platform=None):
    """Chinese headers, 平方米 with thousands separators, 亿元 and 元, a title row, GB18030."""
    p = BUNDLED
    frame = pd.DataFrame(
        {
            "地块编号": p["parcel_id"],
            "所属平台": p["platform"] if platform is None else platform,
            "镇街": p["town"],
            "用地面积（平方米）": (p["area_mu"] * 10_000 / 15).map(lambda v: f"{v:,.1f}"),
            "容积率": p["far"],
            "状态": p["status"].map(
                {"operating": "在产", "idle": "闲置", "under_construction": "在建"}
            ),
            "行业": p["industry"],
            "规上规下": p["size_class"],
            "产值（亿元）": p["output"] / 1e4,
            "税收（元）": p["tax"] * 1e4,
            "增加值（万元）": p["value_added"],
            "X坐标": p["x"],
            "Y坐标": p["y"],
            "企业名称": "某某公司",
        }
    )
    with path.open("w", encoding="gb18030", newline="") as f:
        f.write("萧山区2023年亩均效益评价结果\n")
        frame.to_csv(f, index=False)


def test_a_gb18030_office_export_runs_in_two_commands(tmp_path, capsys):
    data = tmp_path / "开发区 亩均评价.csv"
    _office_export(data)
    assert main(["init", str(data)]) == 0
    said = capsys.readouterr().out
    assert "OK: the scenario is valid" in said
    scenario = tmp_path / "开发区 亩均评价.yaml"
    text = scenario.read_text(encoding="utf-8")
    for line in (
        'encoding: "gb18030"',
        "header_row: 2",
        'thousands: ","',
        'area_mu: "用地面积（平方米）"',
        'area: "平方米"',
        'money: "万元"',
        'columns: {output: "亿元", tax: "元"}',
        "adjacency: {method: points}",
        "# Not recognized, not used: 企业名称",
    ):
        assert line in text, (line, text)
    # the title is the file's name: a guess, marked like the others, with what to write
    title_check = "# check: the title and description are made from the file's name; give "
    assert f"\n{title_check}" in text and text.index(title_check) < text.index("\ntitle:")
    assert "萧山区2024年腾笼换鸟方案" in text and "check: the title and description" in said
    scn = load_scenario(scenario)
    assert scn.inventory.units.columns == {"output": "亿元", "tax": "元"}
    # the brief names the programme by its title, not by a file name
    assert (
        scn.description.get("zh")
        == "以萧山区“腾笼换鸟”2024—2030年的方案处置开发区 亩均评价.csv中的地块。"
    )
    assert ".yaml" not in scn.description.get("en")
    assert main(["run", str(scenario), "-o", str(tmp_path / "out"), "--no-xlsx"]) == 0
    parcels = pd.read_csv(tmp_path / "out" / "parcels.csv", encoding="utf-8-sig")
    assert len(parcels) == len(BUNDLED)


def test_chinese_units_of_megawatt_hours_and_ten_thousand_square_metres(tmp_path, capsys):
    data = tmp_path / "units.csv"
    rows = "".join(f"P{i},开发区,{0.5 + i},纺织,{3 + i},{15 + i},{2.5 * i}\n" for i in range(5))
    data.write_text(
        "地块编号,所属平台,用地面积（万平方米）,行业,产值（百万元）,税收（万元）,用电量（兆瓦时）\n"
        + rows,
        encoding="utf-8",
    )
    assert main(["init", str(data)]) == 0
    said = capsys.readouterr().out
    assert "cannot convert" not in said and "OK: the scenario is valid" in said
    scn = load_scenario(tmp_path / "units.yaml")
    assert scn.inventory.units.electricity == "兆瓦时"
    assert scn.inventory.units.area == "万平方米"
    assert scn.inventory.units.columns == {"output": "百万元"}
    p = load_inventory(scn.inventory, scn.platforms).parcels
    np.testing.assert_allclose(p["electricity"], [2.5 * i for i in range(5)])  # MWh as written
    np.testing.assert_allclose(p["area_mu"], [15 * (0.5 + i) for i in range(5)])  # 1万m² = 15亩
    np.testing.assert_allclose(p["output"], [100 * (3 + i) for i in range(5)])  # 百万元 → 万元


def test_init_and_run_from_any_folder_with_the_package_alone(tmp_path):
    """As after `pip install .` (not editable): no source checkout beside the package.

    init looked for scenarios/xiaoshan_2024.yaml next to the checkout or in the current
    folder, so an installed landsim refused to start anywhere else.
    """
    site = tmp_path / "site-packages"
    # the package alone; its __pycache__ comes along, so numba's compiled cache stays warm
    shutil.copytree(Path(landsim.__file__).parent, site / "landsim")
    work = tmp_path / "我的数据"
    work.mkdir()
    _office_export(work / "亩均评价2023.csv")

    def landsim_cli(*words: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "landsim", *words],
            cwd=work,
            env={**os.environ, "PYTHONPATH": str(site)},
            capture_output=True,
            text=True,
            encoding="utf-8",
        )

    r = landsim_cli("init", "亩均评价2023.csv")
    assert r.returncode == 0, r.stderr
    assert "OK: the scenario is valid. Run it with:\n  landsim run 亩均评价2023.yaml" in r.stdout
    text = (work / "亩均评价2023.yaml").read_text(encoding="utf-8")
    assert 'extends: "landsim:xiaoshan_2024"' in text
    r = landsim_cli("run", "亩均评价2023.yaml", "-o", "out", "--no-xlsx")
    assert r.returncode == 0, r.stderr
    assert len(pd.read_csv(work / "out" / "parcels.csv", encoding="utf-8-sig")) == len(BUNDLED)
    inputs = json.loads((work / "out" / "manifest.json").read_text(encoding="utf-8"))["inputs"]
    programme = site / "landsim" / "programmes" / "xiaoshan_2024.yaml"
    read = [Path(i["path"]).resolve() for i in inputs[:2]]
    assert read == [(work / "亩均评价2023.yaml").resolve(), programme.resolve()]


def test_extends_names_a_scenario_file_or_a_bundled_programme(tmp_path, capsys):
    data = tmp_path / "d.csv"
    _office_export(data)
    assert main(["init", str(data), "--extends", str(DEFAULT)]) == 0
    assert "OK: the scenario is valid" in capsys.readouterr().out
    assert "# It runs the programme of xiaoshan_2024.yaml on your parcels." in (
        tmp_path / "d.yaml"
    ).read_text(encoding="utf-8")
    assert scenario_source(load_scenario(tmp_path / "d.yaml")).files[1] == DEFAULT
    for given, said in (
        ("landsim:xiaoshan_2042", "landsim bundles no programme landsim:xiaoshan_2042; bundled: "),
        (str(tmp_path / "nowhere.yaml"), "no such scenario file; give a scenario .yaml, or "),
    ):
        assert main(["init", str(data), "-o", str(tmp_path / "e.yaml"), "--extends", given]) == 2
        err = capsys.readouterr().err
        assert said in err and "Traceback" not in err
    assert not (tmp_path / "e.yaml").exists()


def test_platform_values_the_default_does_not_know_are_put_aside_and_marked(tmp_path, capsys):
    data = tmp_path / "own.csv"
    _office_export(data, platform=BUNDLED["platform"].replace({"其他镇街": "江东新城"}))
    assert main(["init", str(data)]) == 0
    said = capsys.readouterr().out
    assert "check: 1 platform value not among the base's platforms" in said and "江东新城" in said
    text = (tmp_path / "own.yaml").read_text(encoding="utf-8")
    assert 'aliases: ["其他", "江东新城"]' in text and "# check:" in text
    assert load_scenario(tmp_path / "own.yaml").platforms["other"].name.zh == "其他镇街"


def test_english_headers_in_a_workbook(tmp_path, capsys):
    data = tmp_path / "parcels.xlsx"
    p = BUNDLED
    pd.DataFrame(
        {
            "Parcel ID": p["parcel_id"],
            "Zone": p["platform"],
            "Area (ha)": p["area_mu"] / 15,
            "Sector": p["industry"],
            "Output value (yuan)": p["output"] * 1e4,
            "Tax (yuan)": p["tax"] * 1e4,
            "Value added (yuan)": p["value_added"] * 1e4,
            "Easting": p["x"],
            "Northing": p["y"],
        }
    ).to_excel(data, index=False)
    assert main(["init", str(data)]) == 0
    assert "OK: the scenario is valid" in capsys.readouterr().out
    scn = load_scenario(tmp_path / "parcels.yaml")
    assert (scn.inventory.units.area, scn.inventory.units.money) == ("ha", "yuan")
    assert scn.inventory.columns.area_mu == "Area (ha)"
    assert scn.inventory.adjacency.method == "points"


def test_a_workbook_with_headers_merged_over_two_rows_runs(tmp_path, capsys):
    # the usual government layout: 经济指标（万元） merged over 产值, 税收 and 增加值, the
    # other headers merged down both rows
    p = BUNDLED
    frame = pd.DataFrame(
        {
            "地块编号": p["parcel_id"],
            "所属平台": p["platform"],
            "用地面积（亩）": p["area_mu"],
            "所属行业": p["industry"],
            "产值": p["output"],
            "税收": p["tax"],
            "增加值": p["value_added"],
            "X坐标": p["x"],
            "Y坐标": p["y"],
        }
    )
    data = tmp_path / "亩均评价.xlsx"
    two_row_header(frame, {"经济指标（万元）": ["产值", "税收", "增加值"]}).save(data)
    assert main(["init", str(data)]) == 0
    said = capsys.readouterr().out
    assert "OK: the scenario is valid" in said and "Unnamed" not in said
    assert "the headers span rows 1–2 (merged cells)" in said
    text = (tmp_path / "亩均评价.yaml").read_text(encoding="utf-8")
    assert 'output: "产值（万元）"' in text and 'tax: "税收（万元）"' in text
    scn = load_scenario(tmp_path / "亩均评价.yaml")
    inv = load_inventory(scn.inventory, scn.platforms)
    assert inv.n == len(p) and inv.rows[0] == 3  # the sub-headers are no parcel
    assert inv.parcels["tax"].sum() == pytest.approx(p["tax"].sum())


@pytest.mark.filterwarnings("always::landsim.inventory.excel_merges.MergedCellsWarning")
def test_a_workbook_with_platforms_and_towns_merged_down_runs(tmp_path, capsys):
    # 所属平台 merged over each platform's parcels, 镇街 over each town's, as offices draw them
    p = BUNDLED.sort_values(["platform", "town"], kind="stable").reset_index(drop=True)
    frame = pd.DataFrame(
        {
            "地块编号": p["parcel_id"],
            "所属平台": p["platform"],
            "镇街": p["town"],
            "用地面积（亩）": p["area_mu"],
            "所属行业": p["industry"],
            "产值（万元）": p["output"],
            "税收（万元）": p["tax"],
            "X坐标": p["x"],
            "Y坐标": p["y"],
        }
    )
    data = tmp_path / "亩均评价.xlsx"
    frame.to_excel(data, index=False)
    import openpyxl

    book = openpyxl.load_workbook(data)
    platforms, towns = merge_runs(book.active, 2, 2), merge_runs(book.active, 3, 2)
    book.save(data)
    assert main(["init", str(data)]) == 0
    out, err = capsys.readouterr()
    assert "OK: the scenario is valid" in out
    said = (
        f"warning: 亩均评价.xlsx: cells merged down a column were read as their value in every "
        f"row they cover, as the sheet shows them: 所属平台 ({platforms} merged ranges over "
        f"{len(p):,} rows); 镇街 ({towns} merged ranges over {len(p):,} rows)"
    )
    assert err.count(said) == 1  # read twice (to propose, to check), said once
    scn = load_scenario(tmp_path / "亩均评价.yaml")
    inv = load_inventory(scn.inventory, scn.platforms)
    assert (inv.parcels["town"].astype(str) == p["town"]).all()
    assert inv.parcels.groupby("platform", observed=True).size().sum() == len(p)
    # a firm's output merged over two of its parcels: refused, and init says so
    book.active.merge_cells("F10:F11")
    book.save(data)
    assert main(["init", str(data), "--force"]) == 2
    out = capsys.readouterr().out
    assert "亩均评价.xlsx, row 10: output [产值（万元）]: merged down rows 10–11 (F10:F11)" in out


def test_a_totals_row_stops_init_and_run(tmp_path, capsys):
    data = tmp_path / "parcels.csv"
    BUNDLED.to_csv(data, index=False)
    with data.open("a", encoding="utf-8") as f:
        f.write(f"合计,,,{BUNDLED['area_mu'].sum()}\n")
    assert main(["init", str(data)]) == 2  # `landsim init X && landsim run X.yaml` stops
    said = capsys.readouterr().out
    row = len(BUNDLED) + 2
    assert f"parcels.csv, row {row}: parcel_id: looks like a totals row ('合计')" in said
    assert "max_area_mu" not in said and "fill x and y" not in said  # no wrong advice
    assert (tmp_path / "parcels.yaml").is_file()  # the draft is written all the same


def test_geojson_points_without_an_area_unit(tmp_path, capsys):
    p = BUNDLED.head(40)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [row.x, row.y]},
            "properties": {
                "地块编号": row.parcel_id,
                "平台": row.platform,
                "面积": row.area_mu,
                "行业": row.industry,
                "产值": row.output,
                "税收": row.tax,
            },
        }
        for row in p.itertuples()
    ]
    data = tmp_path / "points.geojson"
    data.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    assert main(["init", str(data)]) == 0
    said = capsys.readouterr().out
    assert "check: no unit in the header '面积'; read as mu" in said
    assert "check: no money unit in the headers; 万元 assumed" in said
    assert load_scenario(tmp_path / "points.yaml").inventory.adjacency.method == "points"


def test_a_big5_file_is_read_as_big5(tmp_path, capsys):
    data = tmp_path / "big5.csv"
    rows = "".join(f"P{i},開發區,{10 + i},紡織,{3000 + i},{15 + i}\n" for i in range(5))
    data.write_bytes(
        ("地塊編號,所屬平台,用地面積（畝）,行業,產值（萬元）,稅收（萬元）\n" + rows).encode("big5")
    )
    assert main(["init", str(data)]) == 0
    said = capsys.readouterr().out
    assert "encoding big5 (detected: read as gb18030, the headers are garbled)" in said
    scn = load_scenario(tmp_path / "big5.yaml")
    assert scn.inventory.encoding == "big5" and scn.inventory.columns.parcel_id == "地塊編號"
    assert scn.inventory.units.area == "亩" and scn.inventory.adjacency.method == "none"


def test_what_is_left_to_decide_is_listed(tmp_path, capsys):
    data = tmp_path / "rough.csv"
    data.write_text(
        "地块编号,所属平台,用地面积（亩）,行业,产值（万元）,税收（万元）\n"
        "P1,开发区,约30,纺织,3000,15\nP2,开发区,20,纺织,1200,8\n",
        encoding="utf-8",
    )
    # init && run must stop at init: the problems would stop the run (the scenario is
    # written all the same, to be corrected)
    assert main(["init", str(data)]) == 2
    said = capsys.readouterr().out
    assert "check: 1 cells are approximate (e.g. '约30')" in said
    assert "Still to decide before a first run" in said
    assert "rough.csv, row 2 (parcel P1): area_mu [用地面积（亩）]: '约30'" in said
    assert "rough.yaml was written; correct it" in said
    assert load_scenario(tmp_path / "rough.yaml").inventory.columns.area_mu == "用地面积（亩）"


def test_nothing_is_written_for_a_file_without_rows_or_over_an_existing_scenario(tmp_path, capsys):
    empty = tmp_path / "empty.csv"
    empty.write_text("地块编号,所属平台,用地面积（亩）\n", encoding="utf-8")
    assert main(["init", str(empty)]) == 2
    assert "it has headers but no rows" in capsys.readouterr().err
    assert not (tmp_path / "empty.yaml").exists()
    data = tmp_path / "d.csv"
    _office_export(data)
    (tmp_path / "d.yaml").write_text("# mine\n", encoding="utf-8")
    assert main(["init", str(data)]) == 2
    assert "--force" in capsys.readouterr().err
    assert (tmp_path / "d.yaml").read_text(encoding="utf-8") == "# mine\n"
    assert main(["init", str(data), "--force"]) == 0


def test_init_never_writes_over_its_parcel_file_or_a_file_that_is_not_a_scenario(tmp_path, capsys):
    data = tmp_path / "d.csv"
    _office_export(data)
    original = data.read_bytes()
    notes = tmp_path / "notes.txt"
    notes.write_text("precious notes\n", encoding="utf-8")
    for out, said in (
        (data, "which init reads"),  # -o FILE --force replaced the inventory with YAML
        (notes, "not a scenario (.yaml) file"),
        (tmp_path, "is a folder"),
    ):
        assert main(["init", str(data), "-o", str(out), "--force"]) == 2
        err = capsys.readouterr().err
        assert said in err and "Traceback" not in err
    assert data.read_bytes() == original
    assert notes.read_text(encoding="utf-8") == "precious notes\n"


@pytest.mark.parametrize(
    ("header", "column", "unit"),
    [
        ("用地面积（亩）", "area_mu", "亩"),
        ("占地面积(㎡)", "area_mu", "m2"),
        ("宗地面积/公顷", "area_mu", "公顷"),
        ("工业总产值（亿元）", "output", "亿元"),
        ("实缴税金_元", "tax", "元"),
        ("稅收（萬元）", "tax", "万元"),
        ("状态", "status", None),
        ("X坐标", "x", None),
        ("面积亩", "area_mu", "亩"),  # a unit glued on, without brackets
        ("用地面积平方米", "area_mu", "平方米"),
        ("产值万元", "output", "万元"),
        ("用电量（兆瓦时）", "electricity", "兆瓦时"),  # 兆瓦时 is MWh
        ("用电量万千瓦时", "electricity", "万千瓦时"),  # not 千瓦时 under a name 用电量万
        ("用地面积万平方米", "area_mu", "万平方米"),
        ("用地面积（万平米）", "area_mu", "万平方米"),
        ("产值百万元", "output", "百万元"),
        ("用电量（亿千瓦时）", "electricity", "亿千瓦时"),
        ("宗地面积（hm²）", "area_mu", "hm2"),
        ("Floor area ratio", "far", None),
        ("Parcel ID", "parcel_id", None),
    ],
)
def test_headers_are_recognized_with_their_units(header, column, unit):
    m = match(header)
    assert m is not None and (m.column, m.unit) == (column, unit)


@pytest.mark.parametrize(
    "header", ["亩均税收（万元/亩）", "亩均税收万元", "建筑面积（㎡）", "企业名称", "亩均效益得分"]
)
def test_per_mu_figures_scores_and_floor_areas_are_not_columns(header):
    assert match(header) is None


def test_exact_names_win_over_contained_ones():
    found = propose(["亩均产值", "工业产值合计", "产值（万元）"])
    assert found["output"].header == "产值（万元）"
    assert split_unit("产值（美元）") == ("产值", "美元")
    assert match("产值（美元）").unknown_unit == "美元"


@pytest.mark.parametrize("header", ["rd_spending", "RD_SPENDING", "area_mu", "parcel_id"])
def test_a_columns_own_name_is_not_split_at_its_underscore(header):
    """init said "the header 'rd_spending' names the unit 'spending', which landsim
    cannot convert" on a file headed with landsim's own column names."""
    m = match(header)
    assert m is not None and m.column == header.lower() and m.unknown_unit == ""


def test_polygons_get_the_bundled_scenarios_bridge_gap_across_roads(tmp_path, capsys):
    """Polygons end at the road: without a bridge gap no project is assembled across one."""
    pytest.importorskip("pyogrio")
    from landsim.inventory.prepare import prepare
    from landsim.synthetic.xiaoshan import BRIDGE_GAP_M
    from tests import gis_helpers as gh

    shp = gh.write(tmp_path / "地块.shp", gh.polygons_4549(), "EPSG:4549", encoding="GBK")
    assert main(["init", str(shp)]) == 0
    said = capsys.readouterr().out
    assert f"adjacency: polygons, bridging roads up to {BRIDGE_GAP_M:g} m" in said
    text = (tmp_path / "地块.yaml").read_text(encoding="utf-8")
    assert f"adjacency: {{method: polygons, bridge_gap_m: {BRIDGE_GAP_M:g}}}" in text
    assert "# check: bridge_gap_m: parcels facing each other across a road" in text
    prepared = prepare(tmp_path / "地块.yaml")
    ids = list(prepared.inventory.parcels["parcel_id"])
    i, j = np.nonzero(np.triu(prepared.bridges.toarray()))
    assert [(ids[a], ids[b]) for a, b in zip(i, j, strict=True)] == [("P3", "P6")]  # 40 m road
    # a base without a project that bridges roads gets no bridge gap
    out = tmp_path / "tiny.yaml"
    assert main(["init", str(shp), "-o", str(out), "--extends", str(gh.TINY)]) == 0
    assert load_scenario(out).inventory.adjacency.bridge_gap_m is None
    assert "bridge_gap_m" not in out.read_text(encoding="utf-8")


def test_init_then_run_on_the_bundled_geopackage_gives_the_readmes_contiguous_area(
    tmp_path, capsys
):
    """README: worst-first leaves "only 133 mu … in clusters" in 2024; init's draft agrees."""
    import re

    pytest.importorskip("pyogrio")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    said = int(re.search(r"only (\d+) mu lie in clusters", readme)[1])
    gpkg = shutil.copy(ROOT / "data" / "xiaoshan_synthetic.gpkg", tmp_path)
    assert main(["init", str(gpkg)]) == 0
    assert main(["run", str(tmp_path / "xiaoshan_synthetic.yaml"), "-o", str(tmp_path / "r")]) == 0
    long = pd.read_csv(tmp_path / "r" / "long.csv", encoding="utf-8-sig")
    mask = (long["variable"] == "area|contiguous") & (long["platform"] == "district")
    assert round(long.loc[mask & (long["year"] == 2024), "value"].item()) == said
