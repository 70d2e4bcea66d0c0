"""One bad inventory per error message; expectations live in fixtures/bad_inventories/cases.yaml."""

from __future__ import annotations

import pytest
import yaml

from landsim.errors import InputError
from landsim.inventory.prepare import prepare
from landsim.scenario import load_scenario
from landsim.scenario.variants import deep_merge
from tests.conftest import FIXTURES, TINY

FOLDER = FIXTURES / "bad_inventories"
CASES = yaml.safe_load((FOLDER / "cases.yaml").read_text(encoding="utf-8"))


def _absolute(overrides: dict) -> dict:
    adj = overrides.get("adjacency", {})
    if "path" in adj:
        adj = {**adj, "path": str(FIXTURES / adj["path"])}
        overrides = {**overrides, "adjacency": adj}
    return overrides


def test_every_fixture_has_a_case():
    files = {p.name for p in FOLDER.glob("*.csv")}
    assert files == set(CASES), "add each bad inventory to cases.yaml (and only those)"


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_bad_inventory_gets_its_message(name):
    case = CASES[name]
    inventory = deep_merge(
        {"path": str((FOLDER / case.get("file", name)).resolve())},
        _absolute(case.get("inventory", {})),
    )
    scenario = load_scenario(TINY, overrides={"inventory": inventory})
    with pytest.raises(InputError) as info:
        prepare(scenario)
    lines = [str(p) for p in info.value.problems]
    for expected in case["expect"]:
        assert any(expected in line for line in lines), (expected, lines)
    assert len(lines) == case["count"], lines


def test_nothing_is_returned_for_a_bad_inventory():
    # the all-or-nothing contract: an exception, no partial Inventory object
    scenario = load_scenario(
        TINY, overrides={"inventory": {"path": str(FOLDER / "many_problems.csv")}}
    )
    with pytest.raises(InputError):
        result = prepare(scenario)
        del result
