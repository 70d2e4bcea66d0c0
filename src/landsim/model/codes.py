"""Named things of the engine, named once: treatments and new uses.

Engine arrays hold treatments as small integers (:class:`Treatment`) and new uses as
indices into the model's ``uses`` (each a :class:`NewUse`). Tables and variable names use
their text forms, which are converted here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Literal

import numpy as np

from landsim.scenario import Scenario


class Treatment(IntEnum):
    """What happens to a parcel; the values are the codes stored in engine arrays."""

    NONE = 0
    VACATE = 1
    UPGRADE = 2
    REACTIVATE = 3

    @property
    def axis(self) -> int:
        """Position on the treatment axis of arrays (vacate, upgrade, reactivate)."""
        if self is Treatment.NONE:
            raise ValueError("no treatment has no position on the treatment axis")
        return int(self) - 1  # the same rule as treatment_axis()

    @property
    def label(self) -> str:
        """The name used in scenario files and tables (``vacate``, …; ``""`` for none)."""
        return "" if self is Treatment.NONE else self.name.lower()

    @classmethod
    def from_label(cls, label: str) -> Treatment:
        """``"vacate"`` → :attr:`VACATE`."""
        return cls[label.upper()]

    @classmethod
    def at_axis(cls, position: int) -> Treatment:
        """Return the treatment at *position* on the treatment axis."""
        return cls(position + 1)


def treatment_axis(codes: np.ndarray) -> np.ndarray:
    """Positions on the treatment axis of an array of treated parcels' codes."""
    return codes.astype(np.int64) - 1


#: The treatments, in the order of the treatment axis.
TREATED: tuple[Treatment, ...] = (Treatment.VACATE, Treatment.UPGRADE, Treatment.REACTIVATE)
#: Their labels, in the same order.
TREATMENT_LABELS: tuple[str, ...] = tuple(t.label for t in TREATED)

PROJECT_PREFIX = "project:"


@dataclass(frozen=True, order=True)
class NewUse:
    """What vacated land is given to: a target industry or a major project.

    Its text form (:meth:`__str__`) is the industry id, ``project:<id>`` for a major
    project (phase *k* > 1 of a project: ``project:<id>#<k>``), or ``relocation`` for land
    taken by relocated firms; it appears in the parcel table's ``new_use`` column and in
    variable names.
    """

    kind: Literal["industry", "project", "relocation"]
    id: str

    def __str__(self) -> str:
        return f"{PROJECT_PREFIX}{self.id}" if self.kind == "project" else self.id

    @property
    def project_id(self) -> str:
        """The major project's id, without a phase suffix (projects only)."""
        return self.id.split("#")[0]

    @property
    def is_project(self) -> bool:
        """Whether this use is a major project."""
        return self.kind == "project"

    @classmethod
    def parse(cls, text: str) -> NewUse:
        """Read the text form back: ``project:hesheng`` → a project, else an industry."""
        if text.startswith(PROJECT_PREFIX):
            return cls("project", text.removeprefix(PROJECT_PREFIX))
        if text == RELOCATION:
            return cls("relocation", RELOCATION)
        return cls("industry", text)


RELOCATION = "relocation"


def phase_id(project: str, k: int) -> str:
    """Return the id of phase *k* (0-based): the project's id, then ``<id>#2``, ``<id>#3``."""
    return project if k == 0 else f"{project}#{k + 1}"


def new_uses(scenario: Scenario) -> tuple[NewUse, ...]:
    """Return the new uses of a scenario, in the order of the use axis.

    Target industries in assignment order (``pipeline.assign_order``, then the others in
    scenario order), then one new use per phase of each major project, then relocation
    (when firms relocate).
    """
    order = scenario.pipeline.assign_order or list(scenario.target_industries)
    rest = [t for t in scenario.target_industries if t not in order]
    relocation = (NewUse("relocation", RELOCATION),) if relocates(scenario) else ()
    return (
        *(NewUse("industry", t) for t in [*order, *rest]),
        *(
            NewUse("project", phase_id(j, k))
            for j, proj in scenario.major_projects.items()
            for k in range(len(proj.all_phases()))
        ),
        *relocation,
    )


def use_name(scenario: Scenario, use: NewUse, lang: str) -> str:
    """Return a new use's name in *lang*: its industry's, or its project's and phase's.

    A later phase is named with its number (``合盛……（第2期）``, ``… (phase 2)``); land
    given to relocated firms is ``搬迁企业`` (``relocated firms``).
    """
    if use.is_project:
        name = scenario.major_projects[use.project_id].name.get(lang)
        phase = use.id.partition("#")[2]
        if not phase:
            return name
        return name + (f"（第{phase}期）" if lang == "zh" else f" (phase {phase})")
    if use.kind == "relocation":
        return "搬迁企业" if lang == "zh" else "relocated firms"
    return scenario.target_industries[use.id].name.get(lang)


def relocates(scenario: Scenario) -> bool:
    """Whether any vacated firm of *scenario* may relocate."""
    r = scenario.relocation
    shares = [r.share, *r.share_by_class.values(), *r.share_by_industry.values()]
    return r.keep > 0 and any(s > 0 for s in shares)
