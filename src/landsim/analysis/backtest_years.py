"""A scenario over a back-test's years: light enough for the command line to read first.

It imports only the scenario package, so ``landsim backtest`` and ``landsim calibrate``
refuse a bad scenario before the model's libraries are loaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from landsim.errors import InputError, Problem
from landsim.scenario import Scenario, load_scenario


def backtest_scenario(
    path: str | Path,
    start: int | None = None,
    end: int | None = None,
    overrides: dict[str, Any] | None = None,
) -> Scenario:
    """Load *path* (with *overrides*) over the back-test's years, with no run-out years.

    The back-test runs from the inventory of the year before *start*. Yearly values must
    cover the new start; a scenario whose schedules begin later is refused with the key
    and the line to fix.

    Parameters
    ----------
    path
        The scenario file.
    start, end
        The back-test's first and last year (default: the scenario's horizon).
    overrides
        Scenario values set first, as for :func:`landsim.load_scenario`.
    """
    scenario = load_scenario(path, overrides=overrides)
    h = scenario.horizon
    horizon = {
        "start": h.start if start is None else start,
        "end": h.end if end is None else end,
        "run_out_years": 0,
    }
    if (horizon["start"], horizon["end"], h.run_out_years) == (h.start, h.end, 0):
        return scenario
    if horizon["end"] < horizon["start"]:
        raise InputError(
            "bad back-test years",
            [Problem("--to", str(horizon["end"]), f"is before --from {horizon['start']}")],
        )
    return load_scenario(path, overrides={**(overrides or {}), "horizon": horizon})
