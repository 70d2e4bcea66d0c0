from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from landsim.inventory import load_inventory
from landsim.inventory.prepare import prepare
from landsim.scenario import load_scenario
from landsim.units import M2_PER_MU
from tests.conftest import TINY
from tests.excel_helpers import merge_runs, two_row_header

CHINESE_HEADERS = (
    "地块编号,所属平台,镇街,用地面积（平方米）,容积率,状态,行业,规上规下,产值（亿元）,税收（万元）,"
    "增加值（万元）\n"
    'ZJ-001,甲区,瓜沥镇,"6,666.7",0.8,在产,纺织,规下,0.3,15,600\n'
    "ZJ-002,乙,衙前镇,13333.4,1.2,闲置,纺织,规下,—,—,—\n"
    "ZJ-003,a,衙前镇,20000,１.5,在产,机械,规上,1.5,300,\n"
)
MAPPING = {
    "parcel_id": "地块编号",
    "platform": "所属平台",
    "town": "镇街",
    "area_mu": "用地面积(平方米)",
    "far": "容积率",
    "status": "状态",
    "industry": "行业",
    "size_class": "规上规下",
    "output": "产值（亿元）",
    "tax": "税收（万元）",
    "value_added": "增加值（万元）",
}


def _load(path, **inventory):
    scn = load_scenario(TINY, overrides={"inventory": {"path": str(path), **inventory}})
    return load_inventory(scn.inventory, scn.platforms)


def test_gb18030_csv_with_chinese_headers_and_mapping(tmp_path):
    path = tmp_path / "地块.csv"
    path.write_bytes(CHINESE_HEADERS.encode("gb18030"))
    inv = _load(
        path,
        columns=MAPPING,
        units={"area": "平方米", "columns": {"output": "亿元"}},
        thousands=",",  # the declared rules for "6,666.7" and "１.5"
        fullwidth_digits=True,
    )
    assert inv.encoding == "gb18030"
    p = inv.parcels
    assert list(p["parcel_id"]) == ["ZJ-001", "ZJ-002", "ZJ-003"]
    assert list(p["platform"]) == ["a", "b", "a"]  # name, alias and id all map to ids
    np.testing.assert_allclose(p["area_mu"], [6666.7 / M2_PER_MU, 13333.4 / M2_PER_MU, 30.0])
    np.testing.assert_allclose(p["output"], [3000.0, 0.0, 15000.0])  # 亿元 → 万元; idle → 0
    assert list(p["status"]) == ["operating", "idle", "operating"]
    assert list(p["size_class"]) == ["below", "below", "above"]
    assert p["far"].iloc[2] == 1.5  # full-width digit
    assert np.isnan(p["value_added"].iloc[2])  # missing stays missing, never zero
    assert inv.headers["area_mu"] == "用地面积（平方米）"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_unicode_encodings_are_detected(tmp_path, encoding):
    path = tmp_path / "p.csv"
    text = CHINESE_HEADERS if encoding != "utf-16" else CHINESE_HEADERS.replace(",", "\t")
    if encoding == "utf-16":
        text = text.replace('"6\t666.7"', "6666.7")
    path.write_bytes(text.encode(encoding))
    inv = _load(
        path,
        columns=MAPPING,
        units={"area": "m2", "columns": {"output": "yi_yuan"}},
        thousands=",",
        fullwidth_digits=True,
    )
    assert inv.n == 3
    assert inv.parcels["area_mu"].iloc[2] == pytest.approx(30.0)


def test_excel_with_title_rows(tmp_path):
    path = tmp_path / "亩均评价 2023.xlsx"
    frame = pd.read_csv(TINY.parent / "parcels.csv")
    with pd.ExcelWriter(path) as xl:
        pd.DataFrame([["萧山区2023年亩均效益评价结果"]]).to_excel(xl, index=False, header=False)
        frame.to_excel(xl, index=False, startrow=2)
    inv = _load(path, header_row=3)
    assert inv.n == 6
    assert list(inv.rows) == [4, 5, 6, 7, 8, 9]
    assert inv.parcels["tax"].sum() == pytest.approx(frame["tax"].sum())


