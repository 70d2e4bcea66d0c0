"""Compiled passes over the lists of candidates still open in a year (:mod:`.year`).

Each is one pass over a list of parcel indices, where numpy would make several (a
gather, a comparison, a compress). Recording the parcels taken stays in numpy: scattered
writes to several columns at once were slower than numpy's one column at a time.
"""

from __future__ import annotations

import numba
import numpy as np


def matching(idx: np.ndarray, values: np.ndarray, value: int, equal: bool) -> np.ndarray:
    """Return the parcels *idx* whose ``values`` equal *value* (or differ, if not *equal*).

    Examples
    --------
    >>> matching(np.array([0, 2, 3]), np.array([1, 0, 1, 0], np.int8), 1, False).tolist()
    [2, 3]
    """
    return _matching(idx, values, value, equal)


def without(idx: np.ndarray, taken: np.ndarray) -> np.ndarray:
    """Return the parcels *idx* not in *taken* (both sorted, without repeats).

    Examples
    --------
    >>> without(np.array([1, 3, 5, 7]), np.array([0, 3, 7])).tolist()
    [1, 5]
    """
    return _without(idx, taken)


def split(idx: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return ``idx[mask]`` and ``idx[~mask]``, in one pass.

    Examples
    --------
    >>> [a.tolist() for a in split(np.array([4, 5, 6]), np.array([True, False, True]))]
    [[4, 6], [5]]
    """
    return _split(idx, mask)


def split_on(idx: np.ndarray, values: np.ndarray, value: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the parcels *idx* whose ``values`` equal *value*, and the others; one pass.

    Examples
    --------
    >>> [a.tolist() for a in split_on(np.array([0, 2, 3]), np.array([2, 0, 1, 2]), 2)]
    [[0, 3], [2]]
    """
    return _split_on(idx, values, value)


@numba.njit(cache=True, nogil=True)
def _matching(idx, values, value, equal):  # pragma: no cover - compiled
    """Keep the parcels whose value equals (or differs from) *value*; one pass."""
    out = np.empty(idx.size, dtype=np.int64)
    k = 0
    for i in range(idx.size):
        p = idx[i]
        out[k] = p
        k += (values[p] == value) == equal
    return out[:k]


@numba.njit(cache=True, nogil=True)
def _without(idx, taken):  # pragma: no cover - compiled
    """Merge the two sorted lists, keeping what only *idx* holds."""
    out = np.empty(idx.size, dtype=np.int64)
    k = 0
    j = 0
    for i in range(idx.size):
        p = idx[i]
        while j < taken.size and taken[j] < p:
            j += 1
        out[k] = p
        k += not (j < taken.size and taken[j] == p)
    return out[:k]


@numba.njit(cache=True, nogil=True)
def _split(idx, mask):  # pragma: no cover - compiled
    """Write each parcel to the list of its side of *mask*; no branch."""
    yes = np.empty(idx.size, dtype=np.int64)
    no = np.empty(idx.size, dtype=np.int64)
    k = 0
    m = 0
    for i in range(idx.size):
        yes[k] = idx[i]
        no[m] = idx[i]
        k += mask[i]
        m += not mask[i]
    return yes[:k], no[:m]


@numba.njit(cache=True, nogil=True)
def _split_on(idx, values, value):  # pragma: no cover - compiled
    """Write each parcel to the list of its side; no branch."""
    yes = np.empty(idx.size, dtype=np.int64)
    no = np.empty(idx.size, dtype=np.int64)
    k = 0
    m = 0
    for i in range(idx.size):
        p = idx[i]
        same = values[p] == value
        yes[k] = p
        no[m] = p
        k += same
        m += not same
    return yes[:k], no[:m]
