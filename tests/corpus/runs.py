"""Run folders that cannot be written, command-line values out of range, and the inputs
that must succeed: Unicode paths, a variant that swaps a distribution's kind, and each
declared number rule."""

from __future__ import annotations

import sys

from tests.corpus.case import HEADER, RUN, TINY_ROWS, Case, tiny_with

TINY_CSV = HEADER + TINY_ROWS
SEMICOLON = HEADER.replace(",", ";") + TINY_ROWS.replace(",", ";").replace(
    ";0.8;", ";0,8;"
).replace(";1.2;", ";1,2;").replace(";0.6;", ";0,6;").replace(";1.5;", ";1,5;").replace(
    ";0.9;", ";0,9;"
).replace(";1.1;", ";1,1;")
BIG5_HEADERS = "地塊編號,所屬平台,用地面積（畝）,行業,產值（萬元）,稅收（萬元）\n"
BIG5_ROWS = "".join(
    f"P{i},{'ab'[i % 2]},{10 + i},紡織,{3000 + 100 * i},{15 + i}\n" for i in range(1, 7)
)
BIG5_SETTINGS = (
    "  encoding: big5\n  adjacency: {method: none}\n"
    "  columns: {parcel_id: 地塊編號, platform: 所屬平台, area_mu: 用地面積（畝）,\n"
    "            industry: 行業, output: 產值（萬元）, tax: 稅收（萬元）}\n"
)
LOGNORMAL_BASE = (
    "extends: {tiny}\ntreatments:\n  vacate:\n"
    "    land_compensation_per_mu: {dist: lognormal, median: 35, sigma: 0.3}\n"
    "quotas: {vacate_mu: {2024: 30, 2025: 40}}\n"
)
UNIFORM_VARIANT = (
    "extends: base.yaml\ntreatments:\n  vacate:\n"
    "    land_compensation_per_mu: {dist: uniform, low: 20, high: 50}\n"
    "quotas: {vacate_mu: {2024: 20}}\n"
)


def _read_only_folder() -> str:
    """A folder this process cannot create anything in (root may write anywhere else)."""
    return "/proc/landsim-out" if sys.platform.startswith("linux") else "{tmp}/locked"


def _ok(name: str, files: dict[str, str | bytes], argv: list[str] | None = None) -> Case:
    return Case(name, files, argv=argv or list(RUN), ok=True)


CASES: list[Case] = [
    Case(
        "output_exists",
        {"s.yaml": "extends: {tiny}\n", "out/long.csv": "an earlier run\n"},
        expect=("out already exists", "--force"),
        lines=1,
    ),
    Case(
        "output_is_a_file",
        {"s.yaml": "extends: {tiny}\n", "out": "a file\n"},
        expect=("out is a file",),
        lines=1,
    ),
    Case(
        "output_parent_is_a_file",
        {"s.yaml": "extends: {tiny}\n", "f.txt": "a file\n"},
        argv=["run", "{tmp}/s.yaml", "-o", "{tmp}/f.txt/out", "--no-xlsx"],
        expect=("cannot create the folder", "f.txt/out", "f.txt is a file"),
        lines=1,
    ),
    Case(
        "output_parent_read_only",
        {"s.yaml": "extends: {tiny}\n"},
        argv=["run", "{tmp}/s.yaml", "-o", _read_only_folder() + "/run", "--no-xlsx"],
        expect=("cannot write the output folder", "landsim-out/run", "choose another folder"),
        lines=1,
    ),
    Case(
        "draws_zero",
        {"s.yaml": "extends: {tiny}\n"},
        argv=[*RUN, "--draws", "0"],
        expect=("--draws and --workers must be at least 1",),
        lines=1,
    ),
    Case(
        "workers_zero",
        {"s.yaml": "extends: {tiny}\n"},
        argv=[*RUN, "--workers", "0"],
        expect=("--draws and --workers must be at least 1",),
        lines=1,
    ),
    Case(
        "seed_negative_flag",
        {"s.yaml": "extends: {tiny}\n"},
        argv=[*RUN, "--seed", "-1"],
        expect=("--seed -1: a seed is a whole number ≥ 0",),
        lines=1,
    ),
    Case(
        "workers_too_many",
        {"s.yaml": "extends: {tiny}\n"},
        argv=[*RUN, "--workers", "100000"],
        expect=("--workers 100000 is more than the",),
        lines=1,
    ),
    _ok(
        "unicode_paths",
        {
            "情景 一/萧山 2024.yaml": (
                "extends: {tiny}\ninventory: {path: ../数据 目录/亩均 评价.csv}\n"
            ),
            "数据 目录/亩均 评价.csv": TINY_CSV,
        },
        ["run", "{tmp}/情景 一/萧山 2024.yaml", "-o", "{tmp}/out/第一次 运行", "--no-xlsx"],
    ),
    _ok("distribution_kind_swapped", {"base.yaml": LOGNORMAL_BASE, "s.yaml": UNIFORM_VARIANT}),
    _ok(
        "decimal_comma_declared",
        {
            "s.yaml": "extends: {tiny}\ninventory: {path: p.csv, decimal: ','}\n",
            "p.csv": SEMICOLON,
        },
    ),
    _ok(
        "thousands_declared",
        {
            "s.yaml": "extends: {tiny}\ninventory: {path: p.csv, thousands: ','}\n",
            "p.csv": tiny_with('P1,a,t1,10,0.8,operating,textiles,"3,000.5",15,600,0,0'),
        },
    ),
    _ok(
        "fullwidth_declared",
        {
            "s.yaml": "extends: {tiny}\ninventory: {path: p.csv, fullwidth_digits: true}\n",
            "p.csv": tiny_with("P1,a,t1,１２．５,0.8,operating,textiles,3000,15,600,0,0"),
        },
    ),
    _ok(
        "plausibility_raised",
        {
            "s.yaml": "extends: {tiny}\ninventory: {path: p.csv, plausible: {max_far: 40}}\n",
            "p.csv": tiny_with("P1,a,t1,10,35,operating,textiles,3000,15,600,0,0"),
        },
    ),
    _ok(
        "big5_declared",
        {
            "s.yaml": "extends: {tiny}\ninventory:\n  path: p.csv\n" + BIG5_SETTINGS,
            "p.csv": (BIG5_HEADERS + BIG5_ROWS).encode("big5"),
        },
    ),
    _ok(
        "shorter_horizon_than_base",
        {
            "base.yaml": LOGNORMAL_BASE,
            "s.yaml": "extends: base.yaml\nhorizon: {start: 2024, end: 2024}\n",
        },
    ),
]