def test_excel_title_row_date_and_empty_cells_say_what_to_do(tmp_path):
    import datetime

    from landsim.errors import InputError

    path = tmp_path / "评价.xlsx"
    frame = pd.read_csv(TINY.parent / "parcels.csv").astype(object)
    frame.loc[1, "area_mu"] = datetime.datetime(2023, 5, 1)  # Excel made it a date
    frame.loc[0, "output"] = None  # empty, or an error cell (pandas reads both as empty)
    with pd.ExcelWriter(path) as xl:
        pd.DataFrame([["萧山区2023年亩均效益评价结果"]]).to_excel(xl, index=False, header=False)
        frame.to_excel(xl, index=False, startrow=2)
    with pytest.raises(InputError) as info:
        _load(path)  # the title row read as headers
    assert "looks like a title ('萧山区2023年亩均效益评价结果')" in str(info.value)
    assert "inventory.header_row" in str(info.value)
    with pytest.raises(InputError) as info:
        _load(path, header_row=3)
    messages = [p.message for p in info.value.problems]
    assert "a date (2023-05-01), not a number; format the cell as a number in Excel" in messages
    assert any(m.startswith("empty (or a formula without a saved value)") for m in messages)


def test_excel_error_cells_in_columns_read_are_refused_with_their_place(tmp_path):
    import openpyxl

    from landsim.errors import InputError

    frame = pd.read_csv(TINY.parent / "parcels.csv")
    path = tmp_path / "评价.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([*frame.columns, "亩均税收"])  # a column of the sheet's own, not read
    for row in frame.itertuples(index=False):
        sheet.append([None if v != v else v for v in row] + [1.5])
    for column, row, error in ((9, 3, "#DIV/0!"), (len(frame.columns) + 1, 4, "#REF!")):
        cell = sheet.cell(row=row, column=column)
        cell.value, cell.data_type = error, "e"
    book.save(path)
    with pytest.raises(InputError) as info:
        _load(path)
    (problem,) = info.value.problems  # the error in the unused column is no problem
    assert (problem.where, problem.field) == ("评价.xlsx, row 3", "tax")
    assert "Excel error #DIV/0!; correct its formula" in problem.message
    from landsim.inventory.excel_cells import _has_errors

    assert all(_has_errors(path, chunk) for chunk in (1, 2, 5, 64))  # a mark across chunks
    sheet.cell(row=3, column=9).value = 200  # fixed: the file loads
    book.save(path)
    assert _load(path).n == len(frame)


def test_excel_headers_merged_over_two_rows_are_read_as_drawn(tmp_path):
    # the usual government layout: 经济指标（万元） merged over output and tax, the other
    # headers merged down both rows, a title merged across above them
    frame = pd.read_csv(TINY.parent / "parcels.csv")
    groups = {"经济指标（万元）": ["output", "tax"], "其他": ["value_added", "x"]}
    path = tmp_path / "评价.xlsx"
    two_row_header(frame, groups, title="萧山区2023年亩均效益评价结果").save(path)
    inv = _load(path, header_row=2, columns={"output": "output（万元）", "tax": "tax（万元）"})
    # each column under a group is named by its own cell, with the group's unit
    assert inv.headers["output"] == "output（万元）" and inv.headers["value_added"] == "value_added"
    assert list(inv.rows) == [4, 5, 6, 7, 8, 9]  # the rows as Excel numbers them
    plain = _load(TINY.parent / "parcels.csv")
    pd.testing.assert_frame_equal(inv.parcels, plain.parcels)


def test_a_group_over_sub_headers_is_told_from_a_header_over_two_columns_of_data(tmp_path):
    import openpyxl

    frame = pd.read_csv(TINY.parent / "parcels.csv")
    # a group over its sub-headers, the other headers in the top row, not merged down
    book = two_row_header(frame, {"经济指标": ["output", "tax"]})
    for merged in [str(m) for m in book.active.merged_cells.ranges if m.min_row != m.max_row]:
        book.active.unmerge_cells(merged)
    path = tmp_path / "grouped.xlsx"
    book.save(path)
    inv = _load(path)
    assert inv.n == 6 and inv.rows[0] == 3 and inv.parcels["tax"].sum() == 915
    # 备注 merged over two columns of notes: a header of one row, read as before
    frame = frame.assign(备注="在产", note2="租赁")
    frame.to_excel(path, index=False)
    book = openpyxl.load_workbook(path)
    book.active["N1"] = None
    book.active.merge_cells("M1:N1")
    book.save(path)
    inv = _load(path)
    assert inv.n == 6 and inv.rows[0] == 2
    assert inv.file_headers[-2:] == ("备注", "(column N: no header)")


