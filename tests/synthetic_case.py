"""A small synthetic inventory under the default scenario's rules, for tests of many draws."""

from __future__ import annotations

from pathlib import Path

from landsim.scenario import Scenario, load_scenario
from landsim.synthetic import generate
from tests.conftest import DEFAULT


def small_default(
    folder: Path, n_parcels: int = 600, seed: int = 7, end: int = 2026, run_out: int = 0
) -> Scenario:
    """The default scenario on *n_parcels* synthetic parcels, quotas and demand scaled.

    Owners' refusals stay a distribution, so every draw runs its own selection.
    """
    synth = generate(seed, n_parcels)
    parcels, pairs = folder / "parcels.csv", folder / "pairs.csv"
    synth.parcels.to_csv(parcels, index=False)
    synth.touching_pairs().to_csv(pairs, index=False)
    scale = n_parcels / 8000
    base = load_scenario(DEFAULT)
    demand = {
        k: {"demand_mu": float(v.demand_mu.at(2024)) * scale}
        for k, v in base.target_industries.items()
    }
    return load_scenario(
        DEFAULT,
        overrides={
            "name": "small_default",
            "horizon": {"start": 2024, "end": end, "run_out_years": run_out},
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
            "candidates": {"tax_per_mu_below": 5},  # the default's rise in 2027 is later
            "major_projects": {},
            "target_industries": demand,
        },
    )
