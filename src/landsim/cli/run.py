"""``landsim run``: run a scenario (and Monte Carlo draws) and write its run folder."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from landsim.cli import importing
from landsim.cli.cluster import add_scheduler_argument, scheduler_from
from landsim.cli.console import display_width as display_width  # where it always was
from landsim.cli.console import wrote_line
from landsim.cli.progress import progress_bar
from landsim.cli.run_console import headline, run_text
from landsim.errors import LandsimError
from landsim.io.atomic import check_writable_folder
from landsim.io.locks import folder_lock

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable

    from landsim.analysis.distributed import Scheduler
    from landsim.runs import Results
    from landsim.scenario import Scenario


def register(sub: argparse._SubParsersAction) -> None:
    """Add the subcommand."""
    p = sub.add_parser(
        "run",
        help="run a scenario and write the results",
        description="Run a scenario and write its tables (CSV, Parquet when "
        "pyarrow is installed, an .xlsx workbook when openpyxl is), the resolved "
        "scenario and a manifest into a run folder. With --draws, also Monte Carlo "
        "quantiles and the probability of meeting each year's targets.",
    )
    p.add_argument("scenario", type=Path, help="scenario YAML file")
    p.add_argument("-o", "--output", type=Path, help="run folder (default: runs/<scenario name>)")
    p.add_argument("--force", action="store_true", help="replace an existing run folder")
    p.add_argument("--seed", type=int, help="override the scenario's seed")
    p.add_argument(
        "--lang",
        choices=("zh", "en"),
        help="language of the console's summary (default: the scenario's plots.lang, as "
        "brief, compare and sensitivity); the tables' columns keep their code names",
    )
    p.add_argument(
        "--draws",
        type=int,
        default=1,
        help="Monte Carlo draws; distributions in the scenario are sampled "
        "(default 1: one run at central values)",
    )
    p.add_argument("--workers", type=int, default=1, help="processes for the draws (default 1)")
    add_scheduler_argument(p)
    p.add_argument(
        "--write-draws",
        action="store_true",
        help="also write every draw's value of every variable to draws.parquet "
        "(draw, variable, platform, unit, year, value; needs pyarrow)",
    )
    p.add_argument(
        "--quantiles",
        type=_quantiles,
        default=None,
        help="quantiles to report across draws (default 0.1,0.5,0.9)",
    )
    p.add_argument(
        "--no-xlsx",
        dest="xlsx",
        action="store_false",
        help="skip the .xlsx workbook (it takes a few seconds to write)",
    )
    p.add_argument(
        "--gis",
        type=_gis_formats,
        default=(),
        metavar="gpkg,shp",
        help="also write the parcel results as GIS layers in the inventory's coordinate "
        "system: parcels.gpkg (GeoPackage), parcels.shp (Shapefile), or both (needs the gis "
        "extra; field names in parcels_fields.csv and docs/gis.md)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run, print the headline figures, and write the run folder.

    The scenario is read before the model's libraries are imported, so a bad scenario is
    refused at once. The output folder is checked (not there without ``--force``,
    writable) and locked before anything is simulated, so a second run into it is
    refused at once too. The headline figures are printed as soon as they are computed,
    before the files (the workbook takes the longest) are written.
    """
    _check_numbers(args)
    scheduler = scheduler_from(args)
    with importing(args):
        from landsim.scenario import load_scenario

    scenario = load_scenario(args.scenario)
    args.lang = args.lang or scenario.plots.lang
    folder = args.output or Path("runs") / scenario.name
    check_writable_folder(folder, force=args.force)  # refuse before spending any time
    if args.gis:
        from landsim.report.gis import check_gis_output

        check_gis_output(scenario, args.gis)
    files: list[str] = []
    try:
        with folder_lock(folder, what=f"landsim run {args.scenario}"):
            check_writable_folder(folder, force=args.force)  # a run that finished meanwhile
            files = _simulate_and_write(args, scenario, folder, scheduler)
    except KeyboardInterrupt:
        if files:  # Ctrl-C while the lock was let go: the folder is complete
            raise KeyboardInterrupt(f"the run folder {folder} was written completely") from None
        raise
    try:
        print("\n" + wrote_line(folder, files, args.lang))
        if args.xlsx and "results.xlsx" not in files:
            print(run_text("no_xlsx", args.lang))
    except KeyboardInterrupt:
        raise KeyboardInterrupt(f"the run folder {folder} was written completely") from None
    return 0


