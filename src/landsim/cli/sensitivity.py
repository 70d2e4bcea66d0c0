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


#: Sobol' base sample when --samples is not given.
DEFAULT_SAMPLES = 64
#: Largest Sobol' base sample (assumption: the indices' intervals are narrow long
#: before; 4,096 × (parameters + 2) model runs already take hours on one machine).
MAX_SAMPLES = 4096


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
        help=f"Sobol base sample size, a power of two (default {DEFAULT_SAMPLES}); the model "
        "runs samples × (parameters + 2) times; for --method sobol or both only",
    )
    p.add_argument("--workers", type=int, default=1, help="processes (default 1)")
    add_scheduler_argument(p)
    p.add_argument(
        "--lang",
        choices=("zh", "en"),
        help="language of the console, the charts and parameter names (default: the scenario's "
        "plots.lang, as brief and compare)",
    )
    p.add_argument(
        "-o", "--out-dir", type=Path, help="folder to write (default: runs/<scenario>-sensitivity)"
    )
    p.add_argument("--force", action="store_true", help="replace an existing folder")
    p.set_defaults(func=run)


def _check_args(args: argparse.Namespace) -> None:
    """Refuse numbers no analysis can use, and flags the method asked for ignores."""
    from landsim.errors import LandsimError

    if args.scheduler is None:
        check_workers(args.workers)
    if args.method == "oat":
        if args.samples is not None:
            raise LandsimError(
                f"--samples {args.samples}: the sample size is for --method sobol or both "
                "(one at a time runs each parameter at P10 and P90); leave --samples out"
            )
        return
    n = args.samples = DEFAULT_SAMPLES if args.samples is None else args.samples
    if n < 2 or n & (n - 1) or n > MAX_SAMPLES:
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

        from landsim.analysis.sensitivity import Output, check_output
        from landsim.cli.sensitivity_console import print_sensitivity
        from landsim.inventory.prepare import prepare
        from landsim.io.atomic import check_writable_folder
        from landsim.model.compile import compile_model
        from landsim.plots.parameters import parameter_label, sensitivity_text
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
    title = output_title(output, scenario, args.lang)
    unit = _unit(output)
    _write(folder, tables, title, unit, args)
    print_sensitivity(tables, title, unit, args.lang)
    print("\n" + sensitivity_text("wrote", args.lang, folder=folder))
    return 0


def _unit(output: Output) -> str:
    from landsim.analysis.sensitivity import output_variable

    variable = output_variable(output.variable)
    return variable.unit if variable else ""


def output_title(output: Output, scenario: Scenario, lang: str) -> str:
    """Name *output* in *lang* ("2035年产值（差值）"), with its platform unless the district."""
    from landsim.analysis.sensitivity import output_variable
    from landsim.plots.parameters import sensitivity_text

    variable = output_variable(output.variable)
    label = (variable.zh if lang == "zh" else variable.en) if variable else output.variable
    if output.platform == "district":
        return sensitivity_text("sens_output", lang, year=output.year, label=label)
    platform = scenario.platforms[output.platform].name.get(lang) or output.platform
    return sensitivity_text(
        "output_platform", lang, year=output.year, label=label, platform=platform
    )


def _write(
    folder: Path, tables: dict[str, pd.DataFrame], title: str, unit: str, args: argparse.Namespace
) -> None:
    """Write each table as CSV and its chart as PNG and SVG, all at once into *folder*."""
    from matplotlib import pyplot as plt

    from landsim.io.atomic import atomic_folder
    from landsim.plots.parameters import SENSITIVITY
    from landsim.plots.sensitivity import sobol_chart, tornado
    from landsim.plots.style import glyph_guard, make_style
    from landsim.report.write import CSV_ENCODING

    words = [pair[args.lang != "zh"] for pair in SENSITIVITY.values()]
    labels = [label for table in tables.values() for label in table["label"]]
    st = make_style(args.lang, [*labels, title, *words])
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
    from landsim.analysis.sensitivity import one_at_a_time
    from landsim.analysis.sobol import sobol
    from landsim.cli.progress import progress_bar
    from landsim.plots.parameters import sensitivity_text

    tables = {}
    with executor_for(scheduler, args.workers) as (pool, workers):
        common = {"streams": streams, "workers": workers, "executor": pool}
        if args.method in ("oat", "both"):
            bar = progress_bar(sensitivity_text("progress_oat", args.lang), lang=args.lang)
            tables["oat"] = one_at_a_time(scenario, model, output, progress=bar, **common)
        if args.method in ("sobol", "both"):
            bar = progress_bar(sensitivity_text("progress_sobol", args.lang), lang=args.lang)
            tables["sobol"] = sobol(scenario, model, output, n=args.samples, progress=bar, **common)
    return tables
