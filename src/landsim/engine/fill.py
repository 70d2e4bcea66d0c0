"""Greedy filling of quotas under several constraints at once, in array passes.

The rule is the sequential one analysts expect: go through the items in priority order
and take an item if it fits every remaining capacity (district quota, platform caps,
budget); otherwise skip it and go on. :func:`greedy_fill` returns exactly what that loop
returns, but works in passes over arrays: each pass takes the longest prefix that fits,
skips the first item that does not, and drops the items that can no longer fit at all.
The number of passes is the number of skips, which is small: skips happen only when a
capacity is nearly used up.
"""

from __future__ import annotations

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
    m = weights.shape[1]
    taken = np.zeros(m, dtype=bool)
    remaining = np.asarray(capacity, dtype=float).copy()
    active = np.flatnonzero((weights <= remaining[:, None] + EPS).all(axis=0))
    min_first = float(weights[0].min()) if m else 1.0
    while active.size:
        # at most this many items can still be taken, judged by row 0 alone
        bound = active.size if not np.isfinite(remaining[0]) else int(remaining[0] / min_first) + 1
        head = active[: max(bound, 1)]
        cum = np.cumsum(weights[:, head], axis=1)
        ok = (cum <= remaining[:, None] + EPS).all(axis=0)
        j = int(np.argmin(ok)) if not ok.all() else head.size
        taken[head[:j]] = True
        if j:
            remaining -= cum[:, j - 1]
        if j == head.size:
            active = active[j:]
            continue
        rest = active[j + 1 :]  # head[j] does not fit: skip it
        active = rest[(weights[:, rest] <= remaining[:, None] + EPS).all(axis=0)]
    return taken, remaining


def longest_prefix(weights: np.ndarray, capacity: np.ndarray) -> int:
    """Length of the longest prefix of items whose cumulative use fits every capacity."""
    if weights.shape[1] == 0:
        return 0
    ok = (np.cumsum(weights, axis=1) <= np.asarray(capacity)[:, None] + EPS).all(axis=0)
    return int(np.argmin(ok)) if not ok.all() else weights.shape[1]
