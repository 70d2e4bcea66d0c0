"""The parcel map: platform outlines and names, exact block outlines, furniture, colours."""

from __future__ import annotations

import re
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
import shapely
from matplotlib import pyplot as plt
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.transforms import Bbox

import landsim
from landsim.errors import InputError
from landsim.inventory.prepare import prepare
from landsim.plots import maps, name_placement, platforms
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


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_map_title_says_which_years_it_shows(res, lang):
    """The map of treatments says its years (地块处置情况 said no period)."""
    h = res.scenario.horizon
    ax = maps.parcel_map(res, lang=lang)
    dash = "—" if lang == "zh" else "–"  # 一字线 in Chinese (GB/T 15834), an en dash in English
    span = f"{h.start}{dash}{h.end}" if h.end > h.start else f"{h.start}"
    title = ax.get_title(loc="left")
    assert title == (f"{span}年地块处置情况" if lang == "zh" else f"Parcels by treatment, {span}")


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
    name_placement._apart(ax, names)
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
    name_placement._inside(ax, [right, left, middle])
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


def _shown_names(ax, scenario) -> list:
    """The platform names a drawn map shows (names are placed when the figure is drawn)."""
    ax.figure.canvas.draw()
    names = {p.name.get(lang) for p in scenario.platforms.values() for lang in ("zh", "en")}
    return [t for t in ax.texts if t.get_visible() and t.get_text().replace("\n", " ") in names]


def _nearest_name(names: list, box) -> str:
    return min(names, key=lambda t: name_placement._gap(t.get_window_extent(), box)).get_text()


def _blocks_of_parcels(centres: list[tuple[float, float]], side: float = 100.0) -> np.ndarray:
    """Bounds of a 5 × 5 block of parcels around each centre (streets of 20 m between)."""
    step = np.arange(-2, 3) * (side + 20.0)
    out = [
        [x + dx - side / 2, y + dy - side / 2, x + dx + side / 2, y + dy + side / 2]
        for x, y in centres
        for dx in step
        for dy in step
    ]
    return np.array(out, float)


def _two_platforms(boxes: np.ndarray, owners: list[str], inset=None):
    """Draw the outlines and names of platforms 甲开发区 (a) and 乙合作区 (b), one block a part.

    *boxes* are 25 parcels a part (see :func:`_blocks_of_parcels`), *owners* each part's.

    *inset*, ``(x0, y0, x1, y1)`` in metres, adds an inset zoomed on that area.
    """
    import pandas as pd

    from landsim.scenario.schema.base import Label

    def platform(zh):
        return SimpleNamespace(name=Label(zh=zh, en=zh), is_platform=True)

    scenario = SimpleNamespace(platforms={"a": platform("甲开发区"), "b": platform("乙合作区")})
    owner = pd.Series([pid for pid in owners for _ in range(25)])
    ax = plt.subplots(figsize=(5, 3))[1]
    ax.set_xlim(-2000, 11000)
    ax.set_ylim(-2000, 5000)
    ax.set_aspect("equal")
    if inset is not None:
        sub = ax.inset_axes((0.62, 0.0, 0.38, 0.38))
        sub.set_xlim(inset[0], inset[2])
        sub.set_ylim(inset[1], inset[3])
        sub.set_xticks([])
        sub.set_yticks([])
    keep = np.ones(len(boxes), bool)
    platforms.platform_outlines(ax, (scenario, owner), (None, boxes, keep), None, st_zh())
    return ax, _shown_names(ax, scenario)


def _part_box(ax, boxes: np.ndarray, k: int):
    part = boxes[25 * k : 25 * (k + 1)]
    (x0, y0), (x1, y1) = ax.transData.transform([part[:, :2].min(axis=0), part[:, 2:].max(axis=0)])
    return Bbox.from_extents(x0, y0, x1, y1)


def test_each_group_of_nearby_parts_is_named_once_and_a_far_part_on_its_own():
    """A platform of zones kilometres apart was named once: its other zones looked unnamed,
    or named by the platform whose name lay nearest (经开区 beside 湘湖's name). Then every
    part carried the name: two zones side by side named twice read as two places."""
    # a: a large zone, a smaller one 0.7 km from it (under 6 % of the map), one 8 km away; b
    centres = [(1400, 0), (9000, 0), (6000, 3000)]
    boxes = np.vstack([_blocks_of_parcels([(0, 0)], side=140.0), _blocks_of_parcels(centres)])
    ax, names = _two_platforms(boxes, ["a", "a", "a", "b"])
    assert sorted(t.get_text() for t in names) == ["乙合作区", "甲开发区", "甲开发区"]
    for k, expected in enumerate(["甲开发区", "甲开发区", "甲开发区", "乙合作区"]):
        assert _nearest_name(names, _part_box(ax, boxes, k)) == expected
    far = [name_placement._gap(t.get_window_extent(), _part_box(ax, boxes, 2)) for t in names]
    assert min(far) < 20  # the far zone's own name lies by it
    assert overlapping_texts(ax.figure) == []


def test_the_part_an_inset_points_at_carries_its_platforms_name():
    """Of two nearby zones, the name goes on the one the inset's pointer ends in."""
    centres = [(1400, 0), (6000, 3000)]
    boxes = np.vstack([_blocks_of_parcels([(0, 0)], side=140.0), _blocks_of_parcels(centres)])
    ax, names = _two_platforms(boxes, ["a", "a", "b"], inset=(1300, -100, 1500, 100))
    assert sorted(t.get_text() for t in names) == ["乙合作区", "甲开发区"]
    (named,) = [t for t in names if t.get_text() == "甲开发区"]
    gaps = [name_placement._gap(named.get_window_extent(), _part_box(ax, boxes, k)) for k in (0, 1)]
    assert gaps[1] < gaps[0]  # by the smaller zone, where the pointer ends
    assert overlapping_texts(ax.figure) == []


