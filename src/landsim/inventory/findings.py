"""The problems of one inventory: every one counted, and worded only as far as shown.

A column of bad cells is kept as the cells' positions and a code per cell for its kind
(:class:`Cells`), and each problem is worded from its position only when it is shown.
Up to :data:`LISTED` problems, every one is worded and the error is the usual
:class:`~landsim.errors.InputError`. Past that (50 MB of garbage rows under a valid
header have millions of bad cells: a Python object and a message for each took 2.5 GB
and half a minute), the error is a :class:`CountedError`: the first problems of the
first kinds, each kind's count, and the count of every column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from landsim.errors import MAX_KINDS, InputError, Problem, kind_line, other_kinds_line

#: Problems an error lists one by one; past that, each kind's first few and its count
#: (assumption: far more than anyone reads, few enough to word in a tenth of a second).
LISTED = 10_000
#: Problems a kind keeps when they are counted: its first and the 3 its line shows after it.
SHOWN = 4

#: A row's number in a problem's place.
_ROW = re.compile(r"(?:row|feature|line) (\d+)")


def row_of(problem: Problem) -> int:
    """Row number in a problem's place (0 for whole-file problems), to list problems in order."""
    match = _ROW.search(problem.where)
    return int(match.group(1)) if match else 0


@dataclass(frozen=True)
class Cells:
    """Cells of one column that share a check: where they are, their kinds, their words.

    Attributes
    ----------
    field
        The column as problems name it (``area_mu [用地面积]``).
    at
        The cells' positions in the table, increasing.
    kinds
        A code for each cell: cells of one code are one kind of problem (one reason,
        or one unknown value).
    describe
        The problem of the cell at a position.
    """

    field: str
    at: np.ndarray
    kinds: np.ndarray
    describe: Callable[[int], Problem]


def cells(
    field: str, mask: np.ndarray, describe: Callable[[int], Problem], kinds: object = None
) -> Cells:
    """Build :class:`Cells` for the cells of *mask*.

    *kinds* gives each table row's kind (any values: equal values are one kind), or
    ``None`` when every cell has the same kind.
    """
    at = np.flatnonzero(mask)
    if kinds is None:
        codes = np.zeros(at.size, dtype=np.int64)
    else:
        picked = kinds.iloc[at] if isinstance(kinds, pd.Series) else np.asarray(kinds)[at]
        codes = pd.factorize(picked, use_na_sentinel=False)[0]
    return Cells(field, at, codes, describe)


class Findings:
    """The problems found in one table, in the order found.

    Parameters
    ----------
    rows
        The table's row numbers in the file, to order problems by.
    """

    def __init__(self, rows: np.ndarray) -> None:
        self.rows = np.asarray(rows)
        self._found: list[Problem | Cells] = []
        self._total = 0

    def __len__(self) -> int:
        """Return the number of problems, every cell counted."""
        return self._total

    def append(self, problem: Problem) -> None:
        """Add one problem."""
        self._found.append(problem)
        self._total += 1

    def extend(self, problems: Iterable[Problem]) -> None:
        """Add problems one by one."""
        for p in problems:
            self.append(p)

    def add_cells(self, found: Cells) -> None:
        """Add the problems of many cells, worded later and only as far as shown."""
        if found.at.size:
            self._found.append(found)
            self._total += int(found.at.size)

    def error(self, summary: str) -> InputError:
        """Return the error that lists (or, past :data:`LISTED`, counts) the problems."""
        if self._total <= LISTED:
            every = [p for f in self._found for p in _worded(f)]
            return InputError(summary, sorted(every, key=row_of))
        return CountedError(summary, *self._kinds())

    def _kinds(self) -> tuple[list[Kind], int, dict[str, int]]:
        """Return the first :data:`MAX_KINDS` kinds, how many more, and counts by field."""
        singles: dict[tuple[str, str, str], list[Problem]] = {}
        by_field: dict[str, int] = {}
        starts: list[tuple[np.ndarray, ...]] = []  # each kind's first row, source and code
        for order, f in enumerate(self._found):
            if isinstance(f, Problem):
                by_field[f.field] = by_field.get(f.field, 0) + 1
                same = singles.setdefault(f.kind, [])
                if not same:
                    starts.append((np.array([row_of(f)]), np.array([order]), np.zeros(1, int)))
                same.append(f)
                continue
            by_field[f.field] = by_field.get(f.field, 0) + int(f.at.size)
            codes, first = np.unique(f.kinds, return_index=True)
            starts.append((self.rows[f.at[first]], np.full(codes.size, order), codes))
        row, order, code = (np.concatenate(a) for a in zip(*starts, strict=True))
        firsts = np.lexsort((order, row))[:MAX_KINDS]  # by row, then in the order found
        kinds = [_kind(self._found[order[k]], int(code[k]), singles) for k in firsts.tolist()]
        return kinds, row.size - len(kinds), by_field


