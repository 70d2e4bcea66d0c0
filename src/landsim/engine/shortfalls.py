"""Why a quota was not filled: every shortfall gets a cause, never silence.

Causes, checked in this order:

``no_candidates``
    No candidate of this treatment is left (in the platform, for a platform cap).
``refusals``
    Candidates are left only among owners who refused this year, and they hold at least
    half of what is missing. When they hold less, most of the gap would be there even
    had they all agreed: the cause is ``no_candidates``, and the detail says how many
    refused.
``no_cluster``
    Candidates are left, but none in a cluster large enough (contiguity-only selection).
``budget``
    Candidates that fit the quota are left, but none is affordable with the money left.
``platform_quota``
    The candidates left are in platforms whose own caps are used up.
``district_quota``
    (platform caps) The district quota ran out before this platform's cap.
``granularity``
    Every candidate left is larger than the quota left.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from landsim.engine.constraints import Capacity

EPS = 1e-6


@dataclass(frozen=True)
class Shortfall:
    """One unmet quota."""

    year: int
    platform: str  # platform id, or "district"
    treatment: str
    quota: float
    achieved: float
    cause: str
    detail: str

    @property
    def missing(self) -> float:
        """Mu short of the quota."""
        return self.quota - self.achieved


def diagnose(
    left: np.ndarray,
    refused: np.ndarray,
    cap: Capacity,
    area: np.ndarray,
    platform: np.ndarray,
    cost: np.ndarray,
    *,
    contiguity_only: bool = False,
) -> tuple[str, str]:
    """Cause of a district shortfall, from the candidates left and the capacity left.

    *left* and *refused* (the owners who refused this year) are parcel indices; *refused*
    is read only when *left* is empty.
    """
    if left.size == 0:
        if refused.size == 0:
            return "no_candidates", "no candidates of this treatment are left"
        n, mu = refused.size, float(area[refused].sum())
        owners = f"{n:,} owner{'s' * (n != 1)} ({mu:,.0f} mu) refused this year"
        if mu + EPS < cap.quota - mu:  # most of the gap is there even had they all agreed
            return "no_candidates", (
                f"no candidates left; {owners}: {mu / cap.quota:.0%} of the "
                f"{cap.quota:,.0f} mu missing"
            )
        return "refusals", f"no other candidates left; {owners}"
    if contiguity_only:
        return "no_cluster", "the candidates left are not in clusters of the minimum size"
    capped = bool((cap.caps != np.inf).any())  # an uncapped (inf) platform fits any area
    fit, affordable, fit_quota, smallest = _figures(
        left, area, platform, cost, cap.caps, capped, cap.quota, cap.budget
    )
    if fit and not affordable:
        m = cost[left[_fitting(left, cap, area, platform, capped)]]
        return "budget", (
            f"{cap.budget:,.0f} 万元 left; the cheapest candidate that fits costs "
            f"{m.min():,.0f} 万元"
        )
    if not fit and fit_quota:
        return "platform_quota", "the candidates left are in platforms whose caps are used up"
    return "granularity", (
        f"{cap.quota:,.1f} mu left; the smallest candidate left has {smallest:,.1f} mu"
    )


def _fitting(
    left: np.ndarray, cap: Capacity, area: np.ndarray, platform: np.ndarray, capped: bool
) -> np.ndarray:
    """Mask of the candidates *left* whose area fits the quota and their platform's cap."""
    a = area[left]
    fits = a <= cap.quota + EPS
    if capped:
        fits &= a <= cap.caps[platform[left]] + EPS
    return fits


@numba.njit(cache=True, nogil=True)
def _figures(left, area, platform, cost, caps, capped, quota, budget):  # pragma: no cover
    """One pass over the candidates left (compiled; as :func:`_fitting` and numpy would).

    Return whether any fits (:func:`_fitting`), whether any that fits is affordable,
    whether any fits the quota alone, and the smallest area.
    """
    fit = False
    affordable = False
    fit_quota = False
    smallest = np.inf
    for i in range(left.size):
        p = left[i]
        a = area[p]
        smallest = min(smallest, a)
        in_quota = a <= quota + EPS
        fit_quota |= in_quota
        fits = in_quota and (not capped or a <= caps[platform[p]] + EPS)
        fit |= fits
        affordable |= fits and cost[p] <= budget + EPS
    return fit, affordable, fit_quota, smallest


def diagnose_platform(
    left: np.ndarray,
    cap: Capacity,
    area: np.ndarray,
    cost: np.ndarray,
    cap_left: float,
) -> tuple[str, str]:
    """Cause of a platform cap not filled (its candidates left are the indices *left*)."""
    if left.size == 0:
        return "no_candidates", "no candidates of this treatment are left in the platform"
    a, m = area[left], cost[left]
    if cap.quota < a.min() - EPS:
        return "district_quota", "the district quota ran out first"
    fits = a <= min(cap_left, cap.quota) + EPS
    if fits.any() and not (m[fits] <= cap.budget + EPS).any():
        return "budget", f"{cap.budget:,.0f} 万元 left"
    return (
        "granularity",
        f"{cap_left:,.1f} mu left; the smallest candidate left has {a.min():,.1f} mu",
    )
