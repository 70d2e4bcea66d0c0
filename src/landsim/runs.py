"""Run a scenario and get its tables: the Python API.

>>> import landsim
>>> res = landsim.run("scenarios/xiaoshan_2024.yaml")   # doctest: +SKIP
>>> res.table("area|contiguous")                        # doctest: +SKIP
"""

from __future__ import annotations

import functools
import os
import time
import warnings
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from landsim.accounting.economics import Outcome, compute
from landsim.accounting.long import long_table
from landsim.accounting.tables import parcel_table, project_table, shortfall_table
from landsim.analysis.draws import DrawData
from landsim.analysis.montecarlo import MonteCarlo, monte_carlo
from landsim.engine.bins import bin_events
from landsim.engine.simulate import simulate_draw
from landsim.engine.state import Events
from landsim.errors import LandsimWarning
from landsim.evaluation.candidates import industrial_land
from landsim.inventory.prepare import Prepared, prepare
from landsim.model import Model, compile_model
from landsim.scenario import Scenario, load_scenario
from landsim.streams import Streams

DEFAULT_QUANTILES = (0.1, 0.5, 0.9)


@dataclass
class Results:
    """What a run produced.

    Attributes
    ----------
    scenario
        The validated scenario.
    long
        ``scenario, platform, variable, unit, year, value`` (see ``docs/variables.md``).
    parcels
        One row per parcel: evaluation, flags and what happened to it.
    shortfalls
        Every unmet quota and target, with its cause.
    projects
        Each major project: placed where and when, or why not.
    timings
        Seconds spent in each stage.
    draws
        Number of Monte Carlo draws (1 for a deterministic run).
    quantiles
        Monte Carlo only: every variable's quantiles and mean across draws
        (``scenario, platform, variable, unit, statistic, year, value``).
    probabilities
        Monte Carlo only: the share of draws meeting each year's targets.
    prepared, model, outcome
        For further analysis in Python: the scenario with its inventory and graph, the
        compiled model, and the economics of the projection (not kept by
        :func:`landsim.load_run`).
    draw_data
        Monte Carlo with ``keep_draws=True`` only: what every draw's values come from
        (see :meth:`draw_table`, :meth:`to_xarray`).
    draws_file
        A run folder's ``draws.parquet`` (``--write-draws``), when :func:`landsim.load_run`
        found one: :meth:`draw_table` and :meth:`to_xarray` read every draw from it.
    adjacency_method
        The rule that said which parcels touch, for contiguity (连片): ``polygons``,
        ``table``, ``points`` (approximate: from parcel centres) or ``none`` (nothing
        touches), ``inventory.adjacency.method: auto`` resolved; ``unknown`` for a run
        folder written before landsim recorded it (``manifest.json``).
    """

    scenario: Scenario
    long: pd.DataFrame
    parcels: pd.DataFrame
    shortfalls: pd.DataFrame
    projects: pd.DataFrame
    timings: dict[str, float] = field(default_factory=dict)
    prepared: Prepared | None = field(default=None, repr=False)
    model: Model | None = field(default=None, repr=False)
    outcome: Outcome | None = field(default=None, repr=False)
    draws: int = 1
    quantiles: pd.DataFrame | None = None
    probabilities: pd.DataFrame | None = None
    draw_data: DrawData | None = field(default=None, repr=False)
    draws_file: Path | None = field(default=None, repr=False)
    adjacency_method: str = "unknown"

    @functools.cached_property
    def parcels_key(self) -> bytes:
        """Fingerprint of the parcels this run read (comparisons note runs whose differ)."""
        from landsim.analysis.alignment import parcels_fingerprint

        return parcels_fingerprint(self.parcels)

    @functools.cached_property
    def results_key(self) -> bytes:
        """Fingerprint of this run's long and projects tables (comparisons note runs alike).

        A comparison asks for it several times (its notes, the console, the brief); the
        tables are hashed once.
        """
        from landsim.analysis.alignment import results_fingerprint

        return results_fingerprint(self)

    def band(self, variable: str, platform: str = "district") -> pd.DataFrame:
        """Monte Carlo quantiles of one variable as a year × statistic table."""
        if self.quantiles is None:
            raise ValueError("no Monte Carlo draws in this run; run it with draws > 1")
        q = self.quantiles
        sub = q[(q["variable"] == variable) & (q["platform"] == platform)]
        return sub.pivot(index="year", columns="statistic", values="value")

    def table(self, variable: str) -> pd.DataFrame:
        """One variable as a year × platform table (district last)."""
        sub = self.long[self.long["variable"] == variable]
        if sub.empty:
            raise KeyError(f"no variable {variable!r}; see the `variable` column of .long")
        wide = sub.pivot(index="year", columns="platform", values="value")
        cols = [p for p in self.scenario.platforms if p in wide.columns]
        return wide[cols + [c for c in wide.columns if c not in cols]]

    def draw_table(self) -> pd.DataFrame:
        """Every draw's value of every variable: ``draw, variable, platform, unit, year, value``.

        Needs a run with ``keep_draws=True``, or a run folder written with ``--write-draws``.
        """
        from landsim.analysis.draws import draw_table, read_draws

        if self.draw_data is None and self.draws_file is not None:
            return read_draws(self.draws_file)
        return draw_table(self._draws())

    def to_xarray(self) -> Any:
        """Every variable as an :class:`xarray.Dataset` with dims draw × platform × year.

        With ``keep_draws=True`` (or a run folder written with ``--write-draws``), every
        Monte Carlo draw (``draw`` 0 … N − 1); otherwise the run at central values, as
        one draw labelled ``"central"`` (with a :class:`~landsim.errors.LandsimWarning`
        when the run had draws but kept none). Each variable's unit is in its ``attrs``. Needs
        ``pip install 'landsim[xarray]'``.
        """
        from landsim.analysis.draws import long_to_dataset, table_to_dataset, to_dataset

        if self.draw_data is not None:
            return to_dataset(self.draw_data)
        if self.draws_file is not None:
            return table_to_dataset(self.draw_table(), self.scenario)
        if self.draws > 1:
            warnings.warn(
                f"this run has {self.draws} draws but kept none: the dataset holds only "
                "the run at central values (draw 'central'); run it with keep_draws=True "
                "(or landsim run --write-draws) for every draw",
                LandsimWarning,
                stacklevel=2,
            )
        return long_to_dataset(self.long, self.scenario.name)

    def to_iamc(self, statistic: str | None = None) -> pd.DataFrame:
        """Return the long table as IAMC: ``model, scenario, region, variable, unit, year, value``.

        pyam reads it as it is (``pyam.IamDataFrame(res.to_iamc())``). *statistic*
        (``"p10"``, ``"p50"``, ``"mean"``, …) gives that statistic across draws instead
        of the run at central values.
        """
        from landsim.analysis.draws import iamc
        from landsim.version import __version__

        table = self.long
        if statistic is not None:
            q = self.quantiles
            if q is None:
                raise ValueError(
                    f"no statistic {statistic!r}: this run has no Monte Carlo draws; "
                    "run it with draws > 1"
                )
            if statistic not in set(q["statistic"]):
                have = sorted(set(q["statistic"]))
                raise ValueError(f"no statistic {statistic!r} in this run; it has {have}")
            table = q[q["statistic"] == statistic].drop(columns="statistic")
        return iamc(table, f"landsim {__version__}")

    def to_history(self, end: int | None = None, *, lang: str = "zh") -> pd.DataFrame:
        """Return the run's treatments as a district keeps its history (``synth --history``).

        Parameters
        ----------
        end
            The history's last year (default: the run's last year).
        lang
            ``zh``: the template's Chinese headers and words, and each new use's Chinese
            name; ``en``: canonical headers and English names.

        Returns
        -------
        pandas.DataFrame
            One row per treatment. Save it with ``to_csv(path, index=False,
            encoding="gb18030")`` (as Chinese Excel does) and give the path to
            :func:`landsim.backtest` or :func:`landsim.calibrate`. A run of
            :func:`landsim.backtest_scenario` with a seed of its own makes a history whose
            right answer is known: its parameter values.
        """
        from landsim.analysis.history_api import use_names
        from landsim.synthetic.history import history_table

        last = self.scenario.horizon.end if end is None else end
        names = use_names(self.scenario, lang)
        return history_table(self.parcels, last, industry_names=names, lang=lang)

    def _draws(self) -> DrawData:
        if self.draw_data is None:
            raise ValueError(
                "this run kept no draws; run it with draws > 1 and keep_draws=True "
                "(or landsim run --draws N --write-draws, then landsim.load_run)"
            )
        return self.draw_data


