"""A Shapefile whose .cpg or inventory.encoding is wrong is refused, naming the right one."""

from __future__ import annotations

import warnings

import pytest

from landsim.errors import InputError
from landsim.inventory.prepare import prepare
from tests import gis_helpers as gh


def _problem(scenario) -> str:
    with pytest.raises(InputError) as info:
        prepare(scenario)
    (problem,) = info.value.problems
    return str(problem)


@pytest.fixture
def short_ids(monkeypatch):
    """Attributes whose field names fit a Shapefile's 10 bytes in UTF-8 too (编号, not 地块编号)."""
    monkeypatch.setitem(gh.MAPPING, "parcel_id", "编号")
    attributes = dict(gh.ATTRIBUTES)
    attributes = {"编号": attributes.pop("地块编号"), **attributes}
    return attributes


def _shapefile(tmp_path, encoding: str, cpg: str | None, attributes: dict | None = None):
    with warnings.catch_warnings():  # GDAL says when it cuts a field name to 10 bytes
        warnings.simplefilter("ignore", RuntimeWarning)
        shp = gh.write(
            tmp_path / "p.shp",
            gh.polygons_4549(),
            "EPSG:4549",
            encoding=encoding,
            attributes=attributes,
        )
    if cpg is not None:
        shp.with_suffix(".cpg").write_text(cpg, encoding="ascii")
    return shp


def test_gbk_attributes_beside_a_cpg_saying_utf8(tmp_path):
    # was: "a Shapefile cuts field names at 10 bytes … rename the field", which sent the
    # user to rename fields that were fine
    shp = _shapefile(tmp_path, "GBK", "UTF-8")
    problem = _problem(gh.scenario(tmp_path, shp))
    assert problem == (
        f"{shp}: inventory.encoding: the attributes read as GBK (GB18030), not the UTF-8 the "
        ".cpg file declares: fix the .cpg (write GBK, or delete it) or set inventory.encoding: gbk"
    )
    # what it says to do works, either way
    inv = prepare(gh.scenario(tmp_path, shp, "  encoding: gbk\n")).inventory
    assert inv.parcels["industry"].iloc[2] == "机械"
    shp.with_suffix(".cpg").unlink()
    assert prepare(gh.scenario(tmp_path, shp)).inventory.parcels["industry"].iloc[2] == "机械"


def test_gbk_attributes_read_as_the_utf8_the_scenario_names(tmp_path):
    shp = _shapefile(tmp_path, "GBK", None)
    problem = _problem(gh.scenario(tmp_path, shp, "  encoding: utf-8\n"))
    assert problem.endswith(
        "the attributes read as GBK (GB18030), not the utf-8 that inventory.encoding names: "
        "set inventory.encoding: gbk"
    )


def test_utf8_attributes_beside_a_cpg_saying_gbk(tmp_path, short_ids):
    # GDAL read UTF-8 bytes as GBK: every header came out as mojibake (琛屼笟 for 行业) and
    # the mapping said the headers were not in the file
    shp = _shapefile(tmp_path, "UTF-8", "GBK", short_ids)
    problem = _problem(gh.scenario(tmp_path, shp))
    assert problem.endswith(
        "the attributes read as UTF-8, not the GBK the .cpg file declares: fix the .cpg "
        "(write UTF-8, or delete it) or set inventory.encoding: utf-8"
    )


def test_a_cpg_naming_utf8_by_its_code_page(tmp_path, short_ids):
    # Windows calls UTF-8 code page 65001; GDAL does not know the number and gave mojibake
    shp = _shapefile(tmp_path, "UTF-8", "65001", short_ids)
    inv = prepare(gh.scenario(tmp_path, shp)).inventory
    assert inv.parcels["industry"].iloc[2] == "机械"
    assert inv.encoding == "65001"


def test_utf8_field_names_cut_at_10_bytes_keep_their_message(tmp_path, short_ids):
    # a real UTF-8 file: the cut name, not the encoding, is what to fix
    short_ids["所属行业名称"] = short_ids.pop("行业")  # 18 bytes in UTF-8, cut to 10
    shp = _shapefile(tmp_path, "UTF-8", None, short_ids)
    assert shp.with_suffix(".cpg").read_text().strip() == "UTF-8"
    problem = _problem(gh.scenario(tmp_path, shp))
    assert "a Shapefile cuts field names at 10 bytes" in problem
    assert "rename the field in your GIS, or save the layer as a GeoPackage" in problem
    assert "read as GBK" not in problem


def test_a_right_cpg_reads_without_a_second_look(tmp_path, monkeypatch, short_ids):
    from landsim.inventory import gis_text

    def fail(*args, **kwargs):
        raise AssertionError("read again")

    monkeypatch.setattr(gis_text, "real_encoding", fail)
    for encoding in ("GBK", "UTF-8"):
        shp = _shapefile(tmp_path, encoding, None, short_ids)
        inv = prepare(gh.scenario(tmp_path, shp)).inventory
        assert inv.parcels["industry"].iloc[2] == "机械"
