"""Which parcels touch: a sparse, symmetric adjacency graph for contiguity (连片).

Two ways, chosen by ``inventory.adjacency.method``:

* **polygons** (needs the ``gis`` extra): parcels touch when their boundaries come within
  ``tolerance_m`` of each other *and* they share more than a corner: the length of one
  boundary lying within ``tolerance_m`` of the other must exceed ``2 × tolerance_m`` (a
  corner contact yields about that much). Computed on boundary segments in arrays
  (:mod:`landsim.inventory.boundaries`); :func:`polygon_pairs_buffered` is the same rule
  with GEOS buffers, about five times slower, kept as the reference.
* **table**: touching pairs listed in a CSV (parcel id, neighbour id), as GIS tools
  export them; exact whatever the shapes. The bundled inventory ships one.
* **points** (centroids only): parcels *i* and *j* touch when their distance is at most
  ``scale × (s_i + s_j) / 2 + distance_m``, with ``s`` the side of a square of the
  parcel's area. Candidate pairs come from KD-trees over size classes, so one huge
  parcel does not make every query wide. This is an approximation: measured against
  true rectangles on the synthetic inventory it both splits and merges blocks (see
  ``docs/inventory.md``); prefer polygons or a table when you have them.

Links across roads, for assembling major-project blocks, are kept apart from the touching
pairs: :mod:`landsim.inventory.bridges`.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

import landsim.units as units
from landsim.errors import InputError, Problem, count
from landsim.inventory.boundaries import shared_lengths
from landsim.inventory.geometry import Geometry, from_shapely
from landsim.inventory.load import Inventory
from landsim.inventory.messages import lost_zeros
from landsim.scenario.schema.inventory_spec import Adjacency


def build_adjacency(inventory: Inventory, spec: Adjacency) -> sparse.csr_array:
    """Build the adjacency graph of *inventory*.

    Parameters
    ----------
    inventory
        A loaded inventory.
    spec
        The scenario's ``inventory.adjacency`` settings.

    Returns
    -------
    scipy.sparse.csr_array
        ``n × n`` boolean, symmetric, no self-loops; parcels in inventory order.

    Raises
    ------
    InputError
        If the method needs data the inventory lacks (coordinates, polygons) or a library
        that is not installed.
    """
    n = inventory.n
    method = resolved_method(inventory, spec)
    geometry = inventory.geometry
    if method == "none":
        return sparse.csr_array((n, n), dtype=bool)
    if method == "table":
        assert spec.path is not None
        i, j = table_pairs(Path(spec.path), spec.columns, inventory)
        return graph_from_pairs(n, i, j)
    if method == "polygons":
        if geometry is None or geometry.kind != "polygon":
            raise _needs("polygons", "the inventory has no polygons; use method: points")
        geometry.to_shapely_checked()  # the extra is there, or a clear error
        i, j = polygon_pairs(geometry, spec.tolerance_m)
    else:
        if not inventory.has_coordinates:
            raise _needs(
                "points",
                "the inventory has no x/y coordinates; add them, give "
                "polygons, or set method: none",
            )
        p = inventory.parcels
        xy = np.column_stack([p["x"].to_numpy(float), p["y"].to_numpy(float)])
        side = np.sqrt(p["area_mu"].to_numpy(float) * units.M2_PER_MU)
        i, j = point_pairs(xy, side, spec.scale, spec.distance_m)
    return graph_from_pairs(n, i, j)


def resolved_method(inventory: Inventory, spec: Adjacency) -> str:
    """Return the rule :func:`build_adjacency` uses: *spec*'s method, ``auto`` resolved.

    Parameters
    ----------
    inventory
        A loaded inventory.
    spec
        The scenario's ``inventory.adjacency`` settings.

    Returns
    -------
    str
        ``polygons``, ``points``, ``table`` or ``none``. ``auto`` is ``polygons`` when
        the inventory has polygons, else ``points`` when it has x/y, else ``none``.
    """
    if spec.method != "auto":
        return spec.method
    geometry = inventory.geometry
    if geometry is not None and geometry.kind == "polygon":
        return "polygons"
    return "points" if inventory.has_coordinates else "none"


def _needs(method: str, why: str) -> InputError:
    return InputError(
        "cannot build the adjacency graph",
        [Problem("inventory.adjacency", "method", f"{method}: {why}")],
    )


def table_pairs(
    path: Path, columns: tuple[str, str], inventory: Inventory
) -> tuple[np.ndarray, np.ndarray]:
    """Read touching pairs from a CSV of parcel ids; every id must be in the inventory."""
    from landsim.inventory.text_files import CODECS, detect_encoding

    if not path.is_file():
        raise InputError(
            f"{path}: adjacency table not found",
            [Problem(str(path), "inventory.adjacency.path", "no such file")],
        )
    raw = path.read_bytes()
    encoding = detect_encoding(raw, "auto", path)
    ids = inventory.parcels["parcel_id"]
    table = pd.read_csv(
        io.BytesIO(raw),
        encoding=CODECS.get(encoding, encoding),
        dtype=ids.dtype if ids.dtype != object else str,
        keep_default_na=False,
    )
    del raw
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise InputError(
            f"{path}: adjacency table lacks columns",
            [
                Problem(
                    path.name,
                    "inventory.adjacency.columns",
                    f"no column {', '.join(missing)}; the file has {', '.join(table.columns)}",
                )
            ],
        )
    ends = [table[col].str.strip() for col in columns]
    # Parcel ids are unique and come first, so their codes are their positions 0…n-1;
    # a code ≥ n is an id the inventory does not have. One hashing pass over all ids.
    codes = pd.factorize(pd.concat([ids.astype(str), *ends], ignore_index=True))[0]
    n, m = inventory.n, len(table)
    positions = [codes[n : n + m], codes[n + m :]]
    problems = _unknown_ids(path, columns, ends, positions, inventory)
    if problems:
        raise InputError(
            f"{path}: {count(len(problems), 'problem')} in the adjacency table", problems
        )
    return positions[0].astype(np.int64), positions[1].astype(np.int64)


def _unknown_ids(
    path: Path,
    columns: tuple[str, str],
    ends: list[pd.Series],
    positions: list[np.ndarray],
    inventory: Inventory,
) -> list[Problem]:
    """Return a problem for each id of the table that the inventory lacks.

    Ids that are the inventory's but for leading zeros (000001 against 1, as Excel
    writes ids typed as numbers) make one problem saying so, not one each.
    """
    n = inventory.n
    rows = [np.flatnonzero(pos >= n) for pos in positions]
    unknown = [end.iloc[r].reset_index(drop=True) for end, r in zip(ends, rows, strict=True)]
    if not any(len(u) for u in unknown):
        return []
    both = pd.concat(unknown, ignore_index=True)
    zeros, note = lost_zeros(
        both, inventory.parcels["parcel_id"], "the neighbour table", Path(inventory.source)
    )
    problems = []
    if note:
        k = int(np.flatnonzero(zeros)[0])
        side = int(k >= len(unknown[0]))
        row = rows[side][k - side * len(unknown[0])]
        problems.append(Problem(f"{path.name}, row {row + 2}", columns[side], note))
    at = 0
    for col, r, ids in zip(columns, rows, unknown, strict=True):
        for k, row, pid in zip(range(len(r)), r.tolist(), ids.tolist(), strict=True):
            if not zeros[at + k]:
                problems.append(
                    Problem(
                        f"{path.name}, row {row + 2}",
                        col,
                        f"parcel {pid!r} is not in the inventory",
                    )
                )
        at += len(r)
    return problems


def graph_from_pairs(n: int, i: np.ndarray, j: np.ndarray) -> sparse.csr_array:
    """Symmetric boolean CSR graph from undirected pairs (``i != j``)."""
    keep = i != j
    rows = np.concatenate([i[keep], j[keep]])
    cols = np.concatenate([j[keep], i[keep]])
    data = np.ones(len(rows), dtype=bool)
    g = sparse.csr_array(sparse.coo_array((data, (rows, cols)), shape=(n, n)))
    g.sum_duplicates()
    return g


def point_pairs(
    xy: np.ndarray, side: np.ndarray, scale: float, distance: float
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of points within ``scale × (s_i + s_j) / 2 + distance`` of each other."""
    from scipy.spatial import cKDTree  # imported here: it takes a fifth of a second

    reach = scale * side / 2.0
    # size classes by powers of two of the reach keep candidate searches narrow
    level = np.floor(np.log2(np.maximum(reach, 1.0))).astype(int)
    classes = np.unique(level)
    trees = {c: (np.flatnonzero(level == c),) for c in classes}
    out_i, out_j = [], []
    for a_pos, a in enumerate(classes):
        ia = trees[a][0]
        ta = cKDTree(xy[ia])
        for b in classes[a_pos:]:
            ib = trees[b][0]
            tb = ta if a == b else cKDTree(xy[ib])
            radius = reach[ia].max() + reach[ib].max() + distance
            pairs = ta.sparse_distance_matrix(tb, radius, output_type="ndarray")
            gi, gj, d = ia[pairs["i"]], ib[pairs["j"]], pairs["v"]
            ok = (d <= reach[gi] + reach[gj] + distance) & (gi != gj)
            if a == b:
                ok &= gi < gj
            out_i.append(gi[ok])
            out_j.append(gj[ok])
    if not out_i:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(out_i).astype(np.int64), np.concatenate(out_j).astype(np.int64)


