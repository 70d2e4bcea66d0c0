"""The capacities one year's selection draws down: quotas, platform caps, budget."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landsim.engine.fill import fill_in_order, fill_members, longest_prefix


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
        """Weights and capacities for :func:`~.fill.greedy_fill` over items in priority order."""
        capped = np.flatnonzero(np.isfinite(self.caps))
        rows = [area]
        rows += [area * (platform == p) for p in capped]
        caps = [self.quota, *self.caps[capped]]
        if np.isfinite(self.budget):
            rows.append(cost)
            caps.append(self.budget)
        return np.vstack(rows), np.asarray(caps, dtype=float)

    def take_in_order(
        self,
        items: np.ndarray,
        order: np.ndarray,
        columns: tuple[np.ndarray, np.ndarray, np.ndarray],
        taken: np.ndarray,
        smallest: float,
    ) -> bool:
        """Greedy-fill the parcels ``items[order]``; draw down what they use.

        :func:`~.fill.greedy_fill` over the parcels' area, platform and cost (*columns*,
        over every parcel) in that order, read in place. The parcels taken are set in
        *taken* (a mask over *items*). Return whether the quota left is smaller than the
        least area *smallest* (nothing more fits).
        """
        capped, left = self._left()
        used_up = fill_in_order(items, order, columns, left, capped, taken, smallest)
        self._draw_down(capped, left)
        return used_up

    def take_members(
        self,
        items: np.ndarray,
        member: np.ndarray,
        columns: tuple[np.ndarray, np.ndarray, np.ndarray],
        smallest: float,
    ) -> bool:
        """As :meth:`take_in_order` over the parcels of *items* flagged 1 in *member*.

        The parcels taken are flagged 2 (:func:`~.fill.fill_members`).
        """
        capped, left = self._left()
        used_up = fill_members(items, member, columns, left, capped, smallest)
        self._draw_down(capped, left)
        return used_up

    def _left(self) -> tuple[np.ndarray, np.ndarray]:
        """Return the platforms capped, and what is left: quota, their caps, finite budget."""
        capped = np.flatnonzero(np.isfinite(self.caps))
        finite = np.isfinite(self.budget)
        left = np.empty(capped.size + 1 + finite)
        left[0] = self.quota
        left[1 : 1 + capped.size] = self.caps[capped]
        if finite:
            left[-1] = self.budget
        return capped, left

    def _draw_down(self, capped: np.ndarray, left: np.ndarray) -> None:
        """Keep what :meth:`_left` listed, once a fill has drawn it down."""
        self.quota = float(left[0])
        self.caps[capped] = left[1 : 1 + capped.size]
        if left.size > capped.size + 1:
            self.budget = float(left[-1])

    def prefix(self, area: np.ndarray, platform: np.ndarray, cost: np.ndarray) -> int:
        """Longest prefix of items that fits (for connected blocks); nothing is drawn down."""
        weights, caps = self.rows(area, platform, cost)
        return longest_prefix(weights, caps)

    def spend(self, area: np.ndarray, platform: np.ndarray, cost: np.ndarray) -> None:
        """Draw down capacities for items taken."""
        self.quota -= float(area.sum())
        np.subtract.at(self.caps, platform, area)
        self.budget -= float(cost.sum())
