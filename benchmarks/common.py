"""Synthetic inventories of any size for benchmarks, written once and cached."""

from __future__ import annotations

import tempfile
from pathlib import Path

from landsim.scenario import Scenario, load_scenario
from landsim.synthetic import generate

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "scenarios" / "xiaoshan_2024.yaml"
CACHE = Path(tempfile.gettempdir()) / "landsim-bench"


def inventory_files(n_parcels: int, seed: int = 7) -> tuple[Path, Path]:
    """CSV of parcels and of touching pairs for about *n_parcels* parcels (cached)."""
    folder = CACHE / f"n{n_parcels}-s{seed}"
    parcels, pairs = folder / "parcels.csv", folder / "pairs.csv"
    if not (parcels.exists() and pairs.exists()):
        folder.mkdir(parents=True, exist_ok=True)
        synth = generate(seed, n_parcels)
        synth.parcels.to_csv(parcels, index=False)
        synth.touching_pairs().to_csv(pairs, index=False)
    return parcels, pairs


def scenario_for(n_parcels: int, years: int = 10, **overrides) -> Scenario:
    """The default scenario on a synthetic inventory of *n_parcels*, over *years* years.

    Quotas, demand and the investment investors bring scale with the inventory, so the
    programme does the same share of the work at every size. No run-out years and no
    major projects: the years timed are programme years.
    """
    parcels, pairs = inventory_files(n_parcels)
    scale = n_parcels / 8000
    base = load_scenario(DEFAULT)
    targets = {
        k: {"demand_mu": float(v.demand_mu.at(2024)) * scale}
        for k, v in base.target_industries.items()
    }
    data = {
        "horizon": {"start": 2024, "end": 2024 + years - 1, "run_out_years": 0},
        "inventory": {
            "path": str(parcels),
            "adjacency": {"method": "table", "path": str(pairs), "bridges_path": None},
        },
        "quotas": {
            "vacate_mu": 3000 * scale,
            "upgrade_mu": 5600 * scale,
            "reactivate_mu": 1500 * scale,
        },
        "targets": {"contiguous_vacated_mu": 2000 * scale, "revitalized_mu": 10000 * scale},
        "major_projects": {},
        "target_industries": targets,
        "pipeline": {
            "investment_cap": {"dist": "uniform", "low": 400000 * scale, "high": 800000 * scale}
        },
    }
    for key, value in overrides.items():
        data[key] = {**data.get(key, {}), **value} if isinstance(value, dict) else value
    return load_scenario(DEFAULT, overrides=data)
