"""A file's areas in another unit than declared are refused; scattered differences warn."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import shapely

from landsim.cli import main
from landsim.errors import InputError
from landsim.inventory.area_check import common_factor, likely_unit
from landsim.inventory.prepare import prepare
from landsim.inventory.spatial import GeometryWarning
from landsim.units import M2_PER_MU
from tests import gis_helpers as gh

#: The test parcels' polygon areas, mu (the 100 × 100 m squares are 15 mu).
MU = shapely.area(gh.polygons_4549()) / M2_PER_MU


def _scenario(tmp_path, monkeypatch, areas, extra: str = ""):
    monkeypatch.setitem(gh.MAPPING, "area_mu", "面积")
    attributes = {**gh.ATTRIBUTES, "面积": list(np.asarray(areas, dtype=float))}
    shp = gh.write(
        tmp_path / "p.shp", gh.polygons_4549(), "EPSG:4549", encoding="GBK", attributes=attributes
    )
    return gh.scenario(tmp_path, shp, extra)


AREA = "inventory.units.area"
COLUMN = "inventory.units.columns.area_mu"


@pytest.mark.parametrize(
    ("areas", "extra", "factor", "key", "declared", "holds"),
    [
        # the file's mu declared as hectares: 15 times too large
        (MU, "  units: {area: ha}\n", "15.0 times", AREA, "ha", "mu (亩)"),
        # square metres left at the default mu: 666.7 times too large
        (MU * M2_PER_MU, "", "666.7 times", AREA, "mu", "m2 (平方米)"),
        # hectares declared as square metres in the column's own unit
        (MU / 15, "  units: {columns: {area_mu: 平方米}}\n", "1/10,000.0 of", COLUMN, "平方米",
         "ha (公顷)"),
    ],
)  # fmt: skip
def test_areas_in_another_unit_than_declared_are_refused(
    tmp_path, monkeypatch, areas, extra, factor, key, declared, holds
):
    # was a warning, then "valid": every result in mu off by the factor
    with pytest.raises(InputError) as info:
        prepare(_scenario(tmp_path, monkeypatch, areas, extra))
    # (money per mu may then be implausible too: the area's is the problem named first)
    problem = str(info.value.problems[0])
    assert problem.startswith(f"p.shp: area_mu [面积]: 6 of 6 parcels' areas are {factor} their ")
    assert "(e.g. p.shp, feature 1 (parcel P1): " in problem
    unit = holds.split()[0]
    assert problem.endswith(f"; the column holds {holds}, not {declared} as {key} says: "
                            f"set {key}: {unit}")  # fmt: skip


def test_the_fix_it_names_reads_the_file(tmp_path, monkeypatch):
    with warnings.catch_warnings():
        warnings.simplefilter("error", GeometryWarning)
        inv = prepare(_scenario(tmp_path, monkeypatch, MU * M2_PER_MU, "  units: {area: m2}\n"))
    np.testing.assert_allclose(inv.inventory.parcels["area_mu"], MU)


def test_validate_and_run_exit_non_zero_without_saying_valid(tmp_path, monkeypatch, capsys):
    scenario = _scenario(tmp_path, monkeypatch, MU, "  units: {area: ha}\n")
    assert main(["validate", str(scenario)]) != 0
    out = capsys.readouterr()
    assert "OK" not in out.out and "valid" not in out.out
    assert "set inventory.units.area: mu" in out.err
    assert main(["run", str(scenario), "-o", str(tmp_path / "out")]) != 0
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "areas",
    [
        MU * np.array([1, 1, 3, 1, 1, 1]),  # one parcel off: scattered
        MU * 1.3,  # all alike, but within what a survey and a drawing may differ
        MU * np.array([15, 15, 15, 15, 1, 1]),  # two-thirds alike: not one unit
    ],
)
def test_scattered_differences_keep_the_warning(tmp_path, monkeypatch, areas):
    with pytest.warns(GeometryWarning, match=r"parcels' area_mu differs from their polygon's"):
        inv = prepare(_scenario(tmp_path, monkeypatch, areas)).inventory
    np.testing.assert_allclose(inv.parcels["area_mu"], areas)  # the file's areas, as before


def test_common_factor_and_the_unit_it_means():
    drawn = np.full(100, 10.0)
    noisy = drawn * 15 * np.linspace(0.95, 1.05, 100)
    assert common_factor(noisy, drawn) == pytest.approx(15, rel=0.01)
    assert common_factor(drawn * 1.9, drawn) is None
    assert common_factor(np.full(100, np.nan), drawn) is None
    assert likely_unit(15.0, "ha") == "mu"
    assert likely_unit(1 / M2_PER_MU, "m2") == "mu"
    assert likely_unit(10.76, "mu") is None  # coordinates in feet: no unit of area explains it
