"""The switches the engine obeys, read from the scenario once: the single list of them.

Numbers (quotas, prices, lags, …) are in :class:`~landsim.model.params.Params`, with a
draw axis; everything else the engine reads is here. The engine never sees the scenario.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from landsim.model.codes import NewUse, Treatment
from landsim.scenario import Scenario


@dataclass(frozen=True)
class ProjectRule:
    """A major project (重大项目) as the engine places it.

    Attributes
    ----------
    id, platform_id
        The project's and its platform's ids (for messages).
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
    """

    id: str
    platform_id: str
    platform: int
    towns: tuple[str, ...]
    area_mu: float
    year: int
    earliest: int
    admit: Literal["candidates", "any"]
    use: int


@dataclass(frozen=True)
class Rules:
    """Every switch of the engine (see ``docs/scenario-reference.md`` for each key).

    Attributes
    ----------
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
        ``budget.order``: the order in which treatments draw on the year's money.
    carry_quota, carry_budget
        ``quotas.carry_over`` and ``budget.carry_over``.
    projects
        The major projects, in scenario order.
    """

    strategy: Literal["worst_first", "clusters", "random"]
    random_weight: Literal["inefficiency", "uniform", "area"]
    scattered: bool
    cluster_members: Literal["all_candidates", "vacate_candidates"]
    cluster_rank: Literal["score", "area"]
    min_cluster_mu: float
    contiguity_scope: Literal["year", "cumulative"]
    budget_order: tuple[Treatment, ...]
    carry_quota: bool
    carry_budget: bool
    projects: tuple[ProjectRule, ...]

    @property
    def contiguity_only(self) -> bool:
        """Whether vacating takes only whole clusters (no scattered parcels)."""
        return self.strategy == "clusters" and not self.scattered


def build_rules(
    scenario: Scenario, platform_ids: tuple[str, ...], uses: tuple[NewUse, ...]
) -> Rules:
    """Read the engine's switches from *scenario*."""
    sel = scenario.selection
    start = scenario.horizon.start
    projects = tuple(
        ProjectRule(
            id=jid,
            platform_id=proj.platform,
            platform=platform_ids.index(proj.platform),
            towns=tuple(proj.towns),
            area_mu=float(proj.area_mu),
            year=int(proj.year),
            earliest=int(proj.earliest) if proj.earliest is not None else start,
            admit=proj.admit,
            use=uses.index(NewUse("project", jid)),
        )
        for jid, proj in scenario.major_projects.items()
    )
    return Rules(
        strategy=sel.strategy,
        random_weight=sel.random_weight,
        scattered=sel.scattered,
        cluster_members=sel.cluster_members,
        cluster_rank=sel.cluster_rank,
        min_cluster_mu=float(scenario.contiguity.min_cluster_mu),
        contiguity_scope=scenario.contiguity.scope,
        budget_order=tuple(Treatment.from_label(t) for t in scenario.budget.order),
        carry_quota=scenario.quotas.carry_over,
        carry_budget=scenario.budget.carry_over,
        projects=projects,
    )
