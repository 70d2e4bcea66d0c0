"""Programmes bundled with landsim: shipped as package data, extended as ``landsim:NAME``."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import pytest

import landsim
from landsim.errors import InputError
from landsim.scenario import bundled, load_scenario, scenario_source
from landsim.scenario.variants import RELATIVE_PATH_KEYS, resolve
from tests.conftest import DEFAULT, ROOT

#: What differs between the default scenario and the programme on another inventory.
OWN = {"name", "description", "inventory"}


def test_the_package_holds_the_default_programme():
    # as an installed landsim finds its own files, wherever it is installed
    programme = resources.files("landsim").joinpath("programmes", "xiaoshan_2024.yaml")
    assert programme.is_file()
    assert bundled.path_of("landsim:xiaoshan_2024") == Path(str(programme))
    assert "xiaoshan_2024" in bundled.names()


def test_the_build_ships_every_bundled_programme():
    """pyproject's package data covers programmes/, so a non-editable install has them."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["landsim"]
    package = Path(landsim.__file__).parent
    shipped = {p.resolve() for pattern in globs for p in package.glob(pattern)}
    programmes = {p.resolve() for p in bundled.folder().glob("*.yaml")}
    assert programmes and programmes <= shipped


@pytest.mark.parametrize("name", bundled.names())
def test_a_programme_needs_no_file_outside_the_package(name):
    # no inventory, neighbour table, boundaries, font or history: nothing a wheel lacks
    data = resolve(bundled.path_of(f"landsim:{name}")).data
    for path in RELATIVE_PATH_KEYS:
        node = data
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        assert node is None, path
    assert "inventory" not in data


def test_a_scenario_in_any_folder_extends_the_default_programme(tmp_path):
    own = tmp_path / "我的数据" / "own.yaml"
    own.parent.mkdir()
    own.write_text("extends: landsim:xiaoshan_2024\ninventory: {path: own.csv}\n", "utf-8")
    scn = load_scenario(own)
    default = load_scenario(DEFAULT)
    assert scn.model_dump(exclude=OWN) == default.model_dump(exclude=OWN)
    assert scn.inventory.path == str(own.parent / "own.csv")
    assert scenario_source(scn).files[1] == bundled.path_of("landsim:xiaoshan_2024")
    # the default scenario is this programme on the bundled synthetic inventory
    assert scenario_source(default).files[1] == bundled.path_of("landsim:xiaoshan_2024")


def test_an_unknown_programme_is_refused_with_the_bundled_ones(tmp_path):
    own = tmp_path / "own.yaml"
    own.write_text("extends: landsim:xiaoshan_2042\ninventory: {path: own.csv}\n", "utf-8")
    with pytest.raises(InputError) as caught:
        load_scenario(own)
    (problem,) = caught.value.problems
    assert problem.where == f"{own}:1:1" and problem.field == "extends"
    assert problem.message == (
        "landsim bundles no programme landsim:xiaoshan_2042; bundled: landsim:xiaoshan_2024"
    )
