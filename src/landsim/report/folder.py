"""Read a run folder back into :class:`~landsim.runs.Results`."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from landsim.errors import InputError, Problem
from landsim.runs import Results
from landsim.scenario import load_scenario

TABLES = ("long", "parcels", "shortfalls", "projects")
TEXT_COLUMNS = {
    "parcels": (
        "treatment",
        "project",
        "static_rules",
        "class",
        "class_selected",
        "new_use",
        "town",
        "land_use",
    ),
    "projects": ("reason", "attempts", "reason_zh"),
    "shortfalls": ("detail", "detail_zh"),
}
#: Ids and names, read as written: a parcel id 0007 is not the number 7, nor a platform
#: 01 the number 1. Empty cells stay missing (a parcel outside any project).
ID_COLUMNS = {
    "long": ("scenario", "platform", "variable", "unit"),
    "parcels": ("parcel_id", "platform", "industry", "industry_id"),
    "projects": ("project", "phase_id", "platform"),
    "shortfalls": ("platform", "item"),
    "quantiles": ("scenario", "platform", "variable", "unit", "statistic"),
    "probabilities": ("scenario", "target"),
}
#: Text columns added to a table after its first release: a run folder written before
#: has them empty (an older ``shortfalls.csv`` has no Chinese detail). An older
#: ``parcels.csv`` has no ``land_use`` and ``industrial_land``, and is read without them.
ADDED_COLUMNS = {"shortfalls": ("detail_zh",)}


def load_run(folder: str | Path) -> Results:
    """Load the results written by ``landsim run`` into *folder*.

    With a ``draws.parquet`` (``--write-draws``), :meth:`~landsim.runs.Results.draw_table`
    and :meth:`~landsim.runs.Results.to_xarray` give every draw from it.

    Raises
    ------
    InputError
        If *folder* is not a complete run folder.
    """
    folder = Path(folder)
    missing = [f"{t}.csv" for t in TABLES if not (folder / f"{t}.csv").is_file()]
    if not (folder / "scenario.yaml").is_file():
        missing.append("scenario.yaml")
    if missing:
        raise InputError(
            f"{folder}: not a landsim run folder",
            [
                Problem(
                    str(folder),
                    "",
                    f"missing {', '.join(missing)}; give a folder written by `landsim run`",
                )
            ],
        )
    tables = _read_tables(folder)
    scenario = load_scenario(folder / "scenario.yaml")
    manifest = folder / "manifest.json"
    info = json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else {}
    res = Results(
        scenario,
        tables["long"],
        tables["parcels"],
        tables["shortfalls"],
        tables["projects"],
        timings=info.get("timings", {}),
        draws=int(info.get("draws", 1)),
        adjacency_method=str(info.get("adjacency_method", "unknown")),  # older runs: unknown
    )
    for name in ("quantiles", "probabilities"):
        if (folder / f"{name}.csv").is_file():
            setattr(res, name, _read_table(folder, name))
    if (folder / "draws.parquet").is_file():  # --write-draws: every draw, read when asked
        res.draws_file = folder / "draws.parquet"
    return res


def _read_tables(folder: Path) -> dict[str, pd.DataFrame]:
    """Read a run folder's tables; text columns as text, columns added since filled empty."""
    tables = {t: _read_table(folder, t) for t in TABLES}
    for table, columns in ADDED_COLUMNS.items():
        for col in columns:
            if col not in tables[table]:
                tables[table][col] = ""
    for table, columns in TEXT_COLUMNS.items():
        for col in columns:
            if col in tables[table]:
                values = tables[table][col].astype(object)  # an empty column reads as float
                tables[table][col] = values.where(values.notna(), "").astype(str)
    return tables


def _read_table(folder: Path, table: str) -> pd.DataFrame:
    """Read ``<table>.csv``, its ids and text columns as written (:data:`ID_COLUMNS`).

    A land use 0601 is not the number 601, nor a parcel id 0007 the number 7.
    """
    return pd.read_csv(
        folder / f"{table}.csv",
        encoding="utf-8-sig",
        dtype=dict.fromkeys((*TEXT_COLUMNS.get(table, ()), *ID_COLUMNS.get(table, ())), str),
    )
