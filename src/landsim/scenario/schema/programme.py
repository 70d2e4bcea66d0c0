"""Treatments, quotas, budget, selection strategies and major projects."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from landsim.scenario.schema.base import (
    Ident,
    Label,
    Model,
    NonNeg,
    Number,
    Share,
    Yearly,
    YearlyNonNeg,
    bounded,
)
from landsim.scenario.schema.evaluation import ClassName

Treatment = Literal["vacate", "upgrade", "reactivate"]
Years = bounded(Number, ge=0, le=20)


class VacateWhen(Model):
    """Which operating candidates are vacated (腾退); the others are upgraded in place.

    Idle candidates are always reactivated.
    """

    classes: list[ClassName] = ["D"]
    """Classes that are vacated."""
    tax_per_mu_below: YearlyNonNeg | None = None
    """万元/亩: projected tax per mu below this is vacated."""
    exit_industry: bool = True
    """Firms of exit-list industries are vacated."""


class Vacate(Model):
    """Vacating (腾退/收储): old output stops, compensation is paid, land is prepared."""

    land_compensation_per_mu: NonNeg = 150.0
    """万元/亩 for the land. Default: with `building_compensation_per_m2` it reproduces a
    2024 ETDZ buy-back (盛达, 234.47 mu, 64,507 万元 ≈ 275 万元/亩 with buildings of
    ≈ 304 m²/mu; 宏盛华源 announcement, 2024-10-10); Xiaoshan's standard is not public."""
    building_compensation_per_m2: NonNeg = 0.4
    """万元 per m² of floor area (FAR × area) for buildings. Default: an assumption of
    4,000 元/m² replacement value, which with the land figure gives the 盛达 case
    (150 + 304 × 0.4 ≈ 272 万元/亩)."""
    default_far: float = Field(default=1.0, gt=0, le=10)
    """FAR used for the building compensation of parcels whose FAR the inventory does not
    give (an assumption: FAR 1.0 is the Zhejiang 低效 threshold); `landsim validate`
    says how many parcels use it."""
    prep_years: Years = 1
    """Years from vacating to the land being ready for transfer (clearance, 收储)."""


class Upgrade(Model):
    """Rectify or upgrade in place (整治/提升): same user, more output after a lag."""

    lag_years: Years = 1
    """Years from selection to the uplift."""
    output_uplift: NonNeg = 0.3
    """Relative rise of output (0.3 = +30 %)."""
    tax_uplift: NonNeg = 0.3
    """Relative rise of tax."""
    value_added_uplift: NonNeg = 0.3
    """Relative rise of value added."""
    subsidy_per_mu: NonNeg = 5.0
    """万元/亩 of government support, paid in the year selected."""
    far_after: float | None = Field(default=1.5, gt=0, le=10)
    """FAR an upgraded parcel reaches (Xiaoshan's renovation rule: renovated plants reach
    FAR ≥ 1.5, public report 2018), so the low-FAR rule no longer flags it; unset keeps
    the FAR."""


class Reactivate(Model):
    """Reactivating idle land (盘活闲置): recover it and hand it to a new user."""

    compensation_per_mu: NonNeg = 20.0
    """万元/亩 paid to recover the land."""
    prep_years: Years = 1
    """Years from recovery to the land being ready for transfer."""


class Treatments(Model):
    """How each selected parcel is treated."""

    vacate_when: VacateWhen = VacateWhen()
    """Rule choosing vacate over upgrade for operating candidates."""
    vacate: Vacate = Vacate()
    """Vacating."""
    upgrade: Upgrade = Upgrade()
    """Upgrading in place."""
    reactivate: Reactivate = Reactivate()
    """Reactivating idle land."""
    cooldown_years: int = Field(default=3, ge=0, le=20)
    """Years after an upgrade before the parcel may be treated again (vacated, if the
    yearly evaluation still ranks it among the worst). An assumption: a firm helped to
    upgrade gets a three-year action period (三年行动) to show results. The cool-down is
    never shorter than the upgrade's lag. A parcel is upgraded at most once, and vacated
    or reactivated land is not treated again within a run."""


class PlatformQuota(Model):
    """Yearly caps for one platform, in mu; unset means no cap of its own."""

    vacate_mu: YearlyNonNeg | None = None
    """Most mu vacated in the platform in a year."""
    upgrade_mu: YearlyNonNeg | None = None
    """Most mu upgraded in the platform in a year."""
    reactivate_mu: YearlyNonNeg | None = None
    """Most mu reactivated in the platform in a year."""


