"""Adjacency on hand-made layouts whose answer is known."""

from __future__ import annotations

import numpy as np
import pytest

from landsim.inventory.adjacency import graph_from_pairs, point_pairs, polygon_pairs
from landsim.inventory.geometry import rectangles
from landsim.inventory.prepare import prepare
from landsim.scenario import load_scenario
from landsim.synthetic import generate
from landsim.synthetic.layout import rectangle_pairs
from tests.conftest import TINY

shapely = pytest.importorskip("shapely")  # CI installs the gis extra: this always runs there


def edges(i, j):
    return sorted(zip(np.minimum(i, j).tolist(), np.maximum(i, j).tolist(), strict=True))


def rects(*boxes):
    b = np.asarray(boxes, dtype=float)
    return rectangles(b[:, 0], b[:, 1], b[:, 2], b[:, 3])


def test_row_with_survey_gaps_and_a_road():
    #  [0][1][2]   road 40 m   [3]
    g = rects((0, 0, 100, 100), (102, 0, 200, 100), (203, 0, 300, 100), (340, 0, 440, 100))
    assert edges(*polygon_pairs(g, 15.0)) == [(0, 1), (1, 2)]


def test_a_thin_lane_is_bridged_but_a_road_is_not():
    g = rects((0, 0, 100, 100), (110, 0, 200, 100), (230, 0, 300, 100))  # 10 m lane, 30 m road
    assert edges(*polygon_pairs(g, 15.0)) == [(0, 1)]
    assert edges(*polygon_pairs(g, 35.0)) == [(0, 1), (1, 2)]


def test_corner_contact_is_not_a_shared_boundary():
    # 2 × 2 grid with 2 m gaps: four side neighbours, diagonals touch only at corners
    g = rects((0, 0, 100, 100), (102, 0, 200, 100), (0, 102, 100, 200), (102, 102, 200, 200))
    assert edges(*polygon_pairs(g, 15.0)) == [(0, 1), (0, 2), (1, 3), (2, 3)]


def test_exactly_touching_polygons_with_zero_tolerance():
    g = rects((0, 0, 10, 10), (10, 0, 20, 10), (20.5, 0, 30, 10))
    assert edges(*polygon_pairs(g, 0.0)) == [(0, 1)]


def test_points_with_a_fixed_distance():
    xy = np.array([[0, 0], [100, 0], [250, 0], [100, 90]], dtype=float)
    i, j = point_pairs(xy, np.zeros(4), 0.0, 100.0)
    assert edges(i, j) == [(0, 1), (1, 3)]


def test_points_scaled_by_parcel_size():
    # a 200 m square's centre is 150 m from a 100 m square's centre: they touch (gap 0);
    # two 20 m squares 150 m apart do not
    xy = np.array([[0, 0], [150, 0], [0, 500], [150, 500]], dtype=float)
    side = np.array([200, 100, 20, 20], dtype=float)
    assert edges(*point_pairs(xy, side, 1.0, 1.0)) == [(0, 1)]


def test_graph_is_symmetric_without_self_loops():
    g = graph_from_pairs(4, np.array([0, 1, 2, 1]), np.array([1, 0, 2, 3]))
    dense = g.toarray()
    assert (dense == dense.T).all() and not dense.diagonal().any()
    assert dense.sum() == 4  # (0,1) twice collapses; (2,2) dropped; (1,3)


def test_rectangle_rule_matches_shapely_on_the_synthetic_layout():
    synth = generate(seed=7, n_parcels=1500)
    g = synth.geometry
    truth = set(edges(*polygon_pairs(g, 15.0)))
    exact = set(edges(*rectangle_pairs(synth.plots, 15.0)))
    differ = truth ^ exact
    assert len(truth) > 1000
    assert len(differ) <= max(2, len(truth) // 1000), sorted(differ)[:5]


def test_tiny_scenario_points_rule():
    p = prepare(TINY)
    # rows at y=0: P1 P2 P3 100 m apart (distance 120 m); P4 P5 P6 from x=1000
    d = p.adjacency.toarray()
    assert edges(*np.nonzero(np.triu(d))) == [(0, 1), (1, 2), (3, 4), (4, 5)]


def test_table_method_reads_pairs(tmp_path):
    table = tmp_path / "pairs.csv"
    table.write_text("parcel_id,neighbour_id\nP1,P4\nP6,P5\n", encoding="utf-8")
    scn = load_scenario(
        TINY, overrides={"inventory": {"adjacency": {"method": "table", "path": str(table)}}}
    )
    d = prepare(scn).adjacency.toarray()
    assert edges(*np.nonzero(np.triu(d))) == [(0, 3), (4, 5)]


def test_array_method_matches_geos_buffers_on_irregular_polygons():
    # Voronoi cells of random points, shrunk by 0–9 m (survey gaps), some removed (roads):
    # irregular angles, many vertices, every gap width near the tolerance
    from scipy.spatial import Voronoi

    from landsim.inventory.adjacency import polygon_pairs_buffered
    from landsim.inventory.geometry import from_shapely

    rng = np.random.default_rng(5)
    pts = rng.uniform(0, 3000, (900, 2))
    vor = Voronoi(pts)
    cells = [
        shapely.Polygon(vor.vertices[vor.regions[r]])
        for r in vor.point_region
        if -1 not in vor.regions[r] and len(vor.regions[r]) >= 3
    ]
    cells = shapely.intersection(np.array(cells), shapely.box(0, 0, 3000, 3000))
    cells = shapely.buffer(cells, -rng.uniform(0, 9, len(cells)), join_style="mitre")
    cells = cells[(shapely.area(cells) > 500) & (rng.random(len(cells)) > 0.1)]
    geometry = from_shapely(cells)
    for tolerance in (5.0, 10.0, 15.0, 25.0):
        fast = set(edges(*polygon_pairs(geometry, tolerance)))
        reference = set(edges(*polygon_pairs_buffered(geometry.to_shapely(), tolerance)))
        assert len(reference) > 250
        # the buffered reference draws each round end with 16 segments a quarter circle:
        # it can only differ on pairs whose shared length is within a hair of 2 × tolerance
        assert len(fast ^ reference) <= max(1, len(reference) // 500), (tolerance, fast ^ reference)


def test_polygon_pairs_still_accepts_shapely_polygons():
    g = rects((0, 0, 100, 100), (102, 0, 200, 100))
    assert edges(*polygon_pairs(g.to_shapely(), 15.0)) == [(0, 1)]
