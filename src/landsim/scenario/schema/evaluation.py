"""亩均 evaluation, inefficient-land rules and restrictions."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from landsim.scenario.schema.base import Model, Yearly, YearlyNonNeg

IndicatorAbove = Literal[
    "tax_per_mu",
    "value_added_per_mu",
    "value_added_per_energy",
    "value_added_per_emission",
    "labour_productivity",
    "rd_share",
]
IndicatorBelow = Literal["tax_per_mu", "tax_per_electricity"]
ClassName = Literal["A", "B", "C", "D"]


def _check_formula(weights: dict[str, float], benchmarks: dict[str, float]) -> None:
    """Weights ≥ 0 that add up to more than 0; benchmarks > 0 (a score divides by them)."""
    negative = [k for k, w in weights.items() if w < 0]
    if negative:
        raise ValueError(f"weights: {', '.join(negative)} must be ≥ 0 (a weight is a share)")
    if sum(weights.values()) <= 0:
        raise ValueError(
            "weights: give at least one indicator a weight above 0; with none, no firm "
            "can be scored"
        )
    bad = [k for k, b in benchmarks.items() if not b > 0]
    if bad:
        raise ValueError(
            f"benchmarks: {', '.join(bad)} must be > 0 (each indicator is divided by its "
            "benchmark); leave an indicator out to use the district average"
        )


class AboveSize(Model):
    """Score of 规上 firms: six indicators, each divided by its benchmark and weighted."""

    weights: dict[IndicatorAbove, float] = {
        "tax_per_mu": 30,
        "value_added_per_mu": 20,
        "value_added_per_energy": 20,
        "value_added_per_emission": 10,
        "labour_productivity": 10,
        "rd_share": 10,
    }
    """Weight of each indicator (a published county example: 30/20/20/10/10/10)."""
    benchmarks: dict[IndicatorAbove, float] = {}
    """Benchmark per indicator; an indicator not listed uses the district average of 规上
    firms (total of the numerator over total of the denominator)."""

    @model_validator(mode="after")
    def _check(self) -> AboveSize:
        _check_formula(self.weights, self.benchmarks)
        return self


class BelowSize(Model):
    """Score of 规下 firms: tax per mu and tax per unit of electricity."""

    weights: dict[IndicatorBelow, float] = {"tax_per_mu": 50, "tax_per_electricity": 50}
    """Weight of each indicator."""
    benchmarks: dict[IndicatorBelow, float] = {}
    """Benchmark per indicator; missing ones use the district average of 规下 firms."""

    @model_validator(mode="after")
    def _check(self) -> BelowSize:
        _check_formula(self.weights, self.benchmarks)
        return self


class Classes(Model):
    """How scores become classes A/B/C/D, separately for 规上 and 规下 firms."""

    method: Literal["percentile", "thresholds"] = "percentile"
    """`percentile`: by rank, with `shares`; `thresholds`: by score, with `thresholds`."""
    shares: dict[ClassName, float] = {"A": 0.25, "B": 0.45, "C": 0.25, "D": 0.05}
    """Share of rated firms in each class, best first (one published rule: 25/45/25/5)."""
    thresholds: dict[Literal["A", "B", "C"], float] = {"A": 120.0, "B": 80.0, "C": 50.0}
    """Lowest score of classes A, B and C; lower scores are D."""

    @model_validator(mode="after")
    def _check(self) -> Classes:
        if self.method == "percentile":
            if set(self.shares) != {"A", "B", "C", "D"}:
                raise ValueError("shares: give a share for each of A, B, C and D")
            total = sum(self.shares.values())
            if abs(total - 1.0) > 1e-6 or min(self.shares.values()) < 0:
                a = self.shares["A"]
                percent = (
                    f" (in percent? write {a:g} as {a / 100:g})" if abs(total - 100) < 1e-6 else ""
                )
                raise ValueError(f"shares: must be ≥ 0 and add up to 1{percent}")
        else:
            t = self.thresholds
            if set(t) != {"A", "B", "C"} or not t["A"] >= t["B"] >= t["C"]:
                raise ValueError("thresholds: give A ≥ B ≥ C")
        return self


class Evaluation(Model):
    """亩均效益综合评价: a score per firm and its class.

    Each indicator's contribution is `weight × min(value / benchmark, cap)`; the score is the
    sum divided by the total weight, times 100, so a firm at every benchmark scores 100.
    Idle parcels, parcels under construction and parcels that are not industrial land (see
    `inventory.industrial_land_uses`) are not scored.
    """

    above_size: AboveSize = AboveSize()
    """Formula for 规上 firms."""
    below_size: BelowSize = BelowSize()
    """Formula for 规下 firms."""
    cap: float = Field(default=3.0, gt=0)
    """Largest multiple of its benchmark an indicator may count for (an assumption)."""
    missing: Literal["reweight", "zero", "unrated"] = "reweight"
    """A missing indicator (no value, or a zero denominator): `reweight` scores the firm on
    the indicators it has, with their weights rescaled; `zero` counts it as 0 (reporting
    penalised); `unrated` leaves the firm without a score or class."""
    min_known_weight: float = Field(default=0.5, ge=0, le=1)
    """`reweight`: a firm whose known indicators carry less than this share of the total
    weight is left unrated."""
    classes: Classes = Classes()
    """Classes from scores."""
    yearly: bool = True
    """Re-evaluate every firm every year on that year's figures (the 亩均 evaluation is
    annual): surviving firms grown at their industry's rate, upgraded firms with their
    uplift, new firms once in production. Benchmarks, ranks and classes are re-derived, so
    a new bottom class appears each year. `false`: classes of the base year throughout."""
    new_firms_after_years: int = Field(default=0, ge=0, le=10)
    """Years of production before a new firm on renewed land is evaluated (0: from its
    first production year; firms not yet in production are not evaluated, as in
    遂昌政办发〔2023〕8号, 2023-05-23)."""


class Candidates(Model):
    """低效用地: a parcel is a candidate when any of these rules holds (unset rules are off)."""

    classes: list[ClassName] = ["D"]
    """Classes that make a firm a candidate."""
    tax_per_mu_below: YearlyNonNeg | None = None
    """万元/亩. Operating firms whose projected tax per mu in a year is below the value for
    that year (Xiaoshan raised it from 2 to 3 to 5)."""
    far_below: float | None = None
    """Floor-area ratio below which a parcel is a candidate (e.g. 1.0)."""
    idle: bool = True
    """Idle parcels are candidates."""
    exit_industries: list[str] = []
    """Existing-industry ids whose firms are candidates (an exit list)."""


class Restrictions(Model):
    """Parcels that are never selected, whatever the rules say.

    Land that is not industrial (see `inventory.industrial_land_uses`) is never selected
    either.
    """

    parcel_ids: list[str] = []
    """Parcels excluded by id (an id no parcel of the inventory has is refused)."""
    use_restricted_column: bool = True
    """Exclude parcels whose inventory column `restricted` is true."""
    statuses: list[Literal["operating", "idle", "under_construction"]] = ["under_construction"]
    """Exclude parcels with these statuses (committed land)."""
    industries: list[str] = []
    """Exclude firms of these existing-industry ids."""
    towns: list[str] = []
    """Exclude parcels in these towns (a town no parcel lies in is refused)."""


__all__ = ["Candidates", "Classes", "Evaluation", "Restrictions", "Yearly"]
