"""Load a parcel inventory: read, map headers, cast, convert units, check — all or nothing.

An inventory with any problem produces no :class:`Inventory` at all: every problem is
collected and raised together, each naming the file row, the parcel id and the column.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

import landsim.units as units
from landsim.errors import InputError, Problem
from landsim.inventory import checks
from landsim.inventory.area_check import compare_areas
from landsim.inventory.dbf_names import cut, name_encoding
from landsim.inventory.footer import without_footer
from landsim.inventory.geometry import Geometry
from landsim.inventory.load_table import LoadContext, norm_text
from landsim.inventory.messages import no_rows_error
from landsim.inventory.readers import RawTable, read_raw
from landsim.inventory.spatial import place
from landsim.inventory.totals import without_totals
from landsim.memory import give_back
from landsim.scenario.columns import ABOVE_SIZE_REVENUE, COLUMNS, Column
from landsim.scenario.schema.inventory_spec import InventorySpec
from landsim.scenario.schema.scenario import Platform, Scenario

#: The one text column whose values are all distinct; every other one holds few.
UNIQUE = "parcel_id"


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
        norm_text(mapping.get(c.name) or c.name): "float64"
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
    raw, totals = _without_notes(raw, spec)
    ctx = LoadContext(raw, spec)
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


def _without_notes(raw: RawTable, spec: InventorySpec) -> tuple[RawTable, list[Problem]]:
    """Take out totals rows (each a problem) and the notes below the table (one warning).

    See :mod:`~landsim.inventory.totals` and :mod:`~landsim.inventory.footer`.
    """
    present = {norm_text(h): h for h in map(str, raw.frame.columns)}
    name = spec.columns.parcel_id or UNIQUE
    dbf = name_encoding(raw.source, raw.encoding)  # a Shapefile's names: cut at 10 bytes
    short = cut(name, dbf) if dbf is not None else None
    id_header = present.get(norm_text(name)) or present.get(norm_text(short or name))
    raw, totals = without_totals(raw, id_header)
    return without_footer(raw, id_header), totals


def _derive(frame: pd.DataFrame, geometry: Geometry | None, ctx: LoadContext) -> None:
    """Fill columns derived from others: area and x/y from geometry, revenue, size class."""
    _place(frame, geometry, ctx)
    frame["revenue"] = frame["revenue"].fillna(frame["output"])
    derived = np.where(
        frame["revenue"].to_numpy(dtype=float) >= ABOVE_SIZE_REVENUE, "above", "below"
    )
    frame["size_class"] = frame["size_class"].where(frame["size_class"].notna(), derived)


def _place(frame: pd.DataFrame, geometry: Geometry | None, ctx: LoadContext) -> None:
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


def _compare_areas(
    stated: np.ndarray, drawn: np.ndarray, ctx: LoadContext, ids: np.ndarray
) -> None:
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
