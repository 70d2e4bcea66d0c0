"""``extends``: values replace as a whole, sections merge, and origins follow."""

from __future__ import annotations

import pytest

from landsim.errors import InputError
from landsim.scenario import load_scenario, scenario_source
from landsim.scenario.distributions import LogNormal, Uniform
from landsim.scenario.variants import deep_merge, is_value
from tests.conftest import DEFAULT, TINY, write_scenario


def test_a_distribution_of_another_kind_replaces_the_base_one(tmp_path):
    path = tmp_path / "v.yaml"
    path.write_text(
        f"extends: {DEFAULT.as_posix()}\ntreatments:\n  vacate:\n"
        "    land_compensation_per_mu: {dist: uniform, low: 20, high: 50}\n",
        encoding="utf-8",
    )
    scn = load_scenario(path)
    value = scn.treatments.vacate.land_compensation_per_mu
    assert isinstance(value, Uniform) and (value.low, value.high) == (20, 50)
    base = load_scenario(DEFAULT).treatments.vacate.land_compensation_per_mu
    assert isinstance(base, LogNormal)
    assert scn.treatments.vacate.prep_years == load_scenario(DEFAULT).treatments.vacate.prep_years


def test_a_yearly_mapping_replaces_the_base_one(tmp_path):
    path = tmp_path / "v.yaml"
    path.write_text(
        f"extends: {DEFAULT.as_posix()}\ncandidates: {{tax_per_mu_below: {{2024: 4}}}}\n",
        encoding="utf-8",
    )
    scn = load_scenario(path)
    assert scn.candidates.tax_per_mu_below.steps == ((2024, 4.0),)  # not 2026: 3, 2028: 5
    assert scn.candidates.far_below == 1.0  # the rest of the section merges


def test_a_method_replaces_the_base_setting_whole(tmp_path):
    path = write_scenario(tmp_path, "inventory: {adjacency: {method: none}}\n")
    scn = load_scenario(path)
    assert scn.inventory.adjacency.distance_m == 15.0  # the tiny base's 120 is gone
    assert scn.inventory.path.endswith("parcels.csv")  # inventory itself merged


def test_positions_of_replaced_keys_are_dropped(tmp_path):
    base = tmp_path / "base.yaml"
    base.write_text(
        f"extends: {TINY.as_posix()}\nselection:\n"
        "  refusal_probability: {dist: lognormal, median: 0.1, sigma: 0.3}\n",
        encoding="utf-8",
    )
    top = tmp_path / "top.yaml"
    top.write_text("extends: base.yaml\nselection: {refusal_probability: 0.2}\n", "utf-8")
    source = scenario_source(load_scenario(top))
    assert ("selection", "refusal_probability", "median") not in source.origins
    assert source.origins[("selection", "refusal_probability")].file == top


def test_an_error_in_an_inherited_value_names_the_base_file(tmp_path):
    base = tmp_path / "base.yaml"
    base.write_text(f"extends: {TINY.as_posix()}\ncontiguity:\n  min_cluster_mu: 0\n", "utf-8")
    top = tmp_path / "top.yaml"
    top.write_text("extends: base.yaml\nseed: 4\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_scenario(top)
    assert str(info.value.problems[0]).startswith(f"{base}:3:3: contiguity.min_cluster_mu:")


def test_which_mappings_are_values():
    assert is_value({"dist": "uniform", "low": 1, "high": 2})
    assert is_value({2024: 1, 2026: 2}) and is_value({"method": "points"})
    assert not is_value({"vacate_mu": 1}) and not is_value({})
    assert deep_merge({"a": {2024: 1, 2025: 2}}, {"a": {2024: 3}}) == {"a": {2024: 3}}


def test_a_base_reached_by_many_paths_is_read_once(tmp_path, monkeypatch):
    # 2 × 30 files, each extending the next pair: 2**30 reads before, and no end
    import landsim.scenario.variants as variants

    levels = 30
    for i in range(levels):
        for side in "ab":
            text = (
                f"extends: [a{i + 1}.yaml, b{i + 1}.yaml]\n"
                if i < levels - 1
                else f"extends: {TINY.as_posix()}\nseed: {i}\n"
            )
            (tmp_path / f"{side}{i}.yaml").write_text(text, encoding="utf-8")
    reads = []
    real = variants.load_yaml
    monkeypatch.setattr(variants, "load_yaml", lambda f: reads.append(f) or real(f))
    scenario = load_scenario(tmp_path / "a0.yaml")
    assert scenario.seed == levels - 1
    assert len(reads) == len(set(reads)) == 2 * levels  # a0, a1–a29, b1–b29 and the base: once
    files = scenario_source(scenario).files
    assert len(files) == len(set(files))


def test_a_base_listed_twice_is_refused(tmp_path):
    path = tmp_path / "twice.yaml"
    path.write_text(f"extends: [{TINY.as_posix()}, {TINY.as_posix()}]\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_scenario(path)
    assert "is listed twice; list it once" in str(err.value)


def test_an_override_changes_one_key_and_owns_its_problems(tmp_path):
    # --set evaluation.classes.shares.D=0.05 replaced all of `classes` and was refused;
    # --set selection.refusal_probability=1.5 was blamed on a line of the base file
    from landsim.scenario.load import OVERRIDE

    shares = {"A": 0.2, "B": 0.45, "C": 0.3, "D": 0.05}
    scenario = load_scenario(
        DEFAULT, overrides={"evaluation": {"classes": {"shares": {"C": 0.3, "A": 0.2}}}}
    )
    assert scenario.evaluation.classes.method == "percentile"
    assert scenario.evaluation.classes.shares == shares
    with pytest.raises(InputError) as err:
        load_scenario(DEFAULT, overrides={"selection": {"refusal_probability": 1.5}})
    (problem,) = err.value.problems
    assert problem.where == OVERRIDE and problem.field == "selection.refusal_probability"
