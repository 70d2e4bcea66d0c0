"""How good is the point rule of adjacency? Measured on the bundled synthetic inventory.

    python -m benchmarks.point_adjacency                 # the table of docs/inventory.md
    python -m benchmarks.point_adjacency --no-runs       # the graphs only (seconds)
    python -m benchmarks.point_adjacency --rules 1.0:15 0.9:15 1.0:0

The truth is the bundled neighbour table (``data/xiaoshan_synthetic_adjacency.csv``: the
generator's exact rectangle rule), checked first against the polygon rule on the
GeoPackage's polygons when the gis extra is installed. Each point rule (``scale:distance_m``)
is compared with it: precision and recall of the touching pairs; blocks (connected
components) found, true blocks split, found blocks that merge true ones; the largest
block; blocks of ≥ ``contiguity.min_cluster_mu``; and the share of parcels whose block is
right (exactly the parcels of their true block). Then the default scenario and
``contiguity_first`` (which vacates whole blocks first), on the CSV inventory as
``scenarios/xiaoshan_2024_csv.yaml`` reads it, one run each at central values, are run
with each rule in place of the table, without the table of bridges across roads (an
inventory of x/y has none), beside the table with and without its bridges: the
contiguous vacated mu (``area|contiguous``) of each programme year. Results go to
``benchmarks/results/point_adjacency.json``; ``docs/inventory.md`` records them.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "xiaoshan_2024_csv.yaml"
CSV = ROOT / "data" / "xiaoshan_synthetic.csv"
#: Scenarios run with each rule: the default, and the one that vacates blocks first.
SCENARIOS = ("xiaoshan_2024", "contiguity_first")
OUT = ROOT / "benchmarks" / "results"
RULES = ("1.0:15", "1.1:15", "1.2:15")


def _pairs(graph: sparse.csr_array) -> set[tuple[int, int]]:
    upper = sparse.triu(graph, k=1).tocoo()
    return set(zip(upper.row.tolist(), upper.col.tolist(), strict=True))


def _blocks(graph: sparse.csr_array, area: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each parcel's block label, and each block's area."""
    _, labels = csgraph.connected_components(graph, directed=False)
    return labels, np.bincount(labels, area)


def compare(
    found: sparse.csr_array, truth: sparse.csr_array, area: np.ndarray, min_mu: float
) -> dict[str, Any]:
    """Compare the graph *found* with the *truth*: pairs, blocks and parcels' blocks.

    Parameters
    ----------
    found, truth
        Symmetric boolean adjacency graphs of the same parcels.
    area
        Each parcel's area in mu.
    min_mu
        Blocks of at least this many mu are counted apart (the scenario's
        ``contiguity.min_cluster_mu``).
    """
    got, true = _pairs(found), _pairs(truth)
    hit = len(got & true)
    f_lab, f_area = _blocks(found, area)
    t_lab, t_area = _blocks(truth, area)
    # a found block is right for a parcel when it holds exactly the parcels of its true block
    links = np.unique(np.column_stack([f_lab, t_lab]), axis=0)
    true_per_found = np.bincount(links[:, 0], minlength=len(f_area))
    found_per_true = np.bincount(links[:, 1], minlength=len(t_area))
    right = (true_per_found[f_lab] == 1) & (found_per_true[t_lab] == 1)
    return {
        "pairs": len(got),
        "precision": round(hit / len(got), 4) if got else None,
        "recall": round(hit / len(true), 4) if true else None,
        "blocks": len(f_area),
        "true_blocks_split": int((found_per_true > 1).sum()),
        "blocks_merging_true_ones": int((true_per_found > 1).sum()),
        "largest_mu": round(float(f_area.max()), 1),
        "blocks_at_least_min": int((f_area >= min_mu).sum()),
        "mu_in_blocks_at_least_min": round(float(f_area[f_area >= min_mu].sum()), 1),
        "parcels_block_right": round(float(right.mean()), 4),
        "area_block_right": round(float(area[right].sum() / area.sum()), 4),
    }


def _rule(text: str) -> tuple[float, float]:
    scale, distance = text.split(":")
    return float(scale), float(distance)


def _adjacency(rule: str | None) -> dict[str, Any]:
    if rule is None:
        return {"method": "table", "path": str(ROOT / "data/xiaoshan_synthetic_adjacency.csv")}
    scale, distance = _rule(rule)
    return {"method": "points", "scale": scale, "distance_m": distance}


