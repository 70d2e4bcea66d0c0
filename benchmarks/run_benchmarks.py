"""Speed and memory of landsim on synthetic inventories.

Run all cases, or some::

    python -m benchmarks.run_benchmarks                    # every case (about 15 minutes)
    python -m benchmarks.run_benchmarks deterministic_100k draws_100k_economic

Each case runs in a fresh subprocess. Times are the median of ``--repeat`` runs of the
simulation alone — compile, the yearly loop, the draws and the economics — excluding
reading files and building the adjacency graph, which the ``load_s`` and ``adjacency_*``
figures report. Memory: ``peak_mb`` is the process's peak resident size (interpreter and
inventory included), ``sim_mb`` the peak added while simulating, and ``workers_mb`` the
largest worker process's peak. Results go to ``benchmarks/results/`` (not committed);
``docs/performance.md`` records them.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

OUT = Path(__file__).resolve().parent / "results"
ECONOMIC = {"selection": {"refusal_probability": 0.0}}


def _repeat(fn: Callable[[], None], repeat: int) -> tuple[list[float], float]:
    from benchmarks.memory import PeakRSS

    times, sim_mb = [], 0.0
    for _ in range(repeat):
        with PeakRSS() as peak:
            t0 = time.perf_counter()
            fn()
            times.append(round(time.perf_counter() - t0, 3))
        sim_mb = max(sim_mb, peak.above_start_mb)
    return times, round(sim_mb, 1)


def _prepared(n: int, years: int = 10, **overrides):
    from benchmarks.common import scenario_for
    from landsim.inventory.prepare import prepare

    scenario = scenario_for(n, years, **overrides)
    t0 = time.perf_counter()
    prepared = prepare(scenario)
    return prepared, round(time.perf_counter() - t0, 2)


def deterministic(n: int, repeat: int) -> dict:
    """One run at central values (owners' refusals at 10 %, drawn with the seed)."""
    import numpy as np

    from landsim.accounting.economics import compute
    from landsim.engine.bins import bin_events
    from landsim.engine.simulate import simulate_draw
    from landsim.model import compile_model

    prepared, load = _prepared(n)

    def simulate() -> None:
        model = compile_model(prepared)
        events = simulate_draw(model, np.random.default_rng(0))
        compute(model, bin_events(model, [events]))

    times, sim_mb = _repeat(simulate, repeat)
    return {
        "parcels": prepared.inventory.n,
        "years": 10,
        "draws": 1,
        "load_s": load,
        "times": times,
        "sim_mb": sim_mb,
    }


def draws(n: int, count: int, workers: int, repeat: int, **overrides) -> dict:
    """Monte Carlo draws: compile, draws and economics of all draws (tables excluded)."""
    from landsim.accounting.economics import compute
    from landsim.analysis.montecarlo import monte_carlo_sampler
    from landsim.engine.batch import simulate_batch
    from landsim.model import Reader, compile_model
    from landsim.streams import Streams

    prepared, load = _prepared(n, **overrides)
    shared = []

    def simulate() -> None:
        streams = Streams(1)
        model = compile_model(prepared, Reader(count, sampler=monte_carlo_sampler(streams)))
        batch = simulate_batch(model, streams.draw_seeds(count), workers=workers)
        compute(model, batch.bins)
        shared.append(batch.shared_selection)

    times, sim_mb = _repeat(simulate, repeat)
    return {
        "parcels": prepared.inventory.n,
        "years": 10,
        "draws": count,
        "workers": workers,
        "shared_selection": shared[0],
        "load_s": load,
        "times": times,
        "sim_mb": sim_mb,
    }


def adjacency(n: int, repeat: int) -> dict:
    """Building the adjacency graph three ways (polygons only up to 100,000 parcels)."""
    import numpy as np

    from benchmarks.common import scenario_for
    from landsim.inventory import load_inventory
    from landsim.inventory.adjacency import build_adjacency, point_pairs, polygon_pairs
    from landsim.synthetic import generate
    from landsim.units import M2_PER_MU

    scenario = scenario_for(n)
    inv = load_inventory(scenario.inventory, scenario.platforms)
    out: dict = {"parcels": inv.n}
    t0 = time.perf_counter()
    g = build_adjacency(inv, scenario.inventory.adjacency)
    out["table_s"], out["pairs"] = round(time.perf_counter() - t0, 2), int(g.nnz // 2)
    p = inv.parcels
    xy = np.column_stack([p["x"].to_numpy(float), p["y"].to_numpy(float)])
    side = np.sqrt(p["area_mu"].to_numpy(float) * M2_PER_MU)
    t0 = time.perf_counter()
    point_pairs(xy, side, 1.0, 15.0)
    out["points_s"] = round(time.perf_counter() - t0, 2)
    if n <= 100_000:
        geoms = generate(7, n).geometry.to_shapely()
        t0 = time.perf_counter()
        polygon_pairs(geoms, 15.0)
        out["polygons_s"] = round(time.perf_counter() - t0, 2)
    out["times"] = [out["table_s"]]
    return out


def urbansim(n: int, repeat: int) -> dict:
    """The UrbanSim-style pandas picker and landsim on the same parcels and rule."""
    import pandas as pd

    from benchmarks.common import inventory_files
    from benchmarks.urbansim_style import pick

    parcels = pd.read_csv(inventory_files(n)[0])
    scale = n / 8000
    years = list(range(2024, 2034))
    times, sim_mb = _repeat(lambda: pick(parcels, years, 3000 * scale, 5.0), repeat)
    return {
        "parcels": len(parcels),
        "years": 10,
        "times": times,
        "sim_mb": sim_mb,
        "note": "pandas filter-sort-cumsum per year; one treatment, no contiguity or money",
    }


CASES: dict[str, Callable[[int], dict]] = {
    "deterministic_10k": lambda r: deterministic(10_000, r),
    "deterministic_30k": lambda r: deterministic(30_000, r),
    "deterministic_100k": lambda r: deterministic(100_000, r),
    "deterministic_300k": lambda r: deterministic(300_000, r),
    "deterministic_1m": lambda r: deterministic(1_000_000, r),
    "draws_100k_economic_100": lambda r: draws(100_000, 100, 2, r, **ECONOMIC),
    "draws_100k_economic_300": lambda r: draws(100_000, 300, 2, r, **ECONOMIC),
    "draws_100k_economic": lambda r: draws(100_000, 1000, 2, r, **ECONOMIC),
    "draws_100k_refusals": lambda r: draws(100_000, 1000, 2, 1),
    "adjacency_100k": lambda r: adjacency(100_000, r),
    "adjacency_1m": lambda r: adjacency(1_000_000, r),
    "urbansim_style_100k": lambda r: urbansim(100_000, r),
}
TARGETS = {
    "deterministic_100k": ("≤ 0.5 s", 0.5, None),
    "deterministic_1m": ("≤ 5 s, ≤ 2 GB", 5.0, 2048),
    "draws_100k_economic": ("≤ 20 s on 2 cores, ≤ 4 GB", 20.0, 4096),
    "draws_100k_refusals": ("≤ 20 s on 2 cores, ≤ 4 GB", 20.0, 4096),
}


def _child(name: str, repeat: int) -> None:
    result = CASES[name](repeat)
    result["median_s"] = statistics.median(result["times"])
    result["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["workers_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    print(json.dumps(result))


def main(args: argparse.Namespace) -> None:
    """Run the cases in subprocesses, print a table, save JSON."""
    names = args.cases or list(CASES)
    machine = {"python": platform.python_version(), "machine": platform.machine(), "cpus": _cpus()}
    rows = []
    for name in names:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.run_benchmarks",
                name,
                "--child",
                "--repeat",
                str(args.repeat),
            ],
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parents[1],
        )
        if proc.returncode:
            print(proc.stderr, file=sys.stderr)
            raise SystemExit(f"{name} failed")
        result = {"case": name, **json.loads(proc.stdout.strip().splitlines()[-1])}
        if name in TARGETS:
            label, seconds, mb = TARGETS[name]
            memory = max(result["peak_mb"], result["workers_mb"])
            result["target"] = label
            result["met"] = result["median_s"] <= seconds and (mb is None or memory <= mb)
        rows.append(result)
        mark = {True: "✓", False: "✗"}.get(result.get("met"), "")
        print(
            f"{name:<28}{result['median_s']:>9.3f} s  peak {result['peak_mb']:>8.0f} MB  "
            f"sim +{result.get('sim_mb', 0):>6.0f} MB  workers {result['workers_mb']:>6.0f} MB  "
            f"{result.get('target', '')} {mark}",
            flush=True,
        )
    OUT.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (OUT / f"benchmarks-{stamp}.json").write_text(
        json.dumps({"machine": machine, "results": rows}, indent=2)
    )


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _args() -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("cases", nargs="*", help=f"cases to run: {', '.join(CASES)}")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return p.parse_args()


if __name__ == "__main__":
    ARGS = _args()
    if ARGS.child:
        _child(ARGS.cases[0], ARGS.repeat)
    else:
        main(ARGS)
