"""``--scheduler``: the command-line side of running draws on Dask (shared by commands)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from landsim.errors import LandsimError

if TYPE_CHECKING:  # pragma: no cover
    from landsim.analysis.distributed import Scheduler

SCHEDULER_HELP = (
    "run the draws on Dask: local (a local cluster, one worker per processor), local:N "
    "(N workers), or the address of a running scheduler, e.g. tcp://host:8786 "
    "(needs pip install 'landsim[dask]'; results equal a local run)"
)


def add_scheduler_argument(p: argparse.ArgumentParser) -> None:
    """Add ``--scheduler`` to a command's parser."""
    p.add_argument("--scheduler", metavar="WHERE", help=SCHEDULER_HELP)


def scheduler_from(args: argparse.Namespace) -> Scheduler | None:
    """Read and check ``--scheduler`` before any work, and before a folder is made.

    It is refused with ``--workers``, without Dask, or when no scheduler answers at its
    address.

    Returns ``None`` when the draws run on this machine's process pool (the default).
    """
    if args.scheduler is None:
        return None
    if getattr(args, "workers", 1) > 1:
        raise LandsimError(
            "give either --workers (this machine's processes) or --scheduler (a Dask "
            "cluster, whose workers it counts itself), not both"
        )
    from landsim.analysis.distributed import (
        CONNECT_TIMEOUT_S,
        check_scheduler,
        parse_scheduler,
        require_dask,
    )

    scheduler = parse_scheduler(args.scheduler)
    require_dask()
    if scheduler.address is not None:  # before any work, and before a folder is made
        check_scheduler(scheduler.address, CONNECT_TIMEOUT_S)
    return scheduler
