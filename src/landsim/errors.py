"""Errors that reach the user as a list of located problems.

Every input problem landsim finds (a bad YAML key, a negative area, a missing column)
becomes one :class:`Problem`: *where* it is, *which* field, and *what* to do.
Validation collects all of them before raising one :class:`InputError`, so a user fixes
a file in one pass instead of one error at a time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

#: Quoted values and numbers in a message: what differs between repeats of one problem.
_VALUES = re.compile(r"'[^']*'|\"[^\"]*\"|[-+]?\d[\d,.]*(?:e[-+]?\d+)?", re.IGNORECASE)
#: Where the file part of a place ends: ``f.csv, row 3 (…)`` or ``f.yaml:12:5``.
_PLACE = re.compile(r", (?:row|line|feature) |:\d")


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
    distinct
        The value that makes this problem differ from others of its kind (an unknown
        platform's name), when repeats should not be summarized together. By default,
        problems that differ only in quoted values and numbers are one kind.
    """

    where: str
    field: str
    message: str
    distinct: str = ""

    def __str__(self) -> str:
        parts = [p for p in (self.where, self.field) if p]
        return ": ".join([*parts, self.message])

    @property
    def kind(self) -> tuple[str, str, str]:
        """What repeats of one problem share: the file, the field, the message without values."""
        template = _VALUES.sub("…", self.message)
        return (_file_of(self.where), self.field, f"{template}\x00{self.distinct}")


def _file_of(where: str) -> str:
    return _PLACE.split(where, maxsplit=1)[0]


class LandsimError(Exception):
    """Base class of every error landsim raises on purpose."""


class LandsimWarning(UserWarning):
    """Something the user must know that does not stop the run (the CLI prints "warning: …")."""


#: Distinct problems an error lists before it counts the rest (assumption: a screenful;
#: past that the file is the wrong one, or has a wrong header row or delimiter).
MAX_KINDS = 30


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
        self._groups: dict[tuple[str, str, str], list[Problem]] | None = None
        super().__init__(self.render())

    def _grouped(self) -> dict[tuple[str, str, str], list[Problem]]:
        """Group the problems by kind, in the order found (once: a file may have millions)."""
        if self._groups is None:
            self._groups = {}
            for p in self.problems:
                self._groups.setdefault(p.kind, []).append(p)
        return self._groups

    def render(self, limit_per_kind: int | None = 3) -> str:
        """Render the summary and one line per distinct problem.

        A problem repeated in many rows (the same file, field and message but for its
        values) is shown once, with the number of repeats and the places of the first
        few, so 32,000 copies of one mistake make one line.

        Parameters
        ----------
        limit_per_kind
            How many further places a repeated problem lists on its line. ``None``
            prints every problem on its own line.

        Examples
        --------
        >>> err = InputError("p.csv: 3 problems", [
        ...     Problem(f"p.csv, row {r}", "area_mu", f"area must be > 0; got {-r}")
        ...     for r in (2, 3, 4)])
        >>> print(err.render(limit_per_kind=1))
        p.csv: 3 problems
          p.csv, row 2: area_mu: area must be > 0; got -2 (and 2 more like it: row 3, …)
        """
        if limit_per_kind is None:
            return "\n".join([self.summary, *(f"  {p}" for p in self.problems)])
        groups = self._grouped()
        lines = [self.summary]
        for same in list(groups.values())[:MAX_KINDS]:
            lines.append(kind_line(same, len(same), limit_per_kind))
        if len(groups) > MAX_KINDS:
            lines.append(other_kinds_line(len(groups) - MAX_KINDS))
        return "\n".join(lines)


def kind_line(shown: Sequence[Problem], total: int, limit: int) -> str:
    """One line for a kind of problem: its first, and how many more like it, and where.

    *shown* are the kind's first problems (the places of up to *limit* after the first
    are listed); *total* is how many problems of the kind there are in all.
    """
    first = shown[0]
    line = f"  {first}"
    if total > 1:
        places = [_short(p.where, first.kind[0]) for p in shown[1 : 1 + limit]]
        more = ", …" if total > 1 + limit else ""
        line += f" (and {total - 1:,} more like it: {', '.join(places)}{more})"
    return line


def other_kinds_line(n: int) -> str:
    """Return the line that says *n* more kinds of problem are not shown."""
    return (
        f"  … and {count(n, 'other kind')} of problem; fix these first (is it the right "
        "file, with the right header row and delimiter?)"
    )


def _short(where: str, file: str) -> str:
    """Shorten a place by its file name, which the line already gives."""
    rest = where[len(file) :].lstrip(",: ") if where.startswith(file) else where
    if rest[:1].isdigit():  # a YAML position, line:column
        return f"line {rest}"
    return rest or where


def count(n: int, noun: str) -> str:
    """Return *n* and *noun*, plural unless *n* is 1: ``1 problem``, ``3 problems``."""
    return f"{n:,} {noun}{'s' * (n != 1)}"
