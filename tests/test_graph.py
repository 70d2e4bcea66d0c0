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


def test_graph_from_an_adjacency_matrix_equals_the_graph_of_its_links():
    from landsim.inventory.adjacency import graph_from_pairs

    rng = np.random.default_rng(1)
    for _ in range(100):
        n = int(rng.integers(1, 300))
        i, j = rng.integers(0, n, (2, int(rng.integers(0, 3 * n))))  # repeats, self-pairs
        adjacency = graph_from_pairs(n, i, j)
        label = rng.integers(0, 3, n)
        coo = adjacency.tocoo()
        for keep in (None, label):
            upper = coo.row < coo.col
            if keep is not None:
                upper &= keep[coo.row] == keep[coo.col]
            expected = Neighbours.from_edges(n, np.vstack([coo.row[upper], coo.col[upper]]))
            got = Neighbours.from_adjacency(adjacency, keep)
            np.testing.assert_array_equal(got.indptr, expected.indptr)
            np.testing.assert_array_equal(got.indices, expected.indices)
