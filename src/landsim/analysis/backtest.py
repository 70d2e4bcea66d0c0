"""Back-test: which parcels the scenario would have picked, against those really treated.

Had we run this scenario from the start year, which parcels would it have picked, and
how many of those were really treated by the end?
The scenario runs from the inventory of the year before the back-test (its horizon is
the back-test's years, with no run-out years) and its simulated selection is compared
with the treatment history, year by year and by platform (:mod:`.scores`). Next to every
score stands a **random baseline**: the same scenario — same candidates, quotas, caps,
budget and refusals — with ``selection.strategy: random`` and uniform weights, run for
``baseline_draws`` draws. A model that knows something about which parcels go first
beats it; one that does not, does not.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from landsim.analysis.backtest_tables import parcel_table, reliability_table, score_table
from landsim.analysis.backtest_totals import totals_table
from landsim.analysis.history_notes import note
from landsim.analysis.montecarlo import monte_carlo_sampler
from landsim.analysis.replay import Paths, replay
from landsim.analysis.truth import Truth, truth_of
from landsim.inventory.history import History
from landsim.inventory.prepare import Prepared
from landsim.model import TREATED, Model, Reader, build_params, compile_model
from landsim.scenario import Scenario
from landsim.streams import Streams

QuotaSource = Literal["scenario", "history"]


@dataclass
class Backtest:
    """What a back-test found.

    Attributes
    ----------
    scores
        Hits, misses, false alarms, Figure of Merit, accuracies, AUC and Brier score:
        ``scope, year, platform, treatment, unit, measure, model, model_draws, baseline,
        baseline_p90`` (see ``docs/backtest.md``).
    totals
        Areas, contiguous areas, land sold and money, simulated against actual:
        ``year, platform, quantity, unit, actual, model, model_draws, baseline``.
    parcels
        One row per parcel: what happened, what the model did, and the outcome.
    reliability
        Parcels grouped by their selection frequency across draws, against the share
        really treated (model draws and baseline).
    prepared, model, history, truth
        The inputs, for plots and further analysis.
    draws, baseline_draws
        Draws of the model (1: the run at central values only) and of the baseline.
    notes, notes_zh
        Things the reader should know (parcels the model can never select, …), in
        English and in Chinese.
    """

    scores: pd.DataFrame
    totals: pd.DataFrame
    parcels: pd.DataFrame
    reliability: pd.DataFrame
    prepared: Prepared = field(repr=False)
    model: Model = field(repr=False)
    history: History = field(repr=False)
    truth: Truth = field(repr=False)
    draws: int = 1
    baseline_draws: int = 0
    notes: list[str] = field(default_factory=list)
    notes_zh: list[str] = field(default_factory=list)

    def score(
        self,
        measure: str = "figure_of_merit",
        *,
        scope: str = "cumulative",
        treatment: str = "any",
        unit: str = "mu",
        platform: str = "district",
    ) -> pd.DataFrame:
        """One measure by year: model, model draws, baseline and its P90."""
        s = self.scores
        sub = s[
            (s["measure"] == measure)
            & (s["scope"] == scope)
            & (s["treatment"] == treatment)
            & (s["unit"] == (unit if measure not in ("auc", "brier") else "parcels"))
            & (s["platform"] == platform)
        ]
        return sub.set_index("year")[["model", "model_draws", "baseline", "baseline_p90"]]


def backtest(
    prepared: Prepared,
    history: History,
    *,
    seed: int | None = None,
    draws: int = 1,
    baseline_draws: int = 50,
    quotas: QuotaSource = "scenario",
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Backtest:
    """Replay *prepared*'s scenario over the history's years and score it.

    Parameters
    ----------
    prepared
        The back-test scenario (its horizon is the back-test's years) with its inventory.
    history
        What really happened (:func:`landsim.inventory.history.load_history`).
    seed
        Overrides the scenario's seed (owners' refusals and random orders).
    draws
        Monte Carlo draws of the model; with more than 1, selection frequencies are
        scored too (AUC, reliability).
    baseline_draws
        Draws of the random baseline (at least 2).
    quotas
        ``scenario``: the scenario's quotas; ``history``: each year's quotas are the
        area really treated, so that only *which* parcels are compared, not how many.
    workers
        Processes for the draws.
    progress
        Called as ``progress(done, total)`` during the draws.
    """
    scenario = prepared.scenario
    streams = Streams(scenario.seed if seed is None else seed)
    model = compile_model(prepared)
    truth = truth_of(history, model)
    quota = _history_quotas(model, truth) if quotas == "history" else None
    sources = {"model": replay(_with_quota(model, quota), [streams.draw(0, central=True)])}
    if draws > 1:
        sampled = build_params(scenario, Reader(draws, sampler=monte_carlo_sampler(streams)))
        sources["model_draws"] = replay(
            _with_quota(model.with_params(sampled), quota),
            streams.draws(draws),
            workers=workers,
            progress=progress,
        )
    sources["baseline"] = _baseline(prepared, quota, streams, max(baseline_draws, 2), workers)
    return Backtest(
        scores=score_table(truth, sources, model),
        totals=totals_table(truth, sources, model),
        parcels=parcel_table(truth, sources, model, prepared),
        reliability=reliability_table(truth, sources, model),
        prepared=prepared,
        model=model,
        history=history,
        truth=truth,
        draws=draws,
        baseline_draws=max(baseline_draws, 2),
        notes=_notes(truth, model, quotas),
        notes_zh=_notes(truth, model, quotas, "zh"),
    )


def random_variant(scenario: Scenario) -> Scenario:
    """Return the scenario with a uniformly random selection order (a back-test's baseline)."""
    selection = scenario.selection.model_copy(
        update={"strategy": "random", "random_weight": "uniform"}
    )
    return scenario.model_copy(update={"selection": selection})


def _baseline(
    prepared: Prepared,
    quota: np.ndarray | None,
    streams: Streams,
    draws: int,
    workers: int,
) -> Paths:
    scenario = random_variant(prepared.scenario)
    model = compile_model(dataclasses.replace(prepared, scenario=scenario), Reader(draws))
    return replay(_with_quota(model, quota), streams.draws(draws), workers=workers)


def _history_quotas(model: Model, truth: Truth) -> np.ndarray:
    """``(treatment, year)`` mu really treated each year: quotas that only test *which*."""
    n_t = len(model.years)
    out = np.zeros((len(TREATED), n_t))
    for k, t in enumerate(TREATED):
        when = truth.years[t.label]
        hit = when >= 0
        out[k] = np.bincount(when[hit], model.area[hit], minlength=n_t)[:n_t]
    # parcels are indivisible: a hair of slack so that the last parcel of a year fits
    return out * (1 + 1e-9) + 1e-6


def _with_quota(model: Model, quota: np.ndarray | None) -> Model:
    if quota is None:
        return model
    p = model.params
    full = np.broadcast_to(quota[None], p.quota.shape).copy()
    return model.with_params(dataclasses.replace(p, quota=full))


def _notes(truth: Truth, model: Model, quotas: QuotaSource, lang: str = "en") -> list[str]:
    """Say what the reader should know, in *lang* (:mod:`~landsim.analysis.history_notes`)."""
    notes = []
    treated = truth.years["any"] >= 0
    blocked = treated & model.restricted
    if blocked.any():
        mu = float(model.area[blocked].sum())
        notes.append(note("restricted", lang, n=int(blocked.sum()), mu=mu))
    if quotas == "history":
        notes.append(note("history_quotas", lang))
    return notes