def run(
    scenario: Scenario | str | Path,
    *,
    seed: int | None = None,
    draws: int = 1,
    workers: int = 1,
    executor: Executor | None = None,
    quantiles: tuple[float, ...] = DEFAULT_QUANTILES,
    progress: Callable[[int, int], None] | None = None,
    keep_draws: bool = False,
) -> Results:
    """Run a scenario: one projection at central values, and Monte Carlo draws if asked.

    Parameters
    ----------
    scenario
        A scenario or the path of a scenario file.
    seed
        Overrides the scenario's seed. It drives every random step: the ``random``
        strategy, owners' refusals and, with draws, the sampling of distributions.
    draws
        Number of Monte Carlo draws; 1 runs only the projection at central values
        (every distribution at its central value, see ``docs/uncertainty.md``).
    workers
        Processes for draws that each need their own selection.
    executor
        Run the draws there instead of a local process pool, e.g. on Dask:
        ``Client(...).get_executor()`` (identical results).
    quantiles
        Quantiles reported across draws.
    progress
        Called as ``progress(done, total)``: years of the projection, then draws.
    keep_draws
        With draws, keep every draw's values (``Results.draw_data``: the economics of
        the draws, not the parcels), for :meth:`Results.draw_table` and
        :meth:`Results.to_xarray`.

    Returns
    -------
    Results
        The long table, the parcel table, shortfalls and projects of the projection;
        with draws, also quantiles, target probabilities and selection frequencies.
    """
    workers = _checked_counts(draws, workers, executor)
    clock = _Clock()
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    prepared = prepare(scenario)
    clock.lap("load")
    model = compile_model(prepared)
    clock.lap("compile")
    streams = Streams(scenario.seed if seed is None else seed)
    n_years = len(model.years)
    events = simulate_draw(
        model,
        streams.draw(0, central=True),
        None if progress is None else lambda t: progress(t + 1, n_years),
    )
    clock.lap("simulate")
    outcome = compute(model, bin_events(model, [events]))
    clock.lap("economics")
    res = tabulate(prepared, model, events, outcome)
    clock.lap("tables")
    if draws > 1:
        mc = monte_carlo(
            scenario,
            model,
            streams,
            draws,
            workers=workers,
            executor=executor,
            quantiles=quantiles,
            progress=progress,
        )
        clock.lap("draws")
        _add_draws(res, mc)
        if keep_draws:
            res.draw_data = DrawData(scenario, mc.model, mc.outcome, mc.batch.quotas)
        clock.lap("draws_tables")
    res.timings = {**clock.laps}
    if draws > 1:
        res.timings["shared_selection"] = mc.batch.shared_selection
    return res


