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
from landsim.engine.details import Detail, detail, tenths

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
    text: Detail

    @property
    def missing(self) -> float:
        """Mu short of the quota."""
        return self.quota - self.achieved

    @property
    def detail(self) -> str:
        """The detail in English (``shortfalls.detail``)."""
        return self.text.en

    @property
    def detail_zh(self) -> str:
        """The detail in Chinese (``shortfalls.detail_zh``)."""
        return self.text.zh


def diagnose(
    left: np.ndarray,
    refused: np.ndarray,
    cap: Capacity,
    area: np.ndarray,
    platform: np.ndarray,
    cost: np.ndarray,
    *,
    contiguity_only: bool = False,
) -> tuple[str, Detail]:
    """Cause of a district shortfall, from the candidates left and the capacity left.

    *left* and *refused* (the owners who refused this year) are parcel indices; *refused*
    is read only when *left* is empty. The detail is in both languages.
    """
    if left.size == 0:
        return _none_left(refused, cap, area)
    if contiguity_only:
        return "no_cluster", detail("no_cluster")
    capped = bool((cap.caps != np.inf).any())  # an uncapped (inf) platform fits any area
    fit, affordable, fit_quota, smallest = _figures(
        left, area, platform, cost, cap.caps, capped, cap.quota, cap.budget
    )
    if fit and not affordable:
        m = cost[left[_fitting(left, cap, area, platform, capped)]]
        return "budget", detail(
            "budget_cheapest", budget=f"{cap.budget:,.0f}", cost=f"{m.min():,.0f}"
        )
    if not fit and fit_quota:
        return "platform_quota", detail("platform_quota")
    return "granularity", detail("granularity", left=tenths(cap.quota), smallest=f"{smallest:,.1f}")


def _none_left(refused: np.ndarray, cap: Capacity, area: np.ndarray) -> tuple[str, Detail]:
    """Cause of a district shortfall with no candidate left but the owners who *refused*."""
    if refused.size == 0:
        return "no_candidates", detail("none_left")
    n, mu = refused.size, float(area[refused].sum())
    owners = {"n": f"{n:,}", "s": "s" * (n != 1), "mu": f"{mu:,.0f}"}
    if mu + EPS < cap.quota - mu:  # most of the gap is there even had they all agreed
        share, quota = f"{mu / cap.quota:.0%}", f"{cap.quota:,.0f}"
        return "no_candidates", detail("few_refused", share=share, quota=quota, **owners)
    return "refusals", detail("refused", **owners)


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
) -> tuple[str, Detail]:
    """Cause of a platform cap not filled (its candidates left are the indices *left*)."""
    if left.size == 0:
        return "no_candidates", detail("none_left_in_platform")
    a, m = area[left], cost[left]
    if cap.quota < a.min() - EPS:
        return "district_quota", detail("district_quota")
    fits = a <= min(cap_left, cap.quota) + EPS
    if fits.any() and not (m[fits] <= cap.budget + EPS).any():
        return "budget", detail("budget", budget=f"{cap.budget:,.0f}")
    return "granularity", detail("granularity", left=tenths(cap_left), smallest=f"{a.min():,.1f}")