class Quotas(Model):
    """Yearly quotas in mu, by treatment. The engine fills each quota and never exceeds it."""

    vacate_mu: YearlyNonNeg = Yearly.parse(2500)
    """District quota of vacated mu per year."""
    upgrade_mu: YearlyNonNeg = Yearly.parse(6000)
    """District quota of upgraded mu per year."""
    reactivate_mu: YearlyNonNeg = Yearly.parse(1500)
    """District quota of reactivated mu per year."""
    by_platform: dict[str, PlatformQuota] = {}
    """Caps per platform id, on top of the district quotas."""
    carry_over: bool = False
    """Add a year's unmet quota to the next year's."""
    mode: Literal["fixed", "chase"] = "fixed"
    """`fixed`: each treatment fills its own quota. `chase`: the quotas together chase the
    revitalization target — when a treatment's pool runs out (no candidates left, or only
    owners who refused), its unused quota passes to the next treatment in `budget.order`."""


class Budget(Model):
    """Yearly money for compensation and subsidies."""

    yearly: YearlyNonNeg | None = None
    """万元 per year for compensation and upgrade subsidies; unset means unlimited."""
    carry_over: bool = False
    """Add a year's unspent budget to the next year's."""
    order: list[Treatment] = ["vacate", "reactivate", "upgrade"]
    """Which treatment is funded first when money is short."""

    @model_validator(mode="after")
    def _all_once(self) -> Budget:
        if sorted(self.order) != ["reactivate", "upgrade", "vacate"]:
            raise ValueError("order: list vacate, reactivate and upgrade once each")
        return self


class Selection(Model):
    """How candidates are chosen.

    The strategy orders vacate candidates; upgrade and reactivation candidates follow the
    same order, without contiguity.
    """

    strategy: Literal["worst_first", "clusters", "random"] = "worst_first"
    """`worst_first`: lowest 亩均 score first. `clusters`: connected clusters of vacate
    candidates of at least `contiguity.min_cluster_mu`, best-ranked first (see
    `cluster_rank`), then the rest worst-first if `scattered`. `random`: a seeded random
    order weighted by `random_weight`."""
    cluster_rank: Literal["score", "area"] = "score"
    """`score`: lowest area-weighted mean score first; `area`: largest cluster first. Ties
    go to the larger, then to the one with the first parcel in inventory order."""
    scattered: bool = True
    """`clusters`: after the clusters, fill the rest of the vacate quota worst-first."""
    cluster_members: Literal["all_candidates", "vacate_candidates"] = "all_candidates"
    """`clusters`: which candidates may form a cluster. `all_candidates`: every operating
    candidate, including those the rules would upgrade — a block is cleared together
    (集中连片). `vacate_candidates`: only those the rules would vacate."""
    random_weight: Literal["inefficiency", "uniform", "area"] = "inefficiency"
    """`random`: selection weight; `inefficiency` = 1 / (1 + score / 100)."""
    refusal_probability: bounded(Number, ge=0, le=1) = 0.0
    """Chance, each year, that an owner the engine would select refuses or delays; the quota
    is filled from the next candidates."""


class Contiguity(Model):
    """What counts as contiguous vacated land (连片腾换)."""

    min_cluster_mu: float = Field(default=100.0, gt=0)
    """A cluster of touching vacated parcels counts as contiguous when it has at least this
    many mu (an assumption)."""
    scope: Literal["year", "cumulative"] = "year"
    """`year`: clusters are formed by the parcels vacated in the same year. `cumulative`:
    parcels vacated this year also join clusters vacated in earlier years."""
    cross_platform: bool = False
    """Whether a cluster may span two platforms."""


class Phase(Model):
    """One phase of a major project: its own block, year and chance of going ahead."""

    area_mu: float = Field(gt=0)
    """Mu the phase needs; later phases grow from the block of the phase before."""
    year: int
    """Assemble the phase's block by this year."""
    earliest: int | None = None
    """First year to try; the horizon's start for a first phase, its own `year` for a later
    one."""
    probability: Share = 1.0
    """Chance that the phase goes ahead. Monte Carlo draws decide per draw; a single run
    at central values lets a phase go ahead when its probability is at least 0.5."""
    investment_per_mu: NonNeg | None = None
    """万元/亩 invested in this phase; the project's when unset."""


