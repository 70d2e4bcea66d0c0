"""Sweeps: many variants of one scenario, each run (with draws if asked) and tabulated.

A variant is the scenario with some keys set (:class:`Variant`), built with
``load_scenario(path, overrides=…)`` and validated before anything runs. Variants are a
full grid of the values given, or a Latin hypercube of *samples* points
(``scipy.stats.qmc``, seeded by :meth:`landsim.streams.Streams.sweep`). Every variant runs
with the same seed, so the same owners refuse in every variant (common random numbers):
differences between variants come from the parameters, not from luck.

Each variant gives three tidy tables (:class:`VariantTables`); :mod:`.sweep_store`
keeps them in a work folder so an interrupted sweep resumes.
"""

from __future__ import annotations

import inspect
import itertools
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from landsim.accounting.economics import compute
from landsim.accounting.long import DISTRICT, long_table, series
from landsim.accounting.variables import BY_NAME
from landsim.analysis.montecarlo import MonteCarlo, monte_carlo
from landsim.analysis.sweep_spec import MAX_VARIANTS, Vary
from landsim.engine.bins import bin_events
from landsim.engine.simulate import simulate_draw
from landsim.errors import InputError, Problem, count
from landsim.inventory.prepare import Prepared, prepare
from landsim.model import Model, compile_model
from landsim.scenario import Scenario, load_scenario
from landsim.streams import Streams

#: A target counts as met when the achieved share reaches it (to rounding).
MET = 1 - 1e-9


@dataclass(frozen=True)
class Variant:
    """One variant: an id (``v001`` …) and the value of each varied key."""

    id: str
    values: dict[str, Any]

    def overrides(self) -> dict[str, Any]:
        """Return the values as a nested mapping for ``load_scenario(overrides=…)``."""
        out: dict[str, Any] = {}
        for key, value in self.values.items():
            *sections, last = key.split(".")
            node = out
            for part in sections:
                node = node.setdefault(part, {})
            node[last] = value
        return out

    def describe(self) -> str:
        """``key=value, …`` for messages."""
        return ", ".join(f"{k}={v}" for k, v in self.values.items())


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


def _ids(n: int) -> list[str]:
    width = max(3, len(str(n)))
    return [f"v{k:0{width}d}" for k in range(1, n + 1)]


def grid(varies: Sequence[Vary]) -> list[Variant]:
    """Every combination of the values, the first key varying slowest."""
    combos = list(itertools.product(*(v.values for v in varies)))
    if len(combos) > MAX_VARIANTS:
        raise InputError(
            "too many variants",
            [
                Problem(
                    "--vary",
                    ", ".join(v.key for v in varies),
                    f"the grid has {len(combos):,} variants, more than {MAX_VARIANTS:,}; use "
                    "fewer values or --samples N (a Latin hypercube of N variants)",
                )
            ],
        )
    keys = [v.key for v in varies]
    ids = _ids(len(combos))
    return [Variant(i, dict(zip(keys, c, strict=True))) for i, c in zip(ids, combos, strict=True)]


#: Latin hypercubes drawn, and swaps tried in each, before giving up on variants that all
#: differ (assumption, measured on 20 seeds: when a draw's counts of each value allow it,
#: 3 × 3 × 3 values with 20 samples needed at most 41 swaps and 10 × 10 with 50 at most
#: 22; 8 samples of 3 × 3 often need a new draw; 99 of 10 × 10 was refused 7 times in 10).
MAX_DRAWS, MAX_SWAPS = 200, 200


