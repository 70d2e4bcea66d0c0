"""GIS inputs: formats, encodings and coordinate systems agree, and bad ones are refused."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
import shapely

from landsim.errors import InputError
from landsim.inventory import crs as crs_
from landsim.inventory.prepare import prepare
from landsim.inventory.spatial import GeometryWarning
from landsim.units import M2_PER_MU
from tests import gis_helpers as gh
from tests.conftest import TINY


def _pairs(prepared):
    ids = prepared.inventory.parcels["parcel_id"].to_numpy()
    i, j = np.nonzero(np.triu(prepared.adjacency.toarray()))
    return sorted(tuple(sorted((ids[a], ids[b]))) for a, b in zip(i, j, strict=True))


def _problems(scenario) -> list[str]:
    with pytest.raises(InputError) as info:
        prepare(scenario)
    return [str(p) for p in info.value.problems]


@pytest.fixture(scope="module")
def shapefile_gbk(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shp")
    shp = gh.write(folder / "地块.shp", gh.polygons_4549(), "EPSG:4549", encoding="GBK")
    return prepare(gh.scenario(folder, shp))


def test_gbk_shapefile_reads_chinese_and_areas(shapefile_gbk):
    inv = shapefile_gbk.inventory
    assert list(inv.parcels["parcel_id"]) == list(gh.BOXES)
    assert list(inv.parcels["platform"]) == ["a", "a", "b", "a", "b", "b"]  # 甲区, 乙 mapped
    assert inv.parcels["industry"].iloc[0] == "纺织"
    assert inv.parcels["area_mu"].iloc[0] == pytest.approx(10_000 / M2_PER_MU, rel=1e-9)
    assert inv.crs == inv.source_crs == "EPSG:4549"
    assert _pairs(shapefile_gbk) == gh.TOUCHING


@pytest.mark.parametrize("crs", ["EPSG:4326", "EPSG:3857"])
def test_geojson_in_degrees_or_web_mercator_agrees_with_the_shapefile(tmp_path, shapefile_gbk, crs):
    path = gh.write(tmp_path / "p.geojson", gh.reproject(gh.polygons_4549(), crs), crs)
    assert json.loads(path.read_text(encoding="utf-8")).get("crs") or crs == "EPSG:4326"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        prepared = prepare(gh.scenario(tmp_path, path))
    distorted = [w for w in caught if issubclass(w.category, GeometryWarning)]
    assert len(distorted) == (crs == "EPSG:3857")
    if distorted:
        assert "distorts areas ×1.34" in str(distorted[0].message)
        assert "EPSG:4549" in str(distorted[0].message)
    want = shapefile_gbk.inventory.parcels["area_mu"].to_numpy()
    got = prepared.inventory.parcels["area_mu"].to_numpy()
    np.testing.assert_allclose(got, want, rtol=0.005)
    assert prepared.inventory.crs == "EPSG:4549"
    source = crs_.parse(prepared.inventory.source_crs, "", "")
    assert crs_.same(source, crs_.parse(crs, "", ""))  # GDAL writes EPSG:4326 as OGC:CRS84
    assert _pairs(prepared) == gh.TOUCHING


def test_rfc7946_geojson_without_crs_in_degrees_is_refused(tmp_path):
    geoms = gh.reproject(gh.polygons_4549(), "EPSG:4326")
    features = [
        {
            "type": "Feature",
            "properties": {k: v[i] for k, v in gh.ATTRIBUTES.items()},
            "geometry": json.loads(shapely.to_geojson(g)),
        }
        for i, g in enumerate(geoms)
    ]
    path = tmp_path / "lonlat.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    lines = _problems(gh.scenario(tmp_path, path))
    assert len(lines) == 1
    assert "look like longitude/latitude degrees" in lines[0]
    assert "set inventory.crs: EPSG:4490" in lines[0]
    # declaring it makes the same file usable, with true areas
    ok = prepare(gh.scenario(tmp_path, path, "  crs: EPSG:4326\n")).inventory
    assert ok.parcels["area_mu"].iloc[0] == pytest.approx(10_000 / M2_PER_MU, rel=1e-6)


def test_shapefile_without_cpg_is_decoded_as_gb18030(tmp_path):
    shp = gh.write(tmp_path / "p.shp", gh.polygons_4549(), "EPSG:4549", encoding="GBK")
    shp.with_suffix(".cpg").unlink()
    prepared = prepare(gh.scenario(tmp_path, shp))
    assert prepared.inventory.encoding == "gb18030"
    assert prepared.inventory.parcels["industry"].iloc[2] == "机械"


def test_a_shapefiles_encoding_is_the_one_its_cpg_names(tmp_path):
    shp = gh.write(tmp_path / "p.shp", gh.polygons_4549(), "EPSG:4549", encoding="GBK")
    assert shp.with_suffix(".cpg").read_text().strip() == "GBK"
    inv = prepare(gh.scenario(tmp_path, shp)).inventory
    assert inv.encoding == "GBK"  # not the UTF-8 GDAL recoded it to
    assert inv.parcels["industry"].iloc[2] == "机械"


def test_an_area_column_mapped_to_a_header_the_file_lacks_is_refused(tmp_path, monkeypatch):
    # the polygons' areas were used without a word, though docs/gis.md says a mapped
    # area column is read
    monkeypatch.setitem(gh.MAPPING, "area_mu", "确权面积")
    shp = gh.write(tmp_path / "p.shp", gh.polygons_4549(), "EPSG:4549", encoding="GBK")
    (problem,) = _problems(gh.scenario(tmp_path, shp))
    assert "area_mu: the header '确权面积' (from inventory.columns.area_mu) is not" in problem
    assert "the geometry gives it: remove inventory.columns.area_mu" in problem


def test_shapefile_without_prj_takes_the_scenarios_crs(tmp_path):
    shp = gh.write(tmp_path / "p.shp", gh.polygons_4549(), None, encoding="GBK")
    assert not shp.with_suffix(".prj").exists()
    inv = prepare(gh.scenario(tmp_path, shp, "  crs: EPSG:4549\n")).inventory
    assert inv.crs == "EPSG:4549"


def test_a_crs_conflict_is_refused(tmp_path):
    shp = gh.write(tmp_path / "p.shp", gh.polygons_4549(), "EPSG:4549", encoding="GBK")
    lines = _problems(gh.scenario(tmp_path, shp, "  crs: EPSG:4528\n"))
    assert lines == [
        "p.shp: inventory.crs: the file says EPSG:4549 (CGCS2000 / 3-degree Gauss-Kruger CM "
        "120E), the scenario says EPSG:4528 (CGCS2000 / 3-degree Gauss-Kruger zone 40); "
        "remove inventory.crs to use the file's, or correct the file's coordinate system "
        "(ArcGIS: Define Projection; QGIS: Assign Projection)"
    ]


def test_zone_numbered_eastings_under_the_central_meridian_crs(tmp_path):
    geoms = shapely.transform(gh.polygons_4549(), lambda xy: xy + np.array([40_000_000.0, 0.0]))
    shp = gh.write(tmp_path / "p.shp", geoms, "EPSG:4549", encoding="GBK")
    lines = _problems(gh.scenario(tmp_path, shp))
    assert len(lines) == 6
    assert lines[0].startswith("p.shp, feature 1 (parcel P1): geometry: (40,525,050.0, ")
    assert "is the coordinate system right? Eastings of 8 digits start with the zone " in lines[0]
    assert "use the zone-numbered CRS, EPSG:4528." in lines[0]
    # and the right CRS reads them
    shp2 = gh.write(tmp_path / "q.shp", geoms, "EPSG:4528", encoding="GBK")
    inv = prepare(gh.scenario(tmp_path, shp2)).inventory
    assert inv.crs == "EPSG:4528"
    assert inv.parcels["area_mu"].iloc[0] == pytest.approx(10_000 / M2_PER_MU, rel=1e-9)


def test_degrees_under_a_projected_crs_are_refused(tmp_path):
    geoms = gh.reproject(gh.polygons_4549(), "EPSG:4326")
    shp = gh.write(tmp_path / "p.shp", geoms, "EPSG:4549", encoding="GBK")
    lines = _problems(gh.scenario(tmp_path, shp))
    assert len(lines) == 6
    assert "These look like degrees: set inventory.crs: EPSG:4490." in lines[0]


def test_degrees_mixed_with_metres_are_refused_by_feature(tmp_path):
    geoms = gh.polygons_4549()
    geoms[[1, 4]] = gh.reproject(geoms[[1, 4]], "EPSG:4326")
    path = gh.write(tmp_path / "p.geojson", geoms, None)
    assert "crs" not in json.loads(path.read_text(encoding="utf-8"))
    lines = _problems(gh.scenario(tmp_path, path))
    assert [line.split(":")[0] for line in lines] == [
        "p.geojson, feature 2 (parcel P2)",
        "p.geojson, feature 5 (parcel P5)",
    ]
    assert "look like degrees (120.26" in lines[0] and "while others are metres" in lines[0]


def test_metres_under_a_geographic_crs_are_refused(tmp_path):
    path = gh.write(tmp_path / "p.geojson", gh.polygons_4549(), None)
    lines = _problems(gh.scenario(tmp_path, path, "  crs: EPSG:4326\n"))
    assert len(lines) == 6
    assert "is not a longitude/latitude, yet the coordinate system is EPSG:4326" in lines[0]


def test_self_intersecting_polygon_is_refused_with_index_and_id(tmp_path):
    geoms = gh.polygons_4549()
    x, y = gh.ORIGIN
    geoms[2] = shapely.Polygon([(x + 203, y), (x + 300, y + 80), (x + 300, y), (x + 203, y + 80)])
    shp = gh.write(tmp_path / "p.shp", geoms, "EPSG:4549", encoding="GBK")
    lines = _problems(gh.scenario(tmp_path, shp))
    assert len(lines) == 1
    assert lines[0].startswith(
        "p.shp, feature 3 (parcel P3): geometry: invalid polygon: self-intersection at ("
    )
    assert "set inventory.repair_geometry: true" in lines[0]
    with pytest.warns(GeometryWarning, match=r"repaired 1 invalid polygon") as caught:
        inv = prepare(gh.scenario(tmp_path, shp, "  repair_geometry: true\n")).inventory
    assert "feature 3 (parcel P3): self-intersection" in str(caught[0].message)
    # the bow tie's two triangles: half the 97 × 80 m box
    assert inv.parcels["area_mu"].iloc[2] == pytest.approx(97 * 80 / 2 / M2_PER_MU, rel=1e-9)


def test_geopackage_with_several_layers_needs_one_named(tmp_path):
    gpkg = tmp_path / "地块.gpkg"
    gh.write(gpkg, gh.polygons_4549(), "EPSG:4549", layer="地块")
    gh.write(gpkg, gh.polygons_4549()[:2], "EPSG:4549", layer="边界")
    lines = _problems(gh.scenario(tmp_path, gpkg))
    assert lines == [
        f"{gpkg}: inventory.layer: the file holds 2 layers: 地块 (Polygon), 边界 (Polygon); "
        "name one in inventory.layer"
    ]
    inv = prepare(gh.scenario(tmp_path, gpkg, "  layer: 地块\n")).inventory
    assert inv.n == 6 and inv.crs == "EPSG:4549"
    assert "no layer '道路'" in _problems(gh.scenario(tmp_path, gpkg, "  layer: 道路\n"))[0]


def test_file_geodatabase_layer(tmp_path):
    gdb = tmp_path / "萧山.gdb"
    gh.write(gdb, gh.polygons_4549(), "EPSG:4549", driver="OpenFileGDB", layer="parcels")
    prepared = prepare(gh.scenario(tmp_path, gdb, "  layer: parcels\n"))
    assert prepared.inventory.n == 6
    assert _pairs(prepared) == gh.TOUCHING


def test_csv_points_in_degrees_mixed_with_metres(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        "parcel_id,platform,area_mu,industry,output,tax,x,y\n"
        "A,a,10,x,10,1,525000,3340000\nB,a,10,x,10,1,120.26,30.18\n"
        "C,a,10,x,10,1,525100,3340000\n",
        encoding="utf-8",
    )
    scn = tmp_path / "s.yaml"
    scn.write_text(f"extends: {TINY.as_posix()}\ninventory: {{path: p.csv}}\n", encoding="utf-8")
    lines = _problems(scn)
    assert len(lines) == 1
    assert lines[0].startswith("p.csv, row 3 (parcel B): x, y: coordinates look like degrees")


def test_bridges_cross_the_road_but_not_the_corner(tmp_path):
    shp = gh.write(tmp_path / "p.shp", gh.polygons_4549(), "EPSG:4549", encoding="GBK")
    extra = "  adjacency: {method: polygons, tolerance_m: 15, bridge_gap_m: 45}\n"
    text = (
        gh.scenario(tmp_path, shp)
        .read_text(encoding="utf-8")
        .replace("  adjacency: {method: polygons, tolerance_m: 15}\n", extra)
    )
    (tmp_path / "roads.yaml").write_text(text, encoding="utf-8")
    prepared = prepare(tmp_path / "roads.yaml")
    links = prepared.bridges.toarray()
    ids = list(prepared.inventory.parcels["parcel_id"])
    i, j = np.nonzero(np.triu(links))
    assert [(ids[a], ids[b]) for a, b in zip(i, j, strict=True)] == [("P3", "P6")]  # 40 m apart
    assert _pairs(prepared) == gh.TOUCHING  # touching pairs unchanged


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.shp", b"garbage" * 20, "cannot read the GIS file"),
        ("bad.gpkg", b"SQLite format 3\x00" + b"x" * 200, "cannot read the GIS file"),
    ],
)
def test_corrupt_gis_files_are_clear_errors(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    if name.endswith(".shp"):
        for ext in (".shx", ".dbf"):
            path.with_suffix(ext).write_bytes(content)
    lines = _problems(gh.scenario(tmp_path, path))
    assert len(lines) == 1 and name in lines[0]
    with pytest.raises(InputError, match=message):
        prepare(gh.scenario(tmp_path, path))


def test_a_shapefile_without_its_dbf_is_refused(tmp_path):
    shp = gh.write(tmp_path / "p.shp", gh.polygons_4549(), "EPSG:4549", encoding="GBK")
    shp.with_suffix(".dbf").unlink()
    lines = _problems(gh.scenario(tmp_path, shp))
    assert len(lines) == 1 and "no .dbf beside it" in lines[0]


def test_a_field_name_cut_inside_a_chinese_character_is_refused_in_one_line(tmp_path):
    import warnings

    import shapely
    from pyogrio.raw import write

    from landsim.errors import InputError
    from landsim.inventory.gis import read_layer

    path = tmp_path / "b.shp"
    wkb = shapely.to_wkb(np.array([shapely.box(0, 0, 100, 100)]))
    with warnings.catch_warnings():  # GDAL says it cuts the name to 10 bytes
        warnings.simplefilter("ignore")
        write(
            path, wkb, field_data=[np.array(["开发区"], dtype=object)], fields=["平台名称名"],
            crs="EPSG:4549", driver="ESRI Shapefile", encoding="UTF-8", geometry_type="Polygon",
        )  # fmt: skip
    with pytest.raises(InputError) as err:
        read_layer(path, None, "auto")
    (problem,) = err.value.problems
    assert "cuts field names at 10 bytes" in problem.message  # was an internal error
