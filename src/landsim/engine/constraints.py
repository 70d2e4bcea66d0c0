"""The capacities one year's selection draws down: quotas, platform caps, budget."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landsim.engine.fill import EPS, greedy_fill, longest_prefix


@dataclass
class Capacity:
    """What is left this year for one treatment, and the shared budget.

    Attributes
    ----------
    quota
        District mu left for the treatment.
    caps
        ``(P,)`` mu left per platform for the treatment (``inf`` = no cap).
    budget
        万元 left this year, shared by all treatments.
    """

    quota: float
    caps: np.ndarray
    budget: float

    def rows(
        self, area: np.ndarray, platform: np.ndarray, cost: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Weights and capacities for :func:`greedy_fill` over items in priority order."""
        capped = np.flatnonzero(np.isfinite(self.caps))
        rows = [area]
        rows += [area * (platform == p) for p in capped]
        caps = [self.quota, *self.caps[capped]]
        if np.isfinite(self.budget):
            rows.append(cost)
            caps.append(self.budget)
        return np.vstack(rows), np.asarray(caps, dtype=float)

    def take(self, area: np.ndarray, platform: np.ndarray, cost: np.ndarray) -> np.ndarray:
        """Greedy-fill items (already in priority order); draw down what they use."""
        if area.size == 0:
            return np.zeros(0, dtype=bool)
        weights, caps = self.rows(area, platform, cost)
        taken, left = greedy_fill(weights, caps)
        self.quota = float(left[0])
        capped = np.flatnonzero(np.isfinite(self.caps))
        self.caps[capped] = left[1 : 1 + capped.size]
        if np.isfinite(self.budget):
            self.budget = float(left[-1])
        return taken

    def used_up(self, smallest: float) -> bool:
        """Whether the quota left is too small for any item (*smallest*: the least area)."""
        return self.quota + EPS < smallest

    def prefix(self, area: np.ndarray, platform: np.ndarray, cost: np.ndarray) -> int:
        """Longest prefix of items that fits (for connected blocks); nothing is drawn down."""
        weights, caps = self.rows(area, platform, cost)
        return longest_prefix(weights, caps)

    def spend(self, area: np.ndarray, platform: np.ndarray, cost: np.ndarray) -> None:
        """Draw down capacities for items taken."""
        self.quota -= float(area.sum())
        np.subtract.at(self.caps, platform, area)
        self.budget -= float(cost.sum())
