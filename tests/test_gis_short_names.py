"""A Shapefile cuts field names at 10 bytes: value_added is value_adde, 主营业务收入 主营业务收.

`landsim init` recognizes a name cut so, and the loader reads a column the scenario maps
by its whole name (or does not map) from its cut field; a field two names cut to is never
read as either. Other formats keep whole names.
"""

from __future__ import annotations

import warnings

import pytest

from landsim.errors import InputError
from landsim.inventory.dbf_names import cut, name_encoding, twins
from landsim.inventory.prepare import prepare
from landsim.inventory.proposal import look_at
from landsim.inventory.recognize import cut_names, unclear_cuts
from tests import gis_helpers as gh

#: The test parcels' attributes with long names (11 bytes and more) besides the short ones.
LONG = {
    "value_added": [900.0, 2000.0, 300.0, 1200.0, 4000.0, 200.0],
    "rd_spending": [10.0, 80.0, 0.0, 30.0, 250.0, 0.0],
    "主营业务收入": [3100.0, 8200.0, 1250.0, 5100.0, 15500.0, 950.0],
}


def _write(path, attributes: dict, encoding: str | None = "GBK"):
    with warnings.catch_warnings():  # GDAL says when it cuts a field name to 10 bytes
        warnings.simplefilter("ignore", RuntimeWarning)
        return gh.write(
            path, gh.polygons_4549(), "EPSG:4549", encoding=encoding, attributes=attributes
        )


def _problems(scenario) -> list[str]:
    with pytest.raises(InputError) as info:
        prepare(scenario)
    return [str(p) for p in info.value.problems]


@pytest.fixture(scope="module")
def shapefile(tmp_path_factory):
    """The test parcels as a GBK Shapefile with long field names, cut by GDAL."""
    path = tmp_path_factory.mktemp("shp") / "地块.shp"
    return _write(path, {**gh.ATTRIBUTES, **LONG})


def test_the_shapefile_has_the_names_cut(shapefile):
    import pyogrio

    fields = list(pyogrio.read_info(shapefile)["fields"])
    assert fields[-3:] == ["value_adde", "rd_spendin", "主营业务收"]


def test_init_recognizes_names_cut_at_10_bytes(shapefile):
    proposal = look_at(shapefile)
    found = {c: m.header for c, m in proposal.matches.items()}
    assert found["value_added"] == "value_adde"
    assert found["rd_spending"] == "rd_spendin"
    assert found["revenue"] == "主营业务收"
    assert proposal.matches["rd_spending"].unit is None  # not "spendin", after its "_"
    assert not any("spendin" in c for c in proposal.checks)
    assert not {"value_adde", "rd_spendin", "主营业务收"} & set(proposal.unrecognized)


def test_the_loader_reads_a_whole_name_from_its_cut_field(tmp_path, shapefile):
    # value_added mapped by its whole name, rd_spending not mapped (its own name)
    extra = "  units: {money: 万元}\n"
    scenario = gh.scenario(tmp_path, shapefile, extra)
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(text.replace("tax: 税收", "tax: 税收, value_added: value_added"), "utf-8")
    inv = prepare(scenario).inventory
    assert inv.headers["value_added"] == "value_adde"
    assert inv.headers["rd_spending"] == "rd_spendin"
    assert list(inv.parcels["value_added"]) == LONG["value_added"]
    assert list(inv.parcels["rd_spending"]) == LONG["rd_spending"]


def test_two_names_cut_to_one_field_are_refused_naming_both(tmp_path, shapefile):
    scenario = gh.scenario(tmp_path, shapefile)
    text = scenario.read_text(encoding="utf-8")
    mapped = "tax: 税收, value_added: value_added_2023, revenue: value_added_total"
    scenario.write_text(text.replace("tax: 税收", mapped), "utf-8")
    problems = _problems(scenario)
    said = [p for p in problems if "value_added_2023" in p]
    assert said and "value_added_total" in said[0] and "'value_adde'" in said[0]


@pytest.fixture(scope="module")
def twins_file(tmp_path_factory):
    """value_added and value_added_2023: GDAL writes value_adde and value_ad_1."""
    path = tmp_path_factory.mktemp("twins") / "p.shp"
    attributes = {**gh.ATTRIBUTES, "value_added": LONG["value_added"]}
    attributes["value_added_2023"] = LONG["rd_spending"]
    return _write(path, attributes)


def test_a_cut_field_beside_its_renamed_twin_is_not_proposed(twins_file):
    proposal = look_at(twins_file)
    assert "value_added" not in proposal.matches
    said = [c for c in proposal.checks if "value_adde" in c]
    assert said and "value_ad_1" in said[0] and "value_added" in said[0]


def test_a_cut_field_beside_its_renamed_twin_is_refused_naming_both(tmp_path, twins_file):
    problems = _problems(gh.scenario(tmp_path, twins_file))
    said = [p for p in problems if "value_ad_1" in p]
    assert said and "'value_adde'" in said[0] and "value_added" in said[0]


def test_other_formats_keep_whole_names(tmp_path):
    """A GeoPackage's value_adde is not value_added: only a DBF cuts names."""
    path = _write(tmp_path / "p.gpkg", {**gh.ATTRIBUTES, "value_adde": LONG["value_added"]}, None)
    assert "value_added" not in look_at(path).matches
    inv = prepare(gh.scenario(tmp_path, path)).inventory
    assert "value_added" not in inv.headers


def test_cuts_count_bytes_in_the_file_encoding():
    assert cut("主营业务收入", "gb18030") == "主营业务收"
    assert cut("主营业务收入", "utf-8") == "主营业"  # 3 whole characters in 10 bytes
    assert cut("A产值总额合计", "gb18030") == "A产值总额"  # half a character dropped
    assert cut("税收", "latin-1") is None
    assert cut_names("主要污染物", "gb18030") == {"emissions_t": "主要污染物排放量"}
    assert cut_names("主要污染物", "utf-8") == {}  # in UTF-8 it would be 主要污
    assert name_encoding("地块.SHP", "936") == "gb18030"
    assert name_encoding("地块.shp", "65001") == "utf-8"
    assert name_encoding("地块.gpkg", "UTF-8") is None


def test_twins_are_the_renamed_cuts_only():
    assert twins("value_adde", ["value_adde", "value_ad_1", "value_ad12"], "utf-8") == [
        "value_ad_1",
        "value_ad12",
    ]
    assert twins("output_val", ["output_202", "output"], "utf-8") == []


def test_a_cut_two_columns_names_share_is_not_proposed(monkeypatch):
    from landsim.inventory import recognize

    monkeypatch.setattr(recognize, "_cuts", lambda dbf: {"value adde": {"a": "x1", "b": "x2"}})
    unclear = unclear_cuts(["value_adde"], "utf-8")
    assert "'x1' (a)" in unclear["value_adde"] and "'x2' (b)" in unclear["value_adde"]
    assert recognize.propose(["value_adde"], "utf-8") == {}
