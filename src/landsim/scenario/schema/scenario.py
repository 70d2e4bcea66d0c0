"""The top-level scenario model."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from landsim.scenario.schema.base import Ident, Label, Model, Yearly, YearlyNonNeg
from landsim.scenario.schema.evaluation import Candidates, Evaluation, Restrictions
from landsim.scenario.schema.history_spec import HistorySpec
from landsim.scenario.schema.industries import Baseline, ExistingIndustry, Pipeline, TargetIndustry
from landsim.scenario.schema.inventory_spec import InventorySpec
from landsim.scenario.schema.programme import (
    Budget,
    Contiguity,
    MajorProject,
    Quotas,
    Relocation,
    Selection,
    Treatments,
)


class Horizon(Model):
    """The simulated years. The inventory describes the base year, `start − 1`."""

    start: int = Field(ge=1990, le=2100)
    """First simulated year."""
    end: int = Field(ge=1990, le=2100)
    """Last year of the programme (included)."""
    run_out_years: int = Field(default=0, ge=0, le=20)
    """Years simulated after `end` with no new selection (quotas off), so that land
    already vacated reaches production; reported apart from the programme years."""

    @model_validator(mode="after")
    def _order(self) -> Horizon:
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        if self.end - self.start >= 60:
            raise ValueError("a horizon of 60 years or more is not supported")
        return self

    @property
    def years(self) -> list[int]:
        """The programme years, in order."""
        return list(range(self.start, self.end + 1))

    @property
    def all_years(self) -> list[int]:
        """The programme years, then the run-out years."""
        return list(range(self.start, self.end + self.run_out_years + 1))

    @property
    def base_year(self) -> int:
        """The year the inventory describes."""
        return self.start - 1


class Platform(Model):
    """A platform (平台), or the bucket of towns outside the platforms."""

    name: Label
    """Display name."""
    aliases: list[str] = []
    """Other spellings of the platform in the inventory's `platform` column."""
    is_platform: bool = True
    """`false` for the bucket of towns outside the platforms; it is left out of the
    platform-versus-district growth comparison."""


class Targets(Model):
    """Yearly programme targets, in mu, and the platforms' growth goal."""

    contiguous_vacated_mu: YearlyNonNeg = Yearly.parse(2000)
    """Contiguous vacated area (连片腾换) to reach each year."""
    revitalized_mu: YearlyNonNeg = Yearly.parse(10000)
    """Revitalized area (盘活), all treatments, to reach each year."""
    platform_growth_ratio: float = Field(default=1.5, gt=0)
    """The seed's "platforms' main indicators grow at ≥ 1.5 × the district average": each
    year, the year-on-year growth of the platforms taken together, against the
    district's, for every indicator in `platform_growth_indicators`."""
    platform_growth_indicators: list[Literal["output", "tax", "value_added"]] = [
        "output",
        "tax",
    ]
    """The main indicators of the growth target."""


class Plots(Model):
    """Figures and briefs."""

    lang: Literal["zh", "en"] = "zh"
    """Language of labels in briefs, unless `--lang` says otherwise."""
    font_path: str | None = None
    """A font file that draws Chinese, tried before the installed ones (relative to the
    scenario file). The environment variable `LANDSIM_CJK_FONT` does the same."""


#: Characters a folder name cannot hold on Windows or Linux.
_NOT_IN_NAMES = re.compile(r'[/\\:*?"<>|\x00-\x1f]')


class Scenario(Model):
    """A landsim scenario: the inventory, the programme and its parameters."""

    name: str = "scenario"
    """Short name used in tables and run folders; a scenario file's name when it has none.
    It names a folder: not only dots or spaces, and none of / \\ : * ? " < > | or control
    characters."""

    title: Label | None = None
    """Title shown on plots and briefs."""
    description: str | Label = ""
    """A sentence or two for the brief: one text, or `{zh: ..., en: ...}`."""

    @field_validator("name")
    @classmethod
    def _folder_name(cls, value: str) -> str:
        if not value.strip(". ") or _NOT_IN_NAMES.search(value):
            raise ValueError(
                f"{value!r} cannot name a run folder: use letters, digits, - or _ (not only "
                'dots or spaces, and none of / \\ : * ? " < > | or control characters); '
                "when the scenario has no name, its file's name is used"
            )
        return value

    def describe(self, lang: str) -> str:
        """Return the description in *lang* (a single text serves both languages)."""
        return (
            self.description.get(lang) if isinstance(self.description, Label) else self.description
        )

    horizon: Horizon
    """Simulated years."""
    seed: int = Field(default=0, ge=0, strict=True)  # true, 1.5 or "12" is not a seed
    """Seed of every random step; the same seed gives identical results."""
    inventory: InventorySpec
    """The parcel inventory."""
    platforms: dict[Ident, Platform] = Field(min_length=1)
    """Platforms by id. Every parcel's `platform` must name one of them."""
    targets: Targets = Targets()
    """Yearly targets."""
    evaluation: Evaluation = Evaluation()
    """亩均 evaluation: scores and classes."""
    candidates: Candidates = Candidates()
    """Rules that identify inefficient land (低效用地)."""
    restrictions: Restrictions = Restrictions()
    """Parcels never selected."""
    treatments: Treatments = Treatments()
    """What happens to selected parcels."""
    quotas: Quotas = Quotas()
    """Yearly quotas by treatment."""
    budget: Budget = Budget()
    """Yearly money for compensation and subsidies."""
    selection: Selection = Selection()
    """How candidates are chosen."""
    contiguity: Contiguity = Contiguity()
    """What counts as contiguous vacated land."""
    major_projects: dict[Ident, MajorProject] = {}
    """Major projects by id; their blocks are assembled before any other selection."""
    baseline: Baseline = Baseline()
    """The no-programme path."""
    existing_industries: dict[Ident, ExistingIndustry] = {}
    """Industries of the inventory, by id, with their growth."""
    target_industries: dict[Ident, TargetIndustry] = {}
    """New industries that take vacated land, by id, in order of priority."""
    pipeline: Pipeline = Pipeline()
    """Lags, ramp-up and land price from transfer to full production."""
    relocation: Relocation = Relocation()
    """Vacated firms that move elsewhere in the district."""
    plots: Plots = Plots()
    """Figures and briefs."""
    history: HistorySpec = HistorySpec()
    """What the district really did, for `landsim backtest` and `landsim calibrate`: the
    treatment history file and how to read it (see docs/backtest.md)."""

    @model_validator(mode="after")
    def _one_non_platform_at_most(self) -> Scenario:
        if not any(p.is_platform for p in self.platforms.values()):
            raise ValueError("platforms: at least one entry must have is_platform: true")
        return self


def iter_values(
    model: BaseModel, prefix: tuple[Any, ...] = ()
) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Yield ``(path, value)`` for every leaf value inside *model*, depth first.

    Leaves are everything that is not a model, dict or list: numbers, strings,
    :class:`Yearly` values and distributions.
    """
    for name in type(model).model_fields:
        yield from _walk(getattr(model, name), (*prefix, name))


def _walk(value: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(value, BaseModel) and not hasattr(value, "ppf"):
        yield from iter_values(value, path)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, (*path, k))
    elif isinstance(value, (list, tuple)) and not isinstance(value, Yearly):
        for i, v in enumerate(value):
            yield from _walk(v, (*path, i))
    else:
        yield path, value
