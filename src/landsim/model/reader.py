"""Read scenario numbers as arrays with a leading draw axis.

A deterministic run has one draw and uses each distribution's central value; Monte Carlo
and sensitivity runs pass a sampler that returns draws for each parameter, keyed by its
dotted path (``target_industries.new_energy.output_per_mu``, ``quotas.vacate_mu[2026]``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from landsim.scenario.distributions import central, is_distribution
from landsim.scenario.yearly import ALWAYS, Yearly

#: ``sampler(path, distribution, draws) -> values`` for one distribution-valued parameter.
Sampler = Callable[[str, Any, int], np.ndarray]


def central_sampler(path: str, dist: Any, draws: int) -> np.ndarray:
    """Every draw takes the distribution's central value."""
    return np.full(draws, dist.central())


@dataclass
class Reader:
    """Read scenario values as arrays of length ``draws``."""

    draws: int
    sampler: Sampler = central_sampler
    overrides: dict[str, np.ndarray] | None = None

    def num(self, value: Any, path: str) -> np.ndarray:
        """One value per draw for a number or distribution at *path*."""
        if self.overrides and path in self.overrides:
            return np.asarray(self.overrides[path], dtype=float)
        if is_distribution(value):
            return np.asarray(self.sampler(path, value, self.draws), dtype=float)
        return np.full(self.draws, central(value))

    def yearly(
        self, value: Yearly | None, path: str, years: np.ndarray, missing: float
    ) -> np.ndarray:
        """``(draws, T)`` values of a yearly parameter; *missing* where it is unset."""
        if value is None:
            return np.full((self.draws, len(years)), missing)
        cols = {}
        for key, leaf in value.steps:
            label = path if key == ALWAYS else f"{path}[{key}]"
            cols[key] = self.num(leaf, label)
        keys = [k for k, _ in value.steps]
        idx = np.searchsorted(keys, years, side="right") - 1
        return np.stack([cols[keys[i]] for i in idx], axis=1)

    def years(self, value: Any, path: str) -> np.ndarray:
        """Whole years per draw: rounded to the nearest year, halves up, never below 0.

        Not ``np.rint``, which rounds halves to even: 2.5 years ran as 2 and 1.5 as 2.
        """
        return np.maximum(np.floor(self.num(value, path) + 0.5), 0).astype(np.int64)
