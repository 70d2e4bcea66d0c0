"""Bad numbers in parcel files: formats no rule covers, non-finite and implausible values."""

from __future__ import annotations

from tests.corpus.case import (
    HEADER,
    TINY_FRAME,
    Case,
    inventory,
    parquet_bytes,
    tiny_with,
    xlsx_bytes,
)

APPROX_REPEATED = HEADER + "".join(
    f"Q{i},a,t1,约10,0.8,operating,textiles,3000,15,600,{i},0\n" for i in range(32_000)
)
WITH_TEXT = TINY_FRAME.astype({"area_mu": object}).assign(
    area_mu=lambda f: f["area_mu"].where(f.index != 1, "约20")
)
WITH_INF = TINY_FRAME.assign(area_mu=lambda f: f["area_mu"].where(f.index != 2, float("inf")))

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
        "xlsx_approximate",
        {"s.yaml": "extends: {tiny}\ninventory: {path: p.xlsx}\n", "p.xlsx": xlsx_bytes(WITH_TEXT)},
        expect=("p.xlsx, row 3 (parcel P2): area_mu: '约20' is an approximate value",),
        lines=2,
    ),
    Case(
        "parquet_inf",
        {
            "s.yaml": "extends: {tiny}\ninventory: {path: p.parquet}\n",
            "p.parquet": parquet_bytes(WITH_INF),
        },
        expect=("p.parquet, row 3 (parcel P3): area_mu: inf is not a finite number",),
        lines=2,
    ),
    inventory(
        "nan_text_in_required",
        tiny_with("P1,a,t1,nan,0.8,operating,textiles,3000,15,600,0,0"),
        ("p.csv, row 2 (parcel P1): area_mu: empty; every parcel needs a value here",),
        2,
    ),
]
