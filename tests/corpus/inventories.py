"""Bad parcel files: encodings, shapes, columns, references, repeats."""

from __future__ import annotations

from tests.corpus.case import (
    DEFAULT,
    HEADER,
    TINY_FRAME,
    TINY_ROWS,
    Case,
    inventory,
    rows,
    tiny_with,
    xlsx_bytes,
)

BIG5 = "地塊編號,所屬平台,用地面積（畝）,行業,產值（萬元）,稅收（萬元）\nP1,a,10,紡織,3000,15\n"
REPEATED = HEADER + "".join(
    f"Q{i},zz,t1,10,0.8,operating,textiles,3000,15,600,{i},0\n" for i in range(32_000)
)

CASES: list[Case] = [
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
    Case(
        "inherited_neighbour_table",
        {
            "s.yaml": f"extends: {DEFAULT}\ninventory:\n  path: p.csv\n",
            "p.csv": HEADER.replace(",platform,", ",platform,")
            + TINY_ROWS.replace(",a,", ",开发区,").replace(",b,", ",临空,"),
        },
        expect=(
            "xiaoshan_2024.yaml:",
            "inventory.adjacency: s.yaml inherits inventory.adjacency",
            "xiaoshan_synthetic_adjacency.csv, row 2: parcel_id: parcel 'XS-0",
            "is not in the inventory (and 16,",
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
            "p.xlsx": xlsx_bytes(TINY_FRAME.head(0)),
        },
        expect=("p.xlsx", "but no rows"),
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
