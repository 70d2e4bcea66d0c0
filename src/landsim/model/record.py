"""The one record the engine reads: :class:`Model`.

Built once per run by :func:`~landsim.model.compile.compile_model`; frozen, and free of
the scenario and the inventory, so it pickles as it is for worker processes.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

import numpy as np

from landsim.axes import INDUSTRY, PARCEL, PLATFORM, USE, YEAR, array, check_axes
from landsim.evaluation.candidates import StaticFlags
from landsim.evaluation.score import Scores, Table
from landsim.model.codes import NewUse
from landsim.model.graph import Neighbours
from landsim.model.params import Params
from landsim.model.rules import Rules

#: Axis of the 亩均 indicators (see :data:`landsim.evaluation.indicators.INDICATOR_NAMES`).
INDICATOR = "indicator"
#: Axis of the idle parcels (:attr:`Model.idle_by_area`).
IDLE = "idle parcel"


def by_area(idx: np.ndarray, area: np.ndarray) -> np.ndarray:
    """Parcels *idx* (sorted), largest area first (ties: inventory order)."""
    return idx[np.argsort(-area[idx], kind="stable")]


@dataclass(frozen=True)
class Model:
    """Everything the engine reads: labels, parcel arrays, the graph, rules and numbers.

    Attributes
    ----------
    years
        Simulated years: the programme's, then the run-out years
        (``rules.programme_years`` of them have selection); the inventory describes
        ``base_year = years[0] - 1``.
    platform_ids, existing_ids, uses
        Labels of the platform, existing-industry (scenario order, then
        ``(unlisted)``) and new-use axes.
    parcel_key
        A stable hash of each parcel's id: the key of its random events
        (:meth:`landsim.streams.Streams.event_uniforms`).
    platform, industry, town
        Each parcel's platform index, existing-industry index and town.
    area, far, floor_m2
        Area in mu; FAR (NaN where unknown); floor area in m² (FAR × area; FAR missing →
        ``treatments.vacate.default_far``).
    operating, idle
        Status masks.
    base_output, base_tax, base_va, base_jobs
        Base-year figures (万元, persons; missing value added or employees count as 0).
    tax_per_mu
        Base-year tax per mu.
    indicators
        Every firm's base-year 亩均 indicators, scoring group and industry
        (:class:`~landsim.evaluation.score.Table`): the engine re-evaluates from them every
        year.
    base_sums
        Sums of the indicators' numerators and denominators of every scored firm, by
        group, indicator and industry: the base year's benchmarks, which each draw keeps
        up to date as firms leave or upgrade.
    scores, flags
        The base year's 亩均 evaluation and the static candidate rules.
    exit_vacate
        Operating firms vacated whatever their class (exit-list industries).
    restricted
        Parcels never selected: the scenario's restrictions, and land that is not
        industrial (``inventory.industrial_land_uses``).
    idle_by_area
        The idle parcels, largest area first (ties: inventory order): the order idle land
        is reactivated in, sorted once instead of every draw-year.
    graph
        The adjacency graph (cross-platform links removed unless clusters may span
        platforms).
    bridges
        Links between parcels separated by a road or gap (for major projects that may
        bridge them), or None.
    eligible
        Where each new use may locate.
    rules
        The switches (:class:`~landsim.model.rules.Rules`).
    params
        The numbers, with a leading draw axis (:class:`~landsim.model.params.Params`).
    """

    years: np.ndarray = array(YEAR)
    platform_ids: tuple[str, ...] = array(PLATFORM)
    existing_ids: tuple[str, ...] = array(INDUSTRY)
    uses: tuple[NewUse, ...] = array(USE)
    parcel_key: np.ndarray = array(PARCEL)
    platform: np.ndarray = array(PARCEL)
    industry: np.ndarray = array(PARCEL)
    town: np.ndarray = array(PARCEL)
    area: np.ndarray = array(PARCEL)
    far: np.ndarray = array(PARCEL)
    floor_m2: np.ndarray = array(PARCEL)
    operating: np.ndarray = array(PARCEL)
    idle: np.ndarray = array(PARCEL)
    base_output: np.ndarray = array(PARCEL)
    base_tax: np.ndarray = array(PARCEL)
    base_va: np.ndarray = array(PARCEL)
    base_jobs: np.ndarray = array(PARCEL)
    tax_per_mu: np.ndarray = array(PARCEL)
    indicators: Table = dataclasses.field()
    base_sums: np.ndarray = array("part", "group", INDICATOR, INDUSTRY)
    scores: Scores = dataclasses.field()
    flags: StaticFlags = dataclasses.field()
    exit_vacate: np.ndarray = array(PARCEL)
    restricted: np.ndarray = array(PARCEL)
    idle_by_area: np.ndarray = array(IDLE)
    graph: Neighbours = dataclasses.field()
    bridges: Neighbours | None = dataclasses.field()
    eligible: np.ndarray = array(USE, PLATFORM)
    rules: Rules = dataclasses.field()
    params: Params = dataclasses.field()

    @property
    def n(self) -> int:
        """Number of parcels."""
        return len(self.area)

    @functools.cached_property
    def smallest_area(self) -> float:
        """The smallest parcel's area, mu (``inf`` without parcels)."""
        return float(self.area.min()) if self.n else np.inf

    @property
    def base_year(self) -> int:
        """The year the inventory describes."""
        return int(self.years[0]) - 1

    @property
    def n_targets(self) -> int:
        """Number of target industries (new uses that are not major projects)."""
        return sum(not u.is_project for u in self.uses)

    def sizes(self) -> dict[str, int]:
        """Length of every named axis of the model's arrays."""
        return {
            "parcel": self.n,
            "year": len(self.years),
            "platform": len(self.platform_ids),
            "industry": len(self.existing_ids),
            "use": len(self.uses),
            "draw": self.params.draws,
        }

    def check(self) -> Model:
        """Check the axes of every array of the model and its parameters; return it."""
        sizes = self.sizes()
        for part in (self, self.scores, self.flags, self.params):
            check_axes(part, sizes)
        return self

    def with_params(self, params: Params) -> Model:
        """Return the same model with other numbers (e.g. Monte Carlo draws)."""
        return dataclasses.replace(self, params=params)

    def draw(self, d: int) -> Model:
        """Return the model of draw *d* alone (its parameters as a one-draw view)."""
        return self.with_params(self.params.draw(d))
