"""A boundary layer of platforms (平台范围线) for maps, placed over the parcels.

``inventory.boundaries`` names a polygon layer (Shapefile, GeoPackage, File Geodatabase
or GeoJSON) whose ``column`` names each feature's platform by id, Chinese or English name,
or alias. Its CRS is read and checked like the inventory's, then it is projected into the
inventory's CRS so both lie on the same ground.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from landsim.errors import InputError, Problem, count
from landsim.inventory.geometry import Geometry
from landsim.inventory.readers import read_raw
from landsim.inventory.spatial import place
from landsim.scenario.schema.inventory_spec import Boundaries, InventorySpec
from landsim.scenario.schema.scenario import Platform


@dataclass(frozen=True)
class PlatformLayer:
    """Platform boundary polygons in the inventory's CRS, and each feature's platform id."""

    geometry: Geometry
    platform: np.ndarray


def load_platform_layer(
    spec: Boundaries, platforms: Mapping[str, Platform], crs: str | None
) -> PlatformLayer:
    """Read, check and place the boundary layer over an inventory in *crs*.

    Raises
    ------
    InputError
        If the layer cannot be read, has no polygons, lacks the platform column, names an
        unknown platform, or has a CRS while the inventory has none.
    """
    source = Path(spec.path).name
    layer_spec = InventorySpec(
        path=spec.path,
        layer=spec.layer,
        encoding=spec.encoding,
        crs=spec.crs,
        project_to=crs or "auto",
    )
    try:
        raw = read_raw(layer_spec)
    except InputError as exc:  # the reader names inventory keys: these are the layer's
        raise _as_boundaries(exc) from None
    if raw.geometry is None or raw.geometry.kind != "polygon":
        raise _error(source, "inventory.boundaries.path", "the layer has no polygons")
    if crs is None and (raw.crs or spec.crs):
        raise _error(
            source,
            "inventory.crs",
            "the boundaries have a coordinate system and the inventory has none, so they "
            "cannot be laid over each other; set inventory.crs",
        )
    ids = _platform_ids(raw.frame, spec.column, platforms, source)
    placed = place(
        raw.geometry, None, raw.crs, layer_spec, lambda i: f"{source}, feature {i + 1}", source
    )
    if placed.problems:
        raise InputError(f"{spec.path}: {count(len(placed.problems), 'problem')}", placed.problems)
    assert placed.geometry is not None
    return PlatformLayer(placed.geometry, ids)


def _platform_ids(frame, column: str, platforms: Mapping[str, Platform], source: str) -> np.ndarray:
    if column not in frame.columns:
        why = f"no column {column!r}; the layer has: {', '.join(map(str, frame.columns))}"
        raise _error(source, "inventory.boundaries.column", why)
    lookup = {
        _key(spelling): pid
        for pid, p in platforms.items()
        for spelling in (pid, p.name.zh, p.name.en, *p.aliases)
    }
    names = frame[column].to_numpy(dtype=object)
    ids = np.array([lookup.get(_key(v)) for v in names], dtype=object)
    allowed = "; ".join(f"{pid} ({p.name.zh})" for pid, p in platforms.items())
    unknown = [
        Problem(
            f"{source}, feature {i + 1}",
            column,
            f"unknown platform {names[i]!r}; use one of: {allowed} — or add the name to "
            "that platform's aliases in the scenario (aliases: [...])",
        )
        for i in np.flatnonzero(ids == None)  # noqa: E711 (elementwise on an object array)
    ]
    if unknown:
        raise InputError(f"{source}: {len(unknown)} unknown platforms", unknown)
    return ids


def _as_boundaries(exc: InputError) -> InputError:
    """Reword a reader's error for the boundary layer (``inventory.boundaries.*`` keys)."""

    def key(field: str) -> str:
        if field.startswith("inventory.") and not field.startswith("inventory.boundaries."):
            return "inventory.boundaries." + field.removeprefix("inventory.")
        return field

    def text(message: str) -> str:
        message = re.sub(r"\binventory\.(?!boundaries\.)", "inventory.boundaries.", message)
        return message.replace("inventory file", "boundary layer file")

    problems = [Problem(p.where, key(p.field), text(p.message), p.distinct) for p in exc.problems]
    return InputError(exc.summary.replace("inventory file", "boundary layer file"), problems)


def _key(value: object) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip().lower()


def _error(source: str, key: str, message: str) -> InputError:
    return InputError(
        f"{source}: cannot use the platform boundaries", [Problem(source, key, message)]
    )
