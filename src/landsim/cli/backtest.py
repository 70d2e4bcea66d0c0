"""``landsim backtest``: replay a scenario over past years and score it against what was done."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from landsim.cli.backtest_console import summary
from landsim.cli.console import wrote_line
from landsim.cli.history_input import (
    add_arguments,
    check_numbers,
    input_manifest,
    load_inputs,
    seeded,
)

if TYPE_CHECKING:  # pragma: no cover
    from landsim.analysis.backtest import Backtest


def register(sub: argparse._SubParsersAction) -> None:
    """Add the subcommand."""
    p = sub.add_parser(
        "backtest",
        help="score a scenario against what a district really did",
        description="Run the scenario from the inventory of the year before --from to --to "
        "and compare its selection with the treatment history, year by year and by "
        "platform: hits, misses and false alarms (by area and count), the Figure of Merit, "
        "and with --draws the AUC and a reliability table of selection frequencies — each "
        "next to random selection with the same quotas. Writes tables and figures.",
    )
    add_arguments(p)
    p.add_argument(
        "--draws",
        type=int,
        default=1,
        help="Monte Carlo draws of the model (default 1: the run at central values only)",
    )
    p.add_argument(
        "--baseline-draws",
        type=int,
        default=50,
        help="draws of the random baseline (default 50)",
    )
    p.add_argument(
        "--quotas",
        choices=("scenario", "history"),
        default="scenario",
        help="scenario: the scenario's quotas; history: each year's quotas are the area "
        "really treated, so that only which parcels were chosen is compared",
    )
    p.add_argument(
        "--lang",
        choices=("zh", "en"),
        help="language of the console and the figures (default: the scenario's plots.lang)",
    )
    p.add_argument(
        "-o", "--output", type=Path, help="folder to write (default: runs/<scenario>-backtest)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Read, replay, score, write and print the headline scores."""
    check_numbers(args, draws=1, baseline_draws=2)
    from landsim.io.atomic import check_writable_folder
    from landsim.io.locks import folder_lock

    prepared, history = load_inputs(args)
    scenario = prepared.scenario
    args.lang = args.lang or scenario.plots.lang
    folder = args.output or Path("runs") / f"{scenario.name}-backtest"
    check_writable_folder(folder, force=args.force)
    with folder_lock(folder, what=f"landsim backtest {args.scenario}"):
        check_writable_folder(folder, force=args.force)
        bt, files = _replay_and_write(args, prepared, history, folder)
    print(summary(bt, args.lang))
    print("\n" + wrote_line(folder, files, args.lang))
    return 0


def _replay_and_write(args, prepared, history, folder: Path) -> tuple[Backtest, list[str]]:
    from landsim.analysis.backtest import backtest
    from landsim.cli.progress import progress_bar
    from landsim.cli.run_console import run_text
    from landsim.report.write import write_tables

    bt = backtest(
        prepared,
        history,
        seed=args.seed,
        draws=args.draws,
        baseline_draws=args.baseline_draws,
        quotas=args.quotas,
        workers=args.workers,
        progress=progress_bar(run_text("progress_draws", args.lang), lang=args.lang)
        if args.draws > 1
        else None,
    )
    tables = {
        "scores": bt.scores,
        "totals": bt.totals,
        "parcels": bt.parcels,
        "reliability": bt.reliability,
    }
    scenario = seeded(prepared.scenario, args)
    files = write_tables(
        folder,
        tables,
        scenario,
        force=args.force,
        workbook=False,
        manifest={
            **input_manifest(history, scenario.seed),
            "draws": bt.draws,
            "baseline_draws": bt.baseline_draws,
            "quotas": args.quotas,
            "notes": bt.notes,
        },
        extra=[lambda tmp: _figures(bt, tmp, args.lang)],
    )
    return bt, files


def _figures(bt: Backtest, folder: Path, lang: str) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    from landsim.plots.backtest import backtest_map, backtest_scores, backtest_style
    from landsim.plots.style import glyph_guard

    st = backtest_style(bt, lang)
    written = []
    with plt.rc_context(st.rc()), glyph_guard():
        for name, draw in (("map", backtest_map), ("scores", backtest_scores)):
            ax = draw(bt, style=st)
            for ext in ("png", "svg"):
                ax.figure.savefig(folder / f"{name}.{ext}")
                written.append(f"{name}.{ext}")
            plt.close(ax.figure)
    return written
