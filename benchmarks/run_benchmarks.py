"""Speed and memory of landsim on synthetic inventories.

Run all cases, or some::

    python -m benchmarks.run_benchmarks                  # every case
    python -m benchmarks.run_benchmarks deterministic_100k

Each case runs in a fresh subprocess so its peak memory (max RSS) is its own. Times are
the median of ``--repeat`` runs of the simulation alone: compile, yearly loop and
economics; reading files and building the adjacency graph are timed separately. Results
go to ``benchmarks/results/`` (not committed); ``docs/performance.md`` records them.
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


def _deterministic(n: int, years: int = 10) -> Callable[[], dict]:
    def case() -> dict:
        import numpy as np

        from benchmarks.common import scenario_for
        from landsim.compile import compile_model
        from landsim.pipeline.economics import compute
        from landsim.pipeline.histograms import histograms
        from landsim.pipeline.params import build_params
        from landsim.pipeline.simulate import simulate_draw
        from landsim.prepare import prepare

        scenario = scenario_for(n, years)
        t0 = time.perf_counter()
        prepared = prepare(scenario)
        load = time.perf_counter() - t0

        def simulate() -> None:
            c = compile_model(prepared)
            p = build_params(c)
            events = simulate_draw(c, p.draw(0), np.random.default_rng(0))
            compute(c, p, histograms(c, [events]))

        return {
            "parcels": prepared.inventory.n,
            "years": years,
            "draws": 1,
            "load_s": round(load, 3),
            "times": _repeat(simulate),
        }

    return case


def _repeat(fn: Callable[[], None]) -> list[float]:
    times = []
    for _ in range(ARGS.repeat):
        t0 = time.perf_counter()
        fn()
        times.append(round(time.perf_counter() - t0, 4))
    return times


CASES: dict[str, Callable[[], dict]] = {
    "deterministic_10k": _deterministic(10_000),
    "deterministic_100k": _deterministic(100_000),
}
TARGETS = {"deterministic_100k": ("simulation ≤ 0.5 s", 0.5)}


def _child(name: str) -> None:
    result = CASES[name]()
    result["median_s"] = statistics.median(result["times"])
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result))


def main() -> None:
    """Run the cases in subprocesses and print a table."""
    names = ARGS.cases or list(CASES)
    machine = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "processor": platform.processor() or "unknown",
        "cpus": _cpus(),
    }
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
                str(ARGS.repeat),
            ],
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parents[1],
        )
        if proc.returncode:
            print(proc.stderr, file=sys.stderr)
            raise SystemExit(f"{name} failed")
        result = {"case": name, **json.loads(proc.stdout.strip().splitlines()[-1])}
        target = TARGETS.get(name)
        if target:
            result["target"] = target[0]
            result["met"] = result["median_s"] <= target[1]
        rows.append(result)
        print(
            f"{name:<24} {result['median_s']:>8.3f} s  peak {result['peak_rss_mb']:>8.1f} MB  "
            f"{result.get('target', '')} {'✓' if result.get('met') else ('✗' if target else '')}",
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


ARGS = _args() if __name__ == "__main__" else argparse.Namespace(repeat=3, cases=[], child=False)

if __name__ == "__main__":
    if ARGS.child:
        _child(ARGS.cases[0])
    else:
        main()
