"""A sweep's output folder: variants kept as they finish, so an interrupted sweep resumes.

While a sweep runs, its folder holds ``work/``: ``sweep.json`` (what the sweep is: the
scenario, its input files' hashes, the varied keys, the variants, draws and seed) and one
folder per finished variant (``work/variants/v001/``: its tables, written atomically, so
a variant is there complete or not at all). The same command run again finds the
variants already done and runs only the others; a different sweep into the same folder
is refused. When every variant is done the final tables are assembled from the work
files — a resumed sweep gives exactly the tables of an uninterrupted one — and ``work/``
is removed once they are written.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from landsim.analysis.sweep import VariantTables
from landsim.analysis.sweep_design import Variant
from landsim.errors import LandsimError
from landsim.io.atomic import (
    MARKER,
    atomic_file,
    atomic_folder,
    mark_folder,
    read_manifest,
    written_by_landsim,
)
from landsim.scenario import Scenario, scenario_source

WORK = "work"
#: The tables of one variant, by file name.
PARTS = ("indicators", "probabilities", "targets")
#: Every file a finished sweep writes (``--force`` removes these and ``work/`` only).
FINAL = (
    "sweep.csv",
    "sweep.parquet",
    "probabilities.csv",
    "targets.csv",
    "variants.csv",
    "scenario.yaml",
    "manifest.json",
)


def input_hashes(scenario: Scenario) -> dict[str, str]:
    """SHA-256 of the scenario's files and its inventory's, by path."""
    source = scenario_source(scenario)
    paths = [Path(p) for p in (source.files if source else [])]
    adjacency = scenario.inventory.adjacency
    paths += [
        Path(p) for p in (scenario.inventory.path, adjacency.path, adjacency.bridges_path) if p
    ]
    out = {}
    for path in paths:
        if path.is_file():
            h = hashlib.sha256()
            with path.open("rb") as f:
                for chunk in iter(lambda f=f: f.read(1 << 20), b""):
                    h.update(chunk)
            out[str(path)] = h.hexdigest()
    return out


class SweepStore:
    """The work folder of one sweep (see the module docstring)."""

    def __init__(self, folder: Path, spec: dict[str, Any]) -> None:
        self.folder = Path(folder)
        self.spec = spec
        self.work = self.folder / WORK

    @classmethod
    def open(cls, folder: Path, spec: dict[str, Any], *, force: bool) -> SweepStore:
        """Start the sweep in *folder*, or resume it there if it is the same sweep.

        Raises
        ------
        LandsimError
            When *folder* holds a finished sweep, another sweep, or other files, unless
            *force* (which removes a previous sweep's files and work, nothing else).
        """
        store = cls(folder, json.loads(json.dumps(spec, default=str)))
        if store.folder.is_file():
            raise LandsimError(f"{folder} is a file; choose a folder name for the sweep")
        store._check_kind(force=force)
        if force or store._restartable():
            store.clear()
        else:
            store._check_resumable()
        if not (store.work / "sweep.json").is_file():
            store.work.mkdir(parents=True, exist_ok=True)
            mark_folder(store.folder)  # landsim wrote it: --force may replace it
            with atomic_file(store.work / "sweep.json") as tmp:
                tmp.write_text(json.dumps(store.spec, ensure_ascii=False, indent=1), "utf-8")
        return store

    def _check_kind(self, *, force: bool) -> None:
        """Refuse a folder that holds something other than a sweep (or nothing)."""
        folder = self.folder
        if not folder.exists() or not any(folder.iterdir()) or _is_sweep(folder):
            return
        if not force:
            raise LandsimError(
                f"{folder} already exists{_what(folder)}; choose another folder with -o"
            )
        if written_by_landsim(folder):  # a run's or a brief's: a sweep's files would mix in
            raise LandsimError(
                f"{folder} was written by landsim{_what(folder) or ' (a run or a report)'}, "
                "not by a sweep; "
                "--force on a sweep replaces only an earlier sweep. Choose another folder "
                "with -o"
            )
        raise LandsimError(
            f"{folder} holds files landsim did not write; --force replaces only an "
            "earlier sweep. Choose another folder with -o, or move those files away first"
        )

    def _restartable(self) -> bool:
        """Whether an unfinished sweep finished no variant (nothing is lost by starting over)."""
        return (self.work / "sweep.json").is_file() and not self.done()

    def _check_resumable(self) -> None:
        folder = self.folder
        if not folder.exists() or not any(folder.iterdir()):
            return
        saved = self.work / "sweep.json"
        if not saved.is_file():
            raise LandsimError(
                f"{folder} already exists{_what(folder)}; use --force to start over, or "
                "-o another folder"
            )
        try:
            before = json.loads(saved.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            before = None
        if before != self.spec:
            what = _difference(before, self.spec)
            raise LandsimError(
                f"{folder} holds an unfinished sweep that differs from this one ({what}); "
                "rerun its own command to resume it, use --force to start over, or -o "
                "another folder"
            )

    def clear(self) -> None:
        """Remove a previous sweep's work and final files from the folder (nothing else)."""
        shutil.rmtree(self.work, ignore_errors=True)
        for name in (*FINAL, MARKER):
            (self.folder / name).unlink(missing_ok=True)
        for image in self.folder.glob("heatmap_*"):
            image.unlink()

    def done(self) -> set[str]:
        """Return the ids of the variants already finished."""
        root = self.work / "variants"
        return {p.name for p in root.iterdir() if p.is_dir()} if root.is_dir() else set()

    def save(self, variant: Variant, tables: VariantTables) -> None:
        """Keep one finished variant's tables (all of them, or none if interrupted)."""
        (self.work / "variants").mkdir(parents=True, exist_ok=True)
        with atomic_folder(self.work / "variants" / variant.id, mark=False) as tmp:
            for name in PARTS:
                getattr(tables, name).to_csv(tmp / f"{name}.csv", index=False, encoding="utf-8")

    def load(self, variant: Variant) -> VariantTables:
        """Read one finished variant's tables back."""
        where = self.work / "variants" / variant.id
        return VariantTables(*(pd.read_csv(where / f"{n}.csv", encoding="utf-8") for n in PARTS))

    def assemble(self, variants: Sequence[Variant]) -> dict[str, pd.DataFrame]:
        """Build the sweep's tables from every variant's work files, in variant order.

        Returns ``sweep`` (variant × year × indicator), ``probabilities`` (variant ×
        target × year), ``targets`` (variant × target) and ``variants`` (one row each),
        each with the variant's id and the value of every varied key as columns.
        """
        parts: dict[str, list[pd.DataFrame]] = {name: [] for name in PARTS}
        for v in variants:
            tables = self.load(v)
            for name in PARTS:
                parts[name].append(_with_values(getattr(tables, name), v))
        joined = {name: pd.concat(frames, ignore_index=True) for name, frames in parts.items()}
        return {
            "sweep": joined["indicators"],
            "probabilities": joined["probabilities"],
            "targets": joined["targets"],
            "variants": pd.DataFrame([{"variant": v.id, **v.values} for v in variants]),
        }

    def finish(self) -> None:
        """Remove the work folder once the final tables are written."""
        shutil.rmtree(self.work, ignore_errors=True)


def _with_values(frame: pd.DataFrame, variant: Variant) -> pd.DataFrame:
    front = pd.DataFrame({"variant": variant.id, **variant.values}, index=frame.index)
    return pd.concat([front, frame], axis=1)


def _is_sweep(folder: Path) -> bool:
    """Whether *folder* holds a sweep, finished (its manifest) or not (``work/sweep.json``)."""
    if (folder / WORK / "sweep.json").is_file():
        return True
    info = read_manifest(folder)
    return info is not None and info.get("command") == "sweep"


def _what(folder: Path) -> str:
    """Say what *folder* holds, from its manifest, for messages."""
    info = read_manifest(folder) or {}
    kind = "a finished sweep" if info.get("command") == "sweep" else "a run"
    if "scenario" not in info:
        return ""
    return f" and holds {kind} of scenario {info['scenario']!r}"


def _difference(before: Any, now: dict[str, Any]) -> str:
    if not isinstance(before, dict):
        return "its work/sweep.json is unreadable"
    keys = [k for k in now if before.get(k) != now.get(k)]
    labels = {"inputs": "the scenario or inventory files changed", "variants": "other variants"}
    return "; ".join(labels.get(k, f"{k} differs") for k in keys) or "another landsim version"