@pytest.mark.parametrize(
    ("layout", "header_row", "message"),
    [
        (
            "three rows",
            1,
            "the headers span rows 1–3 (merged cells, e.g. A1:A3): put one header per "
            "column in one row",
        ),
        (
            "two rows",
            2,
            "row 2 is the lower part of headers merged from row 1 (A1:A2): set "
            "inventory.header_row: 1",
        ),
        (
            "one name twice",
            1,
            "the headers span rows 1–2 (merged cells), and output, tax each name more "
            "than one column: put one header per column in one row, each name once "
            "(e.g. 2023年产值)",
        ),
    ],
)
def test_headers_merged_otherwise_are_refused_with_what_to_do(
    tmp_path, layout, header_row, message
):
    from landsim.errors import InputError

    frame = pd.read_csv(TINY.parent / "parcels.csv")
    groups = {}
    if layout == "one name twice":  # output and tax under 2022年, and again under 2023年
        frame = frame.iloc[:, :9].assign(output_2023=frame["output"], tax_2023=frame["tax"])
        groups = {"2022年": ["output", "tax"], "2023年": ["output_2023", "tax_2023"]}
    book = two_row_header(frame, groups)
    ws = book.active
    if layout == "three rows":
        ws.unmerge_cells("A1:A2")
        ws.merge_cells("A1:A3")
    if layout == "one name twice":
        ws["J2"], ws["K2"] = "output", "tax"
    path = tmp_path / "评价.xlsx"
    book.save(path)
    with pytest.raises(InputError) as info:
        _load(path, header_row=header_row)
    (problem,) = info.value.problems
    assert (problem.where, problem.field) == (
        f"评价.xlsx, row {header_row}",
        "inventory.header_row",
    )
    assert problem.message == message


@pytest.mark.parametrize(
    ("suffix", "named"), [(".csv", "(column 4: no header)"), (".xlsx", "(column D: no header)")]
)
def test_a_column_without_a_header_is_named_by_its_place(tmp_path, suffix, named):
    from landsim.errors import InputError

    frame = pd.read_csv(TINY.parent / "parcels.csv").rename(columns={"area_mu": ""})
    path = tmp_path / f"p{suffix}"
    frame.to_csv(path, index=False) if suffix == ".csv" else frame.to_excel(path, index=False)
    with pytest.raises(InputError) as info:
        _load(path)
    (problem,) = info.value.problems
    assert problem.field == "area_mu" and f"town, {named}, far" in problem.message
    assert "Unnamed" not in problem.message  # pandas' name for it told a user nothing


def test_a_totals_row_in_a_workbook_is_named_not_read_as_a_parcel(tmp_path):
    from landsim.errors import InputError

    frame = pd.read_csv(TINY.parent / "parcels.csv")
    frame.insert(0, "序号", range(1, 7))
    total = {"序号": "合  计", "area_mu": frame["area_mu"].sum(), "output": frame["output"].sum()}
    frame = pd.concat([frame, pd.DataFrame([total])], ignore_index=True)
    path = tmp_path / "评价.xlsx"
    frame.to_excel(path, index=False)
    with pytest.raises(InputError) as info:
        _load(path)
    # one problem, not an empty id, platform and industry and an implausible area
    assert [str(p) for p in info.value.problems] == [
        "评价.xlsx, row 8: 序号: looks like a totals row ('合  计'), not a parcel: delete it "
        "from the file (landsim adds up the parcels itself)"
    ]
    frame.iloc[:-1].to_excel(path, index=False)
    assert _load(path).n == 6


def _tiny_workbook(path, frame=None):
    """The tiny inventory as a workbook (openpyxl, saved), to merge its cells."""
    import openpyxl

    (pd.read_csv(TINY.parent / "parcels.csv") if frame is None else frame).to_excel(
        path, index=False
    )
    return openpyxl.load_workbook(path)


