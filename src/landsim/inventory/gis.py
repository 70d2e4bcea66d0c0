"""Read Shapefiles, GeoPackages and File Geodatabases (the ``gis`` extra: pyogrio, shapely).

pyogrio bundles GDAL in its wheels, so ``pip install 'landsim[gis]'`` is all a Windows
or Linux user needs. Attributes become the raw table (mapped and typed like a CSV's);
polygons or points become :class:`~landsim.inventory.geometry.Geometry`; the file's CRS
is kept as text for :mod:`landsim.inventory.spatial` to check and project.

Shapefile attributes: a ``.cpg`` file names their encoding and GDAL obeys it;
``inventory.encoding`` overrides it. Without either, GDAL reads the bytes as ISO-8859-1,
which turns Chinese into mojibake, so landsim decodes those bytes as UTF-8 or, failing
that, GB18030 — the same rule as for CSV files. A declared encoding that fails or
garbles text another one reads is refused, naming both (:mod:`~landsim.inventory.gis_text`).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from landsim.errors import InputError, Problem
from landsim.inventory import gis_text
from landsim.inventory.geometry import Geometry, from_shapely

#: GDAL's name for the encoding it falls back to when a Shapefile names none.
GDAL_FALLBACK = "ISO-8859-1"
POLYGONAL = (3, 6)  # shapely type ids: Polygon, MultiPolygon
POINT = 0


def modules(path: Path, key: str = "inventory.path") -> tuple[Any, Any]:
    """Import pyogrio and shapely, or raise an :class:`InputError` naming the extra."""
    try:
        import pyogrio
        import shapely
    except ImportError:
        raise InputError(
            f"{path}: reading GIS files needs an optional extra",
            [
                Problem(
                    str(path),
                    key,
                    "install it with: pip install 'landsim[gis]' (pyogrio, pyproj, shapely; "
                    "GDAL comes inside the wheels), or export the attributes to CSV",
                )
            ],
        ) from None
    return pyogrio, shapely


def read_layer(
    path: Path, layer: str | int | None, encoding: str, key: str = "inventory"
) -> tuple[pd.DataFrame, Geometry, str | None, str | None]:
    """Read one layer: ``(attributes, geometry, crs text or None, encoding used)``.

    Raises
    ------
    InputError
        If the extra is missing, the file cannot be opened, the layer is ambiguous or
        absent, or a feature has no polygon (or point) geometry.
    """
    pyogrio, _ = modules(path, f"{key}.path")
    _sidecars(path, key)
    gdal_encoding = None if encoding == "auto" else _codec(encoding)
    with warnings.catch_warnings():  # GDAL's notes on a broken file; the error says it
        warnings.simplefilter("ignore", RuntimeWarning)
        name = choose_layer(pyogrio, path, layer, key)
        try:
            meta, _, wkb, values = pyogrio.raw.read(
                path, layer=name, encoding=gdal_encoding, force_2d=True
            )
        except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError) as exc:
            raise _unreadable(path, exc, key) from None
        except UnicodeDecodeError as exc:  # a wrong .cpg, or a field name cut at 10 bytes
            raise _not_text(pyogrio, path, name, exc, key, encoding) from None
    fields = [str(f) for f in meta["fields"]]
    used = gdal_encoding or meta.get("encoding")
    declared = _declared(path, encoding)
    if declared is None and used == GDAL_FALLBACK:
        fields, values, used = _redecode(fields, values)
    elif declared is not None:
        fields, values = _check_declared(pyogrio, path, name, key, declared, used, fields, values)
        used = declared[0] if declared[1] else used  # GDAL recoded the text: name the file's
    frame = pd.DataFrame(dict(zip(fields, values, strict=True)), columns=fields)
    geometry = _geometry(wkb, path)
    return frame, geometry, meta.get("crs"), used


def _sidecars(path: Path, key: str) -> None:
    """Refuse a Shapefile without its .shx or .dbf (GDAL would read it without attributes)."""
    if path.suffix.lower() != ".shp":
        return
    missing = [
        ext
        for ext in (".shx", ".dbf")
        if not any(path.with_suffix(e).exists() for e in (ext, ext.upper()))
    ]
    if missing:
        raise InputError(
            f"{path}: incomplete Shapefile",
            [
                Problem(
                    str(path),
                    f"{key}.path",
                    f"no {' and '.join(missing)} beside it; copy every file of the Shapefile "
                    "(.shp, .shx, .dbf, .prj, .cpg) into one folder, or zip them and unzip "
                    "them together",
                )
            ],
        )


def choose_layer(pyogrio: Any, path: Path, layer: str | int | None, key: str) -> str | int:
    """Choose the layer to read: the one named, or the only one; refuse to guess among several."""
    try:
        layers = pyogrio.list_layers(path)
    except (pyogrio.errors.DataSourceError, OSError) as exc:
        raise _unreadable(path, exc, key) from None
    names = [str(n) for n, _ in layers]
    listing = ", ".join(f"{n} ({t or 'no geometry'})" for n, t in layers)
    if layer is None:
        if len(names) == 1:
            return names[0]
        why = f"the file holds {len(names)} layers: {listing}; name one in {key}.layer"
    elif isinstance(layer, int) and 0 <= layer < len(names):
        return names[layer]
    elif isinstance(layer, str) and layer in names:
        return layer
    else:
        why = f"no layer {layer!r}; the file holds: {listing or 'no layers'}"
    raise InputError(f"{path}: which layer?", [Problem(str(path), f"{key}.layer", why)])


def _declared(path: Path, encoding: str) -> tuple[str, bool] | None:
    """Return the encoding the layer's text is declared in, and whether its .cpg says it.

    ``None`` when neither ``encoding`` (the scenario's) nor a .cpg file names one.
    """
    if encoding != "auto":
        return encoding, False
    cpg = path.with_suffix(".cpg")
    if path.suffix.lower() != ".shp" or not cpg.is_file():
        return None
    text = cpg.read_text(encoding="ascii", errors="replace").strip()
    return (text, True) if text else None


def _check_declared(
    pyogrio: Any,
    path: Path,
    layer: str | int,
    key: str,
    declared: tuple[str, bool],
    used: str | None,
    fields: list[str],
    values: list[np.ndarray],
) -> tuple[list[str], list[np.ndarray]]:
    """Refuse text the declared encoding garbled when another reads it; else return it.

    GDAL hands over the bytes undecoded (as ISO-8859-1) when it does not know the
    encoding a .cpg names (``65001``, Windows' number for UTF-8): those are decoded here.
    """
    raw = used == GDAL_FALLBACK
    if not gis_text.suspicious(gis_text.sample_text(fields, values), raw):
        return fields, values
    real = gis_text.real_encoding(pyogrio, path, layer)
    if real is None:
        return fields, values
    if not gis_text.same(real, declared[0]):
        raise gis_text.wrong_encoding(path, key, *declared, real)
    if raw:
        fields, values, _ = _redecode(fields, values)
    return fields, values


def _codec(encoding: str) -> str:
    return {"gbk": "GB18030", "gb18030": "GB18030", "utf-8-sig": "UTF-8"}.get(
        encoding, encoding.upper()
    )


def _redecode(fields: list[str], values: list[np.ndarray]) -> tuple[list, list, str]:
    """Undo GDAL's ISO-8859-1 reading: the same bytes as UTF-8, else GB18030."""
    texts = [*fields, *(v for col in values if col.dtype == object for v in col)]
    raw = [t.encode("latin-1") for t in texts if isinstance(t, str)]
    codec = "utf-8"
    try:
        for b in raw:
            b.decode("utf-8")
    except UnicodeDecodeError:
        codec = "gb18030"

    def fix(v: Any) -> Any:
        return v.encode("latin-1").decode(codec, errors="replace") if isinstance(v, str) else v

    new_values = [
        np.array([fix(v) for v in col], dtype=object) if col.dtype == object else col
        for col in values
    ]
    return [fix(f) for f in fields], new_values, codec


def _geometry(wkb: np.ndarray, path: Path) -> Geometry:
    """Polygons (every feature) or points (every feature) from WKB, or located problems."""
    import shapely

    geoms = shapely.from_wkb(wkb)
    kind = shapely.get_type_id(geoms)  # -1 for a missing geometry
    empty = shapely.is_empty(geoms) | (kind < 0)
    if len(geoms) and (kind == POINT).all() and not empty.any():
        return Geometry("point", shapely.get_coordinates(geoms))
    bad = empty | ~np.isin(kind, POLYGONAL)
    if bad.any():
        names = {-1: "no geometry", 0: "a point", 1: "a line", 5: "lines", 7: "a collection"}
        problems = [
            Problem(
                f"{path.name}, feature {i + 1}",
                "geometry",
                f"{'empty' if empty[i] else names.get(int(kind[i]), 'not a polygon')}; every "
                "feature must be a polygon (or every feature a point)",
            )
            for i in np.flatnonzero(bad)
        ]
        raise InputError(f"{path}: {len(problems)} features without polygons", problems)
    return from_shapely(geoms)


def _unreadable(path: Path, exc: Exception, key: str) -> InputError:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return InputError(
        f"{path}: cannot read the GIS file",
        [
            Problem(
                str(path),
                f"{key}.path",
                f"{first}; a Shapefile needs its .shp, .shx and .dbf side by side, a File "
                "Geodatabase is the whole .gdb folder",
            )
        ],
    )


def _not_text(
    pyogrio: Any, path: Path, layer: str | int, exc: UnicodeDecodeError, key: str, encoding: str
) -> InputError:
    """Say why a layer's text does not decode: a wrong .cpg, or a field name cut short."""
    declared = _declared(path, encoding)
    real = gis_text.real_encoding(pyogrio, path, layer) if declared is not None else None
    if declared is not None and real is not None and not gis_text.same(real, declared[0]):
        return gis_text.wrong_encoding(path, key, *declared, real)
    return _undecodable(path, exc, key, None if encoding == "auto" else _codec(encoding))


def _undecodable(path: Path, exc: UnicodeDecodeError, key: str, encoding: str | None) -> InputError:
    """Say that a layer's field names or values are not text in the encoding read."""
    used = encoding or "the encoding its .cpg names (else UTF-8)"
    return InputError(
        f"{path}: cannot read the layer's text",
        [
            Problem(
                str(path),
                f"{key}.encoding" if key == "inventory" else f"{key}.path",
                f"a field name or value is not {used} ({exc.reason} at byte {exc.start}); "
                "a Shapefile cuts field names at 10 bytes, which can split a Chinese "
                "character: rename the field in your GIS, or save the layer as a GeoPackage",
            )
        ],
    )


#: GDAL driver of each output format.
DRIVERS = {"gpkg": "GPKG", "shp": "ESRI Shapefile"}
#: The date written into GeoPackage metadata, so that a file regenerated from the same
#: data has the same bytes (GDAL's OGR_CURRENT_DATE).
FIXED_DATE = "2024-01-01T00:00:00Z"


def write_layer(
    path: Path,
    geometry: Geometry,
    columns: dict[str, Any],
    crs: str | None,
    fmt: str,
    layer: str | None = None,
) -> None:
    """Write *geometry* with attribute *columns* as a GeoPackage or Shapefile layer.

    Parameters
    ----------
    path
        The ``.gpkg`` or ``.shp`` file to create (a Shapefile also gets ``.shx``, ``.dbf``,
        ``.prj`` and a ``.cpg`` saying UTF-8).
    geometry
        Polygons (written as MultiPolygon) or points, one per row.
    columns
        Field name → values; pandas nullable integers and NaN floats become nulls.
    crs
        The coordinate system of the coordinates, as text (``EPSG:4549`` or WKT).
    fmt
        ``"gpkg"`` or ``"shp"``.
    layer
        Layer name (GeoPackage); the file's stem by default.
    """
    pyogrio, shapely = modules(path, "output")
    values, masks = (
        zip(*(_field(v) for v in columns.values()), strict=True) if columns else ((), ())
    )
    kind = "MultiPolygon" if geometry.kind == "polygon" else "Point"
    options = {"OGR_CURRENT_DATE": FIXED_DATE}
    previous = {k: pyogrio.get_gdal_config_option(k) for k in options}
    pyogrio.set_gdal_config_options(options)
    try:
        pyogrio.raw.write(
            path,
            shapely.to_wkb(geometry.to_shapely()),
            list(values),
            list(columns),
            field_mask=list(masks),
            layer=layer or path.stem,
            driver=DRIVERS[fmt],
            geometry_type=kind,
            crs=_wkt(crs),
            encoding="UTF-8" if fmt == "shp" else None,
        )
    finally:
        pyogrio.set_gdal_config_options(previous)


def _field(values: Any) -> tuple[np.ndarray, np.ndarray | None]:
    """Return the values pyogrio writes, and the mask of nulls (``None`` if there are none)."""
    s = pd.Series(values)
    if pd.api.types.is_bool_dtype(s.dtype) and not s.isna().any():
        return s.to_numpy(dtype=bool), None
    if pd.api.types.is_integer_dtype(s.dtype):
        mask = s.isna().to_numpy()
        return s.fillna(0).to_numpy(dtype=np.int64), mask if mask.any() else None
    if pd.api.types.is_float_dtype(s.dtype):
        return s.to_numpy(dtype=float, na_value=np.nan), None  # NaN is written as null
    # the parcel table writes "" for none (no treatment, class or project): null in the
    # file, as a Shapefile has it anyway, so `"treatment" IS NULL` finds the same parcels
    text = s.astype(object).where(s.notna(), None)
    return np.asarray(
        text.map(lambda v: None if v is None or v == "" else str(v)), dtype=object
    ), None


def _wkt(crs: str | None) -> str | None:
    if crs is None:
        return None
    import pyproj

    return pyproj.CRS.from_user_input(crs).to_wkt()
