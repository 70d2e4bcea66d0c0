"""Bad parcel files: number formats, impossible values, encodings, shapes, repeats."""

from __future__ import annotations

import io

import pandas as pd

from tests.corpus.case import DEFAULT, HEADER, TINY_ROWS, Case, inventory, rows, tiny_with

BIG5 = "地塊編號,所屬平台,用地面積（畝）,行業,產值（萬元）,稅收（萬元）\nP1,a,10,紡織,3000,15\n"
REPEATED = HEADER + "".join(
    f"Q{i},zz,t1,10,0.8,operating,textiles,3000,15,600,{i},0\n" for i in range(32_000)
)
APPROX_REPEATED = HEADER + "".join(
    f"Q{i},a,t1,约10,0.8,operating,textiles,3000,15,600,{i},0\n" for i in range(32_000)
)


def _xlsx(frame: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.to_excel(buf, index=False)
    return buf.getvalue()


def _parquet(frame: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False)
    return buf.getvalue()


TINY_FRAME = pd.read_csv(io.StringIO(HEADER + TINY_ROWS))
WITH_TEXT = TINY_FRAME.astype({"area_mu": object}).assign(
    area_mu=lambda f: f["area_mu"].where(f.index != 1, "约20")
)
WITH_INF = TINY_FRAME.assign(area_mu=lambda f: f["area_mu"].where(f.index != 2, float("inf")))
ROW = "parcel P1"

CASES: list[Case] = [
    inventory(
        "decimal_comma",
        tiny_with('P1,a,t1,"12,3",0.8,operating,textiles,3000,15,600,0,0'),
        ("p.csv, row 2 (parcel P1): area_mu: '12,3' has a comma", "inventory.decimal: ','"),
        2,
    ),
    inventory(
        "decimal_comma_semicolon_csv",
        tiny_with("P1,a,t1,10,0.8,operating,textiles,3000,15,600,0,0")
        .replace(",", ";")
        .replace(";10;", ";12,3;", 1),
        ("p.csv, row 2 (parcel P1): area_mu: '12,3' has a comma",),
        2,
    ),
    inventory(
        "thousands_undeclared",
        tiny_with('P1,a,t1,10,0.8,operating,textiles,"3,000",15,600,0,0'),
        ("p.csv, row 2 (parcel P1): output: '3,000' has a comma", "inventory.thousands: ','"),
        2,
    ),
    inventory(
        "thousands_misplaced",
        tiny_with('P1,a,t1,10,0.8,operating,textiles,"30,00",15,600,0,0'),
        ("p.csv, row 2 (parcel P1): output: '30,00' does not group thousands",),
        2,
        settings="  thousands: ','\n",
    ),
    inventory(
        "point_with_decimal_comma",
        tiny_with('P1,a,t1,10,0.8,operating,textiles,"3.000",15,600,0,0'),
        (
            "p.csv, row 2 (parcel P1): output: '3.000' has a point",
            "inventory.thousands: '.'",
            "row 2 (parcel P1): far: '0.8' has a point",  # every point is refused, once a kind
            "and 5 more like it",
        ),
        3,
        settings="  decimal: ','\n",
    ),
    inventory(
        "fullwidth_digits",
        tiny_with("P1,a,t1,１２.３,0.8,operating,textiles,3000,15,600,0,0"),
        ("p.csv, row 2 (parcel P1): area_mu: '１２.３' has full-width digits", "fullwidth_digits"),
        2,
    ),
    inventory(
        "approximate_yue",
        tiny_with("P1,a,t1,约30,0.8,operating,textiles,3000,15,600,0,0"),
        ("p.csv, row 2 (parcel P1): area_mu: '约30' is an approximate value",),
        2,
    ),
    inventory(
        "approximate_zuoyou",
        tiny_with("P1,a,t1,10,0.8,operating,textiles,3000左右,15,600,0,0"),
        ("p.csv, row 2 (parcel P1): output: '3000左右' is an approximate value",),
        2,
    ),
    inventory(
        "approximate_tilde",
        tiny_with("P1,a,t1,10,0.8,operating,textiles,~3000,15,600,0,0"),
        ("p.csv, row 2 (parcel P1): output: '~3000' is an approximate value",),
        2,
    ),
    inventory(
        "unit_in_cell",
        tiny_with("P1,a,t1,12.5亩,0.8,operating,textiles,3000,15,600,0,0"),
        ("p.csv, row 2 (parcel P1): area_mu: '12.5亩' is not a number; remove units",),
        2,
    ),
    inventory(
        "percent_in_cell",
        tiny_with("P1,a,t1,10,80%,operating,textiles,3000,15,600,0,0"),
        ("p.csv, row 2 (parcel P1): far: '80%' is not a number",),
        2,
    ),
    inventory(
        "area_inf",
        tiny_with("P1,a,t1,inf,0.8,operating,textiles,3000,15,600,0,0"),
        ("p.csv, row 2 (parcel P1): area_mu: 'inf' is not a finite number",),
        2,
    ),
    inventory(
        "area_overflow",
        tiny_with("P1,a,t1,1e400,0.8,operating,textiles,3000,15,600,0,0"),
        ("p.csv, row 2 (parcel P1): area_mu: '1e400' is not a finite number",),
        2,
    ),
    inventory(
        "tax_minus_inf",
        tiny_with("P1,a,t1,10,0.8,operating,textiles,3000,-inf,600,0,0"),
        ("p.csv, row 2 (parcel P1): tax: '-inf' is not a finite number",),
        2,
    ),
    inventory(
        "output_infinity",
        tiny_with("P1,a,t1,10,0.8,operating,textiles,Infinity,15,600,0,0"),
        ("p.csv, row 2 (parcel P1): output: 'Infinity' is not a finite number",),
        2,
    ),
    inventory(
        "area_implausible",
        tiny_with("P1,a,t1,1e12,0.8,operating,textiles,3000,15,600,0,0"),
        (
            "p.csv, row 2 (parcel P1): area_mu: area 1e+12 mu is above "
            "inventory.plausible.max_area_mu (15,000)",
            "raise inventory.plausible.max_area_mu if it is truly meant",
        ),
        2,
    ),
    inventory(
        "far_implausible",
        tiny_with("P1,a,t1,10,35,operating,textiles,3000,15,600,0,0"),
        (
            "p.csv, row 2 (parcel P1): far: floor-area ratio 35 is above "
            "inventory.plausible.max_far (20)",
        ),
        2,
    ),
    inventory(
        "output_per_mu_implausible",
        tiny_with("P1,a,t1,10,0.8,operating,textiles,30000000,15,600,0,0"),
        (
            "p.csv, row 2 (parcel P1): output: output per mu 3,000,000 万元/亩 is above",
            "max_output_per_mu",
        ),
        2,
    ),
    inventory(
        "tax_per_mu_implausible",
        tiny_with("P1,a,t1,10,0.8,operating,textiles,300000,150000,600,0,0"),
        ("p.csv, row 2 (parcel P1): tax: tax per mu 15,000 万元/亩 is above", "max_tax_per_mu"),
        2,
    ),
    inventory(
        "area_negative",
        tiny_with("P1,a,t1,-3,0.8,operating,textiles,3000,15,600,0,0"),
        ("p.csv, row 2 (parcel P1): area_mu: area must be > 0; got -3",),
        2,
    ),
    inventory(
        "area_zero",
        tiny_with("P1,a,t1,0,0.8,operating,textiles,3000,15,600,0,0"),
        ("p.csv, row 2 (parcel P1): area_mu: area must be > 0; got 0",),
        2,
    ),
    inventory("inventory_header_only", HEADER, ("p.csv", "headers", "but no rows"), 2),
    inventory("inventory_empty", "", ("p.csv", "the file is empty"), 2),
    inventory("blank_lines_only", "\n\n\n", ("p.csv", "the file is empty"), 2),
    inventory(
        "mojibake_big5",
        BIG5.encode("big5"),
        ("p.csv, line 1", "headers look garbled", "set inventory.encoding: big5"),
        2,
    ),
    inventory(
        "mojibake_declared",
        BIG5.encode("big5"),
        ("p.csv, line 1", "read as gb18030", "inventory.encoding: big5"),
        2,
        settings="  encoding: gb18030\n",
    ),
    inventory(
        "undecodable",
        HEADER.encode() + b"P1,a,t1,10,0.8,\xff\xfe\xfa\xfb,textiles,3000,15,600,0,0\n",
        ("p.csv, line 2", "neither UTF-8 nor GB18030"),
        2,
    ),
    inventory(
        "declared_wrong_encoding",
        rows("P1,甲,t1,10,0.8,operating,textiles,3000,15,600,0,0").encode("gb18030"),
        ("p.csv, line 2", "set inventory.encoding: gb18030"),
        2,
        settings="  encoding: utf-8\n",
    ),
    inventory(
        "missing_column",
        "parcel_id,platform,industry,output,tax\nP1,a,textiles,3000,15\n",
        ("p.csv: area_mu: required column not found",),
        2,
    ),
    inventory(
        "mapped_header_absent",
        TINY_ROWS and HEADER.replace("area_mu", "用地面积") + TINY_ROWS,
        (
            "p.csv: area_mu: the header '面积' (from inventory.columns.area_mu)",
            "did you mean '用地面积'",
        ),
        2,
        settings="  columns: {area_mu: 面积}\n",
    ),
    inventory(
        "duplicate_ids",
        tiny_with("P2,a,t1,10,0.8,operating,textiles,3000,15,600,0,0"),
        ("p.csv, row 3: parcel_id: duplicate parcel id 'P2' (rows 2, 3)",),
        2,
    ),
    inventory(
        "unknown_platform",
        tiny_with("P1,江东新城,t1,10,0.8,operating,textiles,3000,15,600,0,0"),
        ("p.csv, row 2 (parcel P1): platform: unknown platform '江东新城'",),
        2,
    ),
    inventory(
        "two_unknown_platforms",
        rows(
            "P1,江东新城,t1,10,0.8,operating,textiles,3000,15,600,0,0",
            "P2,大江东,t1,10,0.8,operating,textiles,3000,15,600,100,0",
            "P3,江东新城,t1,10,0.8,operating,textiles,3000,15,600,200,0",
        ),
        (
            "p.csv, row 2 (parcel P1): platform: unknown platform '江东新城'",
            "1 more like it: row 4 (parcel P3)",
            "p.csv, row 3 (parcel P2): platform: unknown platform '大江东'",
        ),
        3,
    ),
    inventory(
        "unknown_status",
        tiny_with("P1,a,t1,10,0.8,倒闭,textiles,3000,15,600,0,0"),
        ("p.csv, row 2 (parcel P1): status: unknown value '倒闭'",),
        2,
    ),
    inventory(
        "empty_required",
        tiny_with("P1,a,t1,10,0.8,operating,,3000,15,600,0,0"),
        ("p.csv, row 2 (parcel P1): industry: empty; every parcel needs a value here",),
        2,
    ),
    inventory(
        "repeated_32000_times",
        REPEATED,
        (
            "32,000 problems",
            "p.csv, row 2 (parcel Q0): platform: unknown platform 'zz'",
            "31,999 more like it",
        ),
        2,
    ),
    inventory(
        "approximate_32000_times",
        APPROX_REPEATED,
        (
            "p.csv, row 2 (parcel Q0): area_mu: '约10' is an approximate value",
            "31,999 more like it",
        ),
        2,
    ),
    Case(
        "inherited_neighbour_table",
        {
            "s.yaml": f"extends: {DEFAULT}\ninventory:\n  path: p.csv\n",
            "p.csv": HEADER.replace(",platform,", ",platform,")
            + TINY_ROWS.replace(",a,", ",开发区,").replace(",b,", ",临空,"),
        },
        expect=(
            "xiaoshan_2024.yaml:16:15: inventory.adjacency: s.yaml inherits inventory.adjacency",
            "xiaoshan_synthetic_adjacency.csv, row 2: parcel_id: parcel 'XS-000002' is not in "
            "the inventory (and 16,187 more like it",
        ),
        lines=4,
    ),
    inventory(
        "neighbour_table_unknown_id",
        HEADER + TINY_ROWS,
        ("pairs.csv, row 2: neighbour_id: parcel 'P9' is not in the inventory",),
        2,
        settings="  adjacency: {method: table, path: pairs.csv}\n",
        files={"pairs.csv": "parcel_id,neighbour_id\nP1,P9\n"},
    ),
    inventory(
        "tax_above_output",
        tiny_with("P1,a,t1,10,0.8,operating,textiles,100,500,60,0,0"),
        ("p.csv, row 2 (parcel P1): tax: tax (500) is larger than output (100)",),
        2,
    ),
    inventory(
        "partial_coordinates",
        tiny_with("P1,a,t1,10,0.8,operating,textiles,3000,15,600,,"),
        ("p.csv, row 2 (parcel P1): x: no coordinates, while other parcels have them",),
        2,
    ),
    inventory(
        "lonlat_as_metres",
        rows(
            "P1,a,t1,10,0.8,operating,textiles,3000,15,600,120.26,30.18",
            "P2,a,t1,10,0.8,operating,textiles,3000,15,600,120.27,30.19",
        ),
        ("p.csv: x, y: coordinates look like longitude/latitude",),
        2,
    ),
    inventory(
        "lease_year_implausible",
        HEADER.replace(",y\n", ",y,lease_end_year\n")
        + "".join(line + ",2040\n" for line in TINY_ROWS.splitlines()).replace(
            ",2040\n", ",3024\n", 1
        ),
        ("p.csv, row 2 (parcel P1): lease_end_year: 3024 is not a plausible year",),
        2,
    ),
    inventory(
        "lease_year_fraction",
        HEADER.replace(",y\n", ",y,lease_end_year\n")
        + "".join(line + ",2040\n" for line in TINY_ROWS.splitlines()).replace(
            ",2040\n", ",2030.5\n", 1
        ),
        ("p.csv, row 2 (parcel P1): lease_end_year: '2030.5' is not a whole number",),
        2,
    ),
    inventory(
        "ragged_row",
        tiny_with("P1,a,t1,10,0.8,operating,textiles,3000,15,600,0,0,extra,cells"),
        ("p.csv: line 2 has 14 cells but the header 12", "inventory.delimiter"),
        2,
    ),
    inventory(
        "binary_junk",
        bytes(range(256)) * 40,
        ("p.csv, line", "inventory.encoding"),
        2,
    ),
    Case(
        "path_missing",
        {"s.yaml": "extends: {tiny}\ninventory: {path: nowhere.csv}\n"},
        expect=("nowhere.csv: inventory.path: no such file",),
        lines=2,
    ),
    Case(
        "path_is_folder",
        {"s.yaml": "extends: {tiny}\ninventory: {path: data}\n", "data/p.csv": HEADER},
        expect=("data: inventory.path: give the path of the inventory file itself",),
        lines=2,
    ),
    Case(
        "unknown_extension",
        {"s.yaml": "extends: {tiny}\ninventory: {path: p.dat}\n", "p.dat": HEADER + TINY_ROWS},
        expect=("p.dat: inventory.format: cannot tell the format of '.dat'",),
        lines=2,
    ),
    Case(
        "xlsx_corrupt",
        {"s.yaml": "extends: {tiny}\ninventory: {path: p.xlsx}\n", "p.xlsx": HEADER + TINY_ROWS},
        expect=("p.xlsx: inventory.path: not a readable .xlsx file",),
        lines=2,
    ),
    Case(
        "xlsx_header_only",
        {
            "s.yaml": "extends: {tiny}\ninventory: {path: p.xlsx}\n",
            "p.xlsx": _xlsx(TINY_FRAME.head(0)),
        },
        expect=("p.xlsx", "but no rows"),
        lines=2,
    ),
    Case(
        "xlsx_approximate",
        {"s.yaml": "extends: {tiny}\ninventory: {path: p.xlsx}\n", "p.xlsx": _xlsx(WITH_TEXT)},
        expect=("p.xlsx, row 3 (parcel P2): area_mu: '约20' is an approximate value",),
        lines=2,
    ),
    Case(
        "parquet_inf",
        {
            "s.yaml": "extends: {tiny}\ninventory: {path: p.parquet}\n",
            "p.parquet": _parquet(WITH_INF),
        },
        expect=("p.parquet, row 3 (parcel P3): area_mu: inf is not a finite number",),
        lines=2,
    ),
    Case(
        "geojson_not_features",
        {
            "s.yaml": "extends: {tiny}\ninventory: {path: p.geojson}\n",
            "p.geojson": '{"type": "Point"}',
        },
        expect=("p.geojson", "not a GeoJSON FeatureCollection"),
        lines=2,
    ),
    inventory(
        "nan_text_in_required",
        tiny_with("P1,a,t1,nan,0.8,operating,textiles,3000,15,600,0,0"),
        ("p.csv, row 2 (parcel P1): area_mu: empty; every parcel needs a value here",),
        2,
    ),
    inventory(
        "many_distinct_problems",
        rows(
            "P1,a,t1,-1,0.8,operating,textiles,3000,15,600,0,0",
            "P2,zz,t1,10,0.8,operating,textiles,3000,-2,600,100,0",
            "P3,a,t1,10,0.8,operating,textiles,10,50,6,200,0",
            "P4,a,t1,约5,0.8,operating,textiles,3000,15,600,300,0",
        ),
        (
            "p.csv, row 2 (parcel P1): area_mu: area must be > 0; got -1",
            "row 3 (parcel P2): platform: unknown platform 'zz'",
            "row 3 (parcel P2): tax: value must be ≥ 0; got -2",
            "row 4 (parcel P3): tax: tax (50) is larger than output (10)",
            "row 5 (parcel P4): area_mu: '约5' is an approximate value",
        ),
        6,
    ),
    inventory(
        "same_problem_three_rows",
        rows(
            "P1,a,t1,-1,0.8,operating,textiles,3000,15,600,0,0",
            "P2,a,t1,-2,0.8,operating,textiles,3000,15,600,100,0",
            "P3,a,t1,-3,0.8,operating,textiles,3000,15,600,200,0",
        ),
        (
            "p.csv, row 2 (parcel P1): area_mu: area must be > 0; got -1 (and 2 more like it: "
            "row 3 (parcel P2), row 4 (parcel P3))",
        ),
        2,
    ),
]