def _worded(found: Problem | Cells) -> list[Problem]:
    if isinstance(found, Problem):
        return [found]
    return [found.describe(i) for i in found.at.tolist()]


def _kind(
    source: Problem | Cells, code: int, singles: Mapping[tuple[str, str, str], list[Problem]]
) -> Kind:
    if isinstance(source, Problem):
        same = singles[source.kind]
        return Kind(tuple(same[:SHOWN]), len(same))
    at = source.at[source.kinds == code]
    return Kind(tuple(source.describe(i) for i in at[:SHOWN].tolist()), int(at.size))


@dataclass(frozen=True)
class Kind:
    """One kind of problem: its first problems in file order, and how many there are."""

    shown: tuple[Problem, ...]
    count: int


class CountedError(InputError):
    """An error with too many problems to word each: its first kinds, every one counted.

    Parameters
    ----------
    summary
        One line saying which input failed and how many problems it has.
    kinds
        The first kinds of problem in file order (at most :data:`~landsim.errors.MAX_KINDS`).
    more_kinds
        How many kinds follow them.
    by_field
        How many problems each column (or field) has.

    ``problems`` holds the problems shown: the first few of each kind.
    """

    def __init__(
        self,
        summary: str,
        kinds: Sequence[Kind],
        more_kinds: int,
        by_field: Mapping[str, int],
    ) -> None:
        self.kinds = tuple(kinds)
        self.more_kinds = more_kinds
        self.by_field = dict(by_field)
        super().__init__(summary, [p for k in self.kinds for p in k.shown])

    def preceded_by(self, problems: Sequence[Problem]) -> CountedError:
        """Return this error with *problems* listed first, each a kind of its own."""
        by_field = dict(self.by_field)
        for p in problems:
            by_field[p.field] = by_field.get(p.field, 0) + 1
        kinds = [*(Kind((p,), 1) for p in problems), *self.kinds]
        spill = max(len(kinds) - MAX_KINDS, 0)
        return CountedError(self.summary, kinds[:MAX_KINDS], self.more_kinds + spill, by_field)

    def render(self, limit_per_kind: int | None = 3) -> str:
        """Render the summary, one line per kind with its count, and the count by column.

        Parameters
        ----------
        limit_per_kind
            How many further places a kind's line lists (at most ``SHOWN - 1``).
            ``None`` prints every problem kept on its own line.
        """
        lines = [self.summary]
        if limit_per_kind is None:
            lines += [f"  {p}" for p in self.problems]
        else:
            lines += [kind_line(k.shown, k.count, limit_per_kind) for k in self.kinds]
        if self.more_kinds or limit_per_kind is None:
            file = self.kinds[0].shown[0].kind[0] if self.kinds else ""
            counts = "; ".join(f"{f or 'file'} {n:,}" for f, n in self.by_field.items())
            lines.append(f"  {file}: problems by column: {counts}")
        if self.more_kinds:
            lines.append(other_kinds_line(self.more_kinds))
        return "\n".join(lines)
