"""Connected groups of parcels on the adjacency graph, restricted to a subset."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph


def _subgraph(edges: np.ndarray, members: np.ndarray) -> tuple[sparse.csr_array, np.ndarray]:
    idx = np.flatnonzero(members)
    pos = np.full(members.size, -1, dtype=np.int64)
    pos[idx] = np.arange(idx.size)
    keep = members[edges[0]] & members[edges[1]]
    u, v = pos[edges[0, keep]], pos[edges[1, keep]]
    g = sparse.coo_array((np.ones(u.size, dtype=np.int8), (u, v)), shape=(idx.size, idx.size))
    return g.tocsr(), idx


def components(edges: np.ndarray, members: np.ndarray) -> tuple[np.ndarray, int]:
    """Label the connected groups of the parcels in *members*.

    Parameters
    ----------
    edges
        ``(2, E)`` undirected edges of the whole inventory.
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
    g, idx = _subgraph(edges, members)
    count, lab = csgraph.connected_components(g, directed=False)
    labels[idx] = lab
    return labels, int(count)


def bfs_order(edges: np.ndarray, members: np.ndarray, seed: int) -> np.ndarray:
    """Parcels of *seed*'s group, breadth first from *seed*: every prefix is connected."""
    g, idx = _subgraph(edges, members)
    start = int(np.searchsorted(idx, seed))
    order = csgraph.breadth_first_order(g, start, directed=False, return_predecessors=False)
    return idx[order]