def polygon_check(tolerance: float, truth: sparse.csr_array) -> dict[str, Any] | None:
    """Pairs where the polygon rule on the GeoPackage differs from the table (gis extra)."""
    from landsim.errors import LandsimError
    from landsim.inventory.prepare import prepare
    from landsim.scenario import load_scenario

    try:
        scn = load_scenario(
            ROOT / "scenarios" / "xiaoshan_2024.yaml",
            overrides={
                "inventory": {"adjacency": {"method": "polygons", "tolerance_m": tolerance}}
            },
        )
        polygons = prepare(scn).adjacency
    except (LandsimError, ImportError) as exc:  # no gis extra: say why it was skipped
        return {"skipped": str(exc).splitlines()[0]}
    return {"pairs": polygons.nnz // 2, "differ_from_table": len(_pairs(polygons) ^ _pairs(truth))}


def graphs(rules: list[str]) -> dict[str, Any]:
    """The table's blocks, the polygon check, and each point rule against the table."""
    from landsim.inventory.adjacency import build_adjacency
    from landsim.inventory.prepare import prepare
    from landsim.scenario import load_scenario

    prepared = prepare(load_scenario(SCENARIO))
    inv, truth = prepared.inventory, prepared.adjacency
    area = inv.parcels["area_mu"].to_numpy(float)
    min_mu = float(prepared.scenario.contiguity.min_cluster_mu)
    spec = prepared.scenario.inventory.adjacency
    out: dict[str, Any] = {
        "parcels": inv.n,
        "table": compare(truth, truth, area, min_mu),
        "polygons_vs_table": polygon_check(spec.tolerance_m, truth),
        "points": {},
    }
    for rule in rules:
        scale, distance = _rule(rule)
        update = {"method": "points", "scale": scale, "distance_m": distance}
        points = spec.model_copy(update=update)
        out["points"][rule] = compare(build_adjacency(inv, points), truth, area, min_mu)
    return out


def contiguous_runs(rules: list[str], scenarios: list[str]) -> dict[str, Any]:
    """Contiguous vacated mu a programme year: the table (with, without bridges), each rule.

    Every scenario reads the inventory as CSV (x/y, no polygons), as an analyst without
    the gis extra or without polygons would.
    """
    import landsim
    from landsim.scenario import load_scenario

    truth = _truth()
    cases: dict[str, dict[str, Any]] = {"table": {}, "table, no bridges": _adjacency(None)}
    cases |= {f"points {r}": _adjacency(r) for r in rules}
    out: dict[str, Any] = {}
    for name in scenarios:
        out[name] = {}
        for case, adjacency in cases.items():
            inventory: dict[str, Any] = {"path": str(CSV)}
            if adjacency:
                inventory["adjacency"] = adjacency
            scn = load_scenario(ROOT / "scenarios" / f"{name}.yaml", {"inventory": inventory})
            res = landsim.run(scn)
            years = [int(y) for y in scn.horizon.years]
            area = res.table("area|contiguous")["district"].reindex(years)
            target = res.table("target|contiguous")["district"].reindex(years)
            true_area = true_contiguous(res, truth, years)
            out[name][case] = {
                "method": res.adjacency_method,
                "years": years,
                "contiguous_mu": [round(float(v), 1) for v in area],
                "truly_contiguous_mu": [round(v, 1) for v in true_area],
                "mean_mu": round(float(area.mean()), 1),
                "years_met": int((area >= target - 1e-6).sum()),
                "projects_placed": int((res.projects["status"] == "placed").sum()),
            }
            print(
                f"{name:<18} {case:<18} {out[name][case]['contiguous_mu']}"
                f"  truly {out[name][case]['truly_contiguous_mu']}",
                flush=True,
            )
    return out


def _truth() -> sparse.csr_array:
    from landsim.inventory.prepare import prepare
    from landsim.scenario import load_scenario

    return prepare(load_scenario(SCENARIO)).adjacency


def true_contiguous(res: Any, truth: sparse.csr_array, years: list[int]) -> list[float]:
    """Contiguous vacated mu a year of *res*'s selection, counted on the *truth*.

    As the engine counts it with ``contiguity.scope: year``: the parcels vacated in a
    year, grouped on the graph (links across platforms removed unless
    ``contiguity.cross_platform``), in blocks of at least ``min_cluster_mu``.
    """
    spec = res.scenario.contiguity
    assert spec.scope == "year", "the recount follows scope: year"
    p = res.parcels
    graph = sparse.csr_array(truth)
    if not spec.cross_platform:
        codes = p["platform"].factorize()[0]
        coo = graph.tocoo()
        same = codes[coo.row] == codes[coo.col]
        shape = graph.shape
        graph = sparse.csr_array((coo.data[same], (coo.row[same], coo.col[same])), shape=shape)
    vacated = p["treatment"].eq("vacate").to_numpy()
    area = p["area_mu"].to_numpy(float)
    out = []
    for year in years:
        idx = np.flatnonzero(vacated & p["year_selected"].eq(year).to_numpy())
        _, labels = csgraph.connected_components(graph[idx][:, idx], directed=False)
        blocks = np.bincount(labels, area[idx]) if len(idx) else np.zeros(0)
        out.append(float(blocks[blocks >= spec.min_cluster_mu - 1e-9].sum()))
    return out


def _print_graphs(result: dict[str, Any]) -> None:
    print(f"polygons vs table: {result['polygons_vs_table']}")
    rows = {"table (truth)": result["table"]} | {
        f"points {k}": v for k, v in result["points"].items()
    }
    for name, r in rows.items():
        print(
            f"{name:<16} pairs {r['pairs']:>6,}  precision {r['precision']:.3f}  recall "
            f"{r['recall']:.2f}  blocks {r['blocks']:>4} (split {r['true_blocks_split']}, "
            f"merging {r['blocks_merging_true_ones']})  largest {r['largest_mu']:,.0f} mu  "
            f"≥min {r['blocks_at_least_min']} ({r['mu_in_blocks_at_least_min']:,.0f} mu)  "
            f"right {r['parcels_block_right']:.0%} of parcels, {r['area_block_right']:.0%} of mu"
        )


def main() -> None:
    """Measure and write the results."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rules", nargs="+", default=list(RULES), help="scale:distance_m")
    p.add_argument("--no-runs", action="store_true", help="skip the scenario runs")
    p.add_argument("--scenarios", nargs="+", default=list(SCENARIOS), help="names in scenarios/")
    p.add_argument("-o", "--output", type=Path, default=OUT, help="folder for the JSON")
    args = p.parse_args()
    result = graphs(args.rules)
    _print_graphs(result)
    if not args.no_runs:
        result["runs"] = contiguous_runs(args.rules, args.scenarios)
    args.output.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, indent=2)
    (args.output / "point_adjacency.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
