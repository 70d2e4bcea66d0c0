"""Errors that reach the user as a list of located problems.

Every input problem landsim finds (a bad YAML key, a negative area, a missing column)
becomes one :class:`Problem`: *where* it is, *which* field, and *what* to do.
Validation collects all of them before raising one :class:`InputError`, so a user fixes
a file in one pass instead of one error at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in the user's input.

    Parameters
    ----------
    where
        The place: ``"scenario.yaml:12:5"`` for YAML, ``"parcels.csv, row 14"`` for tables.
    field
        The dotted scenario path or the inventory column the problem concerns.
    message
        What is wrong and, where it helps, what to do about it.
    """

    where: str
    field: str
    message: str

    def __str__(self) -> str:
        parts = [p for p in (self.where, self.field) if p]
        return ": ".join([*parts, self.message])


class LandsimError(Exception):
    """Base class of every error landsim raises on purpose."""


class LandsimWarning(UserWarning):
    """Something the user must know that does not stop the run (the CLI prints "warning: …")."""


class InputError(LandsimError):
    """The user's input (scenario, inventory, run folder) cannot be used.

    Parameters
    ----------
    summary
        One line saying which input failed, e.g. ``"the inventory has 3 problems"``.
    problems
        Every problem found, in the order found.
    """

    def __init__(self, summary: str, problems: Sequence[Problem] = ()) -> None:
        self.summary = summary
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.render())

    def render(self, limit_per_kind: int | None = None) -> str:
        """Render the summary and one line per problem.

        Parameters
        ----------
        limit_per_kind
            If given, show at most this many problems that share a field and message
            kind, followed by a count of the rest. ``None`` shows all.
        """
        lines = [self.summary]
        shown: dict[tuple[str, str], int] = {}
        hidden: dict[tuple[str, str], int] = {}
        for p in self.problems:
            kind = (p.field, p.message.split(";")[0].split(",")[0])
            if limit_per_kind is not None and shown.get(kind, 0) >= limit_per_kind:
                hidden[kind] = hidden.get(kind, 0) + 1
                continue
            shown[kind] = shown.get(kind, 0) + 1
            lines.append(f"  {p}")
        for (field, _), n in hidden.items():
            lines.append(f"  … and {n} more like the above for {field}")
        return "\n".join(lines)
