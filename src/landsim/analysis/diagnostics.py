"""How much land each inefficiency rule flags, and how candidates split by treatment.

The split comes from the engine's own first year (:func:`engine.candidates.candidate_pools`),
with owners' refusals left out, so it always agrees with what a run does.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from landsim.engine.candidates import candidate_pools
from landsim.engine.evaluate import Ledger
from landsim.engine.state import State
from landsim.model import TREATED, Model
from landsim.scenario import Scenario


def rule_summary(
    scenario: Scenario, model: Model, industrial: np.ndarray | None = None
) -> pd.DataFrame:
    """Parcels and mu flagged by each candidate rule in the first simulated year.

    Rows: each rule the scenario switches on, then ``any rule``, ``restricted`` (never
    selected), and the first year's candidates by treatment. Rules overlap, so their rows
    add up to more than ``any rule``.

    Parameters
    ----------
    scenario, model
        The scenario and its compiled model.
    industrial
        Parcels on industrial land (:func:`~landsim.evaluation.candidates.industrial_land`
        with the scenario's ``inventory.industrial_land_uses``). When given, the rule rows
        count only these parcels, the programme's land: the others are never candidates.
        If some are left out, a row ``of which not industrial land`` follows ``restricted``
        (which counts every parcel never selected). Default: every parcel counts.

    Returns
    -------
    pandas.DataFrame
        Columns ``rule`` (its name, in English), ``parcels``, ``mu``, ``share`` (of the
        district's mu) and ``key`` (``class``, ``tax``, ``far``, ``idle``, ``exit``,
        ``any``, ``restricted``, ``not_industrial``, then the treatments' labels).
    """
    spec = scenario.candidates
    year = int(model.years[0])
    first = model.draw(0)
    flags = model.flags
    land = np.ones(model.n, dtype=bool) if industrial is None else np.asarray(industrial, bool)
    tax_rule = np.zeros(model.n, dtype=bool)
    rules: list[tuple[str, str, np.ndarray]] = []
    if spec.classes:
        rules.append(("class", f"class in {', '.join(spec.classes)}", flags.by_class))
    # the engine's own first year (refusals left out)
    quiet = first.with_params(dataclasses.replace(first.params, refusal=np.zeros(1)))
    pools = candidate_pools(quiet, State.empty(model.n), 0, None, Ledger.start(model))
    if spec.tax_per_mu_below is not None:
        threshold = tax_threshold(model)
        tax_rule = model.operating & (pools.evaluation.tax_per_mu < threshold)
        rules.append(("tax", f"tax < {threshold:g} 万元/亩 ({year})", tax_rule))
    if spec.far_below is not None:
        rules.append(("far", f"FAR < {spec.far_below:g}", flags.low_far))
    if spec.idle:
        rules.append(("idle", "idle", flags.idle))
    if spec.exit_industries:
        exits = f"exit list ({', '.join(spec.exit_industries)})"
        rules.append(("exit", exits, flags.exit_industry))
    rules.append(("any", "any rule", flags.any | tax_rule))
    rows = [(key, name, m & land) for key, name, m in rules]  # the programme's land only
    rows.append(("restricted", "restricted (never selected)", model.restricted))
    if not land.all():
        rows.append(("not_industrial", "of which not industrial land", ~land))
    rows += [(k.label, f"→ {k.label} ({year})", pools.by_treatment[k]) for k in TREATED]
    total = model.area.sum()
    return pd.DataFrame(
        [
            {
                "rule": name,
                "parcels": int(m.sum()),
                "mu": float(model.area[m].sum()),
                "share": float(model.area[m].sum() / total),
                "key": key,
            }
            for key, name, m in rows
        ]
    )


def tax_threshold(model: Model) -> float:
    """Return the candidates' tax-per-mu threshold (万元/亩) in the first simulated year."""
    return float(model.draw(0).params.candidate_tax[0, 0])


def growth_target_bound(scenario: Scenario, model: Model) -> tuple[float, float] | None:
    """Return the platforms' share of base-year output and the largest growth ratio it allows.

    The district's growth is ``s·g_p + (1 − s)·g_o`` for a platforms' share *s*; unless the
    rest of the district shrinks (``g_o < 0``), the platforms' growth is at most ``1 / s``
    times the district's. Returns ``(s, 1 / s)``, or None when there are no platforms.
    """
    member = np.array([scenario.platforms[p].is_platform for p in model.platform_ids])
    output = np.bincount(model.platform, model.base_output, minlength=len(model.platform_ids))
    total = output.sum()
    if total <= 0 or not member.any():
        return None
    share = float(output[member].sum() / total)
    return share, (1.0 / share if share > 0 else float("inf"))


def default_far_parcels(model: Model, industrial: np.ndarray | None = None) -> tuple[int, float]:
    """Count the parcels (and their mu) whose FAR the inventory does not give.

    With *industrial* (as for :func:`rule_summary`), only parcels on industrial land
    count: the others are never vacated, so no building of theirs is compensated.
    """
    missing = np.isnan(model.far)
    if industrial is not None:
        missing &= np.asarray(industrial, bool)
    return int(missing.sum()), float(model.area[missing].sum())
