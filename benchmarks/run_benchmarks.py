"""Speed and memory of landsim, side by side with the recorded baseline.

One command runs every case (about 15 minutes on 2 cores, with the refusals case at 35 s a run)::

    python -m benchmarks.run_benchmarks
    python -m benchmarks.run_benchmarks deterministic_100k draws_100k_refusals   # some
    python -m benchmarks.run_benchmarks --record-baseline   # make this run the baseline

Every case runs ``--repeat`` times (default 3), each time in a fresh process, and the
median is reported with the spread (min–max) and the baseline's median
(``benchmarks/baseline.json``). Figures: ``seconds`` (the stage named in the case's
docstring, see ``benchmarks/cases.py``), ``load_s`` (reading and validating the
inventory, building the graph), ``first_output_s`` (whole commands: when their first
line of output appeared, e.g. ``landsim run``'s yearly figures; "1st" in the report),
``peak_mb`` (the case process's peak resident memory, loading included; for whole
commands, the command's own peak) and ``workers_mb`` (the largest worker process's).
Results are saved to ``benchmarks/results/`` (not committed; ``--out`` for another
folder); ``docs/performance.md`` records them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "results"
BASELINE = HERE / "baseline.json"
#: Issue 14's goals: (label, seconds, MB of peak memory or None).
TARGETS = {
    "import_landsim": ("≤ 0.5 s", 0.5, None),
    "cli_run_default": ("≤ 2 s", 2.0, None),
    "deterministic_100k": ("≤ 0.5 s", 0.5, None),
    "deterministic_1m": ("≤ 2 s, ≤ 1 GB", 2.0, 1024),
    "draws_100k_refusals": ("≤ 10 s on 2 cores, ≤ 2 GB", 10.0, 2048),
}
#: Inventories a case needs, generated once before its timed processes.
INVENTORIES = {"100k": 100_000, "1m": 1_000_000}


def _child(name: str) -> None:
    from benchmarks.cases import CASES

    result = CASES[name]()
    if "command_mb" in result:  # a whole command: its own peak
        result["peak_mb"] = result.pop("command_mb")
    elif "skipped" not in result:
        result["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        result["workers_mb"] = round(children, 1)
    print(json.dumps(result))


def _once(name: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.run_benchmarks", name, "--child"],
        capture_output=True,
        text=True,
        cwd=HERE.parent,
    )
    if proc.returncode:
        print(proc.stderr, file=sys.stderr)
        raise SystemExit(f"{name} failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _warm(name: str) -> None:
    """Generate the synthetic inventory a case reads, outside its timed processes."""
    for suffix, n in INVENTORIES.items():
        if name.endswith(f"_{suffix}"):
            code = f"from benchmarks.common import inventory_files; inventory_files({n})"
            subprocess.run([sys.executable, "-c", code], check=True, cwd=HERE.parent)


def run_case(name: str, repeat: int) -> dict:
    """Run one case *repeat* times; return its runs and medians."""
    _warm(name)
    runs = [_once(name) for _ in range(repeat)]
    if "skipped" in runs[0]:
        return {"case": name, "skipped": runs[0]["skipped"]}
    out: dict = {"case": name, "runs": runs}
    keys = ("seconds", "load_s", "first_output_s", "points_s", "polygons_s", "peak_mb")
    for key in (*keys, "workers_mb"):
        values = [r[key] for r in runs if key in r]
        if values:
            out[key] = statistics.median(values)
            out[f"{key}_range"] = [min(values), max(values)]
    out |= {k: v for k, v in runs[0].items() if k not in out and not isinstance(v, float)}
    if name in TARGETS:
        label, seconds, mb = TARGETS[name]
        memory = max(out["peak_mb"], out.get("workers_mb", 0))
        out["target"] = label
        out["met"] = out["seconds"] <= seconds and (mb is None or memory <= mb)
    return out


def _line(row: dict, base: dict) -> str:
    name = row["case"]
    if "skipped" in row:
        return f"{name:<26} skipped: {row['skipped']}"
    lo, hi = row["seconds_range"]
    was = base.get(name, {})
    ratio = f"×{row['seconds'] / was['seconds']:.2f}" if was.get("seconds") else ""
    then = f"{was['seconds']:8.3f} s" if was.get("seconds") else " " * 10
    load = f"load {row['load_s']:6.2f} s" if "load_s" in row else " " * 13
    if "first_output_s" in row and "load_s" not in row:  # a command: its first line
        load = f"1st  {row['first_output_s']:6.2f} s"
    mark = {True: "✓", False: "✗"}.get(row.get("met"), "")
    return (
        f"{name:<26}{row['seconds']:9.3f} s ({lo:.3f}–{hi:.3f})  baseline {then} {ratio:<6} "
        f"{load}  peak {row['peak_mb']:7.0f} MB (baseline "
        f"{was.get('peak_mb', float('nan')):5.0f})  workers {row.get('workers_mb', 0):5.0f} MB  "
        f"{row.get('target', '')} {mark}"
    )


def compile_bytecode() -> str:
    """Compile landsim's modules to bytecode before timing, as ``pip install`` does.

    An installed landsim, or a clone that has run once, has its ``.pyc`` files. Where
    ``PYTHONDONTWRITEBYTECODE`` is set (this repository's sandboxes set it) an editable
    install never gets them, and every timed process compiled all of landsim's modules
    from source again: about 0.14 s of ``landsim run``. Returns what was done, for the
    report.
    """
    import compileall

    import landsim

    compileall.compile_dir(Path(landsim.__file__).parent, quiet=1)
    flag = "set" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "not set"
    return f"landsim's modules compiled before timing (PYTHONDONTWRITEBYTECODE {flag})"


def machine() -> dict:
    """This machine, for the record."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    packages = {}
    for m in ("numpy", "pandas", "scipy", "pyarrow"):
        try:
            packages[m] = __import__(m).__version__
        except ImportError:
            packages[m] = "not installed"
    return {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "processor": _cpu_model(),
        "cpus": cpus,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "packages": packages,
        "bytecode": "compiled before timing (compile_bytecode)",
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def main(args: argparse.Namespace) -> None:
    """Run the cases, print each beside the baseline, save JSON."""
    from benchmarks.cases import CASES

    names = args.cases or list(CASES)
    unknown = [n for n in names if n not in CASES]
    if unknown:
        raise SystemExit(f"unknown cases {unknown}; choose from {', '.join(CASES)}")
    base = json.loads(BASELINE.read_text()) if BASELINE.is_file() else {"cases": {}}
    print(f"baseline: {base.get('recorded', 'none')} — {base.get('engine', '')}", flush=True)
    print(f"bytecode: {compile_bytecode()}", flush=True)
    rows = []
    for name in names:
        rows.append(run_case(name, args.repeat))
        print(_line(rows[-1], base["cases"]), flush=True)
    record = {"machine": machine(), "repeat": args.repeat, "results": rows}
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    saved = args.out / f"benchmarks-{stamp}.json"
    saved.write_text(json.dumps(record, indent=1))
    print(f"saved {saved}", flush=True)
    if args.record_baseline:
        cases = {r["case"]: {k: r[k] for k in ("seconds", "peak_mb") if k in r} for r in rows}
        BASELINE.write_text(
            json.dumps(
                {
                    "recorded": time.strftime("%Y-%m-%d"),
                    "engine": args.engine,
                    "machine": record["machine"],
                    "cases": {**base.get("cases", {}), **cases},
                },
                indent=1,
                ensure_ascii=False,
            )
            + "\n"
        )


def _args() -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("cases", nargs="*", help="cases to run (default: all; see benchmarks/cases.py)")
    p.add_argument("--repeat", type=int, default=3, help="fresh processes per case (≥ 3)")
    p.add_argument("--record-baseline", action="store_true", help="save as the baseline")
    p.add_argument("--engine", default="", help="what the baseline measures, e.g. a commit")
    p.add_argument(
        "--out", type=Path, default=OUT, help="folder for the results (default: %(default)s)"
    )
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.repeat < 3 and not args.child:
        p.error("--repeat must be at least 3 (figures are medians)")
    return args


if __name__ == "__main__":
    ARGS = _args()
    if ARGS.child:
        _child(ARGS.cases[0])
    else:
        main(ARGS)
