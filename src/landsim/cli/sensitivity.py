"""``landsim sensitivity``: which uncertain parameter matters most for an output."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from landsim.cli import check_workers, importing
from landsim.cli.cluster import add_scheduler_argument, scheduler_from

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from landsim.analysis.distributed import Scheduler
    from landsim.analysis.sensitivity import Output
    from landsim.model import Model
    from landsim.scenario import Scenario
    from landsim.streams import Streams


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
    add_scheduler_argument(p)
    p.add_argument(
        "--lang",
        choices=("zh", "en"),
        help="label language of the charts and parameter names (default: the scenario's "
        "plots.lang, as brief and compare)",
    )
    p.add_argument(
        "-o", "--out-dir", type=Path, help="folder to write (default: runs/<scenario>-sensitivity)"
    )
    p.add_argument("--force", action="store_true", help="replace an existing folder")
    p.set_defaults(func=run)


#: Largest Sobol' base sample (assumption: the indices' intervals are narrow long
#: before; 4,096 × (parameters + 2) model runs already take hours on one machine).
MAX_SAMPLES = 4096


def _check_args(args: argparse.Namespace) -> None:
    """Refuse numbers no analysis can use, before anything is read."""
    from landsim.errors import LandsimError

    if args.scheduler is None:
        check_workers(args.workers)
    n = args.samples
    if args.method != "oat" and (n < 2 or n & (n - 1) or n > MAX_SAMPLES):
        raise LandsimError(
            f"--samples {n}: give a power of two from 2 to {MAX_SAMPLES:,} (the model runs "
            "samples × (parameters + 2) times)"
        )


def _check_place(args: argparse.Namespace, scenario: Scenario, years: list[int]) -> None:
    """Refuse a platform or a year the scenario does not have."""
    from landsim.errors import LandsimError

    known = [*scenario.platforms, "district"]
    if args.platform not in known:
        raise LandsimError(
            f"--platform: unknown platform {args.platform!r}; use one of {', '.join(known)}"
        )
    if args.year is not None and args.year not in years:
        raise LandsimError(f"--year {args.year} is not a year of the run ({years[0]}–{years[-1]})")


def run(args: argparse.Namespace) -> int:
    """Run the analyses, write tables and charts, print the ranking."""
    _check_args(args)
    scheduler = scheduler_from(args)
    with importing(args):
        import matplotlib  # here, not at the top: other commands need not load it

        matplotlib.use("Agg")
        from matplotlib import pyplot as plt

        from landsim.accounting.variables import BY_NAME
        from landsim.analysis.sensitivity import Output, check_output
        from landsim.inventory.prepare import prepare
        from landsim.io.atomic import atomic_folder, check_writable_folder
        from landsim.model.compile import compile_model
        from landsim.plots.parameters import parameter_label
        from landsim.plots.style import glyph_guard, make_style
        from landsim.plots.uncertainty import sobol_chart, tornado
        from landsim.report.write import CSV_ENCODING
        from landsim.streams import Streams

    prepared = prepare(args.scenario)
    scenario = prepared.scenario
    model = compile_model(prepared)
    folder = args.out_dir or Path("runs") / f"{scenario.name}-sensitivity"
    check_writable_folder(folder, force=args.force)
    _check_place(args, scenario, [int(y) for y in model.years])
    args.lang = args.lang or scenario.plots.lang
    output = Output(args.output, args.year or int(model.years[-1]), args.platform)
    check_output(scenario, model, output, Streams(scenario.seed))  # before the many runs
    tables = _analyse(args, scenario, model, output, Streams(scenario.seed), scheduler)
    for table in tables.values():
        table.insert(
            1, "label", [parameter_label(p, scenario, args.lang) for p in table["parameter"]]
        )
    variable = BY_NAME.get(args.output)
    unit = variable.unit if variable else ""
    st = make_style(args.lang, [*tables.get("oat", tables.get("sobol"))["label"]])
    title = st.t(
        "sens_output",
        year=output.year,
        label=(variable.zh if args.lang == "zh" else variable.en) if variable else args.output,
    )
    with plt.rc_context(st.rc()), atomic_folder(folder, force=args.force) as tmp, glyph_guard():
        for name, table in tables.items():
            table.to_csv(tmp / f"{name}.csv", index=False, encoding=CSV_ENCODING)
            ax = (
                tornado(table, title, unit=unit, style=st)
                if name == "oat"
                else sobol_chart(table, title, style=st)
            )
            for ext in ("png", "svg"):
                ax.figure.savefig(tmp / f"{'tornado' if name == 'oat' else 'sobol'}.{ext}")
            plt.close(ax.figure)
    _print(tables, output, unit)
    print(f"\nWrote {folder}/")
    return 0


def _analyse(
    args: argparse.Namespace,
    scenario: Scenario,
    model: Model,
    output: Output,
    streams: Streams,
    scheduler: Scheduler | None,
) -> dict[str, pd.DataFrame]:
    """Run the analyses asked for, on this machine or on the Dask cluster *scheduler*."""
    from landsim.analysis.distributed import executor_for
    from landsim.analysis.sensitivity import one_at_a_time, sobol
    from landsim.cli.progress import progress_bar

    tables = {}
    with executor_for(scheduler, args.workers) as (pool, workers):
        common = {"streams": streams, "workers": workers, "executor": pool}
        if args.method in ("oat", "both"):
            tables["oat"] = one_at_a_time(
                scenario, model, output, progress=progress_bar("one at a time"), **common
            )
        if args.method in ("sobol", "both"):
            tables["sobol"] = sobol(
                scenario,
                model,
                output,
                n=args.samples,
                progress=progress_bar("Sobol' samples"),
                **common,
            )
    return tables


def _pad(label: str, width: int = 44) -> str:
    """*label* padded to *width* terminal columns (a Chinese character takes two)."""
    from landsim.cli.run import display_width

    return label + " " * max(width - display_width(label), 1)


def _print(tables: dict, output, unit: str) -> None:
    scale, shown = (1e4, "亿元") if unit == "万元" else (1.0, unit)
    print(f"Sensitivity of {output.label()} ({shown})")
    if "oat" in tables:
        t = tables["oat"]
        central = t["output_central"].iloc[0] / scale
        print(
            f"\nOne at a time (P10 → P90), output at central values {central:,.1f}.\n"
            "(All parameters at their central values, as `landsim run` without --draws;\n"
            "owners' refusals use the run's own random stream, so this equals its result.)"
        )
        for _, r in t[t["swing"] > 0].iterrows():
            print(
                f"  {_pad(r['label'])}{r['output_low'] / scale:>12,.1f} → "
                f"{r['output_high'] / scale:>12,.1f}   swing {r['swing'] / scale:>10,.1f}"
            )
        if (t["swing"] == 0).any():
            print(f"  ({int((t['swing'] == 0).sum())} parameters with no effect not shown)")
    if "sobol" in tables:
        t = tables["sobol"]
        print("\nSobol' indices (first order, total):")
        for _, r in t.iterrows():
            print(f"  {_pad(r['label'])}{r['first_order']:>8.3f}{r['total_order']:>8.3f}")
        from landsim.analysis.sensitivity import noisy_indices

        noisy = noisy_indices(t)  # 0 ≤ S1 ≤ ST in theory; the same rule as the chart's
        if len(noisy):
            print(
                "warning: first-order index below zero or above the total (sampling noise) "
                f"for {', '.join(noisy['label'])}; raise --samples"
            )
