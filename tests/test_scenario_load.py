from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from landsim.scenario import load_scenario, scenario_source
from landsim.scenario.variants import deep_merge, resolve
from landsim.scenario.yearly import Yearly
from tests.conftest import DEFAULT, TINY, write_scenario


def test_default_scenario_validates():
    scn = load_scenario(DEFAULT)
    assert scn.name == "xiaoshan_2024"
    assert (scn.horizon.start, scn.horizon.end) == (2024, 2030)
    assert scn.targets.contiguous_vacated_mu.at(2027) == 2000
    assert scn.targets.revitalized_mu.at(2024) == 10000
    assert sum(p.is_platform for p in scn.platforms.values()) == 4


def test_yearly_values_hold_until_the_next_year():
    y = Yearly.parse({2024: 2, 2026: 3, 2028: 5})
    assert [y.at(t) for t in range(2024, 2031)] == [2, 2, 3, 3, 5, 5, 5]
    assert Yearly.parse(7).at(1990) == 7
    with pytest.raises(ValueError, match="first year given is 2024"):
        y.at(2023)
    assert y.dump() == {2024: 2.0, 2026: 3.0, 2028: 5.0}
    assert Yearly.parse(7).dump() == 7.0


def test_variant_merges_mappings_and_replaces_lists(tmp_path):
    base = tmp_path / "base" / "base.yaml"
    base.parent.mkdir()
    base.write_text(
        "horizon: {start: 2024, end: 2030}\n"
        "inventory: {path: data/p.csv, units: {area: ha, money: 万元}}\n"
        "platforms: {a: {name: {zh: 甲, en: A}, aliases: [x, y]}}\n",
        encoding="utf-8",
    )
    child = tmp_path / "child.yaml"
    child.write_text(
        "extends: base/base.yaml\n"
        "horizon: {end: 2027}\n"
        "inventory: {units: {money: 元}}\n"
        "platforms: {a: {aliases: [z]}}\n",
        encoding="utf-8",
    )
    resolved = resolve(child)
    data = resolved.data
    assert data["horizon"] == {"start": 2024, "end": 2027}
    assert data["inventory"]["units"] == {"area": "ha", "money": "元"}
    assert data["platforms"]["a"]["aliases"] == ["z"]
    # the base's relative path resolves against the base file, not the child
    assert Path(data["inventory"]["path"]) == (tmp_path / "base" / "data" / "p.csv").resolve()
    assert resolved.files == [child.resolve(), base.resolve()]
    assert "child.yaml: horizon.end" in resolved.overrides
    assert "child.yaml: platforms.a.aliases" in resolved.overrides


def test_later_base_overrides_earlier(tmp_path):
    (tmp_path / "one.yaml").write_text("seed: 1\ndescription: one\n", encoding="utf-8")
    (tmp_path / "two.yaml").write_text("seed: 2\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text("extends: [one.yaml, two.yaml]\n", encoding="utf-8")
    data = resolve(tmp_path / "c.yaml").data
    assert data == {"seed": 2, "description": "one"}


def test_overrides_in_python_are_validated_like_the_file():
    scn = load_scenario(TINY, overrides={"horizon": {"end": 2030}})
    assert scn.horizon.end == 2030
    with pytest.raises(Exception, match="unknown key 'ennd'"):
        load_scenario(TINY, overrides={"horizon": {"ennd": 2030}})


def test_scenario_is_frozen():
    scn = load_scenario(TINY)
    with pytest.raises(Exception, match="frozen"):
        scn.seed = 3


def test_source_records_the_chain(tmp_path):
    path = write_scenario(tmp_path, "seed: 5\n")
    src = scenario_source(load_scenario(path))
    assert src is not None and [f.name for f in src.files] == ["scenario.yaml", "scenario.yaml"]
    assert src.files[1] == TINY


def test_yaml_merge_keys_and_anchors_work(tmp_path):
    path = write_scenario(
        tmp_path, "targets:\n  revitalized_mu: &r {2024: 5}\n  contiguous_vacated_mu: *r\n"
    )
    scn = load_scenario(path)
    assert scn.targets.contiguous_vacated_mu.at(2024) == 5


def test_pyyaml_shared_loader_is_untouched(tmp_path):
    path = write_scenario(tmp_path, "seed: 1\n")
    load_scenario(path)
    # the shared SafeLoader still keeps the last duplicate key, as PyYAML documents
    assert yaml.safe_load("a: 1\na: 2\n") == {"a": 2}


def test_deep_merge_does_not_mutate_inputs():
    base = {"a": {"x": 1}}
    top = {"a": {"y": 2}}
    merged = deep_merge(base, top)
    assert merged == {"a": {"x": 1, "y": 2}} and base == {"a": {"x": 1}}


def test_a_renamed_key_is_read_under_its_old_name_with_a_warning(tmp_path):
    from landsim.scenario.schema.inventory_spec import RenamedKeyWarning
    from tests.conftest import TINY

    path = tmp_path / "old.yaml"
    path.write_text(
        f"extends: {TINY.as_posix()}\ninventory:\n  adjacency:\n    road_gap_m: 40\n",
        encoding="utf-8",
    )
    with pytest.warns(RenamedKeyWarning, match="road_gap_m is now called bridge_gap_m"):
        scenario = load_scenario(path)
    assert scenario.inventory.adjacency.bridge_gap_m == 40