def polygon_pairs(
    geometry: Geometry | np.ndarray, tolerance: float, *, workers: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of parcels that share a boundary, allowing gaps up to *tolerance* metres.

    The length of one parcel's boundary within *tolerance* of the other's must exceed
    ``2 × tolerance``: more than a corner (see the module docstring). *geometry* is a
    :class:`~landsim.inventory.geometry.Geometry` or, as before, an array of shapely
    polygons. *workers*: threads (the machine's cores, at most 4, by default).
    """
    if not isinstance(geometry, Geometry):
        geometry = from_shapely(np.asarray(geometry))
    reach = max(tolerance, 1e-6)
    i, j, shared = shared_lengths(geometry, reach, workers)
    ok = shared > 2.0 * reach + 1e-9
    return i[ok], j[ok]


def polygon_pairs_buffered(geoms: np.ndarray, tolerance: float) -> tuple[np.ndarray, np.ndarray]:
    """:func:`polygon_pairs` with GEOS: buffer one polygon, intersect the other's boundary.

    The method of landsim ≤ 0.1 (7.9 s at 100,000 parcels on 2 cores, see
    docs/performance.md), kept as the reference the array method is tested and
    benchmarked against. *geoms* are shapely polygons.
    """
    import shapely

    tree = shapely.STRtree(geoms)
    if tolerance > 0:
        pairs = tree.query(geoms, predicate="dwithin", distance=tolerance)
    else:
        pairs = tree.query(geoms, predicate="intersects")
    i, j = pairs
    keep = i < j
    i, j = i[keep], j[keep]
    if len(i) == 0:
        return i.astype(np.int64), j.astype(np.int64)
    reach = max(tolerance, 1e-6)
    boundaries = shapely.boundary(geoms)
    zones = shapely.buffer(geoms, reach, quad_segs=16)
    shared_ij = shapely.length(shapely.intersection(boundaries[i], zones[j]))
    shared_ji = shapely.length(shapely.intersection(boundaries[j], zones[i]))
    shared = np.maximum(shared_ij, shared_ji)
    ok = shared > 2.0 * reach + 1e-9
    return i[ok].astype(np.int64), j[ok].astype(np.int64)
