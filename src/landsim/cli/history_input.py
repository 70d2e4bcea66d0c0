"""What ``landsim backtest`` and ``landsim calibrate`` share: their inputs and their checks.

The back-test's years (``--from``, ``--to``) become the scenario's horizon, with no
run-out years: the scenario runs from the inventory of the year before ``--from``. The
scenario is read (and refused, if bad) before the model's libraries are imported.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from landsim.cli import check_workers
from landsim.errors import LandsimError

if TYPE_CHECKING:  # pragma: no cover
    from landsim.inventory.history import History
    from landsim.inventory.prepare import Prepared
    from landsim.scenario import Scenario


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Add the arguments both commands take."""
    p.add_argument("scenario", type=Path, help="scenario YAML file")
    p.add_argument(
        "--history",
        type=Path,
        help="treatment history (CSV, Excel or Parquet); default: the scenario's history.path",
    )
    p.add_argument(
        "--from",
        dest="start",
        type=int,
        help="first year of the back-test (default: the scenario's horizon.start); the "
        "inventory must describe the year before",
    )
    p.add_argument(
        "--to", dest="end", type=int, help="last year (default: the scenario's horizon.end)"
    )
    p.add_argument("--seed", type=int, help="override the scenario's seed")
    p.add_argument("--workers", type=int, default=1, help="processes for the draws (default 1)")
    p.add_argument("--force", action="store_true", help="replace an existing output folder")


def check_numbers(args: argparse.Namespace, **at_least: int) -> None:
    """Refuse command-line numbers no run can use, before anything is read."""
    if args.seed is not None and args.seed < 0:
        raise LandsimError(f"--seed {args.seed}: a seed is a whole number ≥ 0")
    check_workers(args.workers)
    for name, low in at_least.items():
        value = getattr(args, name)
        if value is not None and value < low:
            flag = "--" + name.replace("_", "-")
            raise LandsimError(f"{flag} must be at least {low}; got {value}")


def load_inputs(args: argparse.Namespace) -> tuple[Prepared, History]:
    """Load the back-test scenario with its inventory, and the history, all validated.

    The scenario is read first, before the model's libraries are imported.
    """
    from landsim.analysis.backtest_years import backtest_scenario

    scenario = backtest_scenario(args.scenario, args.start, args.end)
    from landsim.analysis.history_api import load_backtest

    return load_backtest(scenario, args.history)


def input_manifest(history: History, seed: int) -> dict[str, Any]:
    """Manifest entries naming the history file (its full path and hash) and the seed used."""
    from landsim.report.write import sha256

    source = Path(history.source).resolve()  # as every other input's path is
    return {
        "history": {"path": str(source), "sha256": sha256(source)},
        "years": [history.start, history.end],
        "seed": seed,
    }


def seeded(scenario: Scenario, args: argparse.Namespace) -> Scenario:
    """Put ``--seed`` in the scenario, so the folder's scenario.yaml runs again alike."""
    return scenario if args.seed is None else scenario.model_copy(update={"seed": args.seed})
