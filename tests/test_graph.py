"""Connected groups on the adjacency graph: the compiled union-find against SciPy."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from landsim.model.graph import Neighbours, components


def test_groups_and_their_numbering_match_scipy_on_random_graphs():
    rng = np.random.default_rng(0)
    for _ in range(200):
        n = int(rng.integers(1, 400))
        edges = rng.integers(0, n, (2, int(rng.integers(0, 3 * n))))
        graph = Neighbours.from_edges(n, edges[:, edges[0] != edges[1]])
        members = rng.random(n) < rng.random()
        labels, count = components(graph, members)
        assert (labels[~members] == -1).all()
        idx = np.flatnonzero(members)
        if idx.size == 0:
            assert count == 0
            continue
        full = sparse.csr_array(
            (np.ones(graph.indices.size), graph.indices, graph.indptr), shape=(n, n)
        )
        expected_count, expected = csgraph.connected_components(full[idx][:, idx], directed=False)
        assert count == expected_count
        np.testing.assert_array_equal(labels[idx], expected)