def latin_hypercube(
    varies: Sequence[Vary], samples: int, rng: np.random.Generator
) -> list[Variant]:
    """Spread *samples* variants by a Latin hypercube over the ranges and lists.

    A continuous range ``low:high`` is sampled uniformly; a list, or a range with a step,
    gives each of its values with equal probability. When every key is a list or a
    stepped range, no two variants may be the same (a repeat would cost a run and leave
    a combination out): a variant that repeats another swaps one key's value with
    another variant's, which keeps how often each value comes up, and a draw whose
    counts allow no such swaps is drawn again (all from *rng*).

    Raises
    ------
    InputError
        No draw of :data:`MAX_DRAWS` gives *samples* different variants.
    """
    from scipy.stats import qmc

    key = "rng" if "rng" in inspect.signature(qmc.LatinHypercube).parameters else "seed"
    engine = qmc.LatinHypercube(d=len(varies), **{key: rng})
    keys = [v.key for v in varies]
    if not all(_is_discrete(v) for v in varies):
        u = engine.random(samples)
        rows = list(zip(*(_sampled(v, u[:, j]) for j, v in enumerate(varies)), strict=True))
        return _variants(keys, rows)
    sizes = np.array([len(v.values) for v in varies])
    for _ in range(MAX_DRAWS):
        picks = np.minimum((engine.random(samples) * sizes).astype(int), sizes - 1)
        if _all_different(picks, rng):
            rows = [tuple(v.values[p] for v, p in zip(varies, row, strict=True)) for row in picks]
            return _variants(keys, rows)
    raise InputError(
        "cannot spread the samples",
        [
            Problem(
                "--samples",
                str(samples),
                f"no Latin hypercube of {samples} gave {samples} different variants in "
                f"{MAX_DRAWS} tries; use fewer samples, or run the full grid",
            )
        ],
    )


def _variants(keys: list[str], rows: list[tuple[Any, ...]]) -> list[Variant]:
    return [
        Variant(i, dict(zip(keys, row, strict=True)))
        for i, row in zip(_ids(len(rows)), rows, strict=True)
    ]


def _all_different(picks: np.ndarray, rng: np.random.Generator) -> bool:
    """Make the rows of *picks* (samples × keys) all differ by swaps within a column.

    A repeated row swaps one key's value with a random row's when that does not make
    fewer rows different; each column keeps its values. Return whether all differ
    within :data:`MAX_SWAPS` swaps.
    """
    n, d = picks.shape
    different = len({tuple(r) for r in picks})
    for _ in range(MAX_SWAPS):
        if different == n:
            return True
        seen: dict[tuple, int] = {}
        repeat = next(i for i, r in enumerate(map(tuple, picks)) if seen.setdefault(r, i) != i)
        other, k = int(rng.integers(n)), int(rng.integers(d))
        picks[[repeat, other], k] = picks[[other, repeat], k]
        now = len({tuple(r) for r in picks})
        if now < different:
            picks[[repeat, other], k] = picks[[other, repeat], k]  # undo
        else:
            different = now
    return different == n


def _is_discrete(vary: Vary) -> bool:
    """Whether the key takes a few values: a list, or a range with a step."""
    return not vary.is_range or vary.step is not None


def _sampled(vary: Vary, u: np.ndarray) -> list[Any]:
    """Return the key's values at the hypercube's points *u* (in [0, 1)).

    A list or a stepped range: equal parts of [0, 1), one per value.
    """
    if _is_discrete(vary):
        picks = np.minimum((u * len(vary.values)).astype(int), len(vary.values) - 1)
        return [vary.values[p] for p in picks]
    x = vary.low + u * (vary.high - vary.low)
    whole = all(isinstance(v, int) for v in vary.values) and vary.values
    return [int(np.rint(v)) for v in x] if whole else [float(np.round(v, 12)) for v in x]


def variant_scenarios(
    path: Path, variants: Sequence[Variant], base: dict[str, Any] | None = None
) -> list[Scenario]:
    """Load every variant (*base* overrides first); raise one error listing each bad one."""
    scenarios, problems = [], []
    for v in variants:
        try:
            scenarios.append(load_scenario(path, overrides=_merge(base or {}, v.overrides())))
        except InputError as exc:
            problems += [
                Problem(f"variant {v.id} ({v.describe()})", p.field, p.message)
                for p in exc.problems
            ]
    if problems:
        raise InputError(
            f"{path}: {count(len(problems), 'problem')} in the sweep's variants", problems
        )
    return scenarios


def _merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in top.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


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
