"""Sweeps: many variants of one scenario, each run (with draws if asked) and tabulated.

The variants (:class:`~landsim.analysis.sweep_design.Variant`: the scenario with some
keys set, as a full grid or a Latin hypercube) come from :mod:`.sweep_design`. Every
variant runs
with the same seed, so the same owners refuse in every variant (common random numbers):
differences between variants come from the parameters, not from luck.

Each variant gives three tidy tables (:class:`VariantTables`); :mod:`.sweep_store`
keeps them in a work folder so an interrupted sweep resumes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from landsim.accounting.economics import compute
from landsim.accounting.long import DISTRICT, long_table, series
from landsim.accounting.variables import BY_NAME
from landsim.analysis.montecarlo import MonteCarlo, monte_carlo
from landsim.analysis.sweep_design import Variant
from landsim.engine.bins import bin_events
from landsim.engine.simulate import simulate_draw
from landsim.inventory.prepare import Prepared, prepare
from landsim.model import Model, compile_model
from landsim.scenario import Scenario
from landsim.streams import Streams

#: A target counts as met when the achieved share reaches it (to rounding).
MET = 1 - 1e-9


@dataclass
class VariantTables:
    """What one variant gives.

    Attributes
    ----------
    indicators
        ``platform, variable, unit, year, value`` of the run at central values, and with
        draws ``p10, p50, p90, mean`` (the quantiles asked for) across draws.
    probabilities
        For each target and programme year: ``met`` in the run at central values, and
        with draws the share of draws meeting it (``probability``) and ``draws``.
    targets
        For each target: ``met_every_year`` and ``years_met`` in the run at central
        values, ``years``, and with draws ``probability_every_year``.
    """

    indicators: pd.DataFrame
    probabilities: pd.DataFrame
    targets: pd.DataFrame


def prepared_for(scenario: Scenario, base: Prepared | None) -> Prepared:
    """Load the scenario's inventory and graph, or reuse *base*'s when they are the same."""
    if (
        base is not None
        and scenario.inventory == base.scenario.inventory
        and scenario.platforms == base.scenario.platforms
    ):
        return replace(base, scenario=scenario)
    return prepare(scenario)


@dataclass(frozen=True)
class Settings:
    """How each variant runs: draws, quantiles across them, and which platforms are kept."""

    draws: int = 1
    quantiles: tuple[float, ...] = (0.1, 0.5, 0.9)
    all_platforms: bool = False


def run_variant(
    prepared: Prepared,
    settings: Settings,
    *,
    executor: Executor | None = None,
    workers: int = 1,
) -> VariantTables:
    """Run one variant at central values (and its draws) and tabulate it.

    The run is :func:`landsim.run`'s: the same seed gives the same numbers.
    """
    scenario = prepared.scenario
    model = compile_model(prepared)
    streams = Streams(scenario.seed)
    events = simulate_draw(model, streams.draw(0, central=True))
    outcome = compute(model, bin_events(model, [events]))
    quotas = np.stack([log.quota for log in events.logs], axis=1)[None]
    long = long_table(scenario, model, outcome, quotas)
    mc = None
    if settings.draws > 1:
        mc = monte_carlo(
            scenario,
            model,
            streams,
            settings.draws,
            workers=workers,
            executor=executor,
            quantiles=settings.quantiles,
        )
    return VariantTables(
        _indicators(long, mc, settings.all_platforms),
        _probabilities(long, model, mc),
        _targets(scenario, model, long, mc),
    )


def _indicators(long: pd.DataFrame, mc: MonteCarlo | None, all_platforms: bool) -> pd.DataFrame:
    keys = ["platform", "variable", "unit", "year"]
    out = long.drop(columns="scenario")
    if mc is not None:
        stats = mc.quantiles.pivot(index=keys, columns="statistic", values="value")
        stats.columns.name = None
        out = out.merge(stats.reset_index(), on=keys, how="outer", sort=False)
    if not all_platforms:
        out = out[out["platform"] == DISTRICT]
    return out.reset_index(drop=True)


def _programme_years(model: Model) -> np.ndarray:
    return np.asarray(model.years[: model.rules.programme_years], dtype=int)


def _central_met(long: pd.DataFrame, model: Model) -> pd.DataFrame:
    """``target, year, met`` of the run at central values (not measurable: not met)."""
    shares = long[long["variable"].str.startswith("target_share|") & (long["platform"] == DISTRICT)]
    names = [v.split("|")[1] for v in BY_NAME if v.startswith("target_share|")]
    years = _programme_years(model)
    index = pd.MultiIndex.from_product([names, years], names=["target", "year"])
    value = shares.assign(target=shares["variable"].str.split("|").str[1]).set_index(
        ["target", "year"]
    )["value"]
    met = value.reindex(index).fillna(0.0) >= MET
    return met.rename("met").reset_index()


def _probabilities(long: pd.DataFrame, model: Model, mc: MonteCarlo | None) -> pd.DataFrame:
    out = _central_met(long, model)
    if mc is None:
        return out.assign(probability=np.nan, draws=0)
    return out.merge(
        mc.probabilities[["target", "year", "probability", "draws"]],
        on=["target", "year"],
        how="left",
    )


def _targets(
    scenario: Scenario, model: Model, long: pd.DataFrame, mc: MonteCarlo | None
) -> pd.DataFrame:
    central = _central_met(long, model)
    out = central.groupby("target", sort=False)["met"].agg(
        met_every_year="all", years_met="sum", years="size"
    )
    out["probability_every_year"] = np.nan
    out["draws"] = 0
    if mc is not None:
        every = _every_year(scenario, mc)
        out["probability_every_year"] = [every.get(t, 0.0) for t in out.index]
        out["draws"] = mc.model.params.draws
    return out.reset_index()


def _every_year(scenario: Scenario, mc: MonteCarlo) -> dict[str, float]:
    """For each target, the share of draws that meet it in every programme year."""
    n = mc.model.rules.programme_years
    out = {}
    for name, values in series(scenario, mc.model, mc.outcome, None):
        if name.startswith("target_share|"):
            met = values[:, -1, :n] >= MET  # (D, T); NaN (not measurable) is not met
            out[name.split("|")[1]] = float(met.all(axis=1).mean())
    return out


def run_variants(
    todo: Sequence[tuple[Variant, Prepared]],
    settings: Settings,
    *,
    executor: Executor | None = None,
    workers: int = 1,
) -> Iterator[tuple[Variant, VariantTables]]:
    """Run the variants; yield each with its tables as it finishes.

    With draws, variants run one after another and their draws are spread over
    *executor* (or *workers* processes). Without draws, whole variants are spread (a few
    at a time, so memory stays bounded); on one worker they run here.
    """
    if settings.draws > 1 or (executor is None and workers <= 1):
        for variant, prepared in todo:
            yield variant, run_variant(prepared, settings, executor=executor, workers=workers)
        return
    pool = executor or ProcessPoolExecutor(max_workers=workers)
    try:
        yield from _spread(pool, todo, settings, 2 * workers)
    finally:
        if executor is None:
            pool.shutdown(cancel_futures=True)


def _spread(
    pool: Executor,
    todo: Sequence[tuple[Variant, Prepared]],
    settings: Settings,
    in_flight: int,
) -> Iterator[tuple[Variant, VariantTables]]:
    waiting = list(reversed(todo))
    running: dict[Any, Variant] = {}
    while waiting or running:
        while waiting and len(running) < in_flight:
            variant, prepared = waiting.pop()
            running[pool.submit(run_variant, prepared, settings)] = variant
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in done:
            yield running.pop(future), future.result()


def every_variant(
    variants: Sequence[Variant],
    scenarios: Sequence[Scenario],
    base: Prepared | None,
    progress: Callable[[int, int], None] | None = None,
) -> list[tuple[Variant, Prepared]]:
    """Pair each variant with its prepared inventory (shared when unchanged)."""
    out = []
    for k, (v, s) in enumerate(zip(variants, scenarios, strict=True), start=1):
        out.append((v, prepared_for(s, base)))
        if progress is not None:
            progress(k, len(variants))
    return out
