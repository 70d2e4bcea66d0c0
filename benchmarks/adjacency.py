"""Polygon adjacency: the array method against GEOS buffers (the method of landsim ≤ 0.1).

    python -m benchmarks.adjacency                        # 100k both ways, 1M the new way
    python -m benchmarks.adjacency --sizes 100000 --repeat 5
    python -m benchmarks.adjacency --reference-up-to 1000000   # today's method at 1M too

Inventories are the synthetic generator's rectangles (seed 7), the same as
``benchmarks/run_benchmarks.py``; tolerance 15 m. Times are medians of ``--repeat``
runs, each in this process after one warm-up call on 1,000 parcels; memory is the peak
resident size added while running. Both methods' pairs are compared with the
generator's exact rectangle rule. Results go to ``benchmarks/results/adjacency.json``;
``docs/performance.md`` records them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

import numpy as np

from benchmarks.memory import PeakRSS

OUT = Path(__file__).resolve().parent / "results"
TOLERANCE = 15.0


def _timed(fn, repeat: int) -> tuple[list[float], float, object]:
    times, peak, result = [], 0.0, None
    for _ in range(repeat):
        with PeakRSS() as rss:
            t0 = time.perf_counter()
            result = fn()
            times.append(round(time.perf_counter() - t0, 3))
        peak = max(peak, rss.above_start_mb)
    return times, round(peak, 1), result


def _pairs(i: np.ndarray, j: np.ndarray, n: int) -> np.ndarray:
    return np.unique(np.minimum(i, j).astype(np.int64) * n + np.maximum(i, j))


def case(n: int, repeat: int, reference: bool) -> dict:
    """Time both methods on about *n* synthetic parcels."""
    from landsim.inventory.adjacency import polygon_pairs, polygon_pairs_buffered
    from landsim.synthetic import generate
    from landsim.synthetic.layout import rectangle_pairs

    synth = generate(7, n)
    geometry = synth.geometry
    polygon_pairs(generate(7, 1000).geometry, TOLERANCE)  # warm-up: imports, thread pool
    exact = _pairs(*rectangle_pairs(synth.plots, TOLERANCE), geometry.n)
    out: dict = {"parcels": geometry.n, "exact_pairs": len(exact)}
    for name, threads in (("array", None), ("array_1_thread", 1)):
        times, peak, (i, j) = _timed(
            lambda t=threads: polygon_pairs(geometry, TOLERANCE, workers=t), repeat
        )
        found = _pairs(i, j, geometry.n)
        out[name] = {
            "median_s": statistics.median(times),
            "times": times,
            "peak_added_mb": peak,
            "pairs": len(found),
            "differ_from_exact": len(np.setxor1d(found, exact)),
        }
    if reference:
        shapes = geometry.to_shapely()
        times, peak, (i, j) = _timed(lambda: polygon_pairs_buffered(shapes, TOLERANCE), repeat)
        found = _pairs(i, j, geometry.n)
        out["geos_buffers"] = {
            "median_s": statistics.median(times),
            "times": times,
            "peak_added_mb": peak,
            "pairs": len(found),
            "differ_from_exact": len(np.setxor1d(found, exact)),
        }
    return out


def main() -> None:
    """Run the cases and write the results."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--reference-up-to", type=int, default=100_000)
    args = p.parse_args()
    results = {
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "cases": [case(n, args.repeat, n <= args.reference_up_to) for n in args.sizes],
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "adjacency.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    for c in results["cases"]:
        line = f"{c['parcels']:>9,} parcels:"
        for key in ("array", "array_1_thread", "geos_buffers"):
            if key in c:
                r = c[key]
                line += f"  {key} {r['median_s']:.2f} s (+{r['peak_added_mb']:.0f} MB, "
                line += f"{r['differ_from_exact']} pairs differ)"
        print(line)


if __name__ == "__main__":
    main()
