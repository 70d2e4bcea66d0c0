"""Write a run folder: tables, workbook, resolved scenario and manifest — atomically.

The folder appears complete or not at all (see :mod:`landsim.io.atomic`), and an
existing folder is replaced only with ``force=True``.

Two runs of the same scenario, inputs and seed (same landsim and packages) write the same
bytes into every file but ``manifest.json``, whose entries :data:`THIS_RUN` (when, by which
command, how long) record the run itself; the manifest lists them under
``differs_between_runs``. (The workbook, that is, as xlsxwriter writes it: the ``excel``
extra. openpyxl alone stamps it with the clock.)
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import platform
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from landsim.io.alongside import alongside
from landsim.io.atomic import atomic_folder
from landsim.scenario import Scenario, scenario_source
from landsim.version import installed_version

#: CSV files are written UTF-8 with a BOM, so Excel opens Chinese text correctly.
CSV_ENCODING = "utf-8-sig"
#: Manifest entries about the run itself, not its inputs or results: the only things that
#: differ between two runs of the same scenario and seed.
THIS_RUN = ("created", "command", "timings")


def has(module: str) -> bool:
    """Whether an optional module can be imported."""
    return importlib.util.find_spec(module) is not None


def write_tables(
    folder: Path,
    tables: Mapping[str, pd.DataFrame],
    scenario: Scenario,
    *,
    force: bool = False,
    manifest: Mapping[str, Any] | None = None,
    workbook: bool = True,
    extra: Sequence[Callable[[Path], list[str]]] = (),
) -> list[str]:
    """Write *tables* and the run's metadata into *folder*; return the file names.

    Parameters
    ----------
    folder
        The run folder; created, or replaced when *force*.
    tables
        Name → table; each becomes ``<name>.csv`` (and ``.parquet`` when pyarrow is
        installed) and a sheet of ``results.xlsx`` (when openpyxl is installed).
    scenario
        Written fully resolved as ``scenario.yaml``; its input files are hashed.
    force
        Replace an existing folder.
    manifest
        Extra entries for ``manifest.json`` (seed, draws, timings, ...). Those of
        :data:`THIS_RUN` present are listed under ``differs_between_runs``.
    workbook
        Also write ``results.xlsx`` (needs the ``excel`` extra).
    extra
        Writers of further files: each writes into the folder being assembled (inside the
        same all-or-nothing write) and returns the names of the files it wrote (e.g. GIS
        layers, :func:`landsim.report.gis.gis_writer`; every draw, ``draws.parquet``).
    """
    written: list[str] = []
    book = workbook and (has("xlsxwriter") or has("openpyxl"))
    with atomic_folder(folder, force=force) as tmp:
        # the workbook takes longest: a child process writes it meanwhile (Linux)
        writing = (
            alongside(
                lambda: _workbook(tmp / "results.xlsx", tables, scenario, manifest or {}),
                what="the workbook results.xlsx",
            )
            if book
            else contextlib.nullcontext()
        )
        with writing:
            written += _tables(tmp, tables)
            written += ["results.xlsx"] if book else []
            for write in extra:
                written += write(tmp)
            (tmp / "scenario.yaml").write_text(resolved_yaml(scenario), encoding="utf-8")
            written.append("scenario.yaml")
            info = {**_manifest(scenario), **(manifest or {})}
        info["differs_between_runs"] = [k for k in THIS_RUN if k in info]
        info["files"] = [*written, "manifest.json"]
        (tmp / "manifest.json").write_text(
            json.dumps(info, ensure_ascii=False, indent=2, default=_json), encoding="utf-8"
        )
        written.append("manifest.json")
    return written


def _tables(folder: Path, tables: Mapping[str, pd.DataFrame]) -> list[str]:
    """Write each table as CSV (and Parquet when pyarrow is installed); return the names."""
    written = []
    for name, frame in tables.items():
        frame.to_csv(folder / f"{name}.csv", index=False, encoding=CSV_ENCODING)
        written.append(f"{name}.csv")
        if has("pyarrow"):
            frame.to_parquet(folder / f"{name}.parquet", index=False)
            written.append(f"{name}.parquet")
    return written


#: Excel's limit on rows per sheet.
EXCEL_ROWS = 1_048_575


def _workbook(
    path: Path, tables: Mapping[str, pd.DataFrame], scenario: Scenario, manifest: dict
) -> None:
    """Write the workbook: a headline sheet and the tables (xlsxwriter), else the tables only."""
    if has("xlsxwriter"):
        from landsim.report.workbook import write_workbook

        method = str(manifest.get("adjacency_method", "unknown"))
        write_workbook(path, tables, scenario, adjacency_method=method)
        return
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    for name, frame in tables.items():
        sheet = book.create_sheet(name[:31])
        sheet.append([str(c) for c in frame.columns])
        cells = frame.head(EXCEL_ROWS).astype(object)
        for row in cells.where(cells.notna(), None).itertuples(index=False, name=None):
            sheet.append(row)
    book.save(path)


def resolved_yaml(scenario: Scenario) -> str:
    """Dump the scenario with every default filled in, as YAML.

    Years of a yearly mapping that never apply (a base's schedule past a variant's
    shorter horizon: a note in the variant) are left out: written into the resolved file
    they would be its own, which loading refuses, and the run could not be run again.
    """
    from landsim.scenario.consistency import unused_years

    data = scenario.model_dump(mode="python")
    for path, _ in unused_years(scenario):
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        parent.pop(path[-1], None)
    return (
        "# The fully resolved scenario of this run: every default filled in, every\n"
        "# `extends` applied. Running it again gives the same results.\n"
        + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    )


def sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _manifest(scenario: Scenario) -> dict[str, Any]:
    source = scenario_source(scenario)
    inputs = [Path(p) for p in (source.files if source else [])]
    inputs.append(Path(scenario.inventory.path))
    for extra in (scenario.inventory.adjacency.path, scenario.inventory.adjacency.bridges_path):
        if extra:
            inputs.append(Path(extra))
    return {
        "landsim": installed_version(),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "scenario": scenario.name,
        "command": sys.argv,
        "python": platform.python_version(),
        "packages": {
            m: _version(m) for m in ("numpy", "pandas", "scipy", "pydantic", "matplotlib")
        },
        "inputs": [{"path": str(p), "sha256": sha256(p)} for p in inputs if p.is_file()],
    }


def _version(module: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(module)
    except PackageNotFoundError:  # pragma: no cover
        return "not installed"


def _json(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(type(value))
