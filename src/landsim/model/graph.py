"""Connected groups of parcels on the adjacency graph, restricted to a subset.

The graph is held as a symmetric CSR neighbour list (``indptr``, ``indices``). A subset's
subgraph is gathered from its members' neighbour lists, so the cost follows the members'
degrees, not the size of the whole graph.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np
from scipy import sparse


@dataclass(frozen=True)
class Neighbours:
    """A symmetric adjacency graph in CSR form.

    Parcel *i*'s neighbours are ``indices[indptr[i]:indptr[i + 1]]``.
    """

    indptr: np.ndarray
    indices: np.ndarray

    @classmethod
    def from_edges(cls, n: int, edges: np.ndarray) -> Neighbours:
        """Build from undirected edges ``(2, E)``."""
        g = sparse.csr_array(
            (
                np.ones(2 * edges.shape[1], dtype=np.int8),
                (np.concatenate([edges[0], edges[1]]), np.concatenate([edges[1], edges[0]])),
            ),
            shape=(n, n),
        )
        g.sum_duplicates()
        g.sort_indices()
        return cls(g.indptr.astype(np.int64), g.indices.astype(np.int64))

    @classmethod
    def from_adjacency(
        cls, adjacency: sparse.sparray, keep: np.ndarray | None = None
    ) -> Neighbours:
        """Build from a symmetric adjacency matrix, without self-loops.

        *keep* is an optional ``(n,)`` label per parcel: links between parcels of
        different labels are left out. The matrix must be symmetric, as
        :func:`landsim.inventory.adjacency.build_adjacency` returns it (the result is then
        that of :meth:`from_edges` over its links, without building them).
        """
        a = sparse.csr_array(adjacency, copy=True)
        a.sum_duplicates()  # sorted neighbours, each once
        indptr, indices = a.indptr.astype(np.int64), a.indices.astype(np.int64)
        rows = np.repeat(np.arange(a.shape[0]), np.diff(indptr))
        kept = rows != indices
        if keep is not None:
            kept &= keep[rows] == keep[indices]
        if kept.all():
            return cls(indptr, indices)
        counts = np.bincount(rows[kept], minlength=a.shape[0])
        return cls(np.concatenate([[0], np.cumsum(counts)]), indices[kept])

    @property
    def n(self) -> int:
        """Number of parcels."""
        return len(self.indptr) - 1

    def union(self, other: Neighbours) -> Neighbours:
        """Return the graph with the links of both."""
        shape = (self.n, self.n)
        a = sparse.csr_array(
            (np.ones(self.indices.size, np.int8), self.indices, self.indptr), shape
        )
        b = sparse.csr_array(
            (np.ones(other.indices.size, np.int8), other.indices, other.indptr), shape
        )
        g = (a + b).tocsr()
        g.sum_duplicates()
        g.sort_indices()
        return Neighbours(g.indptr.astype(np.int64), g.indices.astype(np.int64))

    def links_within(self, members: np.ndarray) -> int:
        """Count the links (undirected) whose two ends are both in the mask *members*."""
        idx = np.flatnonzero(members)
        local, nbr = _neighbour_lists(self, idx)
        return int(((idx[local] < nbr) & members[nbr]).sum())


def _neighbour_lists(graph: Neighbours, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(position in idx, neighbour)`` pairs of the parcels *idx*, without a Python loop."""
    starts, stops = graph.indptr[idx], graph.indptr[idx + 1]
    counts = stops - starts
    total = int(counts.sum())
    offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts)
    nbr = graph.indices[offsets + np.arange(total)]
    return np.repeat(np.arange(idx.size), counts), nbr


def _subgraph(graph: Neighbours, members: np.ndarray) -> tuple[sparse.csr_array, np.ndarray]:
    idx = np.flatnonzero(members)
    local, nbr = _neighbour_lists(graph, idx)
    keep = members[nbr]
    cols = np.searchsorted(idx, nbr[keep])
    indptr = np.concatenate([[0], np.cumsum(np.bincount(local[keep], minlength=idx.size))])
    g = sparse.csr_array(
        (np.ones(cols.size, dtype=np.int8), cols, indptr), shape=(idx.size, idx.size)
    )
    return g, idx


def components(graph: Neighbours, members: np.ndarray) -> tuple[np.ndarray, int]:
    """Label the connected groups of the parcels in *members*.

    Parameters
    ----------
    graph
        The inventory's adjacency graph.
    members
        Boolean mask of the parcels to group; edges to other parcels are ignored.

    Returns
    -------
    labels, count
        For every parcel its group number (``-1`` outside *members*), and the number of
        groups.
    """
    idx = np.flatnonzero(members)
    local, count = group_labels(graph, idx, members)
    labels = np.full(members.size, -1, dtype=np.int64)
    labels[idx] = local
    return labels, count


def group_labels(graph: Neighbours, idx: np.ndarray, members: np.ndarray) -> tuple[np.ndarray, int]:
    """Label the connected groups of the parcels *idx* (sorted; the mask *members*).

    As :func:`components`, with the labels of *idx* only: ``labels[k]`` is the group of
    parcel ``idx[k]``.
    """
    labels, count = _union_find(graph.indptr, graph.indices, idx, members)
    return labels, int(count)


@numba.njit(cache=True, nogil=True)
def _union_find(indptr, indices, idx, members):  # pragma: no cover - compiled
    """Label the groups of *idx* (sorted) over links within *members*; one label per idx.

    Groups are numbered in the order of their first parcel, as
    ``scipy.sparse.csgraph.connected_components`` numbers them; the cost follows the
    members' links, not the size of the graph.
    """
    parent = np.arange(idx.size)
    where = np.empty(members.size, dtype=np.int64)  # position in idx; read for members only
    for k in range(idx.size):
        where[idx[k]] = k
    for k in range(idx.size):
        i = idx[k]
        for e in range(indptr[i], indptr[i + 1]):
            j = indices[e]
            if j > i and members[j]:
                a, b = _root(parent, k), _root(parent, where[j])
                if a != b:
                    parent[max(a, b)] = min(a, b)
    labels = np.empty(idx.size, dtype=np.int64)
    label_of_root = np.full(idx.size, -1, dtype=np.int64)
    count = 0
    for k in range(idx.size):
        r = _root(parent, k)
        if label_of_root[r] < 0:
            label_of_root[r] = count
            count += 1
        labels[k] = label_of_root[r]
    return labels, count


@numba.njit(cache=True, nogil=True, inline="always")
def _root(parent, k):  # pragma: no cover - compiled
    while parent[k] != k:
        parent[k] = parent[parent[k]]  # path halving
        k = parent[k]
    return k


def bfs_order(graph: Neighbours, members: np.ndarray, seed: int) -> np.ndarray:
    """Parcels of *seed*'s group, breadth first from *seed*: every prefix is connected."""
    from scipy.sparse import csgraph  # only major projects need it (0.1 s to import)

    g, idx = _subgraph(graph, members)
    start = int(np.searchsorted(idx, seed))
    order = csgraph.breadth_first_order(g, start, directed=False, return_predecessors=False)
    return idx[order]
