"""Greedy filling of quotas under several constraints at once.

The rule is the sequential one analysts expect: go through the items in priority order
and take an item if it fits every remaining capacity (district quota, platform caps,
budget); otherwise skip it and go on. :func:`greedy_fill` is that loop, compiled; it stops
as soon as the first capacity (the area) left is smaller than every item still to come.
:func:`fill_in_order` and :func:`fill_members` are the same loop over parcels taken from
the inventory's columns in a given order, with the capacities of one
:class:`~.constraints.Capacity`.
"""

from __future__ import annotations

import numba
import numpy as np

EPS = 1e-9


def greedy_fill(weights: np.ndarray, capacity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Take items in order while every capacity allows, skipping items that do not fit.

    Parameters
    ----------
    weights
        ``(c, m)`` non-negative use of each of *c* capacities by each of *m* items, items
        in priority order. Row 0 must be positive for every item (it is the area).
    capacity
        ``(c,)`` capacities; ``inf`` for none.

    Returns
    -------
    taken, remaining
        Boolean mask of the items taken, and the capacities left.

    Examples
    --------
    >>> w = np.array([[5.0, 4.0, 3.0, 1.0]])
    >>> taken, left = greedy_fill(w, np.array([8.0]))
    >>> taken.tolist(), left.tolist()
    ([True, False, True, False], [0.0])
    """
    weights = np.ascontiguousarray(weights, dtype=np.float64)
    remaining = np.array(capacity, dtype=np.float64)
    taken = _fill(weights, remaining)
    return taken, remaining


@numba.njit(cache=True, nogil=True)
def _fill(weights, remaining):  # pragma: no cover - compiled; tested through greedy_fill
    """Run the greedy loop; *remaining* is drawn down in place."""
    c, m = weights.shape
    taken = np.zeros(m, dtype=np.bool_)
    later_min = np.empty(m + 1)  # smallest area of the items from i on
    later_min[m] = np.inf
    for i in range(m - 1, -1, -1):
        later_min[i] = min(later_min[i + 1], weights[0, i])
    for i in range(m):
        if remaining[0] + EPS < later_min[i]:
            break  # nothing left fits the area
        fits = True
        for r in range(c):
            if weights[r, i] > remaining[r] + EPS:
                fits = False
                break
        if fits:
            taken[i] = True
            for r in range(c):
                remaining[r] -= weights[r, i]
    return taken


def fill_in_order(
    items: np.ndarray,
    order: np.ndarray,
    columns: tuple[np.ndarray, np.ndarray, np.ndarray],
    left: np.ndarray,
    capped: np.ndarray,
    taken: np.ndarray,
    smallest: float,
) -> bool:
    """Greedy-fill the parcels ``items[order]`` in that order, as :func:`greedy_fill` would.

    Parameters
    ----------
    items
        Parcel indices.
    order
        Positions in *items*, in priority order.
    columns
        Every parcel's area, platform index and cost (the rows :func:`greedy_fill` weighs).
    left
        The area left, then the capacity left of each platform in *capped*, then the
        budget left if it is finite (then *left* has ``capped.size + 2`` entries); drawn
        down in place.
    capped
        Indices of the platforms with a cap.
    taken
        Boolean mask over *items*; the items taken are set.
    smallest
        The smallest area of any parcel: once the area left is below it, the fill stops.

    Returns
    -------
    bool
        Whether the area left is below *smallest* (nothing more can be taken).
    """
    area, platform, cost = columns
    budget = left.size > capped.size + 1
    return _fill_in_order(items, order, area, platform, cost, left, capped, budget, taken, smallest)


def fill_members(
    items: np.ndarray,
    member: np.ndarray,
    columns: tuple[np.ndarray, np.ndarray, np.ndarray],
    left: np.ndarray,
    capped: np.ndarray,
    smallest: float,
) -> bool:
    """Greedy-fill the parcels of *items* whose *member* flag is 1, in the order of *items*.

    As :func:`fill_in_order` (same *columns*, *left*, *capped*, *smallest* and result),
    but the parcels to fill from are flagged in *member* (over every parcel): each parcel
    taken gets the flag 2. For an order read from a longer list without making the
    shorter one.
    """
    area, platform, cost = columns
    budget = left.size > capped.size + 1
    return _fill_members(items, member, area, platform, cost, left, capped, budget, smallest)


@numba.njit(cache=True, nogil=True)
def _fill_in_order(
    items, order, area, platform, cost, left, capped, budget, taken, smallest
):  # pragma: no cover - compiled; tested through fill_in_order
    """Run the greedy loop over ``items[order]``; *left* and *taken* are updated in place.

    The step is written out here and in :func:`_fill_members`: as a function of its
    own it made the loop four times slower.
    """
    c = capped.size
    for i in range(order.size):
        j = order[i]
        p = items[j]
        a = area[p]
        if a > left[0] + EPS:
            continue
        fits = True
        for r in range(c):
            w = a if platform[p] == capped[r] else 0.0
            if w > left[1 + r] + EPS:
                fits = False
                break
        if not fits or (budget and cost[p] > left[1 + c] + EPS):
            continue
        taken[j] = True
        left[0] -= a
        for r in range(c):
            left[1 + r] -= a if platform[p] == capped[r] else 0.0
        if budget:
            left[1 + c] -= cost[p]
        if left[0] + EPS < smallest:
            return True
    return left[0] + EPS < smallest


@numba.njit(cache=True, nogil=True)
def _fill_members(
    items, member, area, platform, cost, left, capped, budget, smallest
):  # pragma: no cover - compiled; tested through fill_members
    """Run the greedy loop over the members among *items*; flag those taken 2."""
    c = capped.size
    for i in range(items.size):
        p = items[i]
        if member[p] != 1:
            continue
        a = area[p]
        if a > left[0] + EPS:
            continue
        fits = True
        for r in range(c):
            w = a if platform[p] == capped[r] else 0.0
            if w > left[1 + r] + EPS:
                fits = False
                break
        if not fits or (budget and cost[p] > left[1 + c] + EPS):
            continue
        member[p] = 2
        left[0] -= a
        for r in range(c):
            left[1 + r] -= a if platform[p] == capped[r] else 0.0
        if budget:
            left[1 + c] -= cost[p]
        if left[0] + EPS < smallest:
            return True
    return left[0] + EPS < smallest


def longest_prefix(weights: np.ndarray, capacity: np.ndarray) -> int:
    """Length of the longest prefix of items whose cumulative use fits every capacity."""
    if weights.shape[1] == 0:
        return 0
    ok = (np.cumsum(weights, axis=1) <= np.asarray(capacity)[:, None] + EPS).all(axis=0)
    return int(np.argmin(ok)) if not ok.all() else weights.shape[1]
