"""The core install (no extras) runs the default scenario.

The test environment has every extra installed; here they are blocked in a fresh
interpreter, as on a machine where only ``pip install landsim`` was run. Without pyarrow,
pandas also switches to its Python-backed string arrays, which behave differently.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd

from tests.conftest import DEFAULT, ROOT, TINY

BLOCK = (
    "import sys\n"
    "for m in ('pyarrow', 'openpyxl', 'shapely', 'pyogrio', 'pyproj'):\n"
    "    sys.modules[m] = None\n"
)
CSV_DEFAULT = DEFAULT.with_name("xiaoshan_2024_csv.yaml")


def run_without_extras(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", BLOCK + code], capture_output=True, text=True, encoding="utf-8"
    )


def test_validate_the_csv_default_without_extras():
    r = run_without_extras(
        f"from landsim.cli import main\nsys.exit(main(['validate', {str(CSV_DEFAULT)!r}]))\n"
    )
    assert r.returncode == 0, r.stderr
    bundled = pd.read_csv(ROOT / "data" / "xiaoshan_synthetic.csv")
    assert f"{bundled['area_mu'].sum():,.1f}" in r.stdout


def test_the_geopackage_default_without_the_gis_extra_is_a_clear_error():
    r = run_without_extras(
        f"from landsim.cli import main\nsys.exit(main(['validate', {str(DEFAULT)!r}]))\n"
    )
    assert r.returncode == 2
    assert "pip install 'landsim[gis]'" in r.stderr and "Traceback" not in r.stderr


def test_excel_without_the_extra_is_a_clear_error(tmp_path):
    xlsx = tmp_path / "p.xlsx"
    xlsx.write_bytes(b"PK\x03\x04 not really a workbook")
    scn = tmp_path / "s.yaml"
    scn.write_text(
        f"extends: {DEFAULT.as_posix()}\ninventory: {{path: {xlsx.as_posix()}}}\n", encoding="utf-8"
    )
    r = run_without_extras(
        f"from landsim.cli import main\nsys.exit(main(['validate', {str(scn)!r}]))\n"
    )
    assert r.returncode == 2
    assert "pip install 'landsim[excel]'" in r.stderr and "Traceback" not in r.stderr


def test_geojson_polygons_without_the_gis_extra_is_a_clear_error(tmp_path):
    square = [[[0, 0], [100, 0], [100, 100], [0, 100], [0, 0]]]
    props = {"parcel_id": "G1", "platform": "a", "industry": "x", "output": 1, "tax": 0.1}
    feature = {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": "Polygon", "coordinates": square},
    }
    path = tmp_path / "p.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), "utf-8")
    scn = tmp_path / "s.yaml"
    scn.write_text(f"extends: {TINY.as_posix()}\ninventory: {{path: p.geojson}}\n", "utf-8")
    r = run_without_extras(
        f"from landsim.cli import main\nsys.exit(main(['validate', {str(scn)!r}]))\n"
    )
    assert r.returncode == 2, r.stderr
    assert "pip install 'landsim[gis]'" in r.stderr and "Traceback" not in r.stderr
