"""A small back-test world shared by the back-test and calibration tests.

A synthetic inventory of about 1,500 parcels (an eighth of the bundled one's area, with
quotas scaled to it) stands in for a district's 2021 parcels, and ``landsim synth
--history`` writes what "really happened" in 2022–2024: the scenario run with known
parameter values (:data:`TRUTH`) and a seed of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from landsim.cli import main
from landsim.synthetic import generate
from tests.conftest import ROOT

BACKTEST = ROOT / "scenarios" / "backtest_2022.yaml"
#: The values the history is made with; the scenario's own are 0.1, 25/45/25/5 % and 2.
TRUTH: dict[str, Any] = {
    "selection.refusal_probability": 0.2,
    "evaluation.classes.shares": {"A": 0.25, "B": 0.45, "C": 0.2, "D": 0.1},
    "treatments.vacate.prep_years": 1,
}
HISTORY_SEED = 7


@dataclass(frozen=True)
class World:
    """The files of the world."""

    folder: Path
    scenario: Path
    history: Path


def truth(*, leave: tuple[str, ...] = ()) -> dict[str, Any]:
    """The true values as scenario overrides, but for the keys in *leave*."""
    out: dict[str, Any] = {}
    for key, value in TRUTH.items():
        if key in leave:
            continue
        node = out
        *parents, last = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return out


def make_world(folder: Path) -> World:
    """Write the inventory, its neighbour table, the scenario and the history into *folder*."""
    synth = generate(11, n_parcels=1500)
    synth.parcels.to_csv(folder / "parcels.csv", index=False)
    synth.touching_pairs().to_csv(folder / "adjacency.csv", index=False)
    scenario = folder / "scenario.yaml"
    scenario.write_text(
        f"extends: {BACKTEST.as_posix()}\n"
        "inventory:\n"
        "  path: parcels.csv\n"
        "  adjacency: {method: table, path: adjacency.csv}\n"
        "quotas: {vacate_mu: 600, upgrade_mu: 1100, reactivate_mu: 300}\n",
        encoding="utf-8",
    )
    history = folder / "处置台账.csv"
    sets = []
    for key, value in TRUTH.items():
        text = (
            "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
            if isinstance(value, dict)
            else str(value)
        )
        sets += ["--set", f"{key}={text}"]
    argv = ["synth", "--history", str(history), "--scenario", str(scenario), *sets]
    assert main([*argv, "--seed", str(HISTORY_SEED)]) == 0
    return World(folder, scenario, history)
