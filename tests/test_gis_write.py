"""`landsim run --gis`: the GeoPackage and Shapefile open in a real GIS reader (GDAL)."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pyogrio.raw
import pytest
import shapely

from landsim.cli import main
from landsim.inventory import crs as crs_
from landsim.inventory.spatial import GeometryWarning
from landsim.report.gis import FIELDS
from tests import gis_helpers as gh
from tests.conftest import DEFAULT, ROOT


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("gis") / "run"
    code = main(
        ["run", str(DEFAULT), "-o", str(out), "--draws", "3", "--no-xlsx", "--gis", "gpkg,shp"]
    )
    assert code == 0
    return out


def _read(path):
    meta, _, wkb, values = pyogrio.raw.read(path)
    return meta, shapely.from_wkb(wkb), pd.DataFrame(dict(zip(meta["fields"], values, strict=True)))


@pytest.mark.parametrize("name", ["parcels.gpkg", "parcels.shp"])
def test_layers_read_back_with_fields_crs_and_valid_geometry(run_folder, name):
    meta, geoms, table = _read(run_folder / name)
    parcels = pd.read_csv(run_folder / "parcels.csv", dtype={"treatment": str, "new_use": str})
    assert list(table.columns) == [f.name for f in FIELDS]
    assert all(len(f.name.encode("utf-8")) <= 10 for f in FIELDS)
    assert meta["crs"] == "EPSG:4549"  # the input's (the bundled GeoPackage's)
    assert shapely.is_valid(geoms).all() and len(geoms) == len(parcels) > 8000
    np.testing.assert_allclose(
        shapely.area(geoms) / (10_000 / 15), parcels["area_mu"], rtol=1e-3, atol=0.006
    )
    for f in FIELDS:
        got, want = table[f.name], parcels[f.column]
        if pd.api.types.is_numeric_dtype(want) and not pd.api.types.is_bool_dtype(want):
            np.testing.assert_allclose(got.astype(float), want.astype(float), equal_nan=True)
        else:  # a Shapefile cannot tell an empty text from a missing one
            assert (got.fillna("").astype(str) == want.fillna("").astype(str)).all(), f.name
    assert table["shr_select"].between(0, 1).all() and table["shr_select"].gt(0).any()
    assert (table["treatment"].fillna("") != "").sum() > 500


def test_no_value_is_null_in_both_formats(run_folder):
    # the GeoPackage held '' where the Shapefile held null: a QGIS filter
    # "treatment" IS NULL found 4,317 parcels in one and none in the other
    tables = [_read(run_folder / n)[2] for n in ("parcels.gpkg", "parcels.shp")]
    for column in ("treatment", "class", "project", "new_use"):
        nulls = [t[column].isna() for t in tables]
        assert nulls[0].sum() > 0, column
        assert (nulls[0] == nulls[1]).all() and not (tables[0][column] == "").any(), column


def test_shapefile_parts_and_the_field_list(run_folder):
    for suffix in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
        assert (run_folder / f"parcels{suffix}").is_file()
    assert (run_folder / "parcels.cpg").read_text() == "UTF-8"
    fields = pd.read_csv(run_folder / "parcels_fields.csv", encoding="utf-8-sig")
    assert list(fields["name"]) == [f.name for f in FIELDS]
    assert "parcels.gpkg" in json.loads((run_folder / "manifest.json").read_text())["files"]


def test_results_go_back_in_the_inputs_degrees(tmp_path):
    crs = "EPSG:4326"
    source = gh.reproject(gh.polygons_4549(), crs)
    path = gh.write(tmp_path / "p.geojson", source, crs)
    scenario = gh.scenario(tmp_path, path, "horizon: {start: 2024, end: 2025}\n")
    out = tmp_path / "run"
    assert main(["run", str(scenario), "-o", str(out), "--no-xlsx", "--gis", "gpkg"]) == 0
    meta, geoms, table = _read(out / "parcels.gpkg")
    assert crs_.same(crs_.parse(meta["crs"], "", ""), crs_.parse(crs, "", ""))
    got = shapely.get_coordinates(geoms)
    np.testing.assert_allclose(got, shapely.get_coordinates(source), atol=1e-9)  # degrees
    assert list(table["parcel_id"]) == list(gh.BOXES)


def test_a_csv_without_crs_is_refused_before_simulating(tmp_path, capsys):
    out = tmp_path / "run"
    csv = ROOT / "scenarios" / "xiaoshan_2024_csv.yaml"
    assert main(["run", str(csv), "-o", str(out), "--gis", "shp"]) == 2
    err = capsys.readouterr().err
    assert "inventory.crs: the inventory names no coordinate system" in err
    assert "Traceback" not in err and not out.exists()


def test_a_shapefile_without_its_prj_is_refused_before_simulating(tmp_path, capsys, monkeypatch):
    from landsim.cli import run as run_cmd

    shp = gh.write(tmp_path / "p.shp", gh.polygons_4549(), None, encoding="GBK")
    scenario = gh.scenario(tmp_path, shp)

    def never(*args, **kwargs):
        raise AssertionError("simulated before refusing")  # the whole run was spent first

    monkeypatch.setattr(run_cmd, "_simulate_and_write", never)
    out = tmp_path / "run"
    assert main(["run", str(scenario), "-o", str(out), "--gis", "shp"]) == 2
    err = capsys.readouterr().err
    assert "inventory.crs: the inventory names no coordinate system" in err
    assert "Traceback" not in err and not out.exists()


def test_an_unknown_format_is_refused(capsys):
    with pytest.raises(SystemExit):
        main(["run", str(DEFAULT), "--gis", "kml"])
    assert "give gpkg, shp or gpkg,shp" in capsys.readouterr().err


def test_web_mercator_warning_is_one_line_on_the_command_line(tmp_path, capsys):
    crs = "EPSG:3857"
    path = gh.write(tmp_path / "p.geojson", gh.reproject(gh.polygons_4549(), crs), crs)
    scenario = gh.scenario(tmp_path, path)
    with warnings.catch_warnings():  # this suite turns warnings into errors; a user's does not
        warnings.simplefilter("default", GeometryWarning)
        assert main(["validate", str(scenario)]) == 0
    err = capsys.readouterr().err
    assert err.startswith(
        "warning: p.geojson: EPSG:3857 (WGS 84 / Pseudo-Mercator) distorts areas ×1.34 at "
        "30.2°N; the coordinates were projected to EPSG:4549"
    )
    assert "spatial.py" not in err and "Traceback" not in err


def test_the_documented_field_table_is_the_code():
    doc = (ROOT / "docs" / "gis.md").read_text(encoding="utf-8")
    rows = [line.split("|")[1:3] for line in doc.splitlines() if line.startswith("| `")]
    documented = [(a.strip(" `"), b.strip(" `")) for a, b in rows if "`" in b]
    assert [(f.name, f.column) for f in FIELDS] == [
        d for d in documented if d[0] in {f.name for f in FIELDS}
    ]
    assert {f.name for f in FIELDS} <= {d[0] for d in documented}
