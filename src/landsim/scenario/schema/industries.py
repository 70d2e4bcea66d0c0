"""Existing industries (baseline growth, exit lists) and target industries (new uses)."""

from __future__ import annotations

from pydantic import Field

from landsim.scenario.schema.base import (
    Ident,
    Label,
    Model,
    NonNeg,
    Number,
    Yearly,
    YearlyNonNeg,
    bounded,
)
from landsim.scenario.schema.programme import Years

Growth = bounded(Number, ge=-0.5, le=2.0)
Fraction = bounded(Number, ge=0, le=1)


class ExistingIndustry(Model):
    """An industry of the inventory's `industry` column."""

    name: Label | None = None
    """Display name; matched against the inventory together with `aliases`."""
    aliases: list[str] = []
    """Other spellings in the inventory's `industry` column."""
    growth: Growth = 0.03
    """Yearly growth of output, tax and value added of its firms (the baseline)."""


class Baseline(Model):
    """The counterfactual path: no programme, existing firms grow."""

    default_growth: Growth = 0.03
    """Growth of firms whose industry is not listed in `existing_industries`."""


class TargetIndustry(Model):
    """A new industry that takes vacated land. Figures are per mu at full production."""

    name: Label
    """Display name."""
    output_per_mu: NonNeg
    """万元/亩 of output."""
    tax_per_mu: NonNeg
    """万元/亩 of tax."""
    value_added_per_mu: NonNeg
    """万元/亩 of value added."""
    jobs_per_mu: NonNeg | None = None
    """Jobs per mu; when unset, value added per mu ÷ `value_added_per_worker`."""
    value_added_per_worker: NonNeg | None = None
    """全员劳动生产率, 万元 of value added per worker; `pipeline.value_added_per_worker` when
    unset. Jobs follow from it unless `jobs_per_mu` is given."""
    investment_per_mu: NonNeg = 500.0
    """投资强度, 万元/亩, spent evenly over the construction years."""
    growth: Growth = 0.05
    """Yearly growth after full production is reached."""
    platforms: list[Ident] = []
    """Platforms where it may locate; empty means all."""
    demand_mu: YearlyNonNeg = Yearly.parse(500)
    """Mu it can absorb each year; unused demand does not carry over."""
    construction_years: Years | None = None
    """Years from transfer to production; `pipeline.construction_years` when unset."""
    ramp_up: list[Fraction] | None = None
    """Share of full output in each production year before full; `pipeline.ramp_up` when
    unset."""


class Pipeline(Model):
    """From transfer (出让) to full production, for every target industry by default."""

    construction_years: Years = 2
    """Years from transfer to the first production year."""
    ramp_up: list[Fraction] = [0.4, 0.8]
    """Share of full output in the first production years, then full output."""
    land_price_per_mu: NonNeg = 50.0
    """万元/亩 received at transfer (an assumption; Zhejiang's 2013 minimum for Xiaoshan
    was 16.8)."""
    land_price_by_platform: dict[str, NonNeg] = {}
    """Land price per platform id, overriding `land_price_per_mu`."""
    value_added_per_worker: NonNeg = 37.0
    """全员劳动生产率 of new industries, 万元 of value added per worker: the midpoint of
    Zhejiang's 2023 target for 规上 manufacturing (33, 2021-11-05) and 钱塘区's 2023
    outturn (41.23, statistical bulletin)."""
    investment_cap: YearlyNonNeg | None = None
    """万元 of investment per year that investors bring to renewed land (招商 demand),
    for all target industries together; land that cannot be sold within it waits in
    reserve. Unset: no cap beyond each industry's `demand_mu`."""
    assign_order: list[Ident] = Field(default_factory=list)
    """Order in which target industries take ready land; the order they are listed in
    `target_industries` when empty."""


__all__ = ["Baseline", "ExistingIndustry", "Pipeline", "TargetIndustry", "Years"]
