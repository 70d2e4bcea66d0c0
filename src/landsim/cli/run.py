"""``landsim run``: run a scenario (and Monte Carlo draws) and write its run folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from landsim.cli.progress import progress_bar
from landsim.errors import LandsimError
from landsim.io.atomic import check_writable_folder
from landsim.report.gis import FORMATS, check_gis_output, gis_writer
from landsim.report.write import write_tables
from landsim.runs import DEFAULT_QUANTILES, Results
from landsim.runs import run as run_scenario
from landsim.scenario import load_scenario


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
        "--draws",
        type=int,
        default=1,
        help="Monte Carlo draws; distributions in the scenario are sampled "
        "(default 1: one run at central values)",
    )
    p.add_argument("--workers", type=int, default=1, help="processes for the draws (default 1)")
    p.add_argument(
        "--quantiles",
        type=_quantiles,
        default=DEFAULT_QUANTILES,
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
    """Run, write, and print the headline figures."""
    if args.draws < 1 or args.workers < 1:
        raise LandsimError("--draws and --workers must be at least 1")
    scenario = load_scenario(args.scenario)
    folder = args.output or Path("runs") / scenario.name
    check_writable_folder(folder, force=args.force)  # refuse before spending any time
    check_gis_output(scenario, args.gis)
    res = run_scenario(
        scenario,
        seed=args.seed,
        draws=args.draws,
        workers=args.workers,
        quantiles=args.quantiles,
        progress=progress_bar("simulating"),
    )
    tables = {
        "long": res.long,
        "parcels": res.parcels,
        "shortfalls": res.shortfalls,
        "projects": res.projects,
    }
    if res.quantiles is not None and res.probabilities is not None:
        tables |= {"quantiles": res.quantiles, "probabilities": res.probabilities}
    seed = scenario.seed if args.seed is None else args.seed
    files = write_tables(
        folder,
        tables,
        scenario,
        force=args.force,
        workbook=args.xlsx,
        extra=gis_writer(res, args.gis) if args.gis else None,
        manifest={
            "seed": seed,
            "draws": res.draws,
            "quantiles": list(args.quantiles),
            "timings": res.timings,
        },
    )
    print(headline(res))
    print(f"\nWrote {folder}/: {', '.join(files)}")
    if args.xlsx and "results.xlsx" not in files:
        print("(no .xlsx workbook: install it with pip install 'landsim[excel]')")
    return 0


def headline(res: Results) -> str:
    """Summarize each year: targets, output gained, net money (and target probabilities)."""

    def col(var: str):
        return res.table(var)["district"]

    cont, cont_t = col("area|contiguous"), col("target|contiguous")
    rev, rev_t = col("area|revitalized"), col("target|revitalized")
    diff, net = col("output|difference"), col("money|net")
    lines = [
        f"{res.scenario.name}: yearly results (district)",
        f"{'year':>6}{'contiguous mu':>16}{'revitalized mu':>17}{'output gained 亿元':>19}"
        f"{'net money 亿元':>16}",
    ]
    for y in cont.index:
        mark_c = "✓" if cont[y] >= cont_t[y] - 1e-6 else "✗"
        mark_r = "✓" if rev[y] >= rev_t[y] - 1e-6 else "✗"
        lines.append(
            f"{y:>6}{cont[y]:>12,.0f} {mark_c}  {rev[y]:>12,.0f} {mark_r}  "
            f"{diff[y] / 1e4:>16,.1f}{net[y] / 1e4:>16,.1f}"
        )
    if res.probabilities is not None:
        prob = res.probabilities.pivot(index="year", columns="target", values="probability")
        lines.append(f"\nProbability of meeting the targets over {res.draws:,} draws:")
        lines.append(f"{'year':>6}{'contiguous':>13}{'revitalized':>14}")
        lines += [
            f"{y:>6}{r['contiguous']:>13.0%}{r['revitalized']:>14.0%}" for y, r in prob.iterrows()
        ]
    big = res.shortfalls[res.shortfalls["missing"] >= 1.0]
    small = len(res.shortfalls) - len(big)
    lines.append(
        f"\n{len(big)} shortfalls of ≥ 1 mu (causes in shortfalls.csv)"
        + (f"; {small} smaller ones from parcel sizes" if small else "")
    )
    for _, row in res.projects.iterrows():
        placed = row["status"] == "placed"
        lines.append(
            f"Project {row['project']}: "
            + (f"placed in {row['year_placed']}" if placed else f"not placed: {row['reason']}")
        )
    return "\n".join(lines)


def _quantiles(text: str) -> tuple[float, ...]:
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError("give numbers between 0 and 1, e.g. 0.1,0.5,0.9") from None
    if not all(0 < v < 1 for v in values):
        raise argparse.ArgumentTypeError("quantiles must lie strictly between 0 and 1")
    return tuple(sorted(values))


def _gis_formats(text: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise argparse.ArgumentTypeError(f"give gpkg, shp or gpkg,shp (not {text!r})")
    return formats
