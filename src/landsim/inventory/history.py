"""Load a treatment history (what the district really did) — all or nothing, like the inventory.

The file is read by the inventory's readers (encodings, title rows, Excel, Parquet), its
headers are mapped by ``history.columns`` (canonical names and the template's Chinese
headers need no mapping), cells are typed by the inventory's number rules, and every row
is checked against the inventory and the back-test's years
(:mod:`landsim.inventory.history_checks`). A history with any problem produces no
:class:`History`: every problem is raised together, each naming the file row, the
parcel id and the column. Bad cells are kept as positions and kinds and worded only
when shown (:mod:`landsim.inventory.findings`): a garbage file's millions of bad cells are
counted by kind, not each made a message.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from landsim.errors import InputError, LandsimWarning, Problem
from landsim.inventory import history_checks
from landsim.inventory.footer import without_footer
from landsim.inventory.history_table import HistoryTable, header_of, read
from landsim.inventory.load import Inventory
from landsim.inventory.messages import shortened
from landsim.inventory.totals import without_totals
from landsim.scenario.schema.history_spec import (
    HISTORY_BY_NAME,
    HISTORY_COLUMNS,
    HistorySpec,
)

#: Columns of :attr:`History.events`, besides the history's own.
EVENT_COLUMNS = ("parcel", "row")


class HistoryWarning(LandsimWarning):
    """A treatment history that can be read but may not mean what the back-test assumes."""


@dataclass(frozen=True)
class History:
    """A validated treatment history.

    Attributes
    ----------
    events
        One row per treatment, in file order: ``parcel`` (the parcel's position in the
        inventory), ``row`` (its row in the file), and the history columns
        (``parcel_id``, ``treatment``, ``year``, ``compensation`` in 万元,
        ``new_industry``, ``year_transfer``, ``year_production``; empty where the file
        has no such column or cell).
    source
        The file it came from.
    start, end
        The back-test's first and last year; the inventory describes ``start − 1``.
    headers
        The file header used for each history column the file has.
    encoding
        Text encoding used to read the file, if it was text.
    """

    events: pd.DataFrame
    source: Path
    start: int
    end: int
    headers: Mapping[str, str] = field(default_factory=dict)
    encoding: str | None = None

    def has(self, column: str) -> bool:
        """Whether the file had *column* (e.g. ``"year_transfer"``)."""
        return column in self.headers

    def years(self, treatment: str, n: int) -> np.ndarray:
        """Year of *treatment* for each of *n* parcels (inventory order); −1 where none."""
        out = np.full(n, -1, dtype=np.int64)
        ev = self.events[self.events["treatment"] == treatment]
        out[ev["parcel"].to_numpy(dtype=np.int64)] = ev["year"].to_numpy(dtype=np.int64)
        return out

    def land_years(self, column: str, n: int) -> np.ndarray:
        """``year_transfer`` or ``year_production`` of each parcel's land; −1 where none."""
        out = np.full(n, -1, dtype=np.int64)
        ev = self.events[self.events["treatment"].isin(("vacate", "reactivate"))]
        values = ev[column].to_numpy(dtype=float, na_value=np.nan)
        known = ~np.isnan(values)
        out[ev["parcel"].to_numpy(dtype=np.int64)[known]] = values[known].astype(np.int64)
        return out

    def within(self, start: int, end: int) -> History:
        """Return the treatments of years *start*–*end* (for a holdout year, say)."""
        keep = self.events["year"].between(start, end).to_numpy()
        return dataclasses.replace(self, events=self.events[keep].reset_index(drop=True))


def load_history(spec: HistorySpec, inventory: Inventory, start: int, end: int) -> History:
    """Read and validate the treatment history described by *spec*.

    Parameters
    ----------
    spec
        The scenario's ``history`` section (its ``path`` set, e.g. from ``--history``).
    inventory
        The inventory the history's parcel ids refer to; it describes ``start − 1``.
    start, end
        The back-test's years: every treatment must lie in them.

    Raises
    ------
    InputError
        With every problem found; nothing is returned for a history with problems.
    """
    raw = read(spec)
    if len(raw.frame) == 0:
        headers = ", ".join(shortened(str(h)) for h in raw.frame.columns) or "none"
        raise InputError(
            f"{raw.source}: the history has no treatments",
            [
                Problem(
                    raw.source.name,
                    "history.path",
                    f"the file has headers ({headers}) but no rows of data; "
                    "check that this is the right file (and sheet, history.sheet)",
                )
            ],
        )
    # totals rows (合计) are named, notes below the table (填表人：…) left out, as for the
    # inventory; a history with only those has no treatments
    id_header = header_of(HISTORY_BY_NAME["parcel_id"], spec, list(map(str, raw.frame.columns)))
    raw, totals = without_totals(raw, id_header, "treatment")
    raw = without_footer(raw, id_header, "treatment")
    ctx = HistoryTable(raw, spec)
    ctx.problems.extend(totals)
    frame = ctx.typed_frame()
    if not ctx.missing_required:
        frame = _with_parcels(frame, inventory).assign(row=raw.rows)
        parcels = inventory.parcels
        window = history_checks.Window(
            start, end, parcels["area_mu"].to_numpy(float), parcels["parcel_id"], inventory.source
        )
        for rule in history_checks.RULES:
            for mask, column, message in rule(frame, window):
                ctx.cell_problems(frame, mask, column, message)
        if not ctx.problems:  # a file with problems may have lost its later rows
            _warn_after_the_last(frame, raw.source.name, end)
    if ctx.problems:
        n = len(ctx.problems)
        raise ctx.problems.error(
            f"{raw.source}: {n:,} problem{'s' * (n != 1)} in the treatment history"
        )
    events = frame[[*EVENT_COLUMNS, *(c.name for c in HISTORY_COLUMNS)]]
    return History(events, raw.source, start, end, ctx.headers, raw.encoding)


def _warn_after_the_last(frame: pd.DataFrame, source: str, end: int) -> None:
    """Warn of back-test years after the history's last treatment.

    They are scored as years in which nothing was done: --to 2026 on a history of
    2022–2024 lowered the figure of merit from 0.88 to 0.66 without a word. A warning,
    not a refusal: a programme may really have done nothing in its last years.
    """
    years = frame["year"].to_numpy(dtype=float)
    years = years[np.isfinite(years)]
    if not years.size or years.max() >= end:
        return
    last = int(years.max())
    span = f"{last + 1}" if last + 1 == end else f"{last + 1}–{end}"
    warnings.warn(
        f"{source}: the history's last treatment is in {last}, but the back-test runs to "
        f"{end}: {span} is scored as a time when nothing was done. If the history stops "
        f"in {last}, back-test to {last} (--to {last})",
        HistoryWarning,
        stacklevel=3,
    )


def _with_parcels(frame: pd.DataFrame, inventory: Inventory) -> pd.DataFrame:
    """Add each treatment's parcel position in the inventory (−1: not in it)."""
    ids = inventory.parcels["parcel_id"].astype(str)
    position = pd.Series(np.arange(len(ids)), index=ids.to_numpy())
    parcel = frame["parcel_id"].map(position)
    return frame.assign(parcel=parcel.fillna(-1).astype(np.int64).to_numpy())
