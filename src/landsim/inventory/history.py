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
import unicodedata
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

import landsim.units as units
from landsim.errors import InputError, LandsimWarning, Problem
from landsim.inventory import history_checks
from landsim.inventory.cast import Cast, NumberFormat, cast
from landsim.inventory.excel_merges import TableColumns
from landsim.inventory.findings import Findings, cells
from landsim.inventory.footer import without_footer
from landsim.inventory.load import Inventory
from landsim.inventory.messages import bad_cell_message, not_in_file, parcel_place, shortened
from landsim.inventory.readers import RawTable, read_raw
from landsim.inventory.totals import without_totals
from landsim.scenario.columns import Column
from landsim.scenario.schema.history_spec import (
    HISTORY_BY_NAME,
    HISTORY_COLUMNS,
    TREATMENT_WORDS,
    HistorySpec,
)
from landsim.scenario.schema.inventory_spec import InventorySpec

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
    raw = _read(spec)
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
    id_header = _header_of(HISTORY_BY_NAME["parcel_id"], spec, list(map(str, raw.frame.columns)))
    raw, totals = without_totals(raw, id_header, "treatment")
    raw = without_footer(raw, id_header, "treatment")
    ctx = _Context(raw, spec)
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


def _read(spec: HistorySpec) -> RawTable:
    """Read the file with the inventory's readers; their messages name ``history`` keys."""
    if spec.path is None:
        raise InputError(
            "no treatment history given",
            [
                Problem(
                    "",
                    "history.path",
                    "give the file with --history FILE, or set history.path in the scenario",
                )
            ],
        )
    reading = InventorySpec(
        path=spec.path,
        format=spec.format,
        encoding=spec.encoding,
        delimiter=spec.delimiter,
        sheet=spec.sheet,
        header_row=spec.header_row,
    )
    try:
        return read_raw(reading, table=_table_columns(spec))
    except InputError as exc:
        raise InputError(
            _as_history(exc.summary),
            [
                Problem(p.where, _as_history(p.field), _as_history(p.message), p.distinct)
                for p in exc.problems
            ],
        ) from None


def _table_columns(spec: HistorySpec) -> TableColumns:
    """Say what a workbook's columns are read as, for its merged cells: the history's.

    A sum paid merged down over several treatments is refused, as an amount merged down
    in the inventory is; parcel ids, words and years merged down are read in every row.
    """

    def read_as(headers: list[str]) -> dict[int, str]:
        at = {h: j for j, h in enumerate(headers)}
        found = {c.name: _header_of(c, spec, headers) for c in HISTORY_COLUMNS}
        return {at[h]: name for name, h in found.items() if h is not None}

    return TableColumns(read_as, HISTORY_BY_NAME, "treatment")


def _header_of(col: Column, spec: HistorySpec, headers: list[str]) -> str | None:
    """Return the file's header of history column *col*, if the file has it.

    The header mapped in ``history.columns``; else the canonical name or the template's
    Chinese header (the first of ``col.zh``), after Unicode normalization.
    """
    wanted = spec.columns.model_dump().get(col.name)
    names = [wanted] if wanted else [col.name, col.zh[0]]
    present = {_norm(h): h for h in headers}
    return next((present[_norm(n)] for n in names if _norm(n) in present), None)


def _as_history(text: str) -> str:
    """Reword an inventory reader's message for the history file."""
    return text.replace("inventory", "history")