def _checked_counts(draws: object, workers: object, executor: Executor | None) -> int:
    """Refuse draws or workers that are not whole numbers ≥ 1; return the workers to use.

    Without an *executor*, more workers than this machine's processors would only start
    more processes (the results do not depend on the number): they are cut to that
    number, with a warning.
    """
    for name, value in (("draws", draws), ("workers", workers)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a whole number ≥ 1, not {value!r}")
    cpus = os.cpu_count() or 1
    if executor is None and workers > cpus:
        warnings.warn(
            f"workers={workers}, but this machine has {cpus} processors: using {cpus}",
            LandsimWarning,
            stacklevel=3,
        )
        return cpus
    return int(workers)


def _add_draws(res: Results, mc: MonteCarlo) -> None:
    """Add the Monte Carlo tables and each parcel's selection frequencies to *res*."""
    res.draws = mc.model.params.draws
    res.quantiles = mc.quantiles
    res.probabilities = mc.probabilities
    res.parcels = pd.concat([res.parcels, mc.frequencies()], axis=1)


def tabulate(prepared: Prepared, model: Model, events: Events, outcome: Outcome) -> Results:
    """Build the result tables of a deterministic run."""
    scenario = prepared.scenario
    quotas = np.stack([log.quota for log in events.logs], axis=1)[None]
    long = long_table(scenario, model, outcome, quotas)
    return Results(
        scenario,
        long,
        parcel_table(
            prepared.inventory,
            model,
            events,
            industrial=industrial_land(
                prepared.inventory.parcels, scenario.inventory.industrial_land_uses
            ),
        ),
        shortfall_table(scenario, model, events, long),
        project_table(scenario, model, events),
        prepared=prepared,
        model=model,
        outcome=outcome,
        adjacency_method=prepared.adjacency_method,
    )


class _Clock:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._t = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self._t, 4)
        self._t = now
