"""The cells of a treatment history: read with the inventory's readers, headers, types.

:func:`read` reads the file (encodings, title rows, Excel, Parquet, merged cells) with
the inventory's readers, their messages reworded for ``history`` keys;
:class:`HistoryTable` maps its headers (``history.columns``, the canonical names or the
template's Chinese headers) and types its cells by the inventory's number rules,
collecting every problem with the file row and the parcel id.
:mod:`landsim.inventory.history` checks the rows against the inventory and the years.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np
import pandas as pd

import landsim.units as units
from landsim.errors import InputError, Problem
from landsim.inventory.cast import Cast, NumberFormat, cast
from landsim.inventory.excel_merges import TableColumns
from landsim.inventory.findings import Findings, cells
from landsim.inventory.load_table import norm_text
from landsim.inventory.messages import bad_cell_message, not_in_file, parcel_place, shortened
from landsim.inventory.readers import RawTable, read_raw
from landsim.scenario.columns import Column
from landsim.scenario.schema.history_spec import (
    HISTORY_BY_NAME,
    HISTORY_COLUMNS,
    TREATMENT_WORDS,
    HistorySpec,
)
from landsim.scenario.schema.inventory_spec import InventorySpec


def read(spec: HistorySpec) -> RawTable:
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
        found = {c.name: header_of(c, spec, headers) for c in HISTORY_COLUMNS}
        return {at[h]: name for name, h in found.items() if h is not None}

    return TableColumns(read_as, HISTORY_BY_NAME, "treatment")


def header_of(col: Column, spec: HistorySpec, headers: list[str]) -> str | None:
    """Return the file's header of history column *col*, if the file has it.

    The header mapped in ``history.columns``; else the canonical name or the template's
    Chinese header (the first of ``col.zh``), after Unicode normalization.
    """
    wanted = spec.columns.model_dump().get(col.name)
    names = [wanted] if wanted else [col.name, col.zh[0]]
    present = {norm_text(h): h for h in headers}
    return next((present[norm_text(n)] for n in names if norm_text(n) in present), None)


def _as_history(text: str) -> str:
    """Reword an inventory reader's message for the history file."""
    return text.replace("inventory", "history")


class HistoryTable:
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
        """Where row *i* is: the file, its row as the file numbers it, the parcel id."""
        place = f"{self.raw.source.name}, {self.raw.row_word} {self.raw.rows[i]}"
        if self.ids is not None and isinstance(self.ids[i], str):
            place += parcel_place(self.ids[i])
        return place

    def label(self, column: str) -> str:
        """Name *column* as a problem does: with the file's header when it differs."""
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
        """Return the history's columns typed; bad cells and missing columns are noted."""
        raw = self.raw.frame
        mapping = self.spec.columns.model_dump()
        headers = list(map(str, raw.columns))
        out: dict[str, np.ndarray] = {}
        for col in self.columns.values():
            header = header_of(col, self.spec, headers)
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
        words[treatment].append(norm_text(word))
    return dataclasses.replace(base, choices={k: tuple(v) for k, v in words.items()})


def _unknown_treatment(value: object) -> str:
    options = "; ".join(f"{k} ({'、'.join(v[2:5])}, …)" for k, v in TREATMENT_WORDS.items())
    return (
        f"unknown treatment {value!r}; use vacate, upgrade or reactivate or a usual word for "
        f"them ({options}), or say what it means in the scenario, e.g. "
        f"history.treatments: {{{value}: vacate}}"
    )


def _guess_header(col: Column, headers: list[str]) -> str | None:
    words = [norm_text(w).lower() for w in (*col.zh, *col.en)]
    for header in headers:
        text = norm_text(header).lower()
        if any(w in text for w in words):
            return header
    return None