def _check_numbers(args: argparse.Namespace) -> None:
    """Refuse command-line numbers no run can use, before anything is read."""
    if args.draws < 1 or args.workers < 1:
        raise LandsimError("--draws and --workers must be at least 1")
    if args.write_draws:
        _check_write_draws(args)
    if args.seed is not None and args.seed < 0:
        raise LandsimError(f"--seed {args.seed}: a seed is a whole number ≥ 0")
    cpus = os.cpu_count() or 1
    if args.workers > cpus:
        raise LandsimError(
            f"--workers {args.workers} is more than the {cpus} processors of this machine; "
            f"use at most --workers {cpus}"
        )


def _check_write_draws(args: argparse.Namespace) -> None:
    import importlib.util

    if args.draws < 2:
        raise LandsimError("--write-draws needs Monte Carlo draws: add --draws N (N ≥ 2)")
    if importlib.util.find_spec("pyarrow") is None:
        raise LandsimError("--write-draws writes Parquet: pip install 'landsim[parquet]'")


def _draw_files(res: Results) -> list[Callable[[Path], list[str]]]:
    if res.draw_data is None:
        return []
    from landsim.analysis.draws import write_draws

    data = res.draw_data

    def write(folder: Path) -> list[str]:
        write_draws(data, folder / "draws.parquet")
        return ["draws.parquet"]

    return [write]


def _simulate_and_write(
    args: argparse.Namespace, scenario: Scenario, folder: Path, scheduler: Scheduler | None
) -> list[str]:
    with importing(args):
        from landsim.analysis.distributed import executor_for
        from landsim.report.write import write_tables
        from landsim.runs import DEFAULT_QUANTILES
        from landsim.runs import run as run_scenario

    quantiles = args.quantiles or DEFAULT_QUANTILES
    if args.seed is not None:  # the folder's scenario.yaml runs again to the same results
        scenario = scenario.model_copy(update={"seed": args.seed})
    with executor_for(scheduler if args.draws > 1 else None, args.workers) as (pool, workers):
        res = run_scenario(
            scenario,
            seed=args.seed,
            draws=args.draws,
            workers=workers,
            executor=pool,
            quantiles=quantiles,
            progress=progress_bar(
                (run_text("progress_years", args.lang), run_text("progress_draws", args.lang)),
                lang=args.lang,
            ),
            keep_draws=args.write_draws,
        )
    print(headline(res, args.lang), flush=True)  # the answer first; writing the files follows
    tables = {
        "long": res.long,
        "parcels": res.parcels,
        "shortfalls": res.shortfalls,
        "projects": res.projects,
    }
    if res.quantiles is not None and res.probabilities is not None:
        tables |= {"quantiles": res.quantiles, "probabilities": res.probabilities}
    seed = scenario.seed
    writers = ([_gis_writer(res, args.gis)] if args.gis else []) + _draw_files(res)
    files = write_tables(
        folder,
        tables,
        scenario,
        force=args.force,
        workbook=args.xlsx,
        extra=writers,
        manifest={
            "seed": seed,
            "draws": res.draws,
            "quantiles": list(quantiles),
            "timings": res.timings,
            "adjacency_method": res.adjacency_method,
        },
    )
    return files


def _quantiles(text: str) -> tuple[float, ...]:
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError("give numbers between 0 and 1, e.g. 0.1,0.5,0.9") from None
    if not all(0 < v < 1 for v in values):
        raise argparse.ArgumentTypeError("quantiles must lie strictly between 0 and 1")
    return tuple(sorted(values))


def _gis_writer(res: Results, formats: tuple[str, ...]):
    from landsim.report.gis import gis_writer

    return gis_writer(res, formats)


def _gis_formats(text: str) -> tuple[str, ...]:
    from landsim.report.gis import FORMATS

    formats = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise argparse.ArgumentTypeError(f"give gpkg, shp or gpkg,shp (not {text!r})")
    return formats
