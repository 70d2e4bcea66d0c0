"""The switches the engine obeys, read from the scenario once: the single list of them.

Numbers (quotas, prices, lags, …) are in :class:`~landsim.model.params.Params`, with a
draw axis; everything else the engine reads is here. The engine never sees the scenario.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from landsim.evaluation.score import CLASS_LETTERS, Formula
from landsim.model.codes import NewUse, Treatment, phase_id
from landsim.scenario import Scenario


@dataclass(frozen=True)
class ProjectRule:
    """One phase of a major project (重大项目), as the engine places it.

    Attributes
    ----------
    id, project_id, platform_id
        The phase's id (the project's id for its first phase, then ``<id>#2`` …), its
        project's and its platform's ids.
    platform
        Index of its platform.
    towns
        Towns it must lie in (empty: anywhere in the platform).
    area_mu
        Area of the block it needs.
    year, earliest
        Due year, and the first year it may be placed.
    admit
        ``candidates``: only this year's vacate candidates; ``any``: every unrestricted
        parcel not yet treated.
    use
        Index of its new use on the use axis.
    parent
        Index (in ``Rules.projects``) of the phase it grows from, or −1.
    probability
        Chance that the phase goes ahead.
    bridge, bridge_cost
        Whether its block may use links across gaps (``Model.bridges``), and 万元 per
        bridged link.
    platform_zh
        Its platform's Chinese name (for the Chinese reason a phase was not placed).
    """

    id: str
    project_id: str
    platform_id: str
    platform: int
    towns: tuple[str, ...]
    area_mu: float
    year: int
    earliest: int
    admit: Literal["candidates", "any"]
    use: int
    parent: int = -1
    probability: float = 1.0
    bridge: bool = False
    bridge_cost: float = 0.0
    platform_zh: str = ""


@dataclass(frozen=True)
class EvaluationRule:
    """How the 亩均 evaluation is rerun each year, and which classes make candidates.

    Attributes
    ----------
    formula
        Weights, benchmarks, cap, missing-indicator rule and classes.
    yearly
        Re-evaluate every year (otherwise the base year's classes hold).
    new_firm_grace
        Years of production before a new firm is evaluated.
    candidate_classes, vacate_classes
        Class codes (1–4 for A–D) that make a firm a candidate, and that vacate it.
    far_below
        FAR below which a parcel is a candidate, or None.
    """

    formula: Formula
    yearly: bool
    new_firm_grace: int
    candidate_classes: tuple[int, ...]
    vacate_classes: tuple[int, ...]
    far_below: float | None


@dataclass(frozen=True)
class RelocationRule:
    """Which vacated firms relocate, and where they are booked.

    Attributes
    ----------
    share_by_class
        Share by class code (index 0: unrated firms).
    share_by_industry
        Share by existing industry; NaN where the class decides.
    keep
        Share of output, tax, value added and jobs kept after the move.
    platform
        Platform index where relocated firms are booked and seek land; −1: their own.
    use
        Index of the relocation use on the use axis, or −1 when no firm relocates.
    """

    share_by_class: np.ndarray
    share_by_industry: np.ndarray
    keep: float
    platform: int
    use: int

    def shares(self, klass: np.ndarray, industry: np.ndarray) -> np.ndarray:
        """Share relocating of firms of class codes *klass* and industries *industry*."""
        by_industry = self.share_by_industry[industry]
        return np.where(np.isnan(by_industry), self.share_by_class[klass], by_industry)


@dataclass(frozen=True)
class Rules:
    """Every switch of the engine (see ``docs/scenario-reference.md`` for each key).

    Attributes
    ----------
    programme_years
        Years with selection; the model's later years are run-out years (no selection).
    strategy
        ``selection.strategy``: ``worst_first``, ``clusters`` or ``random``.
    random_weight
        ``selection.random_weight``.
    scattered
        ``selection.scattered``: after clusters, take scattered parcels worst first.
    cluster_members
        ``selection.cluster_members``.
    cluster_rank
        ``selection.cluster_rank``.
    min_cluster_mu
        ``contiguity.min_cluster_mu``.
    contiguity_scope
        ``contiguity.scope``: ``year`` or ``cumulative``.
    budget_order
        ``budget.order``: the order in which treatments draw on the year's money (and
        hand on unused quota in ``chase`` mode).
    quota_mode
        ``quotas.mode``: ``fixed`` or ``chase``.
    carry_quota, carry_budget
        ``quotas.carry_over`` and ``budget.carry_over``.
    cooldown
        ``treatments.cooldown_years``: years after an upgrade before the parcel may be
        vacated.
    far_after
        ``treatments.upgrade.far_after``: FAR an upgraded parcel reaches, or None.
    evaluation
        The yearly 亩均 evaluation and the class rules of candidates.
    relocation
        Vacated firms that relocate.
    projects
        The phases of every major project, in scenario order.
    """

    programme_years: int
    strategy: Literal["worst_first", "clusters", "random"]
    random_weight: Literal["inefficiency", "uniform", "area"]
    scattered: bool
    cluster_members: Literal["all_candidates", "vacate_candidates"]
    cluster_rank: Literal["score", "area"]
    min_cluster_mu: float
    contiguity_scope: Literal["year", "cumulative"]
    budget_order: tuple[Treatment, ...]
    quota_mode: Literal["fixed", "chase"]
    carry_quota: bool
    carry_budget: bool
    cooldown: int
    far_after: float | None
    evaluation: EvaluationRule
    relocation: RelocationRule
    projects: tuple[ProjectRule, ...]

    @property
    def contiguity_only(self) -> bool:
        """Whether vacating takes only whole clusters (no scattered parcels)."""
        return self.strategy == "clusters" and not self.scattered


def build_rules(
    scenario: Scenario,
    platform_ids: tuple[str, ...],
    existing_ids: tuple[str, ...],
    uses: tuple[NewUse, ...],
) -> Rules:
    """Read the engine's switches from *scenario*."""
    sel = scenario.selection
    tr = scenario.treatments
    return Rules(
        programme_years=len(scenario.horizon.years),
        strategy=sel.strategy,
        random_weight=sel.random_weight,
        scattered=sel.scattered,
        cluster_members=sel.cluster_members,
        cluster_rank=sel.cluster_rank,
        min_cluster_mu=float(scenario.contiguity.min_cluster_mu),
        contiguity_scope=scenario.contiguity.scope,
        budget_order=tuple(Treatment.from_label(t) for t in scenario.budget.order),
        quota_mode=scenario.quotas.mode,
        carry_quota=scenario.quotas.carry_over,
        carry_budget=scenario.budget.carry_over,
        cooldown=tr.cooldown_years,
        far_after=tr.upgrade.far_after,
        evaluation=_evaluation(scenario),
        relocation=_relocation(scenario, platform_ids, existing_ids, uses),
        projects=_projects(scenario, platform_ids, uses),
    )