class _Context:
    """State of one load: the raw table, the headers chosen, the problems found."""

    def __init__(self, raw: RawTable, spec: HistorySpec) -> None:
        self.raw = raw
        self.spec = spec
        self.problems = Findings(raw.rows)
        self.headers: dict[str, str] = {}
        self.missing_required = False
        self.numbers = NumberFormat(
            decimal=spec.decimal,
            thousands="" if spec.thousands == "none" else spec.thousands,
            fullwidth=spec.fullwidth_digits,
        )
        self.ids: np.ndarray | None = None
        self.columns = {c.name: c for c in HISTORY_COLUMNS}
        self.columns["treatment"] = _treatment_column(spec)

    def where(self, i: int) -> str:
        place = f"{self.raw.source.name}, {self.raw.row_word} {self.raw.rows[i]}"
        if self.ids is not None and isinstance(self.ids[i], str):
            place += parcel_place(self.ids[i])
        return place

    def label(self, column: str) -> str:
        header = self.headers.get(column, column)
        return column if header == column else f"{column} [{header}]"

    def cell_problems(
        self, frame: pd.DataFrame, mask: np.ndarray, column: str, message: Callable[[int], str]
    ) -> None:
        """Note a problem in *column* for each row of *mask*, worded by *message* when shown."""
        label = self.label(column)
        self.problems.add_cells(
            cells(label, mask, lambda i: Problem(self.where(i), label, message(i)))
        )

    def typed_frame(self) -> pd.DataFrame:
        raw = self.raw.frame
        mapping = self.spec.columns.model_dump()
        headers = list(map(str, raw.columns))
        out: dict[str, np.ndarray] = {}
        for col in self.columns.values():
            header = _header_of(col, self.spec, headers)
            if header is None:
                self._missing_column(col, mapping.get(col.name), headers)
                continue
            self.headers[col.name] = header
            out[col.name] = self._typed(col, raw[header])
        n = len(raw)
        return pd.DataFrame(
            {
                c.name: out.get(c.name, np.full(n, np.nan if c.dtype in ("int", "float") else None))
                for c in HISTORY_COLUMNS
            }
        )

    def _typed(self, col: Column, raw: pd.Series) -> np.ndarray:
        result = cast(col, raw, self.numbers)
        if col.name == "parcel_id":
            self.ids = result.values
        self._bad_cells(col, raw, result)
        if col.required and result.empty.any():
            label = self.label(col.name)
            empty = Problem("", label, "empty; every treatment needs a value here")

            def placed(i: int) -> Problem:
                return dataclasses.replace(empty, where=self.where(i))

            self.problems.add_cells(cells(label, result.empty, placed))
        values = result.values
        if col.quantity is not None:
            values = values * units.factor(col.quantity, self.spec.units.money)
        return values

    def _bad_cells(self, col: Column, raw: pd.Series, result: Cast) -> None:
        """Note the cells *result* could not read; each is worded only when it is shown.

        A kind is a reason (numbers) or a word (treatments), as the worded messages group.
        """
        if not result.bad.any():
            return
        reasons, label = result.reason, self.label(col.name)

        def describe(i: int) -> Problem:
            cell = raw.iloc[i]
            value = shortened(cell) if isinstance(cell, str) else cell
            if col.name == "treatment":
                return Problem(self.where(i), label, _unknown_treatment(value))
            why = "" if reasons is None else reasons[i]
            message = bad_cell_message(col.name, value, why, self.numbers, col)
            return Problem(self.where(i), label, _as_history(message))

        kinds = raw if col.name == "treatment" else reasons
        self.problems.add_cells(cells(label, result.bad, describe, kinds))

    def _missing_column(self, col: Column, wanted: str | None, headers: list[str]) -> None:
        # a header the user mapped must be there, required or not: an optional column
        # mapped to a misspelt header used to drop out without a word (money paid, years)
        if not col.required and not wanted:
            return
        self.missing_required |= col.required
        if wanted:
            msg = not_in_file("history", col.name, wanted, headers)
            if not col.required:
                msg += f" (the column is optional: remove history.columns.{col.name} to go without)"
        else:
            guess = _guess_header(col, headers)
            listed = ", ".join(map(shortened, headers))
            msg = (
                f"required column not found; map your header in the scenario, e.g. "
                f"history.columns.{col.name}: {guess}"
                if guess
                else f"required column not found; name it {col.name} or {col.zh[0]}, or map "
                f"your header in history.columns (headers are: {listed})"
            )
        self.problems.append(Problem(self.raw.source.name, col.name, msg))


def _treatment_column(spec: HistorySpec) -> Column:
    """Return the treatment column with the district's own words (``history.treatments``)."""
    base = next(c for c in HISTORY_COLUMNS if c.name == "treatment")
    words = {k: list(v) for k, v in TREATMENT_WORDS.items()}
    for word, treatment in spec.treatments.items():
        words[treatment].append(_norm(word))
    return dataclasses.replace(base, choices={k: tuple(v) for k, v in words.items()})


def _unknown_treatment(value: object) -> str:
    options = "; ".join(f"{k} ({'、'.join(v[2:5])}, …)" for k, v in TREATMENT_WORDS.items())
    return (
        f"unknown treatment {value!r}; use vacate, upgrade or reactivate or a usual word for "
        f"them ({options}), or say what it means in the scenario, e.g. "
        f"history.treatments: {{{value}: vacate}}"
    )


def _guess_header(col: Column, headers: list[str]) -> str | None:
    words = [_norm(w).lower() for w in (*col.zh, *col.en)]
    for header in headers:
        text = _norm(header).lower()
        if any(w in text for w in words):
            return header
    return None


def _with_parcels(frame: pd.DataFrame, inventory: Inventory) -> pd.DataFrame:
    """Add each treatment's parcel position in the inventory (−1: not in it)."""
    ids = inventory.parcels["parcel_id"].astype(str)
    position = pd.Series(np.arange(len(ids)), index=ids.to_numpy())
    parcel = frame["parcel_id"].map(position)
    return frame.assign(parcel=parcel.fillna(-1).astype(np.int64).to_numpy())


def _norm(text: object) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip()
