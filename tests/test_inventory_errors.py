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


def test_a_header_of_thousands_of_columns_is_refused_before_parsing(tmp_path):
    """Text without line breaks (the wrong file) became millions of columns; pandas then
    renamed their duplicate names one by one, for minutes. It is refused at once."""
    path = tmp_path / "one_line.csv"
    path.write_text("abc,def;ghi\t" * 20_000, encoding="utf-8")
    scenario = load_scenario(TINY, overrides={"inventory": {"path": str(path)}})
    with pytest.raises(InputError) as info:
        prepare(scenario)
    (problem,) = info.value.problems
    assert "20,001 columns, at most 1,000" in problem.message
    assert problem.field == "inventory.header_row" and "line 1" in problem.where


def test_an_error_lists_a_screenful_of_kinds_and_counts_the_rest():
    from landsim.errors import MAX_KINDS, Problem

    problems = [Problem(f"p.csv, row {r}", f"column_{r}", f"bad value {r}") for r in range(75)]
    repeated = [Problem(f"p.csv, row {r}", "parcel_id", "duplicate id") for r in range(100, 900)]
    lines = InputError("p.csv: many problems", problems + repeated).render().splitlines()
    assert len(lines) == 1 + MAX_KINDS + 1
    assert lines[-1].startswith(f"  … and {76 - MAX_KINDS} other kinds of problem")