def st_zh():
    from landsim.plots.style import make_style

    return make_style("zh", ["甲开发区", "乙合作区"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_part_of_every_platform_on_the_map_is_named_by_its_own_name(res, lang):
    """Each group of a platform's nearby parts is named once; a far part has its own name."""
    ax = maps.parcel_map(res, lang=lang)
    names = _shown_names(ax, res.scenario)
    placer = next(a for a in ax.artists if isinstance(a, name_placement.NamePlacer))
    named = {n.platform: n.text.get_text() for n in placer.names}
    counts = {pid: sum(t.get_text() == text for t in names) for pid, text in named.items()}
    # two zones 1.4–2 km apart each: one name; 经开区's zones 6–20 km apart keep theirs
    assert counts == {"qianjiang": 1, "airport": 1, "xianghu": 1, "etdz": 3}, counts
    pt = ax.figure.dpi / 72
    frame = ax.get_window_extent()
    near = name_placement.SHARE_NAME_SHARE * max(frame.width, frame.height)
    boxes = [name_placement._paper_box(ax, n.piece.bounds) for n in placer.names]
    carriers = [k for k, n in enumerate(placer.names) if n.text.get_visible()]
    for k, n in enumerate(placer.names):
        if np.sqrt(boxes[k].width * boxes[k].height) >= name_placement.MIN_PART_PT * pt:
            assert _nearest_name(names, boxes[k]) == named[n.platform], n.platform
            own = [c for c in carriers if placer.names[c].platform == n.platform]
            assert min(name_placement._gap(boxes[k], boxes[c]) for c in own) < near, k
    for i in carriers:  # no two names of one platform on parts close together
        for j in carriers:
            if i < j and placer.names[i].platform == placer.names[j].platform:
                assert name_placement._gap(boxes[i], boxes[j]) >= near, (i, j)
    # the inset points into a part of the project's platform that carries its own name
    # (it pointed at an unnamed part of 经开区, the nearest name 湘湖·萧滨合作区's)
    (inset,) = ax.child_axes
    x, y = np.mean(inset.get_xlim()), np.mean(inset.get_ylim())
    project = res.scenario.major_projects[_largest_project(res)]
    (home,) = [n for n in placer.names if _holds(n.piece.bounds, x, y)]
    assert home.platform == project.platform
    assert home.text.get_visible()
    box = name_placement._paper_box(ax, home.piece.bounds)
    assert _nearest_name(names, box) == named[project.platform]
    assert overlapping_texts(ax.figure) == []


def _holds(bounds, x: float, y: float) -> bool:
    return bounds[0] <= x <= bounds[2] and bounds[1] <= y <= bounds[3]


def _largest_project(res) -> str:
    placed = res.parcels[res.parcels["project"] != ""].groupby("project")["area_mu"].sum()
    return str(placed.idxmax())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_inset_caption_keeps_each_place_name_on_one_line(res, lang):
    """The caption read "…萧山经济技术开发/区": a line break inside the platform's name."""
    ax = maps.parcel_map(res, lang=lang)
    (inset,) = ax.child_axes
    lines = inset.texts[0].get_text().split("\n")
    project = res.scenario.major_projects[_largest_project(res)]
    places = [res.scenario.platforms[project.platform].name.get(lang)]
    places += list(project.towns) if lang == "zh" else []
    for place in places:
        assert any(place in line for line in lines), (place, lines)
    within = ("位于" if lang == "zh" else "in ") + places[0]
    assert any(within in line for line in lines), lines  # says which platform it is in


@pytest.mark.parametrize("columns", [16, 24, 40])
def test_a_caption_with_towns_breaks_between_names_never_inside_one(columns):
    from landsim.plots.style import make_style
    from landsim.scenario.schema.base import Label

    platform = SimpleNamespace(name=Label(zh="萧山经济技术开发区", en="Xiaoshan ETDZ"))
    project = SimpleNamespace(
        name=Label(zh="合盛新材料和器件模组制造项目", en="Hesheng"),
        platform="etdz",
        towns=["江南科技城"],
    )
    res = SimpleNamespace(
        scenario=SimpleNamespace(platforms={"etdz": platform}, major_projects={"hs": project})
    )
    block = SimpleNamespace(key="hs", area_mu=133.0)
    lines = maps._project_caption(res, block, make_style("zh"), columns).split("\n")
    assert any("位于萧山经济技术开发区" in line for line in lines), lines
    assert any("（江南科技城）" in line for line in lines), lines
    assert any("133亩" in line for line in lines), lines


def test_whole_parts_never_splits_a_part():
    parts = ["133亩，", "位于萧山经济技术开发区", "（江南科技城）"]
    assert maps.whole_parts(parts, 30) == ["133亩，位于萧山经济技术开发区", "（江南科技城）"]
    assert maps.whole_parts(parts, 10) == parts  # too wide for a line: a line of its own
    assert maps.whole_parts(["12 mu, ", "in Xiaoshan ETDZ"], 12) == ["12 mu,", "in Xiaoshan ETDZ"]