class MajorProject(Model):
    """A major project (重大项目, the seed's "巨鸟") that needs one connected block."""

    name: Label
    """Display name."""
    platform: Ident
    """Platform the block must lie in."""
    towns: list[str] = []
    """Narrow the block to these towns or areas (e.g. 江南科技城); empty: the whole platform."""
    area_mu: float | None = Field(default=None, gt=0)
    """Mu the block needs (a project without `phases`)."""
    year: int | None = None
    """Assemble the block by this year; the engine tries from `earliest` on (a project
    without `phases`)."""
    earliest: int | None = None
    """First year to try; the horizon's start when unset."""
    probability: Share = 1.0
    """Chance that the project goes ahead (a project without `phases`)."""
    phases: list[Phase] = []
    """Phases, in order, each with its own block, year and probability; replaces
    `area_mu`, `year` and `probability`."""
    bridge_gaps: bool = False
    """Let the block bridge a road or gap between parcels (links of
    `inventory.adjacency.bridge_gap_m`), at `bridge_cost_per_link` each."""
    bridge_cost_per_link: NonNeg = 0.0
    """万元 per bridged link (closing or moving a road); an assumption to set per case."""
    industry: Ident
    """Target industry whose figures the project uses, unless given below."""
    admit: Literal["candidates", "any"] = "candidates"
    """`candidates`: only vacate candidates go into the block. `any`: any unrestricted
    parcel of the platform may be bought back (negotiated one by one, 一对一)."""
    output_per_mu: NonNeg | None = None
    """万元/亩 at full production; the industry's when unset."""
    tax_per_mu: NonNeg | None = None
    """万元/亩; the industry's when unset."""
    value_added_per_mu: NonNeg | None = None
    """万元/亩; the industry's when unset."""
    jobs_per_mu: NonNeg | None = None
    """Jobs per mu; the industry's when unset."""
    investment_per_mu: NonNeg | None = None
    """万元/亩 invested; the industry's when unset."""
    construction_years: Years | None = None
    """The industry's when unset."""

    @model_validator(mode="after")
    def _size_and_year(self) -> MajorProject:
        if self.phases and (self.area_mu is not None or self.year is not None):
            raise ValueError("give either area_mu and year, or phases, not both")
        if not self.phases and (self.area_mu is None or self.year is None):
            raise ValueError("give area_mu and year (or phases)")
        return self

    def all_phases(self) -> list[Phase]:
        """Return the phases; a project without `phases` is one phase."""
        if self.phases:
            return list(self.phases)
        assert self.area_mu is not None and self.year is not None
        return [
            Phase(
                area_mu=self.area_mu,
                year=self.year,
                earliest=self.earliest,
                probability=self.probability,
            )
        ]


class Relocation(Model):
    """Vacated firms that move to other land in the district.

    A 2024 ETDZ case (盛达) moved within Xiaoshan onto ≈ 1.26 times its old area. Shares
    are fractions of each vacated firm's output, tax, value added and jobs (an expected
    value, not a draw). They restart `lag_years` after vacating, at `keep` of their
    figures, and grow at their industry's rate; their land is taken from ready reserve
    land first and from new land outside the inventory for the rest.
    """

    share: Share = 0.0
    """Share of vacated firms that relocate, unless their class or industry says otherwise."""
    share_by_class: dict[ClassName, Share] = {}
    """Share by the firm's class in the year it is vacated."""
    share_by_industry: dict[Ident, Share] = {}
    """Share by existing-industry id (overrides the class)."""
    keep: Share = 1.0
    """Share of their output, tax, value added and jobs kept after the move."""
    lag_years: Years = 0
    """Years from vacating to production on the new site (0: the new plant is built
    before the old one is vacated, as in the 盛达 case: "新工厂建成后再启动搬迁腾地")."""
    land_per_mu: NonNeg = 1.26
    """Mu of new land per mu vacated (盛达: ≈ 295 mu in 益农 for 234.47 mu, 2024)."""
    investment_per_mu: NonNeg = 235.0
    """万元/亩 invested on the new land (盛达: 69,465 万元 on ≈ 295 mu)."""
    platform: Ident | None = None
    """Platform where relocated firms are booked and their land is sought; their old
    platform when unset."""


__all__ = [
    "Budget",
    "Contiguity",
    "MajorProject",
    "Phase",
    "Quotas",
    "Relocation",
    "Selection",
    "Share",
    "Treatment",
    "Treatments",
    "Years",
]
