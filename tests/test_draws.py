"""Draws as data: the table of every draw, xarray, IAMC, and draws.parquet."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import yaml

import landsim
from landsim.cli import main
from landsim.scenario import load_scenario
from tests.conftest import FIXTURES

HAND = FIXTURES / "hand" / "scenario.yaml"
#: The hand case with uncertain economics, lags and owners' refusals.
UNCERTAIN = {
    "target_industries": {"fresh": {"output_per_mu": {"dist": "uniform", "low": 400, "high": 600}}},
    "pipeline": {"construction_years": {"dist": "choice", "values": [1, 2]}},
    "selection": {"refusal_probability": 0.3},
}
DRAWS = 30


@pytest.fixture(scope="module")
def res():
    return landsim.run(load_scenario(HAND, overrides=UNCERTAIN), draws=DRAWS, keep_draws=True)


def test_the_draw_table_gives_the_quantiles_of_the_run(res):
    table = res.draw_table()
    assert list(table.columns) == ["draw", "variable", "platform", "unit", "year", "value"]
    assert sorted(table["draw"].unique()) == list(range(DRAWS))
    out = table[(table["variable"] == "output|difference") & (table["platform"] == "district")]
    p50 = out.groupby("year")["value"].median()
    band = res.band("output|difference")["p50"]
    pd.testing.assert_series_equal(p50, band, check_names=False, check_index_type=False)
    assert out.groupby("year")["value"].nunique().max() > 1  # the draws differ


def test_to_xarray_has_every_variable_by_draw_platform_and_year(res):
    ds = res.to_xarray()
    assert dict(ds.sizes) == {"draw": DRAWS, "platform": 3, "year": 5}  # base year + 4
    assert list(ds["platform"].values) == ["a", "b", "district"]
    assert set(res.long["variable"]) <= set(ds.data_vars)
    cum = ds["area|contiguous|cumulative"].sel(platform="district")
    assert ds["area|contiguous|cumulative"].attrs["unit"] == "mu"
    np.testing.assert_array_equal(
        cum.sel(year=[2024, 2025, 2026, 2027]).quantile(0.9, dim="draw").values,
        res.band("area|contiguous|cumulative")["p90"].to_numpy(),
    )
    assert np.isnan(cum.sel(year=2023)).all()  # a flow starts in the first simulated year


def test_without_draws_to_xarray_is_the_run_at_central_values():
    one = landsim.run(HAND)
    ds = one.to_xarray()
    assert list(ds["draw"].values) == ["central"]
    tax = ds["tax|programme"].sel(draw="central").to_pandas().T
    pd.testing.assert_frame_equal(
        tax, one.table("tax|programme"), check_names=False, check_column_type=False
    )
    with pytest.raises(ValueError, match="keep_draws=True"):
        one.draw_table()


def test_to_iamc_is_the_long_table_in_pyam_columns(res):
    iamc = res.to_iamc()
    columns = ["model", "scenario", "region", "variable", "unit", "year", "value"]
    assert list(iamc.columns) == columns
    assert iamc["model"].iloc[0].startswith("landsim ") and iamc["value"].notna().all()
    assert len(iamc) == res.long["value"].notna().sum()
    p10 = res.to_iamc("p10")
    rows = p10[(p10["variable"] == "output|difference") & (p10["region"] == "district")]
    assert rows.set_index("year")["value"].equals(res.band("output|difference")["p10"])
    with pytest.raises(ValueError, match="no statistic 'p95'"):
        res.to_iamc("p95")


def test_run_writes_every_draw_to_parquet(res, tmp_path):
    out = tmp_path / "run"
    scn = tmp_path / "s.yaml"
    scn.write_text(yaml.safe_dump({"extends": HAND.as_posix(), **UNCERTAIN}), encoding="utf-8")
    args = ["run", str(scn), "--draws", str(DRAWS), "--write-draws", "--no-xlsx", "-o", str(out)]
    assert main([*args, "--seed", str(res.scenario.seed)]) == 0
    written = pd.read_parquet(out / "draws.parquet")
    expected = res.draw_table()
    for col in ("variable", "platform", "unit"):
        expected[col] = expected[col].astype(str)
    written["variable"] = written["variable"].astype(str)
    pd.testing.assert_frame_equal(written, expected, check_dtype=False, check_exact=True)
    assert "draws.parquet" in json.loads((out / "manifest.json").read_text("utf-8"))["files"]
    # the folder, loaded again, gives every draw: as a table and as arrays
    loaded = landsim.load_run(out)
    again = loaded.draw_table()
    assert list(again.columns) == list(expected.columns) and len(again) == len(expected)
    assert np.array_equal(again["value"].to_numpy(), expected["value"].to_numpy())
    ds, ds_loaded = res.to_xarray(), loaded.to_xarray()
    assert ds_loaded.sizes["draw"] == DRAWS and ds_loaded.attrs["draws"] == DRAWS
    assert set(ds_loaded.data_vars) == set(ds.data_vars)
    for name in ds.data_vars:
        np.testing.assert_array_equal(ds_loaded[name].to_numpy(), ds[name].to_numpy())
        assert ds_loaded[name].attrs == ds[name].attrs
    assert list(ds_loaded["platform"].to_numpy()) == list(ds["platform"].to_numpy())
    assert list(ds_loaded["year"].to_numpy()) == list(ds["year"].to_numpy())


def test_write_draws_needs_draws_and_pyarrow(tmp_path, capsys):
    assert main(["run", str(HAND), "--write-draws", "-o", str(tmp_path / "a")]) == 2
    assert "add --draws N" in capsys.readouterr().err
    code = (
        "import sys\nsys.modules['pyarrow'] = None\nfrom landsim.cli import main\n"
        f"sys.exit(main(['run', {str(HAND)!r}, '--draws', '5', '--write-draws', "
        f"'-o', {str(tmp_path / 'b')!r}]))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 2 and "pip install 'landsim[parquet]'" in r.stderr
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_parcel_keys_do_not_depend_on_how_the_ids_are_stored():
    from landsim.model.compile import parcel_keys

    ids = ["XS-0001", "萧山-合资-17", "１２３", "", "a,b"]
    as_python = parcel_keys(pd.Series(ids, dtype=object))
    # the keys of earlier versions (every refusal is drawn from them)
    before = pd.util.hash_pandas_object(pd.Series(ids).astype(str), index=False)
    assert np.array_equal(as_python, before.to_numpy(np.uint64))
    for dtype in ("str", "string[pyarrow]", "string[python]"):
        assert np.array_equal(parcel_keys(pd.Series(ids, dtype=dtype)), as_python)
    numbers = parcel_keys(pd.Series([17, 18], dtype=object))
    assert np.array_equal(numbers, parcel_keys(pd.Series(["17", "18"])))
    assert len(set(as_python.tolist())) == len(ids)


def test_to_xarray_of_a_run_that_kept_no_draws_says_so():
    from landsim.errors import LandsimWarning

    run = landsim.run(load_scenario(HAND, overrides=UNCERTAIN), draws=4)
    with pytest.warns(LandsimWarning, match="4 draws but kept none.*keep_draws=True"):
        ds = run.to_xarray()
    assert list(ds["draw"].values) == ["central"]
    with pytest.raises(ValueError, match="no statistic 'p50': this run has no Monte Carlo"):
        landsim.run(HAND).to_iamc("p50")


@pytest.mark.parametrize(
    "counts", [{"draws": 0}, {"draws": True}, {"draws": 2.5}, {"workers": 0}, {"workers": -1}]
)
def test_run_refuses_draws_and_workers_that_are_not_whole_numbers_from_1(counts):
    name = next(iter(counts))
    with pytest.raises(ValueError, match=f"{name} must be a whole number ≥ 1"):
        landsim.run(HAND, **counts)


def test_more_workers_than_processors_are_cut_with_a_warning():
    import os

    from landsim.errors import LandsimWarning

    cpus = os.cpu_count() or 1
    with pytest.warns(LandsimWarning, match=f"this machine has {cpus} processors: using {cpus}"):
        many = landsim.run(HAND, workers=cpus + 97)
    pd.testing.assert_frame_equal(many.long, landsim.run(HAND).long, check_exact=True)