def test_a_platform_merged_down_loads_like_the_unmerged_file(tmp_path):
    import warnings

    from landsim.inventory.excel_merges import MergedCellsWarning

    plain = tmp_path / "plain.xlsx"
    _tiny_workbook(plain)
    with warnings.catch_warnings():
        warnings.simplefilter("error", MergedCellsWarning)  # no merges: nothing said
        unmerged = _load(plain)
    pd.testing.assert_frame_equal(unmerged.parcels, _load(TINY.parent / "parcels.csv").parcels)
    # 所属平台 and 镇街 merged over each platform's parcels, 行业 over a group, as offices
    # draw them; and over a blank row inside the first platform's block, which is no parcel
    frame = pd.read_csv(TINY.parent / "parcels.csv")
    blank = frame.iloc[[1], :].map(lambda v: None).assign(platform="a", town="t1")
    frame = pd.concat([frame.iloc[:2], blank.assign(industry="textiles"), frame.iloc[2:]])
    path = tmp_path / "merged.xlsx"
    book = _tiny_workbook(path, frame)
    ws = book.active
    assert [merge_runs(ws, column, 2) for column in (2, 3, 7)] == [2, 2, 1]
    assert {str(m) for m in ws.merged_cells.ranges} == {"B2:B5", "B6:B8", "C2:C5", "C6:C8", "G2:G5"}
    book.save(path)  # row 4 is now blank: a merged range keeps only its top-left value
    said = r"merged.xlsx: cells merged down a column were read as their value in every row"
    with pytest.warns(MergedCellsWarning, match=said) as caught:
        merged = _load(path)
    (warning,) = caught
    assert str(warning.message).endswith(
        "as the sheet shows them: platform (2 merged ranges over 6 rows); town (2 merged ranges "
        "over 6 rows); industry (1 merged range over 3 rows)"
    )
    pd.testing.assert_frame_equal(merged.parcels, unmerged.parcels)
    assert list(merged.rows) == [2, 3, 5, 6, 7, 8]


@pytest.mark.parametrize(
    ("merge", "field", "message"),
    [
        (
            "H5:H7",
            "output",
            "merged down rows 5–7 (H5:H7): one figure (15000) for 3 parcels, which read in "
            "every row would be counted 3 times. Write each parcel's own figure (split a "
            "firm's figure over its parcels, e.g. by area), or put the firm's land in one row",
        ),
        (
            "K2:K3",
            "x",
            "merged down rows 2–3 (K2:K3): every parcel has its own coordinates; unmerge the "
            "cells and write each parcel's coordinates",
        ),
        (
            "H6:I6",
            "output",
            "cells H6:I6 are merged across columns (output, tax) and show 1200: a parcel "
            "table has one value per cell. Unmerge them and write each column's own value; "
            "a heading over a group of parcels goes in a column of its own, filled in on "
            "every parcel's row",
        ),
    ],
)
def test_numbers_merged_down_and_cells_merged_across_are_refused(tmp_path, merge, field, message):
    from landsim.errors import InputError

    path = tmp_path / "评价.xlsx"
    book = _tiny_workbook(path)
    book.active.merge_cells(merge)
    book.save(path)
    with pytest.raises(InputError) as info:
        _load(path)
    (problem,) = info.value.problems  # not an empty output in each row under it
    row = merge[1 : merge.index(":")]
    assert (problem.where, problem.field) == (f"评价.xlsx, row {row}", field)
    assert problem.message.replace("'1200'", "1200") == message
    assert info.value.summary.endswith("1 range of merged cells that cannot be read")


def test_far_notes_empty_cells_and_ids_merged_down_are_read_as_the_sheet_shows(tmp_path):
    import warnings

    from landsim.errors import InputError
    from landsim.inventory.excel_merges import MergedCellsWarning

    frame = pd.read_csv(TINY.parent / "parcels.csv").assign(备注=["租赁", None, None, "", "", ""])
    frame.loc[4:5, "far"] = 0.9  # one firm's FAR, on both its parcels
    path = tmp_path / "评价.xlsx"
    book = _tiny_workbook(path, frame)
    ws = book.active
    ws.merge_cells("H4:I4")  # the idle parcel's empty output and tax
    ws.merge_cells("M3:M4")  # notes, which the scenario does not read
    ws.merge_cells("E6:E7")
    book.save(path)
    with pytest.warns(MergedCellsWarning, match=r"far \(1 merged range over 2 rows\)"):
        inv = _load(path)
    assert inv.parcels["far"].tolist() == [0.8, 1.2, 0.6, 1.5, 0.9, 0.9]
    assert inv.parcels.loc[2, ["output", "tax"]].tolist() == [0.0, 0.0]
    book.active.unmerge_cells("E6:E7")
    book.active.merge_cells("A2:A3")  # one id for two parcels: a duplicate id
    book.save(path)
    with warnings.catch_warnings(), pytest.raises(InputError) as info:
        warnings.simplefilter("ignore", MergedCellsWarning)
        _load(path)
    assert [str(p) for p in info.value.problems] == [
        "评价.xlsx, row 3: parcel_id: duplicate parcel id 'P1' (rows 2, 3); ids must be unique"
    ]


