"""Load a parcel inventory: read, map headers, cast, convert units, check — all or nothing.

An inventory with any problem produces no :class:`Inventory` at all: every problem is
collected and raised together, each naming the file row, the parcel id and the column.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

import landsim.units as units
from landsim.errors import InputError, Problem
from landsim.inventory import checks
from landsim.inventory.area_check import compare_areas
from landsim.inventory.cast import NumberFormat, cast
from landsim.inventory.findings import Findings, cells
from landsim.inventory.geometry import Geometry
from landsim.inventory.messages import (
    bad_cell_message,
    no_rows_error,
    not_in_file,
    optional_not_in_file,
    parcel_place,
    shortened,
)
from landsim.inventory.readers import RawTable, is_no_header, read_raw
from landsim.inventory.recognize import propose
from landsim.inventory.spatial import place
from landsim.inventory.totals import totals_rows
from landsim.memory import give_back
from landsim.scenario.columns import ABOVE_SIZE_REVENUE, BY_NAME, COLUMNS, Column
from landsim.scenario.schema.inventory_spec import InventorySpec
from landsim.scenario.schema.scenario import Platform, Scenario

#: Output and tax cells may be empty for parcels that produce nothing; they count as 0.
ZERO_IF_INACTIVE = ("output", "tax")
INACTIVE = ("idle", "under_construction")
#: The one text column whose values are all distinct; every other one holds few.
UNIQUE = "parcel_id"
#: Rows a duplicate id's message lists before it gives their count (assumption: enough
#: to find them in the file; a garbage file repeats one "id" tens of thousands of times).
SHOWN_ROWS = 5


@dataclass(frozen=True)
class Inventory:
    """A validated parcel inventory in canonical columns and units.

    Attributes
    ----------
    parcels
        One row per parcel, canonical columns (see ``docs/columns.md``), file order.
    source
        The file it came from.
    rows
        For each parcel, its row (or feature) number in the file.
    row_word
        ``"row"`` or ``"feature"``.
    headers
        The file header used for each canonical column.
    geometry
        Polygons or points, if the file had them.
    encoding
        Text encoding used to read the file, if it was text.
    file_headers
        Every header of the file, mapped or not, in file order.
    crs
        The CRS of the geometry and of x/y (``EPSG:4549``), after any projection on load;
        ``None`` when the input named none (its metres are used as they are).
    source_crs
        The input's own CRS, in which results are written back to GIS files.
    """

    parcels: pd.DataFrame
    source: Path
    rows: np.ndarray
    row_word: str = "row"
    headers: Mapping[str, str] = field(default_factory=dict)
    geometry: Geometry | None = None
    encoding: str | None = None
    file_headers: tuple[str, ...] = ()
    crs: str | None = None
    source_crs: str | None = None

    @property
    def n(self) -> int:
        """Number of parcels."""
        return len(self.parcels)

    @property
    def has_coordinates(self) -> bool:
        """Whether every parcel has x/y."""
        p = self.parcels
        return bool(len(p)) and not (p["x"].isna().any() or p["y"].isna().any())


def load_inventory(
    spec: InventorySpec | Scenario | str | Path, platforms: Mapping[str, Platform] | None = None
) -> Inventory:
    """Read and validate the inventory described by *spec*.

    Parameters
    ----------
    spec
        The scenario's ``inventory`` section; or a scenario (a :class:`Scenario`, or the
        path of its YAML file), whose inventory is read with its platforms.
    platforms
        The scenario's platforms; each parcel's platform is matched to one of them by id,
        name or alias and replaced by its id. ``None`` keeps the values as they are (or,
        for a scenario, takes its platforms).

    Raises
    ------
    InputError
        With every problem found; nothing is returned for an inventory with problems.
    TypeError
        When *spec* is none of these, e.g. the path of a parcel file itself.
    """
    spec, platforms = _inventory_of(spec, platforms)
    raw = read_raw(spec, _dtypes(spec))
    typed = raw.typed
    give_back()  # the parser's scratch memory
    try:
        return _load(raw, spec, platforms)
    except InputError:
        if not typed:
            raise
    finally:
        del raw
        give_back()
    # cells were read as numbers: read the text again, so messages quote it as written
    return _load(read_raw(spec), spec, platforms)


def _inventory_of(
    spec: InventorySpec | Scenario | str | Path, platforms: Mapping[str, Platform] | None
) -> tuple[InventorySpec, Mapping[str, Platform] | None]:
    """Return the inventory section and platforms of what :func:`load_inventory` was given."""
    if isinstance(spec, str | Path) and Path(spec).suffix.lower() in (".yaml", ".yml"):
        from landsim.scenario import load_scenario

        spec = load_scenario(spec)
    if isinstance(spec, Scenario):
        return spec.inventory, spec.platforms if platforms is None else platforms
    if isinstance(spec, InventorySpec):
        return spec, platforms
    raise TypeError(
        f"load_inventory takes a scenario (the path of its YAML file, or "
        f"landsim.load_scenario(...)) or its .inventory section, not {spec!r}; "
        "for a parcel file of your own, write a scenario for it with `landsim init FILE`"
    )


def _dtypes(spec: InventorySpec) -> dict[str, str]:
    """Return how to read each canonical column, by its (normalized) header in the file.

    Numbers as numbers. Parcel ids are all distinct: text. Every other text column holds
    few distinct values (platforms, towns, industries, statuses): categories.
    """
    mapping = spec.columns.model_dump()
    return {
        _norm(mapping.get(c.name) or c.name): "float64"
        if c.dtype in ("float", "int")
        else "category"
        for c in COLUMNS
        if c.name != UNIQUE
    }


def _few_values(col: Column) -> bool:
    """Whether a column is text with few distinct values (kept as a categorical)."""
    return col.dtype in ("str", "category") and col.name != UNIQUE


def _load(
    raw: RawTable, spec: InventorySpec, platforms: Mapping[str, Platform] | None
) -> Inventory:
    if len(raw.frame) == 0:
        raise no_rows_error(raw.source, list(map(str, raw.frame.columns)))
    raw, totals = _without_totals(raw, spec)
    ctx = _Context(raw, spec)
    ctx.problems.extend(totals)
    frame = ctx.typed_frame()
    give_back()  # the cells' intermediate arrays
    if not ctx.missing_required:
        _derive(frame, raw.geometry, ctx)
        ctx.check_unique_ids(frame)
        if platforms is not None:
            ctx.normalize_platforms(frame, platforms)
        limits = spec.plausible
        extra = [
            checks.plausible(limits),
            checks.coordinate_range(limits.max_coordinate),
        ]
        for rule in [*checks.RULES, *extra]:
            for mask, column, message in rule(frame):
                ctx.cell_problems(frame, mask, column, message)
    if ctx.problems:
        n = len(ctx.problems)
        raise ctx.problems.error(f"{raw.source}: {n:,} problem{'s' * (n != 1)} in the inventory")
    for col in filter(_few_values, COLUMNS):  # 1 byte a parcel, not a text each
        frame[col.name] = frame[col.name].astype("category")
    return Inventory(
        frame,
        raw.source,
        raw.rows,
        raw.row_word,
        ctx.headers,
        ctx.geometry,
        raw.encoding,
        tuple(map(str, raw.frame.columns)),
        ctx.crs,
        ctx.source_crs,
    )


def _without_totals(raw: RawTable, spec: InventorySpec) -> tuple[RawTable, list[Problem]]:
    """Take out rows labelled as totals (合计, 小计, Total), each a problem of its own.

    Read as parcels, they drew wrong advice (fill in the platform, raise the largest
    area); they are named instead. Rows with geometry stay (there is no taking one out).
    """
    present = {_norm(h): h for h in map(str, raw.frame.columns)}
    id_header = present.get(_norm(spec.columns.parcel_id or UNIQUE))
    mask, where = totals_rows(raw.frame, id_header)
    if not mask.any():
        return raw, []
    problems = []
    for i in np.flatnonzero(mask).tolist():
        header = where[i]
        cell = shortened(str(raw.frame[header].iloc[i]).strip())  # as written
        problems.append(
            Problem(
                f"{raw.source.name}, {raw.row_word} {raw.rows[i]}",
                f"{UNIQUE} [{header}]" if header == id_header and header != UNIQUE else header,
                f"looks like a totals row ({cell!r}), not a parcel: delete it from the file "
                "(landsim adds up the parcels itself)",
            )
        )
    if raw.geometry is None:
        keep = ~mask
        frame = raw.frame.loc[keep].reset_index(drop=True)
        raw = replace(raw, frame=frame, rows=raw.rows[keep])
    return raw, problems


class _Context:
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

    # -- locating -----------------------------------------------------------------
    def where(self, i: int, ids: np.ndarray | None = None) -> str:
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
        raw = self.raw.frame
        mapping = self.spec.columns.model_dump()
        present = {_norm(h): h for h in map(str, raw.columns)}
        out: dict[str, np.ndarray] = {}
        empties: dict[str, np.ndarray] = {}
        for col in COLUMNS:
            wanted = mapping.get(col.name)
            header = present.get(_norm(wanted or col.name))
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
        frame = pd.DataFrame({c.name: out.get(c.name, _default_array(c.name, n)) for c in COLUMNS})
        self._empty_required(frame, empties)
        self._fill_defaults(frame, empties)
        return frame

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
            found = propose(headers).get(name)
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
        lookup = platform_lookup(platforms)
        values = frame["platform"]
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        found = [lookup.get(_norm(v).lower()) if isinstance(v, str) else None for v in uniques]
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
            lookup[_norm(spelling).lower()] = pid
    return lookup


def _derive(frame: pd.DataFrame, geometry: Geometry | None, ctx: _Context) -> None:
    """Fill columns derived from others: area and x/y from geometry, revenue, size class."""
    _place(frame, geometry, ctx)
    frame["revenue"] = frame["revenue"].fillna(frame["output"])
    derived = np.where(
        frame["revenue"].to_numpy(dtype=float) >= ABOVE_SIZE_REVENUE, "above", "below"
    )
    frame["size_class"] = frame["size_class"].where(frame["size_class"].notna(), derived)


def _place(frame: pd.DataFrame, geometry: Geometry | None, ctx: _Context) -> None:
    """Check and project the coordinates (:mod:`~landsim.inventory.spatial`).

    With geometry, x/y become its centroids and, unless the file gives areas, area_mu its
    areas.
    """
    xy = frame[["x", "y"]].to_numpy(dtype=float) if geometry is None else None
    if xy is not None and np.isnan(xy).all():
        xy = None
    ids = frame["parcel_id"].to_numpy(dtype=object)
    placed = place(
        geometry, xy, ctx.raw.crs, ctx.spec, lambda i: ctx.where(i, ids), ctx.raw.source.name
    )
    ctx.problems.extend(placed.problems)
    ctx.geometry, ctx.crs, ctx.source_crs = placed.geometry, placed.crs, placed.source_crs
    if placed.problems:
        return
    if placed.xy is not None:
        frame["x"], frame["y"] = placed.xy[:, 0], placed.xy[:, 1]
    if placed.geometry is None:
        return
    area_m2, centroid = placed.geometry.areas_and_centroids()
    frame["x"], frame["y"] = centroid[:, 0], centroid[:, 1]
    if placed.geometry.kind != "polygon":
        return
    if "area_mu" not in ctx.headers:
        frame["area_mu"] = area_m2 / units.M2_PER_MU
    else:
        _compare_areas(frame["area_mu"].to_numpy(dtype=float), area_m2 / units.M2_PER_MU, ctx, ids)


def _compare_areas(stated: np.ndarray, drawn: np.ndarray, ctx: _Context, ids: np.ndarray) -> None:
    """Refuse areas in a wrong unit; warn of scattered differences from the polygons."""
    columns = ctx.spec.units.columns
    unit = (
        (columns["area_mu"], "inventory.units.columns.area_mu")
        if "area_mu" in columns
        else (ctx.spec.units.area, "inventory.units.area")
    )
    where = functools.partial(ctx.where, ids=ids)
    found = compare_areas(stated, drawn, ctx.raw.source.name, where, unit, ctx.label("area_mu"))
    if found is not None:
        ctx.problems.append(found)


def _default_array(name: str, n: int) -> np.ndarray:
    col = BY_NAME[name]
    if col.dtype in ("float", "int"):
        return np.full(n, np.nan if col.default is None else col.default, dtype=float)
    if col.dtype == "bool" and col.default is not None:
        return np.full(n, bool(col.default), dtype=bool)
    return np.full(n, col.default, dtype=object)


def _norm(text: object) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip()
