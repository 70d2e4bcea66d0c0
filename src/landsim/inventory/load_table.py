"""One inventory load's table: where a row is, cells typed, columns required, ids, platforms.

:class:`LoadContext` holds the raw table of :func:`landsim.inventory.load.load_inventory`,
the headers chosen and every problem found, and does the cell-level work: typing each
column (:mod:`~landsim.inventory.cast`), naming bad cells by file row and parcel id,
required columns and their empty cells, defaults, duplicate ids, and platforms matched by
id, name or alias (:func:`platform_lookup`).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

import landsim.units as units
from landsim.errors import Problem
from landsim.inventory.cast import NumberFormat, cast
from landsim.inventory.dbf_names import find_cut, name_encoding
from landsim.inventory.findings import Findings, cells
from landsim.inventory.messages import (
    bad_cell_message,
    not_in_file,
    optional_not_in_file,
    parcel_place,
    shortened,
)
from landsim.inventory.readers import RawTable, is_no_header
from landsim.inventory.recognize import propose
from landsim.scenario.columns import BY_NAME, COLUMNS
from landsim.scenario.schema.inventory_spec import InventorySpec
from landsim.scenario.schema.scenario import Platform

#: Output and tax cells may be empty for parcels that produce nothing; they count as 0.
ZERO_IF_INACTIVE = ("output", "tax")
INACTIVE = ("idle", "under_construction")
#: Rows a duplicate id's message lists before it gives their count (assumption: enough
#: to find them in the file; a garbage file repeats one "id" tens of thousands of times).
SHOWN_ROWS = 5


class LoadContext:
    """State of one load: the raw table, the headers chosen, the problems found."""

    def __init__(self, raw: RawTable, spec: InventorySpec) -> None:
        self.raw = raw
        self.spec = spec
        self.problems = Findings(raw.rows)
        self.headers: dict[str, str] = {}
        self.missing_required = False
        self.geometry = raw.geometry
        self.ids: np.ndarray | None = None
        self.numbers = NumberFormat(
            decimal=spec.decimal,
            thousands="" if spec.thousands == "none" else spec.thousands,
            fullwidth=spec.fullwidth_digits,
        )
        self.crs: str | None = None
        self.source_crs: str | None = None
        #: A Shapefile's field-name codec: its names are cut at 10 bytes (else None).
        self.dbf = name_encoding(raw.source, raw.encoding)

    # -- locating -----------------------------------------------------------------
    def where(self, i: int, ids: np.ndarray | None = None) -> str:
        """Return where row *i* is: ``"parcels.csv, row 12"``, with its parcel id if *ids*."""
        place = f"{self._prefix}{self._rows[i]}"
        if ids is not None and isinstance(ids[i], str):
            place += parcel_place(ids[i])
        return place

    @functools.cached_property
    def _prefix(self) -> str:
        """``"parcels.csv, row "``: the start of every place in the file."""
        return f"{self.raw.source.name}, {self.raw.row_word} "

    @functools.cached_property
    def _rows(self) -> list[int]:
        """The file's row numbers as Python ints (quicker to format than numpy's)."""
        return self.raw.rows.tolist()

    def label(self, column: str) -> str:
        """Return how a message names canonical *column*: with the file's header for it."""
        header = self.headers.get(column, column)
        return column if header == column else f"{column} [{header}]"

    def cell_problems(
        self,
        frame: pd.DataFrame,
        mask: np.ndarray,
        column: str,
        message: Callable[[int], str],
        distinct: np.ndarray | None = None,
    ) -> None:
        """Note a problem in *column* for each row of *mask*, worded by *message* when shown.

        *distinct* gives each row's value when different values are different problems
        (unknown platforms), else rows of *mask* are one kind.
        """
        ids = frame["parcel_id"].to_numpy(dtype=object) if "parcel_id" in frame else None
        as_written = self._as_written(column)
        label = self.label(column)

        def describe(i: int) -> Problem:
            value = "" if distinct is None else str(distinct[i])
            return Problem(self.where(i, ids), label, message(i) + as_written(i), value)

        self.problems.add_cells(cells(label, mask, describe, distinct))

    def _as_written(self, column: str) -> Callable[[int], str]:
        """For a converted column, a row's value as the file has it (e.g. '-500 平方米').

        The column is looked up once: a file with millions of bad cells asks for each.
        """
        col = BY_NAME.get(column)
        header = self.headers.get(column)
        if col is None or col.quantity is None or header is None:
            return lambda i: ""
        unit = self.spec.units.columns.get(column, getattr(self.spec.units, col.quantity))
        if units.factor(col.quantity, unit) == 1.0:
            return lambda i: ""  # the same number
        column_cells = self.raw.frame[header]  # only the cells shown are looked up

        def text(i: int) -> str:
            value = column_cells.iloc[i]
            if pd.isna(value) or str(value).strip() == "":
                return ""  # no value to show
            return f" (the file has {value} {unit})"

        return text

    # -- columns ------------------------------------------------------------------
    def typed_frame(self) -> pd.DataFrame:
        """Return the canonical columns typed, recording every bad cell and missing column."""
        raw = self.raw.frame
        mapping = self.spec.columns.model_dump()
        present = {norm_text(h): h for h in map(str, raw.columns)}
        out: dict[str, np.ndarray] = {}
        empties: dict[str, np.ndarray] = {}
        for col in COLUMNS:
            wanted = mapping.get(col.name)
            header = present.get(norm_text(wanted or col.name))
            if header is None and self.dbf is not None:
                header, refused = self._cut_header(col.name, mapping, self.dbf)
                if refused:
                    continue
            if header is None:
                self._missing_column(col.name, wanted, list(map(str, raw.columns)))
                continue
            self.headers[col.name] = header
            result = cast(col, raw[header], self.numbers)
            if col.name == "parcel_id":
                self.ids = result.values
            self._bad_cells(col.name, raw[header], result)
            values = result.values
            if col.quantity is not None:
                unit = self.spec.units.columns.get(col.name, getattr(self.spec.units, col.quantity))
                values = values * units.factor(col.quantity, unit)
            out[col.name] = values
            empties[col.name] = result.empty
        n = len(raw)
        frame = pd.DataFrame({c.name: out.get(c.name, default_array(c.name, n)) for c in COLUMNS})
        self._empty_required(frame, empties)
        self._fill_defaults(frame, empties)
        return frame

    def _cut_header(
        self, name: str, mapping: Mapping[str, str | None], dbf: str
    ) -> tuple[str | None, bool]:
        """Find the Shapefile field that is column *name*'s header cut at 10 bytes.

        Returns the field (or ``None``) and whether it was refused: a field two names
        cut to (a problem, naming both) is read as neither.
        """
        names = {c.name: mapping.get(c.name) or c.name for c in COLUMNS}
        headers = list(map(str, self.raw.frame.columns))
        header, why = find_cut(name, names, headers, dbf)
        if why is None:
            return header, False
        self.problems.append(Problem(str(self.raw.source.name), name, why))
        self.missing_required |= BY_NAME[name].required
        return None, True

    def _bad_cells(self, name: str, raw: pd.Series, result) -> None:
        """Note the cells *result* could not read; each is worded only when it is shown.

        A kind is a reason (numbers) or a value (choices): a garbage file's millions of
        bad cells are counted by kind, not each made a message.
        """
        if not result.bad.any():
            return
        reasons, ids = result.reason, self.ids
        label, choices = self.label(name), BY_NAME[name].choices

        def describe(i: int) -> Problem:
            cell = raw.iloc[i]
            cell = shortened(cell) if isinstance(cell, str) else cell  # a 1 MB cell: 1 MB error
            why = "" if reasons is None else reasons[i]
            message = bad_cell_message(name, cell, why, self.numbers)
            return Problem(self.where(i, ids), label, message, str(cell) if choices else "")

        kinds = raw if choices else reasons
        self.problems.add_cells(cells(label, result.bad, describe, kinds))

    def _missing_column(self, name: str, wanted: str | None, headers: list[str]) -> None:
        col = BY_NAME[name]
        derivable = name in ("area_mu", "x", "y") and self.geometry is not None
        if wanted and (derivable or not col.required):
            # a header the user mapped must be there: a misspelt optional one (far) used to
            # drop out without a word, and a misspelt area gave the polygons' areas
            self.problems.append(
                Problem(
                    str(self.raw.source.name),
                    name,
                    optional_not_in_file(name, wanted, headers, derivable),
                )
            )
            return
        if not col.required or derivable:
            return
        self.missing_required = True
        unnamed = sum(map(is_no_header, headers))
        if unnamed > len(headers) / 2:  # a title above the headers: they are lower down
            what = f"the header {wanted!r}" if wanted else "required column"
            msg = (
                f"{what} not found; the row read as headers looks like a title "
                f"({headers[0]!r}): set inventory.header_row to the row of the headers "
                "(landsim init finds it)"
            )
        elif wanted:
            msg = not_in_file("inventory", name, wanted, headers)
        else:
            found = propose(headers, self.dbf).get(name)
            guess = found.header if found is not None else None
            msg = "required column not found"
            msg += (
                f"; map your header in the scenario, e.g. inventory.columns.{name}: {guess}"
                if guess
                else f"; map one of your headers to it in inventory.columns "
                f"(headers are: {', '.join(headers)})"
            )
        self.problems.append(Problem(str(self.raw.source.name), name, msg))

    def _empty_required(self, frame: pd.DataFrame, empties: dict[str, np.ndarray]) -> None:
        inactive = frame["status"].isin(INACTIVE).to_numpy()
        for col in COLUMNS:
            if not col.required or col.name not in empties:
                continue
            empty = empties[col.name]
            if col.name in ZERO_IF_INACTIVE:
                empty = empty & ~inactive
            if empty.any():
                excel = Path(self.raw.source).suffix.lower() in (".xlsx", ".xlsm")
                # error cells are refused on reading; a formula Excel never computed is empty
                why = "empty (or a formula without a saved value)" if excel else "empty"
                self.cell_problems(
                    frame,
                    empty,
                    col.name,
                    lambda i, why=why: f"{why}; every parcel needs a value here",
                )

    def _fill_defaults(self, frame: pd.DataFrame, empties: dict[str, np.ndarray]) -> None:
        # whole columns are replaced, never written into: arrays from pandas may be read-only
        inactive = frame["status"].isin(INACTIVE).to_numpy()
        for col in COLUMNS:
            name = col.name
            if name in ZERO_IF_INACTIVE:
                frame[name] = frame[name].where(~(inactive & frame[name].isna().to_numpy()), 0.0)
            elif not col.required and col.default is not None and name in empties:
                if col.dtype in ("float", "int"):
                    frame[name] = frame[name].fillna(col.default)
                else:
                    filled = frame[name].where(~empties[name], col.default)
                    if col.dtype == "bool" and filled.notna().all():  # 1 byte a cell, not 8
                        filled = filled.astype(bool)
                    frame[name] = filled

    # -- rules needing more than one column --------------------------------------------
    def check_unique_ids(self, frame: pd.DataFrame) -> None:
        """Record each parcel id found on more than one row, with (some of) its rows."""
        ids = frame["parcel_id"]
        dup = ids.duplicated(keep=False).to_numpy() & ids.notna().to_numpy()
        if not dup.any():
            return
        rows = self.raw.rows
        for pid, idx in frame.index[dup].groupby(ids[dup]).items():
            where = ", ".join(str(rows[i]) for i in idx[:SHOWN_ROWS])
            if len(idx) > SHOWN_ROWS:
                where += f", … {len(idx):,} in all"
            self.problems.append(
                Problem(
                    f"{self.raw.source.name}, {self.raw.row_word} {rows[idx[1]]}",
                    self.label("parcel_id"),
                    f"duplicate parcel id {pid!r} ({self.raw.row_word}s {where}); "
                    "ids must be unique",
                )
            )

    def normalize_platforms(self, frame: pd.DataFrame, platforms: Mapping[str, Platform]) -> None:
        """Replace each platform spelling by its id; record the spellings no platform has."""
        lookup = platform_lookup(platforms)
        values = frame["platform"]
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        found = [lookup.get(norm_text(v).lower()) if isinstance(v, str) else None for v in uniques]
        keys = pd.Series(np.array([*found, None], dtype=object)[codes], index=values.index)
        unknown = keys.isna().to_numpy() & values.notna().to_numpy()
        if unknown.any():
            allowed = "; ".join(f"{pid} ({p.name.zh})" for pid, p in platforms.items())
            v = values.to_numpy(dtype=object)
            self.cell_problems(
                frame,
                unknown,
                "platform",
                lambda i: (
                    f"unknown platform {v[i]!r}; use one of: {allowed} — "
                    "or add it to the scenario's platforms (aliases: [...])"
                ),
                distinct=v,
            )
        frame["platform"] = keys.where(~pd.Series(unknown), values)


def platform_lookup(platforms: Mapping[str, Platform]) -> dict[str, str]:
    """Map each spelling of every platform (id, names, aliases; normalized, lower) to its id."""
    lookup: dict[str, str] = {}
    for pid, p in platforms.items():
        for spelling in (pid, p.name.zh, p.name.en, *p.aliases):
            lookup[norm_text(spelling).lower()] = pid
    return lookup


def default_array(name: str, n: int) -> np.ndarray:
    """Return *n* cells of column *name*'s default (NaN for a number without one)."""
    col = BY_NAME[name]
    if col.dtype in ("float", "int"):
        return np.full(n, np.nan if col.default is None else col.default, dtype=float)
    if col.dtype == "bool" and col.default is not None:
        return np.full(n, bool(col.default), dtype=bool)
    return np.full(n, col.default, dtype=object)


def norm_text(text: object) -> str:
    """Return *text* in NFKC form (full-width letters and digits as ASCII), stripped."""
    return unicodedata.normalize("NFKC", str(text)).strip()