def test_a_note_and_a_totals_row_merged_across_below_the_parcels_are_named(tmp_path):
    from landsim.errors import InputError

    frame = pd.read_csv(TINY.parent / "parcels.csv")
    frame.insert(0, "序号", range(1, 7))
    frame = pd.concat(
        [frame, pd.DataFrame([{"序号": "合计", "area_mu": frame["area_mu"].sum()}])],
        ignore_index=True,
    )
    path = tmp_path / "评价.xlsx"
    book = _tiny_workbook(path, frame)
    ws = book.active
    ws.merge_cells("A8:C8")  # 合计 over 序号, parcel_id and platform
    ws["A9"] = "注：面积单位为亩，产值、税收单位为万元。"
    ws.merge_cells("A9:M9")
    book.save(path)
    with pytest.raises(InputError) as info:
        _load(path)
    (note,) = info.value.problems  # the totals row is named on load, once the note is gone
    assert str(note) == (
        "评价.xlsx, row 9: 序号: looks like a note below the parcels ('注：面积单位为亩，产值、"
        "税收单位为万元。', merged over A9:M9), not a parcel: delete it from the file, or "
        "move it to another sheet"
    )
    ws.unmerge_cells("A9:M9")
    ws.delete_rows(9)
    book.save(path)
    with pytest.raises(InputError) as info:
        _load(path)
    (total,) = info.value.problems
    assert total.where == "评价.xlsx, row 8"
    assert total.message.startswith("looks like a totals row ('合计')")


def test_ids_excel_kept_as_numbers_are_told_apart_from_unknown_ids(tmp_path):
    from landsim.errors import InputError

    frame = pd.read_csv(TINY.parent / "parcels.csv")
    frame["parcel_id"] = range(1, 7)  # typed 000001 in Excel, kept as the number 1
    inventory = tmp_path / "parcels.xlsx"
    frame.to_excel(inventory, index=False)
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("parcel_id,neighbour_id\n000001,000002\n000002,000003\n000004,9\n")
    adjacency = {"method": "table", "path": str(pairs)}
    scn = load_scenario(
        TINY, overrides={"inventory": {"path": str(inventory), "adjacency": adjacency}}
    )
    with pytest.raises(InputError) as info:
        prepare(scn)
    zeros, unknown = info.value.problems
    assert (zeros.where, zeros.field) == ("pairs.csv, row 2", "parcel_id")
    assert zeros.message.startswith(
        "5 ids in the neighbour table match the inventory's only once leading zeros are "
        "dropped: the inventory's ids read as numbers (1, 2, 4, …) while the neighbour "
        "table has '000001'. Excel keeps ids typed as numbers without their zeros: format "
        "the id column of parcels.xlsx as text"
    )
    assert str(unknown) == "pairs.csv, row 4: neighbour_id: parcel '9' is not in the inventory"
    # the other way round: the table lost the zeros
    frame["parcel_id"] = [f"{i:04d}" for i in range(1, 7)]
    frame.to_csv(tmp_path / "parcels.csv", index=False)
    pairs.write_text("parcel_id,neighbour_id\n1,2\n")
    scn = load_scenario(
        TINY,
        overrides={"inventory": {"path": str(tmp_path / "parcels.csv"), "adjacency": adjacency}},
    )
    with pytest.raises(InputError) as info:
        prepare(scn)
    (zeros,) = info.value.problems
    assert "the neighbour table has '1' while the inventory has '0001'" in zeros.message


def test_parquet(tmp_path):
    path = tmp_path / "p.parquet"
    pd.read_csv(TINY.parent / "parcels.csv").to_parquet(path)
    assert _load(path).n == 6


def _square(x, y, s):
    return [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]]


