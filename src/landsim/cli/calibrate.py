"""``landsim calibrate``: fit scenario parameters to what a district really did."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from landsim.cli.calibrate_console import calibrate_text, summary
from landsim.cli.console import wrote_line
from landsim.cli.history_input import (
    add_arguments,
    check_numbers,
    input_manifest,
    load_inputs,
    seeded,
)

if TYPE_CHECKING:  # pragma: no cover
    from landsim.analysis.calibrate import Fit


def register(sub: argparse._SubParsersAction) -> None:
    """Add the subcommand."""
    p = sub.add_parser(
        "calibrate",
        help="fit scenario parameters to a treatment history",
        description="Fit the named parameters to the treatment history by simulated "
        "likelihood over a grid of values, with intervals from simulated histories, and "
        "write a scenario variant with the fitted values, each marked with the history "
        "file and the date. With --holdout, the years from it on are left out of the fit "
        "and score the fitted model out of sample.",
    )
    add_arguments(p)
    p.add_argument(
        "--fit",
        required=True,
        metavar="NAMES",
        help="comma-separated parameters, each optionally with a range: "
        "refusal_probability=0:0.4,classes.percentile,prep_years (see docs/backtest.md)",
    )
    p.add_argument("--holdout", type=int, help="first year left out of the fit (e.g. 2024)")
    p.add_argument(
        "--draws",
        type=int,
        help="draws per value of the finer grid (default: 30, fewer on large grids: about "
        "3,000 in all; the coarse grid runs 4 to 10)",
    )
    p.add_argument(
        "--points",
        type=int,
        help="values tried per continuous parameter (default 11, 7, 5 or 4 for 1, 2, 3 or "
        "more parameters)",
    )
    p.add_argument(
        "--bootstrap",
        type=int,
        default=50,
        help="simulated histories for the intervals and the check (default 50)",
    )
    p.add_argument("--level", type=float, default=0.95, help="level of the intervals (0.95)")
    p.add_argument(
        "--nuisance",
        choices=("central", "sampled"),
        default="central",
        help="the scenario's other distributions: at their central values (default) or "
        "sampled in every draw",
    )
    p.add_argument(
        "--variant",
        type=Path,
        help="scenario variant to write (default: <output>/<scenario>-calibrated.yaml)",
    )
    p.add_argument(
        "--lang",
        choices=("zh", "en"),
        help="language of the console and the figures (default: the scenario's plots.lang)",
    )
    p.add_argument(
        "-o", "--output", type=Path, help="folder to write (default: runs/<scenario>-calibration)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Read, fit, write the tables, the figures and the variant; print the estimates."""
    check_numbers(args, draws=2, bootstrap=10, points=3)
    if not 0.5 <= args.level < 1:
        from landsim.errors import LandsimError

        raise LandsimError(f"--level {args.level}: give a level between 0.5 and 1, e.g. 0.95")
    from landsim.analysis.fit_params import resolve
    from landsim.io.atomic import check_writable_folder
    from landsim.io.locks import folder_lock

    prepared, history = load_inputs(args)
    scenario = prepared.scenario
    args.lang = args.lang or scenario.plots.lang
    fitted = resolve([s for s in args.fit.split(",") if s.strip()], scenario)
    folder = args.output or Path("runs") / f"{scenario.name}-calibration"
    check_writable_folder(folder, force=args.force)
    if args.variant is not None and args.variant.exists() and not args.force:
        from landsim.errors import LandsimError

        raise LandsimError(f"{args.variant} exists; use --force to overwrite it")
    with folder_lock(folder, what=f"landsim calibrate {args.scenario}"):
        check_writable_folder(folder, force=args.force)
        fit, files, variant = _fit_and_write(args, prepared, history, fitted, folder)
    print(summary(fit, args.lang))
    print("\n" + wrote_line(folder, files, args.lang))
    print(calibrate_text("variant", args.lang, path=variant))
    return 0


def _fit_and_write(args, prepared, history, fitted, folder: Path):
    from landsim.analysis.calibrate import calibrate
    from landsim.analysis.calibrated_variant import variant_yaml
    from landsim.cli.progress import progress_bar
    from landsim.io.atomic import atomic_file
    from landsim.report.write import write_tables
    from landsim.scenario import scenario_source

    fit = calibrate(
        prepared,
        history,
        fitted,
        seed=args.seed,
        draws=args.draws,
        points=args.points,
        bootstrap=args.bootstrap,
        level=args.level,
        holdout=args.holdout,
        nuisance=args.nuisance,
        workers=args.workers,
        progress=progress_bar(calibrate_text("progress", args.lang), lang=args.lang),
    )
    source = scenario_source(prepared.scenario)
    scenario = seeded(prepared.scenario, args)
    base = source.files[0] if source else args.scenario
    name = f"{scenario.name}-calibrated.yaml"
    variant = args.variant or folder / name
    text = variant_yaml(fit, scenario, base, variant, history.source.name, date.today().isoformat())

    def extra(tmp: Path) -> list[str]:
        written = _figures(fit, tmp, args.lang)
        if args.variant is None:
            (tmp / name).write_text(text, encoding="utf-8")
            written.append(name)
        return written

    tables = {
        "parameters": fit.parameters,
        "grid": fit.grid,
        "bootstrap": fit.bootstrap,
        "skill": fit.skill,
    }
    manifest = {
        **input_manifest(history, scenario.seed),
        "fit": args.fit,
        "holdout": args.holdout,
        "draws": fit.draws,
        "bootstrap": fit.bootstrap_draws,
        "level": fit.level,
        "nuisance": args.nuisance,
        "p_value": fit.p_value,
    }
    files = write_tables(
        folder, tables, scenario, force=args.force, workbook=False, manifest=manifest, extra=[extra]
    )
    if args.variant is not None:
        with atomic_file(args.variant) as tmp:
            tmp.write_text(text, encoding="utf-8")
    return fit, files, variant


def _figures(fit: Fit, folder: Path, lang: str) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    from landsim.plots.backtest import fit_profile
    from landsim.plots.style import glyph_guard, make_style

    st = make_style(lang)
    written = []
    with plt.rc_context(st.rc()), glyph_guard():
        for k, f in enumerate(fit.fitted):
            ax = fit_profile(fit, f.path, style=st)
            ax.figure.savefig(folder / f"profile_{k + 1}.png")
            written.append(f"profile_{k + 1}.png")
            plt.close(ax.figure)
    return written