def _codes(letters: list[str]) -> tuple[int, ...]:
    return tuple(CLASS_LETTERS.index(c) for c in letters)


def _evaluation(scenario: Scenario) -> EvaluationRule:
    spec = scenario.evaluation
    return EvaluationRule(
        formula=Formula.of(spec),
        yearly=spec.yearly,
        new_firm_grace=spec.new_firms_after_years,
        candidate_classes=_codes(scenario.candidates.classes),
        vacate_classes=_codes(scenario.treatments.vacate_when.classes),
        far_below=scenario.candidates.far_below,
    )


def _relocation(
    scenario: Scenario,
    platform_ids: tuple[str, ...],
    existing_ids: tuple[str, ...],
    uses: tuple[NewUse, ...],
) -> RelocationRule:
    spec = scenario.relocation
    by_class = np.array(
        [spec.share_by_class.get(c, spec.share) if c else spec.share for c in CLASS_LETTERS]
    )
    by_industry = np.array([spec.share_by_industry.get(i, np.nan) for i in existing_ids])
    use = next((k for k, u in enumerate(uses) if u.kind == "relocation"), -1)
    return RelocationRule(
        share_by_class=by_class,
        share_by_industry=by_industry,
        keep=float(spec.keep),
        platform=platform_ids.index(spec.platform) if spec.platform else -1,
        use=use,
    )


def _projects(
    scenario: Scenario, platform_ids: tuple[str, ...], uses: tuple[NewUse, ...]
) -> tuple[ProjectRule, ...]:
    out: list[ProjectRule] = []
    start = scenario.horizon.start
    for jid, proj in scenario.major_projects.items():
        parent = -1
        for k, phase in enumerate(proj.all_phases()):
            pid = phase_id(jid, k)
            # a first phase is tried from the start; a later one in its own year
            default = start if k == 0 else int(phase.year)
            earliest = phase.earliest if phase.earliest is not None else default
            out.append(
                ProjectRule(
                    id=pid,
                    project_id=jid,
                    platform_id=proj.platform,
                    platform=platform_ids.index(proj.platform),
                    towns=tuple(proj.towns),
                    area_mu=float(phase.area_mu),
                    year=int(phase.year),
                    earliest=int(earliest),
                    admit=proj.admit,
                    use=uses.index(NewUse("project", pid)),
                    parent=parent,
                    probability=float(phase.probability),
                    bridge=proj.bridge_gaps,
                    bridge_cost=float(proj.bridge_cost_per_link),
                    platform_zh=scenario.platforms[proj.platform].name.zh,
                )
            )
            parent = len(out) - 1
    return tuple(out)
