"""The benchmark cases. Each runs ONCE in a fresh process and returns its figures.

:mod:`benchmarks.run_benchmarks` starts each case's process ``--repeat`` times (3 by
default) and reports medians, so every figure (memory peaks, import and compile costs,
any JIT cache) is a fresh process's. In-process cases time their stages with
``time.perf_counter``; ``peak_mb`` is the process's peak resident memory (loading
included), read by the runner from the operating system.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "scenarios" / "xiaoshan_2024.yaml"
#: Owners' refusals off: one selection serves every draw (economic and lag uncertainty).
ECONOMIC = {"selection": {"refusal_probability": 0.0}}


def _timed(fn: Callable[[], object]) -> tuple[object, float]:
    t0 = time.perf_counter()
    out = fn()
    return out, round(time.perf_counter() - t0, 4)


def deterministic(n: int) -> dict:
    """Load (read, validate, graph) and one run at central values: compile, years, economics."""
    from benchmarks.common import scenario_for
    from landsim.accounting.economics import compute
    from landsim.engine.bins import bin_events
    from landsim.engine.simulate import simulate_draw
    from landsim.inventory.prepare import prepare
    from landsim.model import compile_model
    from landsim.streams import Streams

    scenario = scenario_for(n, 10)
    prepared, load = _timed(lambda: prepare(scenario))

    def simulate() -> None:
        model = compile_model(prepared)
        events = simulate_draw(model, Streams(scenario.seed).draw(0, central=True))
        compute(model, bin_events(model, [events]))

    _, sim = _timed(simulate)
    return {"parcels": prepared.inventory.n, "load_s": load, "seconds": sim, "total_s": load + sim}


def draws(n: int, count: int, workers: int, **overrides) -> dict:
    """Monte Carlo draws: sampling, every draw's selection or land, economics (no tables)."""
    from benchmarks.common import scenario_for
    from landsim.accounting.economics import compute
    from landsim.analysis.montecarlo import monte_carlo_sampler
    from landsim.engine.batch import simulate_batch
    from landsim.inventory.prepare import prepare
    from landsim.model import Reader, compile_model
    from landsim.streams import Streams

    scenario = scenario_for(n, 10, **overrides)
    prepared, load = _timed(lambda: prepare(scenario))
    streams = Streams(scenario.seed)

    def simulate() -> bool:
        model = compile_model(prepared, Reader(count, sampler=monte_carlo_sampler(streams)))
        batch = simulate_batch(model, streams.draws(count), workers=workers)
        compute(model, batch.bins)
        return batch.shared_selection

    shared, sim = _timed(simulate)
    return {
        "parcels": prepared.inventory.n,
        "draws": count,
        "workers": workers,
        "shared_selection": shared,
        "load_s": load,
        "seconds": sim,
    }


def adjacency(n: int) -> dict:
    """Building the adjacency graph: from the table of pairs (timed), points, polygons."""
    import numpy as np

    from benchmarks.common import scenario_for
    from landsim.inventory import load_inventory
    from landsim.inventory.adjacency import build_adjacency, point_pairs, polygon_pairs
    from landsim.synthetic import generate
    from landsim.units import M2_PER_MU

    scenario = scenario_for(n)
    inv = load_inventory(scenario.inventory, scenario.platforms)
    graph, table = _timed(lambda: build_adjacency(inv, scenario.inventory.adjacency))
    p = inv.parcels
    xy = np.column_stack([p["x"].to_numpy(float), p["y"].to_numpy(float)])
    side = np.sqrt(p["area_mu"].to_numpy(float) * M2_PER_MU)
    _, points = _timed(lambda: point_pairs(xy, side, 1.0, 15.0))
    out = {"parcels": inv.n, "pairs": int(graph.nnz // 2), "seconds": table, "points_s": points}
    if n <= 100_000:  # polygons take minutes at a million
        geoms = generate(7, n).geometry.to_shapely()
        out["polygons_s"] = _timed(lambda: polygon_pairs(geoms, 15.0))[1]
    return out


def urbansim_style(n: int) -> dict:
    """The pandas filter-sort-cumsum picker of benchmarks/urbansim_style.py."""
    import pandas as pd

    from benchmarks.common import inventory_files
    from benchmarks.urbansim_style import pick

    parcels = pd.read_csv(inventory_files(n)[0])
    years = list(range(2024, 2034))
    _, sim = _timed(lambda: pick(parcels, years, 3000 * n / 8000, 5.0))
    return {"parcels": len(parcels), "seconds": sim}


def urbansim_developer(n: int) -> dict:
    """The real urbansim developer model, stepped by orca (benchmarks/urbansim_real.py)."""
    import pandas as pd

    from benchmarks import urbansim_real
    from benchmarks.common import inventory_files

    if not urbansim_real.available():
        return {"skipped": "urbansim and orca are not installed (pip install -e '.[bench]')"}
    parcels = pd.read_csv(inventory_files(n)[0])
    years = list(range(2024, 2034))
    _, sim = _timed(lambda: urbansim_real.run(parcels, years, 3000 * n / 8000, 5.0))
    return {"parcels": len(parcels), "seconds": sim}


def command(argv: list[str]) -> dict:
    """A whole command in a child process: wall seconds and the child's peak memory.

    ``first_output_s`` is when the command printed its first line to standard output
    (for ``landsim run``: the yearly figures), when it printed any.
    """
    import os

    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryFile() as err_file:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=tmp, stdout=subprocess.PIPE, stderr=err_file)
        assert proc.stdout is not None
        first = proc.stdout.readline()
        first_s = round(time.perf_counter() - t0, 4)
        proc.stdout.read()  # the rest, so that the command never waits on a full pipe
        proc.stdout.close()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = round(time.perf_counter() - t0, 4)
        proc.returncode = os.waitstatus_to_exitcode(status)
        err_file.seek(0)
        err = err_file.read().decode(errors="replace")
    if proc.returncode:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {err[-2000:]}")
    out = {"seconds": wall, "command_mb": round(usage.ru_maxrss / 1024, 1)}
    return out | ({"first_output_s": first_s} if first else {})


def landsim_command(*args: str) -> dict:
    """``landsim ARGS`` as a user types it (the installed entry point)."""
    exe = Path(sys.executable).with_name("landsim")
    return command([str(exe), *args])


def python_code(code: str) -> dict:
    """``python -c CODE``."""
    return command([sys.executable, "-c", code])


CASES: dict[str, Callable[[], dict]] = {
    "python_startup": lambda: python_code("pass"),
    "import_landsim": lambda: python_code("import landsim"),
    "import_landsim_run": lambda: python_code("import landsim; landsim.run"),
    "cli_run_default": lambda: landsim_command("run", str(DEFAULT), "-o", "out"),
    "cli_run_default_no_xlsx": lambda: landsim_command(
        "run", str(DEFAULT), "-o", "out", "--no-xlsx"
    ),
    "deterministic_100k": lambda: deterministic(100_000),
    "deterministic_1m": lambda: deterministic(1_000_000),
    "draws_100k_economic": lambda: draws(100_000, 1000, 2, **ECONOMIC),
    "draws_100k_refusals": lambda: draws(100_000, 1000, 2),
    "adjacency_100k": lambda: adjacency(100_000),
    "adjacency_1m": lambda: adjacency(1_000_000),
    "urbansim_style_100k": lambda: urbansim_style(100_000),
    "urbansim_developer_100k": lambda: urbansim_developer(100_000),
}
