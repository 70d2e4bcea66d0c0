"""Numbers written as text are read by declared rules, or refused with the reason."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from landsim.inventory.cast import NumberFormat, cast
from landsim.inventory.encoding import better_encoding, common_share, looks_garbled
from landsim.scenario.columns import BY_NAME

AREA = BY_NAME["area_mu"]


def _cast(cells, **fmt):
    return cast(AREA, pd.Series(cells, dtype=object), NumberFormat(**fmt))


@pytest.mark.parametrize(
    ("cells", "fmt", "values"),
    [
        (["12.5", "+3", "-0.5", ".5", "1e3", " 7 "], {}, [12.5, 3, -0.5, 0.5, 1000, 7]),
        (["12,3", "1234,56", "-0,5"], {"decimal": ","}, [12.3, 1234.56, -0.5]),
        (["1,234.5", "12,345,678", "999"], {"thousands": ","}, [1234.5, 12345678, 999]),
        (["1.234,5", "12.345"], {"decimal": ",", "thousands": "."}, [1234.5, 12345]),
        (["1 234,5", "12\u00a0345"], {"decimal": ",", "thousands": " "}, [1234.5, 12345]),
        (
            ["１２．５", "－３", "１,２３４"],
            {"fullwidth": True, "thousands": ","},
            [12.5, -3, 1234],
        ),
        ([12.5, 3, None, "4.5"], {}, [12.5, 3, np.nan, 4.5]),  # Excel: numbers and text
    ],
)
def test_declared_rules_read_numbers(cells, fmt, values):
    out = _cast(cells, **fmt)
    assert not out.bad.any(), out.reason
    np.testing.assert_allclose(out.values, values)


@pytest.mark.parametrize(
    ("cell", "fmt", "reason"),
    [
        ("12,3", {}, "comma"),
        ("1,234", {}, "comma"),
        ("12,3", {"thousands": ","}, "grouping"),
        ("1,23,456", {"thousands": ","}, "grouping"),
        ("1.234", {"decimal": ","}, "point"),
        ("１２.３", {}, "fullwidth"),
        ("约30", {}, "approximate"),
        ("30左右", {}, "approximate"),
        ("~30", {}, "approximate"),
        ("inf", {}, "nonfinite"),
        ("-Infinity", {}, "nonfinite"),
        ("1e400", {}, "nonfinite"),
        ("12.5亩", {}, "text"),
        ("30%", {}, "text"),
        ("1_000", {}, "text"),
        ("0x10", {}, "text"),
        ("½", {}, "text"),
        ("1²", {}, "text"),
    ],
)
def test_anything_else_is_refused_with_its_reason(cell, fmt, reason):
    out = _cast(["10", cell], **fmt)
    assert list(out.bad) == [False, True]
    assert out.reason[1] == reason
    assert np.isnan(out.values[1])  # never a guessed value


def test_missing_marks_are_empty_not_bad():
    out = _cast(["", "—", "无", "NA", "nan", " "])
    assert out.empty.all() and not out.bad.any()


def test_numeric_cells_that_are_not_finite_are_refused():
    out = cast(AREA, pd.Series([1.0, np.inf, np.nan]), NumberFormat())
    assert list(out.bad) == [False, True, False] and out.reason[1] == "nonfinite"
    assert list(out.empty) == [False, False, True]


def test_whole_number_columns_refuse_fractions():
    out = cast(BY_NAME["lease_end_year"], pd.Series(["2040", "2030.5"]), NumberFormat())
    assert list(out.bad) == [False, True] and out.reason[1] == "fraction"


def test_garbled_headers_are_told_from_real_ones():
    real = "地块编号,所属平台,用地面积（亩）,行业,产值（万元）"
    traditional = "地塊編號,所屬平台,用地面積（畝）,行業,產值（萬元）"
    garbled = traditional.encode("big5").decode("gb18030")
    assert not looks_garbled(real) and not looks_garbled(traditional)
    assert looks_garbled(garbled) and common_share(garbled) < 0.5
    assert not looks_garbled("parcel_id,platform,area_mu")  # nothing to judge
    assert better_encoding(traditional.encode("big5"), 1, "gb18030") == "big5"