def test_geojson_polygons_give_area_and_centroid(tmp_path):
    feats = [
        {
            "type": "Feature",
            "properties": {
                "parcel_id": "G1",
                "platform": "a",
                "industry": "x",
                "output": 100,
                "tax": 1,
            },
            "geometry": {"type": "Polygon", "coordinates": _square(0, 0, 100)},
        },
        {
            "type": "Feature",
            "properties": {
                "parcel_id": "G2",
                "platform": "b",
                "industry": "x",
                "output": 100,
                "tax": 1,
            },
            # a 100 m square with a 20 m square hole, as a MultiPolygon
            "geometry": {
                "type": "MultiPolygon",
                "coordinates": [[_square(200, 0, 100)[0], _square(240, 40, 20)[0][::-1]]],
            },
        },
    ]
    path = tmp_path / "p.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}), encoding="utf-8")
    inv = _load(path)
    np.testing.assert_allclose(inv.parcels["area_mu"], [10000 / M2_PER_MU, 9600 / M2_PER_MU])
    np.testing.assert_allclose(inv.parcels[["x", "y"]].to_numpy(), [[50, 50], [250, 50]])
    assert inv.geometry is not None and inv.geometry.kind == "polygon"


def test_geojson_points(tmp_path):
    feats = [
        {
            "type": "Feature",
            "properties": {
                "parcel_id": f"Q{i}",
                "platform": "a",
                "industry": "x",
                "area_mu": 5,
                "output": 10,
                "tax": 1,
            },
            "geometry": {"type": "Point", "coordinates": [i * 100.0, 7.0]},
        }
        for i in range(3)
    ]
    path = tmp_path / "p.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}), encoding="utf-8")
    inv = _load(path)
    assert list(inv.parcels["x"]) == [0.0, 100.0, 200.0]
    assert inv.geometry.kind == "point"


def test_lonlat_is_projected_to_metres(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        "parcel_id,platform,area_mu,industry,output,tax,x,y\n"
        "A,a,10,x,10,1,120.000,30.0\nB,a,10,x,10,1,120.001,30.0\n"
        "C,a,10,x,10,1,120.000,30.001\n",
        encoding="utf-8",
    )
    inv = _load(path, coordinates="lonlat")
    xy = inv.parcels[["x", "y"]].to_numpy()
    # on the CGCS2000 ellipsoid at 30°N: 0.001° of longitude is 96.49 m, of latitude 110.85 m
    assert np.hypot(*(xy[1] - xy[0])) == pytest.approx(96.49, abs=0.02)
    assert np.hypot(*(xy[2] - xy[0])) == pytest.approx(110.85, abs=0.02)
    assert inv.crs == "EPSG:4549" and inv.source_crs == "EPSG:4490"


def test_chinese_folder_and_file_names_with_spaces(tmp_path):
    folder = tmp_path / "萧山 区" / "地块 数据"
    folder.mkdir(parents=True)
    (folder / "地块 清单.csv").write_bytes((TINY.parent / "parcels.csv").read_bytes())
    scenario = tmp_path / "萧山 区" / "场景 2024.yaml"
    scenario.write_text(
        f"extends: {TINY.as_posix()}\ninventory: {{path: 地块 数据/地块 清单.csv}}\n",
        encoding="utf-8",
    )
    prepared = prepare(scenario)
    assert prepared.inventory.n == 6
    assert prepared.scenario.name == "场景 2024"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.xlsx", b"PK\x03\x04 not a workbook", "not a readable .xlsx file"),
        ("broken.parquet", b"PAR1 not parquet", "cannot read the Parquet file"),
    ],
)
def test_corrupt_binary_files_are_clear_errors(tmp_path, name, content, message):
    from landsim.errors import InputError

    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        _load(path)
    assert message in info.value.render()


def test_output_folder_that_cannot_be_written(tmp_path, capsys):
    from landsim.cli import main

    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["run", str(TINY), "-o", str(blocker / "sub" / "run"), "--no-xlsx"]) == 2
    err = capsys.readouterr().err
    assert "error:" in err and "Traceback" not in err


def test_restrictions_that_match_no_parcel_are_refused():
    # a mistyped id protected nothing, and validate said OK
    from landsim.errors import InputError

    scenario = load_scenario(
        TINY, overrides={"restrictions": {"parcel_ids": ["P1", "P11"], "towns": ["Atlantis"]}}
    )
    with pytest.raises(InputError) as err:
        prepare(scenario)
    lines = [str(p) for p in err.value.problems]
    assert len(lines) == 2
    assert "restrictions.parcel_ids[1]: no parcel has parcel id 'P11'" in lines[0]
    assert "did you mean 'P1'?" in lines[0]
    assert "restrictions.towns[0]: no parcel has town 'Atlantis'" in lines[1]


