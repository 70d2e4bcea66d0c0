"""``landsim sensitivity``: which uncertain parameter matters most for an output."""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib


def register(sub: argparse._SubParsersAction) -> None:
    """Add the subcommand."""
    p = sub.add_parser(
        "sensitivity",
        help="one-at-a-time and Sobol sensitivity of an output",
        description="Measure how much each parameter given as a distribution in the "
        "scenario moves one output (a variable of the long table, in one year): "
        "one-at-a-time swings (tornado) and variance-based Sobol' indices.",
    )
    p.add_argument("scenario", type=Path, help="scenario YAML file")
    p.add_argument(
        "--output",
        required=True,
        metavar="VARIABLE",
        help="variable of the long table, e.g. 'output|difference' or "
        "'area|contiguous|cumulative' (see docs/variables.md)",
    )
    p.add_argument("--year", type=int, help="year of the output (default: the last year)")
    p.add_argument("--platform", default="district", help="platform id, or district (default)")
    p.add_argument("--method", choices=("oat", "sobol", "both"), default="both")
    p.add_argument(
        "--samples",
        type=int,
        default=64,
        help="Sobol base sample size, a power of two (default 64); the model runs "
        "samples × (parameters + 2) times",
    )
    p.add_argument("--workers", type=int, default=1, help="processes (default 1)")
    p.add_argument(
        "--lang", choices=("zh", "en"), default="en", help="label language of the charts"
    )
    p.add_argument(
        "-o", "--out-dir", type=Path, help="folder to write (default: runs/<scenario>-sensitivity)"
    )
    p.add_argument("--force", action="store_true", help="replace an existing folder")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the analyses, write tables and charts, print the ranking."""
    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    from landsim.analysis.sensitivity import Output, one_at_a_time, sobol
    from landsim.inventory.prepare import prepare
    from landsim.io.atomic import atomic_folder, check_writable_folder
    from landsim.model.compile import compile_model
    from landsim.plots.style import make_style
    from landsim.plots.uncertainty import sobol_chart, tornado
    from landsim.report.write import CSV_ENCODING
    from landsim.streams import Streams

    prepared = prepare(args.scenario)
    scenario = prepared.scenario
    model = compile_model(prepared)
    folder = args.out_dir or Path("runs") / f"{scenario.name}-sensitivity"
    check_writable_folder(folder, force=args.force)
    output = Output(args.output, args.year or int(model.years[-1]), args.platform)
    streams = Streams(scenario.seed)
    tables = {}
    if args.method in ("oat", "both"):
        tables["oat"] = one_at_a_time(
            scenario, model, output, streams=streams, workers=args.workers
        )
    if args.method in ("sobol", "both"):
        tables["sobol"] = sobol(
            scenario, model, output, n=args.samples, streams=streams, workers=args.workers
        )
    st = make_style(args.lang)
    with plt.rc_context(st.rc()), atomic_folder(folder, force=args.force) as tmp:
        for name, table in tables.items():
            table.to_csv(tmp / f"{name}.csv", index=False, encoding=CSV_ENCODING)
            draw = tornado if name == "oat" else sobol_chart
            ax = draw(table, output.label(), style=st)
            for ext in ("png", "svg"):
                ax.figure.savefig(tmp / f"{'tornado' if name == 'oat' else 'sobol'}.{ext}")
            plt.close(ax.figure)
    _print(tables, output)
    print(f"\nWrote {folder}/")
    return 0


def _print(tables: dict, output) -> None:
    print(f"Sensitivity of {output.label()}")
    if "oat" in tables:
        t = tables["oat"]
        central = t["output_central"].iloc[0]
        print(f"\nOne at a time (P10 → P90), output at central values {central:,.1f}:")
        for _, r in t.iterrows():
            print(
                f"  {r['parameter']:<52}{r['output_low']:>14,.1f} → {r['output_high']:>14,.1f}"
                f"   swing {r['swing']:>12,.1f}"
            )
    if "sobol" in tables:
        print("\nSobol' indices (first order, total):")
        for _, r in tables["sobol"].iterrows():
            print(f"  {r['parameter']:<52}{r['first_order']:>8.3f}{r['total_order']:>8.3f}")
