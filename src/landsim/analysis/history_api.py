"""Back-test and calibrate from files: the Python API behind the two commands.

>>> import landsim
>>> bt = landsim.backtest("scenarios/backtest_2022.yaml", "history.csv")  # doctest: +SKIP
>>> bt.score("figure_of_merit")                                           # doctest: +SKIP
>>> fit = landsim.calibrate("scenarios/backtest_2022.yaml", "history.csv",
...                         fit=["refusal_probability"], holdout=2024)   # doctest: +SKIP
>>> text = landsim.calibrated_variant(fit, "scenarios/backtest_2022.yaml",
...                                   "calibrated.yaml", history="history.csv")  # doctest: +SKIP

To try them with a known answer, :meth:`landsim.Results.to_history` writes a run's
treatments as a district keeps them (what ``landsim synth --history`` writes).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from landsim.analysis.backtest import Backtest, QuotaSource
from landsim.analysis.backtest import backtest as _backtest
from landsim.analysis.backtest_years import backtest_scenario
from landsim.analysis.calibrate import Fit
from landsim.analysis.calibrate import calibrate as _calibrate
from landsim.analysis.fit_params import resolve
from landsim.analysis.fit_runs import Nuisance
from landsim.errors import InputError, LandsimError, Problem
from landsim.inventory.history import History, load_history
from landsim.inventory.prepare import Prepared, prepare
from landsim.scenario import Scenario, load_scenario, scenario_source


def load_backtest(
    scenario: str | Path | Scenario,
    history: str | Path | None = None,
    *,
    start: int | None = None,
    end: int | None = None,
) -> tuple[Prepared, History]:
    """Load the back-test scenario with its inventory, and the history, all validated.

    Parameters
    ----------
    scenario
        A scenario file (its horizon replaced by *start*–*end*), or a scenario already
        loaded over the back-test's years.
    history
        The treatment history; the scenario's ``history.path`` when None.
    start, end
        The back-test's years (files only).
    """
    if history is not None and not Path(history).exists():  # a folder: read_raw says
        raise InputError(
            f"{history}: history file not found",
            [
                Problem(
                    str(history),
                    "history",
                    "no such file; a history named on the command line (or here) is "
                    f"relative to the current folder ({Path.cwd()}); "
                    "`landsim synth --history FILE --scenario S` makes one to try",
                )
            ],
        )
    if not isinstance(scenario, Scenario):
        scenario = backtest_scenario(scenario, start, end)
    spec = scenario.history
    if history is not None:
        spec = spec.model_copy(update={"path": str(history)})
    prepared = prepare(scenario)
    h = scenario.horizon
    return prepared, load_history(spec, prepared.inventory, h.start, h.end)


def backtest(
    scenario: str | Path | Scenario,
    history: str | Path | None = None,
    *,
    start: int | None = None,
    end: int | None = None,
    seed: int | None = None,
    draws: int = 1,
    baseline_draws: int = 50,
    quotas: QuotaSource = "scenario",
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Backtest:
    """Back-test a scenario file against a treatment history (see ``docs/backtest.md``).

    Parameters are those of :func:`landsim.analysis.backtest.backtest`, and the files and
    years of :func:`load_backtest`.
    """
    prepared, past = load_backtest(scenario, history, start=start, end=end)
    return _backtest(
        prepared,
        past,
        seed=seed,
        draws=draws,
        baseline_draws=baseline_draws,
        quotas=quotas,
        workers=workers,
        progress=progress,
    )


def calibrate(
    scenario: str | Path | Scenario,
    history: str | Path | None = None,
    *,
    fit: Sequence[str],
    start: int | None = None,
    end: int | None = None,
    holdout: int | None = None,
    seed: int | None = None,
    draws: int | None = None,
    points: int | None = None,
    bootstrap: int = 50,
    level: float = 0.95,
    nuisance: Nuisance = "central",
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Fit:
    """Fit the parameters named in *fit* to a treatment history (see ``docs/backtest.md``).

    *fit* items are ``name`` or ``name=low:high`` (``refusal_probability``,
    ``classes.percentile``, ``prep_years``, …); the other parameters are those of
    :func:`landsim.analysis.calibrate.calibrate`, and the files and years of
    :func:`load_backtest`.
    """
    prepared, past = load_backtest(scenario, history, start=start, end=end)
    return _calibrate(
        prepared,
        past,
        resolve(list(fit), prepared.scenario),
        seed=seed,
        draws=draws,
        points=points,
        bootstrap=bootstrap,
        level=level,
        holdout=holdout,
        nuisance=nuisance,
        workers=workers,
        progress=progress,
    )


def use_names(scenario: Scenario, lang: str) -> dict[str, str]:
    """How each new use of *scenario* is written in a history, in language *lang*."""
    from landsim.model.codes import new_uses, use_name

    return {str(use): use_name(scenario, use, lang) for use in new_uses(scenario)}


def calibrated_variant(
    fit: Fit,
    scenario: str | Path | Scenario,
    target: str | Path,
    *,
    history: str | Path = "history",
    day: str | None = None,
) -> str:
    """Return the text of a scenario file that extends *scenario* with *fit*'s estimates.

    What ``landsim calibrate`` writes as ``<name>-calibrated.yaml``: each fitted value
    with its interval and a mark saying where it came from.

    Parameters
    ----------
    fit
        The calibration (:func:`calibrate`).
    scenario
        The scenario file fitted, or the scenario loaded from it.
    target
        Where the variant will be written: its ``extends`` is relative to it.
    history
        The history file (its name goes into the marks).
    day
        The day of the calibration, ``YYYY-MM-DD`` (default: today).
    """
    from landsim.analysis.calibrated_variant import variant_yaml

    if isinstance(scenario, Scenario):
        source = scenario_source(scenario)
        if source is None:
            raise LandsimError(
                "calibrated_variant: the scenario was built in Python, not read from a "
                "file; give the scenario file the variant should extend"
            )
        loaded, base = scenario, source.files[0]
    else:
        loaded, base = load_scenario(scenario), Path(scenario)
    stamp = date.today().isoformat() if day is None else day
    return variant_yaml(fit, loaded, base, Path(target), Path(history).name, stamp)
