"""The parcel map: platform outlines and names, exact block outlines, furniture, colours."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
import shapely
from matplotlib import pyplot as plt
from matplotlib.patches import PathPatch, Rectangle

import landsim
from landsim.errors import InputError
from landsim.inventory.prepare import prepare
from landsim.plots import maps, platforms
from landsim.plots.outlines import block_rings
from landsim.plots.palette import TREATMENT
from tests import gis_helpers as gh
from tests.conftest import ROOT
from tests.plot_helpers import overlapping_texts, texts


@pytest.fixture(scope="module")
def res():
    return landsim.run(ROOT / "scenarios" / "major_project_first.yaml")


@pytest.fixture(autouse=True)
def close():
    yield
    plt.close("all")


def _ring_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))


def test_a_block_is_outlined_by_its_union_not_its_hull():
    # an L of three 100 m squares with 2 m survey gaps
    polys = shapely.box(
        np.array([0, 102, 0.0]),
        np.array([0, 0, 102.0]),
        np.array([100, 202, 100.0]),
        np.array([100, 100, 202.0]),
    )
    (rings,) = block_rings(polys, [np.arange(3)], close=8.0)
    assert len(rings) == 1
    area = _ring_area(rings[0])
    hull = shapely.area(shapely.convex_hull(shapely.union_all(polys)))
    assert area == pytest.approx(3 * 100**2 + 2 * 100 * 2, rel=1e-6)  # squares + closed gaps
    assert area < hull - 5000  # the hull adds the L's missing corner triangle


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_map_has_platform_names_scale_north_and_an_inset(res, lang):
    ax = maps.parcel_map(res, lang=lang)
    words = texts(ax.figure)
    names = [w.replace("\n", " ") for w in words]  # long names wrap onto two lines
    for pid, p in res.scenario.platforms.items():
        assert (p.name.get(lang) in names) == p.is_platform, pid
    assert overlapping_texts(ax.figure) == []  # names of neighbouring platforms included
    assert ("北" if lang == "zh" else "N") in words
    scale = next(w for w in words if "公里" in w or "km" in w)
    km = float(re.match(r"[\d.]+", scale).group())  # "10公里", "10 km"
    bars = [r for r in ax.patches if isinstance(r, Rectangle)]
    assert sum(r.get_width() for r in bars) == pytest.approx(km * 1000)
    (inset,) = ax.child_axes
    placed = res.parcels[res.parcels["project"] != ""].groupby("project")["area_mu"].sum()
    project, mu = placed.idxmax(), placed.max()  # the inset shows the largest project
    label = " ".join(t.get_text() for t in inset.texts).replace("\n", "")
    assert f"{mu:,.0f}" in label
    amount = f"{mu:,.0f}亩" if lang == "zh" else f"{mu:,.0f} mu"  # no space before 亩
    assert amount in " ".join(t.get_text() for t in inset.texts)  # one line
    assert res.scenario.major_projects[project].name.get(lang).replace(" ", "") in label.replace(
        " ", ""
    )
    # the project's platform: 经开区 has several pieces and only one carries its name
    platform = res.scenario.platforms[res.scenario.major_projects[project].platform]
    assert platform.name.get(lang).replace(" ", "") in label.replace(" ", "")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in label) == (lang == "zh")
    assert overlapping_texts(ax.figure) == []


def test_parcels_are_one_path_per_colour(res):
    ax = maps.parcel_map(res, inset=False)
    fills = [a for a in ax.patches if isinstance(a, PathPatch) and a.get_fill()]
    assert len(fills) == 5  # vacate, upgrade, reactivate, restricted, untreated
    drawn = sum(len(np.flatnonzero(a.get_path().codes == 1)) for a in fills)  # MOVETO
    assert drawn == len(res.parcels)  # every parcel once, whatever the count


def test_the_map_uses_the_palettes_tested_treatment_colours():
    # tests/test_palette.py checks these stay apart for colour-blind readers
    assert dict(TREATMENT) == maps.STATUS_COLOURS
    assert set(maps.STATUS_COLOURS) == {
        "vacate",
        "upgrade",
        "reactivate",
        "restricted",
        "untreated",
    }


@pytest.mark.cjk
def test_a_boundary_layer_replaces_dissolved_outlines(tmp_path):
    shp = gh.write(tmp_path / "p.shp", gh.polygons_4549(), "EPSG:4549", encoding="GBK")
    x, y = gh.ORIGIN
    zones = shapely.box(
        np.array([x - 20, x + 190.0]), y - 20, np.array([x + 180, x + 460.0]), y + 230
    )
    bounds = gh.write(
        tmp_path / "平台.gpkg", zones, "EPSG:4549", attributes={"名称": ["甲区", "乙区"]}
    )
    extra = f"  boundaries: {{path: {bounds.as_posix()}, column: 名称}}\n"
    scenario = gh.scenario(tmp_path, shp, extra + "horizon: {start: 2024, end: 2025}\n")
    prepared = prepare(scenario)
    assert list(prepared.boundaries.platform) == ["a", "b"]
    res = landsim.run(scenario)
    ax = maps.parcel_map(res, lang="zh", inset=False)
    labels = {t.get_text(): t.get_position() for t in ax.texts}
    assert labels["甲区"] == pytest.approx((x + 80, y + 105))  # the boundary polygon's centre
    outlines = [a for a in ax.patches if isinstance(a, PathPatch) and not a.get_fill()]
    assert any(len(a.get_path().vertices) == 10 for a in outlines)  # the two boxes
    bad = gh.write(tmp_path / "bad.gpkg", zones, "EPSG:4549", attributes={"名称": ["甲区", "丙区"]})
    text = scenario.read_text(encoding="utf-8").replace(bounds.as_posix(), bad.as_posix())
    scenario.write_text(text, encoding="utf-8")
    with pytest.raises(
        InputError,
        match=r"bad\.gpkg, feature 2: 名称: unknown platform '丙区'; use one of: a \(甲区\)",
    ):
        prepare(scenario)
    text = scenario.read_text(encoding="utf-8").replace(bad.as_posix(), "nothere.shp")
    scenario.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:  # it said inventory.path, which was fine
        prepare(scenario)
    assert err.value.problems[0].field == "inventory.boundaries.path"


def test_names_of_platforms_side_by_side_are_moved_apart():
    from matplotlib import pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 3))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    names = [ax.text(5, 5, name, ha="center") for name in ("Airport Zone", "Xianghu Zone")]
    names.append(ax.text(5.5, 5, "Third Zone", ha="center"))
    platforms._apart(ax, names)
    assert overlapping_texts(fig) == []
    assert names[0].get_position() == (5, 5)  # the first stays where it was
    plt.close(fig)


def test_a_name_at_the_edge_of_the_map_is_moved_inside():
    from matplotlib import pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 3))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    right = ax.text(9.8, 5, "Xiaoshan ETDZ", ha="center")
    left = ax.text(0.1, 2, "Xianghu-Xiaobin Zone", ha="center")
    middle = ax.text(5, 8, "Airport", ha="center")
    platforms._inside(ax, [right, left, middle])
    frame = ax.get_window_extent()
    for text in (right, left):
        box = text.get_window_extent()
        assert frame.x0 < box.x0 and box.x1 < frame.x1
    assert middle.get_position() == (5, 8)  # a name inside stays where it was
    plt.close(fig)


def test_a_platform_without_parcels_shifts_no_name():
    """Outlines come only for platforms with parcels; each says whose it is."""
    from landsim.plots.outlines import platform_regions

    boxes = np.array([[0, 0, 100, 100], [5000, 0, 5100, 100], [9000, 0, 9100, 100]], float)
    groups = np.array([0, 2, 3])
    regions = platform_regions(boxes, groups, [0, 1, 2, 3])
    assert [r.key for r in regions] == [0, 2, 3]
    assert regions[1].label_xy[0] == pytest.approx(5050, abs=100)
