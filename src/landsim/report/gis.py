"""Parcel results as GIS layers — a GeoPackage and a Shapefile — in the input's CRS.

``landsim run --gis gpkg,shp`` writes ``parcels.gpkg`` and ``parcels.shp`` (with its
``.shx``, ``.dbf``, ``.prj`` and a ``.cpg`` saying UTF-8) into the run folder, so the
analyst opens the results in ArcGIS or QGIS over their own layers. Field names fit the
Shapefile's 10-byte limit and are the same in both files; :data:`FIELDS` (written beside
them as ``parcels_fields.csv``, and in docs/gis.md) gives each one's long name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from landsim.errors import InputError, Problem
from landsim.inventory import crs as crs_
from landsim.inventory.geometry import Geometry
from landsim.scenario import Scenario

if TYPE_CHECKING:
    from landsim.runs import Results

FORMATS = {"gpkg": "parcels.gpkg", "shp": "parcels.shp"}
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
#: Input formats that hold no coordinate system of their own.
PLAIN_TABLES = ("csv", "xlsx", "parquet")


@dataclass(frozen=True)
class Field:
    """A field of the GIS layers: name (≤ 10 bytes), parcel-table column, meanings."""

    name: str
    column: str
    en: str
    zh: str


FIELDS: tuple[Field, ...] = (
    Field("parcel_id", "parcel_id", "parcel id, as in the inventory", "地块编号"),
    Field("platform", "platform", "platform id (the scenario's platforms)", "所属平台（编号）"),
    Field("area_mu", "area_mu", "area, mu", "面积（亩）"),
    Field("land_use", "land_use", "land use, as in the inventory", "用地性质"),
    Field("class", "class", "亩均 evaluation class (A–D)", "亩均评价等级"),
    Field("treatment", "treatment", "vacate, upgrade or reactivate; empty: none", "处置方式"),
    Field("year_sel", "year_selected", "year the parcel was selected", "处置年份"),
    Field("cluster_id", "cluster_id", "contiguous cluster of vacated parcels", "连片区块编号"),
    Field("contiguous", "contiguous", "true when in a contiguous vacated cluster", "是否连片"),
    Field("project", "project", "major project whose block it is part of", "重大项目"),
    Field("new_use", "new_use", "new industry id, or project:<id>", "新用途"),
    Field("year_prod", "year_production", "year the new use starts production", "投产年份"),
    Field("shr_select", "share_selected", "share of draws treating it (any)", "被选中概率"),
    Field("shr_vacate", "share_vacate", "share of draws vacating it", "腾退概率"),
    Field("shr_upgrad", "share_upgrade", "share of draws upgrading it", "提升概率"),
    Field("shr_react", "share_reactivate", "share of draws reactivating it", "盘活概率"),
    Field("shr_contig", "share_contiguous", "share of draws with it in a cluster", "连片概率"),
)


def check_gis_output(scenario: Scenario, formats: Sequence[str]) -> None:
    """Refuse, before any simulating, GIS output that cannot be written.

    Raises
    ------
    InputError
        If the ``gis`` extra is missing, or the inventory is a plain table with no CRS.
    """
    if not formats:
        return
    from landsim.inventory.gis import modules

    modules(Path(scenario.inventory.path), "--gis")
    crs_.pyproj_module("--gis", "inventory.crs")
    spec = scenario.inventory
    fmt = spec.format if spec.format != "auto" else Path(spec.path).suffix.lower().lstrip(".")
    if _has_crs(scenario):
        return
    if fmt in (*PLAIN_TABLES, "xlsm", "txt", "tsv", "pq") or not _layer_has_crs(scenario):
        raise _no_crs(spec.path)  # a Shapefile without its .prj was found after simulating


def _layer_has_crs(scenario: Scenario) -> bool:
    """Whether the inventory's GIS layer names its CRS (unreadable: left to the reading)."""
    import pyogrio

    spec = scenario.inventory
    try:
        info = pyogrio.read_info(spec.path, layer=spec.layer)
    except Exception:
        return True
    return bool(info.get("crs"))


def _has_crs(scenario: Scenario) -> bool:
    return scenario.inventory.crs is not None or scenario.inventory.coordinates == "lonlat"


def _no_crs(path: str) -> InputError:
    return InputError(
        "cannot write GIS files",
        [
            Problem(
                str(path),
                "inventory.crs",
                "the inventory names no coordinate system, so GIS files would land nowhere; "
                "set inventory.crs (e.g. EPSG:4549) or drop --gis",
            )
        ],
    )


def gis_writer(res: Results, formats: Sequence[str]) -> Callable[[Path], list[str]]:
    """Return a function writing *res*'s parcel layers into a folder (for ``write_tables``)."""
    return lambda folder: write_gis(folder, res, formats)


def write_gis(folder: Path, res: Results, formats: Sequence[str]) -> list[str]:
    """Write the parcel results as ``parcels.gpkg`` and/or ``parcels.shp``; return the files.

    Parameters
    ----------
    folder
        Where to write (a run folder being assembled).
    res
        A run's results (run in this session: the inventory's geometry is needed).
    formats
        ``"gpkg"``, ``"shp"``, or both.
    """
    from landsim.inventory.gis import write_layer

    geometry, crs = _geometry_in_source_crs(res)
    p = res.parcels
    columns = {f.name: p[f.column] for f in FIELDS if f.column in p.columns}
    written = []
    for fmt in formats:
        path = folder / FORMATS[fmt]
        write_layer(path, geometry, columns, crs, fmt, layer="parcels")
        parts = SHAPEFILE_PARTS if fmt == "shp" else (".gpkg",)
        written += [path.with_suffix(s).name for s in parts if path.with_suffix(s).exists()]
    fields = pd.DataFrame([vars(f) for f in FIELDS if f.name in columns])
    fields.to_csv(folder / "parcels_fields.csv", index=False, encoding="utf-8-sig")
    return [*written, "parcels_fields.csv"]


def _geometry_in_source_crs(res: Results) -> tuple[Geometry, str]:
    """Return the parcels' polygons (or points) in the CRS the input came in."""
    if res.prepared is None:
        raise InputError(
            "cannot write GIS files",
            [Problem("--gis", "", "GIS files are written by the run itself: rerun with --gis")],
        )
    inv = res.prepared.inventory
    if inv.source_crs is None or inv.crs is None:
        raise _no_crs(str(inv.source))
    geometry = inv.geometry
    if geometry is None:
        xy = inv.parcels[["x", "y"]].to_numpy(dtype=float)
        if np.isnan(xy).any():
            raise InputError(
                "cannot write GIS files",
                [Problem(str(inv.source), "x, y", "the inventory has no coordinates")],
            )
        geometry = Geometry("point", xy)
    if inv.crs == inv.source_crs:
        return geometry, inv.source_crs
    src = crs_.parse(inv.crs, str(inv.source), "inventory.project_to")
    dst = crs_.parse(inv.source_crs, str(inv.source), "inventory.crs")
    x, y = crs_.transform(src, dst, geometry.coords[:, 0], geometry.coords[:, 1])
    return geometry.with_coords(np.column_stack([x, y])), inv.source_crs