def test_load_inventory_takes_a_scenario_as_a_notebook_user_would_pass_it():
    """``landsim.load_inventory("x.yaml")`` failed with an AttributeError traceback."""
    import landsim
    from tests.conftest import ROOT

    path = ROOT / "scenarios" / "xiaoshan_2024_csv.yaml"
    by_path = landsim.load_inventory(str(path))
    by_scenario = landsim.load_inventory(landsim.load_scenario(path))
    assert by_path.n == by_scenario.n == 8088
    assert set(by_path.parcels["platform"].astype(str)) <= {
        "qianjiang",
        "airport",
        "etdz",
        "xianghu",
        "other",
    }
    with pytest.raises(TypeError, match="landsim init FILE"):
        landsim.load_inventory(ROOT / "no-such-parcels.csv")


FOOTER = ("填表人：张三", "审核人：李四", "制表日期：2024年3月", "备注：面积单位为亩")


def test_notes_below_a_sheet_are_left_out_with_one_warning_naming_them(tmp_path):
    import warnings

    from landsim.inventory.footer import FooterWarning

    path = tmp_path / "评价.xlsx"
    book = _tiny_workbook(path)
    ws = book.active
    for k, text in enumerate(FOOTER):  # a blank row 8, then the notes in column A
        ws.cell(9 + k, 1, text)
    book.save(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        inv = _load(path)
    (warning,) = (w for w in caught if issubclass(w.category, FooterWarning))
    assert str(warning.message) == (
        "评价.xlsx, rows 9–12: read as notes below the table, not as parcels, and left out "
        "(row 9: '填表人：张三'; row 10: '审核人：李四'; row 11: '制表日期：2024年3月'; "
        "row 12: '备注：面积单位为亩'). If one of them is a parcel, write its values in full; "
        "otherwise delete them from the file, or move them to another sheet"
    )
    pd.testing.assert_frame_equal(inv.parcels, _load(TINY.parent / "parcels.csv").parcels)
    assert list(inv.rows) == [2, 3, 4, 5, 6, 7]


@pytest.mark.parametrize(
    "tail",
    [
        "填表人：,张三,,,,,审核人：,李四,,,,\n",  # the names in cells of their own
        ",,,,,,,,,,,\n张三\n",  # a name alone, unlike any id
    ],
)
def test_notes_below_a_csv_are_left_out(tmp_path, tail):
    from landsim.inventory.footer import FooterWarning

    path = tmp_path / "地块.csv"
    path.write_bytes(((TINY.parent / "parcels.csv").read_text() + tail).encode("gb18030"))
    with pytest.warns(FooterWarning, match=r"地块.csv, row (8|9): read as notes below the table"):
        assert _load(path, encoding="gb18030").n == 6


@pytest.mark.parametrize(
    ("tail", "fields"),
    [
        ("P7,a,t1,,,,,,,,,\n填表人：张三\n", ["area_mu", "industry", "output", "tax", "x"]),
        ("P7\n", ["platform", "area_mu", "industry", "output", "tax", "x"]),  # an id alone
    ],
)
def test_a_parcel_with_missing_values_at_the_end_is_never_left_out(tmp_path, tail, fields):
    import warnings

    from landsim.errors import InputError

    path = tmp_path / "p.csv"
    path.write_text((TINY.parent / "parcels.csv").read_text() + tail, encoding="utf-8")
    with warnings.catch_warnings(), pytest.raises(InputError) as info:
        warnings.simplefilter("ignore")
        _load(path)
    problems = info.value.problems
    assert {p.where for p in problems} == {"p.csv, row 8 (parcel P7)"}
    assert [p.field for p in problems] == fields


def test_a_note_merged_across_above_unmerged_notes_is_named_as_a_note(tmp_path):
    from landsim.errors import InputError

    path = tmp_path / "评价.xlsx"
    book = _tiny_workbook(path)
    ws = book.active
    ws["A8"] = "注：面积单位为亩。"
    ws.merge_cells("A8:L8")
    ws["A9"] = "填表人：张三"
    book.save(path)
    with pytest.raises(InputError) as info:
        _load(path)
    (note,) = info.value.problems  # not a heading over a group of parcels
    assert note.message.startswith("looks like a note below the parcels ('注：面积单位为亩。'")
