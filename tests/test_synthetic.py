from __future__ import annotations

import io

import numpy as np
import pandas as pd

from landsim.inventory.prepare import prepare
from landsim.synthetic import generate
from landsim.synthetic.xiaoshan import DEFAULT_SEED
from tests.conftest import DEFAULT, ROOT


def test_same_seed_same_inventory_other_seed_other():
    a, b, c = generate(3, 800), generate(3, 800), generate(4, 800)
    pd.testing.assert_frame_equal(a.parcels, b.parcels)
    assert not a.parcels["output"].equals(c.parcels["output"])


def test_committed_inventory_is_what_the_generator_makes():
    synth = generate(DEFAULT_SEED)
    buf = io.StringIO()
    synth.parcels.to_csv(buf, index=False, lineterminator="\n")
    committed = (ROOT / "data" / "xiaoshan_synthetic.csv").read_text(encoding="utf-8")
    assert buf.getvalue() == committed, "regenerate with: landsim synth (see data/README)"
    pairs = io.StringIO()
    synth.touching_pairs().to_csv(pairs, index=False, lineterminator="\n")
    committed = (ROOT / "data" / "xiaoshan_synthetic_adjacency.csv").read_text(encoding="utf-8")
    assert pairs.getvalue() == committed
    bridges = io.StringIO()
    synth.bridge_pairs().to_csv(bridges, index=False, lineterminator="\n")
    committed = (ROOT / "data" / "xiaoshan_synthetic_bridges.csv").read_text(encoding="utf-8")
    assert bridges.getvalue() == committed


def test_default_inventory_is_plausible():
    p = prepare(DEFAULT).inventory.parcels
    assert 7600 <= len(p) <= 8400
    assert 114_000 <= p["area_mu"].sum() <= 126_000
    mu = p.groupby("platform")["area_mu"].sum()
    assert mu.idxmax() in ("etdz", "other") and mu["etdz"] > mu[["airport", "xianghu"]].sum()
    assert mu.idxmin() == "qianjiang" and mu["qianjiang"] / mu.sum() < 0.05  # the CBD
    operating = p[p["status"] == "operating"]
    tax_per_mu = operating["tax"] / operating["area_mu"]
    shares = [(tax_per_mu < t).mean() for t in (2, 3, 5)]
    # after the 2022–23 clear-out below 2 and 3 万元/亩, the 5 万元/亩 phase lies ahead
    assert shares[0] < shares[1] < 0.05 < 0.1 < shares[2] < 0.45, shares
    above = operating[operating["size_class"] == "above"]
    # 规上 亩均税收 in the range of the published benchmarks (≈ 24–37 万元/亩)
    assert 18 < above["tax"].sum() / above["area_mu"].sum() < 40
    assert 0.25 < (p["far"] < 1.0).mean() < 0.5
    assert p["industry"].isin(["化纤纺织", "羽绒", "钢结构", "建材", "汽车零部件"]).mean() > 0.3


def test_default_adjacency_has_blocks_not_one_blob():
    from scipy.sparse import csgraph

    prepared = prepare(DEFAULT)
    n, labels = csgraph.connected_components(prepared.adjacency, directed=False)
    areas = np.bincount(labels, prepared.inventory.parcels["area_mu"].to_numpy())
    assert 300 < n < 800
    assert areas.max() < 1000  # arterial roads separate blocks
    assert np.median(areas) > 100  # lanes inside a block are bridged


def test_committed_geopackage_is_the_generators_rectangles_in_cgcs2000():
    import pyogrio.raw
    import pyproj
    import shapely

    from landsim.synthetic.xiaoshan import CRS, ORIGIN

    synth = generate(DEFAULT_SEED)
    meta, _, wkb, values = pyogrio.raw.read(ROOT / "data" / "xiaoshan_synthetic.gpkg")
    assert meta["crs"] == CRS == "EPSG:4549"
    frame = pd.DataFrame(dict(zip(meta["fields"], values, strict=True)))
    expected = synth.parcels.drop(columns=["x", "y"])
    pd.testing.assert_frame_equal(frame, expected, check_dtype=False)
    coords = shapely.get_coordinates(shapely.from_wkb(wkb))
    np.testing.assert_array_equal(coords, synth.placed().coords)
    # placed where Xiaoshan is
    lon, lat = pyproj.Transformer.from_crs(CRS, "EPSG:4490", always_xy=True).transform(*ORIGIN)
    assert abs(lon - 120.26) < 0.01 and abs(lat - 30.18) < 0.01


def test_default_scenario_gives_the_same_results_from_geopackage_and_csv():
    import landsim

    gis = landsim.run(DEFAULT)
    csv = landsim.run(DEFAULT.with_name("xiaoshan_2024_csv.yaml"))
    assert gis.prepared.inventory.crs == "EPSG:4549"
    assert csv.prepared.inventory.crs is None
    pd.testing.assert_frame_equal(
        gis.long.drop(columns="scenario"), csv.long.drop(columns="scenario")
    )
    pd.testing.assert_frame_equal(gis.shortfalls, csv.shortfalls)
    pd.testing.assert_frame_equal(gis.projects, csv.projects)
    same = [c for c in gis.parcels.columns if c not in ("x", "y")]
    pd.testing.assert_frame_equal(gis.parcels[same], csv.parcels[same])
    # x/y: Gauss-Krüger centroids against the CSV's local centres rounded to 0.1 m
    from landsim.synthetic.xiaoshan import ORIGIN

    for axis, offset in zip(("x", "y"), ORIGIN, strict=True):
        np.testing.assert_allclose(gis.parcels[axis] - offset, csv.parcels[axis], atol=0.05 + 1e-6)
