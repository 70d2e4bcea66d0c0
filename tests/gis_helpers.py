"""Small GIS files for tests, written with pyogrio like a user's GIS would write them."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pyogrio.raw
import pyproj
import shapely

from tests.conftest import TINY

#: South-west corner of the test parcels in EPSG:4549 (near 120.26°E, 30.18°N: Xiaoshan).
ORIGIN = (525_000.0, 3_340_000.0)

#  y=110 [P4 (100 × 100)] 5 m lane [P5]
#  y=0   [P1] 2 m [P2] 3 m [P3]  40 m road  [P6]
BOXES = {
    "P1": (0, 0, 100, 100),
    "P2": (102, 0, 200, 100),
    "P3": (203, 0, 300, 80),
    "P4": (0, 110, 100, 210),
    "P5": (105, 110, 200, 210),
    "P6": (340, 0, 440, 100),
}
#: Pairs that share a boundary at 15 m tolerance (P3–P5: only a corner).
TOUCHING = [("P1", "P2"), ("P1", "P4"), ("P2", "P3"), ("P2", "P5"), ("P4", "P5")]
ATTRIBUTES = {
    "地块编号": list(BOXES),
    "平台": ["甲区", "甲区", "乙", "甲区", "乙", "乙"],
    "行业": ["纺织", "纺织", "机械", "五金", "机械", "纺织"],
    "产值": [3000.0, 8000.0, 1200.0, 5000.0, 15000.0, 900.0],
    "税收": [15.0, 200.0, 10.0, 90.0, 600.0, 5.0],
}
MAPPING = {
    "parcel_id": "地块编号",
    "platform": "平台",
    "industry": "行业",
    "output": "产值",
    "tax": "税收",
}


def polygons_4549() -> np.ndarray:
    """The test parcels as shapely boxes in EPSG:4549."""
    b = np.array(list(BOXES.values()), dtype=float)
    x0, y0 = ORIGIN
    return shapely.box(b[:, 0] + x0, b[:, 1] + y0, b[:, 2] + x0, b[:, 3] + y0)


def reproject(geoms: np.ndarray, dst: str) -> np.ndarray:
    t = pyproj.Transformer.from_crs("EPSG:4549", dst, always_xy=True)
    return shapely.transform(geoms, lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1])))


def write(
    path: Path,
    geoms: np.ndarray,
    crs: str | None,
    *,
    driver: str | None = None,
    encoding: str | None = None,
    attributes: dict | None = None,
    layer: str | None = None,
) -> Path:
    attrs = attributes or {k: v[: len(geoms)] for k, v in ATTRIBUTES.items()}
    values = [
        np.asarray(v, dtype=object if isinstance(v[0], str) else float) for v in attrs.values()
    ]
    with warnings.catch_warnings():  # writing no CRS on purpose is what these tests do
        warnings.filterwarnings("ignore", "'crs' was not provided", UserWarning)
        _write(path, geoms, values, list(attrs), crs, driver, encoding, layer)
    return path


def _write(path, geoms, values, names, crs, driver, encoding, layer) -> None:
    pyogrio.raw.write(
        path,
        shapely.to_wkb(geoms),
        values,
        names,
        geometry_type="Polygon",
        crs=crs,
        driver=driver,
        encoding=encoding,
        layer=layer,
        append=layer is not None and path.exists(),
    )


def scenario(folder: Path, inventory: Path, extra: str = "") -> Path:
    """A scenario extending the tiny fixture that reads *inventory* with polygon adjacency."""
    cols = ", ".join(f"{k}: {v}" for k, v in MAPPING.items())
    path = folder / "scenario.yaml"
    path.write_text(
        f"extends: {TINY.as_posix()}\n"
        f"inventory:\n  path: {inventory.as_posix()}\n  columns: {{{cols}}}\n"
        f"  adjacency: {{method: polygons, tolerance_m: 15}}\n{extra}",
        encoding="utf-8",
    )
    return path
