"""Connected groups of parcels on the adjacency graph, restricted to a subset.

The graph is held as a symmetric CSR neighbour list (``indptr``, ``indices``). A subset's
subgraph is gathered from its members' neighbour lists, so the cost follows the members'
degrees, not the size of the whole graph.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph


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

    @property
    def n(self) -> int:
        """Number of parcels."""
        return len(self.indptr) - 1


def _subgraph(graph: Neighbours, members: np.ndarray) -> tuple[sparse.csr_array, np.ndarray]:
    idx = np.flatnonzero(members)
    starts, stops = graph.indptr[idx], graph.indptr[idx + 1]
    counts = stops - starts
    total = int(counts.sum())
    # positions of every member's neighbours in `indices`, without a Python loop
    offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts) + np.arange(
        total
    )
    nbr = graph.indices[offsets]
    rows = np.repeat(np.arange(idx.size), counts)
    keep = members[nbr]
    cols = np.searchsorted(idx, nbr[keep])
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows[keep], minlength=idx.size))])
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
    labels = np.full(members.size, -1, dtype=np.int64)
    if not members.any():
        return labels, 0
    g, idx = _subgraph(graph, members)
    count, lab = csgraph.connected_components(g, directed=False)
    labels[idx] = lab
    return labels, int(count)


def bfs_order(graph: Neighbours, members: np.ndarray, seed: int) -> np.ndarray:
    """Parcels of *seed*'s group, breadth first from *seed*: every prefix is connected."""
    g, idx = _subgraph(graph, members)
    start = int(np.searchsorted(idx, seed))
    order = csgraph.breadth_first_order(g, start, directed=False, return_predecessors=False)
    return idx[order]
