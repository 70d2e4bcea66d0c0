"""The engine's state for one draw: what has happened to each parcel, and when.

Years are stored as indices into the model's years (0 = first simulated year). A
parcel's whole future follows from these few numbers, so the state stays small and the
yearly figures can be computed afterwards for many draws at once
(:mod:`landsim.accounting.economics`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from landsim.axes import PARCEL, TREATMENT, array
from landsim.engine.reasons import Reason
from landsim.engine.shortfalls import Shortfall
from landsim.model.codes import Treatment

NOT_YET = -1


@dataclass
class State:
    """Per-parcel events of one draw.

    Attributes
    ----------
    treatment
        The parcel's latest :class:`~landsim.model.codes.Treatment`.
    year
        Year index of the latest treatment, or ``-1``.
    upgrade_year
        Year index of its upgrade, or ``-1`` (an upgraded parcel may later be vacated).
    klass
        Its class code (0 not rated, 1–4 A–D) in the year of its latest treatment.
    relocate
        Share of its firm that relocates in the district (vacated parcels).
    project
        Major-project phase index (in ``Model.rules.projects``), or ``-1``.
    cluster
        Id of the connected group of vacated parcels it belongs to, or ``-1``.
    contiguous
        Whether it counted as contiguous vacated land in its year.
    use
        New-use index (target industry, project phase or relocation), or ``-1``.
    ready
        Year index the land is ready for transfer (may lie beyond the horizon), or ``-1``.
    transfer
        Year index of transfer to the new use, or ``-1``.
    cost
        Compensation or subsidy paid for the latest treatment, 万元.
    refusals
        How many years the owner refused.
    """

    treatment: np.ndarray = array(PARCEL)
    year: np.ndarray = array(PARCEL)
    upgrade_year: np.ndarray = array(PARCEL)
    klass: np.ndarray = array(PARCEL)
    relocate: np.ndarray = array(PARCEL)
    project: np.ndarray = array(PARCEL)
    cluster: np.ndarray = array(PARCEL)
    contiguous: np.ndarray = array(PARCEL)
    use: np.ndarray = array(PARCEL)
    ready: np.ndarray = array(PARCEL)
    transfer: np.ndarray = array(PARCEL)
    cost: np.ndarray = array(PARCEL)
    refusals: np.ndarray = array(PARCEL)

    @classmethod
    def empty(cls, n: int) -> State:
        """Nothing has happened yet."""

        def minus() -> np.ndarray:
            return np.full(n, NOT_YET, dtype=np.int32)

        return cls(
            treatment=np.full(n, Treatment.NONE, np.int8),
            year=minus(),
            upgrade_year=minus(),
            klass=np.zeros(n, np.int8),
            relocate=np.zeros(n),
            project=minus(),
            cluster=minus(),
            contiguous=np.zeros(n, bool),
            use=minus(),
            ready=minus(),
            transfer=minus(),
            cost=np.zeros(n),
            refusals=np.zeros(n, np.int32),
        )

    def untreated(self) -> np.ndarray:
        """Parcels not treated so far."""
        return self.treatment == Treatment.NONE

    def treated_as(self, treatment: Treatment) -> np.ndarray:
        """Parcels whose latest treatment is *treatment*."""
        return self.treatment == treatment

    def land(self) -> np.ndarray:
        """Parcels whose land goes to a new user (vacated or reactivated)."""
        return self.treated_as(Treatment.VACATE) | self.treated_as(Treatment.REACTIVATE)

    def clear_land(self) -> None:
        """Forget where and when land went (before assigning it again)."""
        self.ready[:], self.use[:], self.transfer[:] = NOT_YET, NOT_YET, NOT_YET


@dataclass
class YearLog:
    """What one year's selection intended and achieved (district level, by treatment)."""

    quota: np.ndarray = array(TREATMENT)  # effective quotas: carry and hand-overs included
    achieved: np.ndarray = array(TREATMENT)
    budget: float = field()  # money available, carry included
    spent: float = field()
    candidates_mu: np.ndarray = array(TREATMENT)  # candidate mu before selection
    handed_over: np.ndarray = array(TREATMENT)  # quota passed on (chase mode), by giver
    shortfalls: list[Shortfall] = field(default_factory=list)

    @classmethod
    def idle(cls) -> YearLog:
        """Return the log of a run-out year: no selection."""
        zero = np.zeros(3)
        return cls(zero.copy(), zero.copy(), 0.0, 0.0, zero.copy(), zero.copy(), [])


@dataclass
class ProjectOutcome:
    """Where and when a major project's phase was placed, or why not."""

    project: str
    year: int | None
    area: float
    reason: str
    attempts: list[tuple[int, str]] = field(default_factory=list)
    bridges: int = 0
    bridge_cost: float = 0.0
    reason_zh: str = ""

    def note(self, why: Reason | None) -> None:
        """Record why the phase is not placed (so far), in English and in Chinese."""
        self.reason = why.text("en") if why is not None else ""
        self.reason_zh = why.text("zh") if why is not None else ""


@dataclass
class Events:
    """Everything one draw produced: the state and the yearly logs."""

    state: State
    logs: list[YearLog]
    projects: list[ProjectOutcome]
