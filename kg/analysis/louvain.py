"""Louvain community detection over a sparse adjacency matrix (scipy CSR), seeded and deterministic.

The method is Blondel et al. (2008), with the resolution of Reichardt & Bornholdt, the variant networkx
implements: nodes move, in a seeded random order, to the neighbouring community with the largest modularity
gain until no move helps; communities then become the nodes of a smaller graph, and the two phases repeat while
modularity grows by more than ``threshold``. networkx runs it on dicts of dicts, which costs tens of seconds on the
1.5 million edges of a 100,000-abstract build; here the moving phase reads neighbour lists cut from the CSR
arrays, and aggregation and modularity are sparse matrix products.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from kg.errors import AnalysisError, Messages

#: Neighbour lists longer than this are summed per community with numpy instead of a Python dict.
_NUMPY_DEGREE = 48


def _symmetric(adjacency: sparse.sparray | sparse.spmatrix) -> sparse.csr_array:
    matrix = sparse.csr_array(adjacency, dtype=np.float64)
    if matrix.shape[0] != matrix.shape[1]:
        raise AnalysisError(Messages.NOT_SQUARE.format(shape=matrix.shape))
    if matrix.nnz and (matrix.data < 0).any():
        raise AnalysisError(Messages.NEGATIVE_WEIGHTS)
    if abs(matrix - matrix.T).sum() > 1e-9 * max(1.0, float(matrix.sum())):
        raise AnalysisError(Messages.NOT_SYMMETRIC)
    matrix.sum_duplicates()
    matrix.sort_indices()
    return matrix


def modularity(adjacency: sparse.sparray | sparse.spmatrix, membership: NDArray[np.int64], *,
               resolution: float = 1.0) -> float:
    """Modularity of a partition: ``sum_c L_c / m - resolution (d_c / 2m)**2``.

    ``adjacency`` is symmetric; a diagonal entry is a self-loop counted twice in its node's degree, as an
    aggregated graph holds twice the weight inside each community there. ``L_c`` is the weight of the edges inside
    community ``c``, ``d_c`` the summed degree of its nodes, ``m`` the total edge weight. Same value as
    ``networkx.community.modularity`` on the same weighted graph.

    >>> a = sparse.csr_array(np.array([[0, 1, 1, 0], [1, 0, 1, 0], [1, 1, 0, 1], [0, 0, 1, 0]], dtype=float))
    >>> round(modularity(a, np.array([0, 0, 0, 1])), 4)
    -0.0312
    """
    matrix = sparse.csr_array(adjacency, dtype=np.float64)
    two_m = float(matrix.sum())
    if two_m == 0:
        return 0.0
    member = np.asarray(membership, dtype=np.int64)
    coo = matrix.tocoo()
    inside = float(coo.data[member[coo.row] == member[coo.col]].sum())
    degree_of = np.bincount(member, weights=np.asarray(matrix.sum(axis=1)).ravel())
    return inside / two_m - resolution * float((degree_of ** 2).sum()) / two_m ** 2


def louvain(adjacency: sparse.sparray | sparse.spmatrix, *, resolution: float = 1.0, seed: int = 0,
            threshold: float = 1e-7) -> NDArray[np.int64]:
    """Community of each node (numbered from 0 in order of first node), by the Louvain method.

    Parameters
    ----------
    adjacency : sparse matrix
        Symmetric, non-negative edge weights (a diagonal entry counts twice in its node's degree).
    resolution : float
        Above 1 favours more, smaller communities.
    seed : int
        Seed of the order in which nodes are visited. Same matrix and seed: same communities.
    threshold : float
        A level that raises modularity by no more than this ends the search.

    Raises
    ------
    AnalysisError
        A matrix that is not square, symmetric and non-negative, or ``resolution <= 0``.

    Examples
    --------
    Two triangles joined by one edge:

    >>> rows = [0, 0, 1, 3, 3, 4, 2]
    >>> cols = [1, 2, 2, 4, 5, 5, 3]
    >>> a = sparse.coo_array((np.ones(7), (rows, cols)), shape=(6, 6))
    >>> louvain(a + a.T).tolist()
    [0, 0, 0, 1, 1, 1]
    """
    if not resolution > 0:
        raise AnalysisError(Messages.BAD_RESOLUTION.format(value=resolution, hint=""))
    matrix = _symmetric(adjacency)
    n = matrix.shape[0]
    member = np.arange(n, dtype=np.int64)
    two_m = float(matrix.sum())
    if n == 0 or two_m == 0:
        return member
    rng = np.random.default_rng(seed)
    current = matrix
    best = modularity(current, np.arange(n), resolution=resolution)
    while True:
        level, moved = _one_level(current, two_m, resolution, rng)
        if not moved:
            break
        _, level = np.unique(level, return_inverse=True)
        level = level.ravel().astype(np.int64)
        member = level[member]
        gained = modularity(current, level, resolution=resolution)
        onto = sparse.csr_array((np.ones(level.size), (np.arange(level.size), level)),
                                shape=(level.size, int(level.max()) + 1))
        current = sparse.csr_array(onto.T @ current @ onto)
        current.sort_indices()
        if gained - best <= threshold:
            break
        best = gained
    # Number communities by their first node, so the result does not depend on how levels were labelled.
    _, first = np.unique(member, return_index=True)
    rank = np.empty(first.size, dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(first.size)
    return rank[member]


def _one_level(matrix: sparse.csr_array, two_m: float, resolution: float,
               rng: np.random.Generator) -> tuple[NDArray[np.int64], bool]:
    """The moving phase on one level: each node's community after no move raises modularity."""
    n = matrix.shape[0]
    indptr, indices, data = matrix.indptr, matrix.indices, matrix.data
    degree = np.asarray(matrix.sum(axis=1)).ravel().tolist()
    loops = matrix.diagonal()
    community = list(range(n))
    total = list(degree)  # summed degree of each community
    m = two_m / 2
    scale = resolution / (2 * m * m)
    order = rng.permutation(n).tolist()
    starts, ends = indptr[:-1].tolist(), indptr[1:].tolist()
    neighbours: list[list[int]] = [[] for _ in range(n)]
    weights: list[list[float]] = [[] for _ in range(n)]
    big: list[tuple[NDArray[np.int32], NDArray[np.float64]] | None] = [None] * n
    for i in range(n):
        a, b = starts[i], ends[i]
        if b - a > _NUMPY_DEGREE:
            keep = indices[a:b] != i
            big[i] = (indices[a:b][keep], data[a:b][keep])
        else:
            nb, wt = indices[a:b].tolist(), data[a:b].tolist()
            if loops[i]:
                k = nb.index(i)
                del nb[k], wt[k]
            neighbours[i], weights[i] = nb, wt
    community_array = np.arange(n, dtype=np.int64)
    total_array = np.array(total, dtype=np.float64)  # the same numbers as ``total``, for the numpy path
    to_array = np.zeros(n, dtype=np.float64)  # scratch: weight from the node to each community, zero between uses
    moved_any = False
    while True:
        moves = 0
        for u in order:
            here = community[u]
            k = degree[u]
            total[here] -= k
            total_array[here] = total[here]
            if big[u] is not None:
                best = _best_of_many(big[u], community_array, to_array, total_array, here, k, m, scale)
            else:
                to_community: dict[int, float] = {}
                for v, w in zip(neighbours[u], weights[u], strict=True):
                    c = community[v]
                    to_community[c] = to_community.get(c, 0.0) + w
                remove = -to_community.get(here, 0.0) / m + scale * total[here] * k
                best_gain, best = 0.0, here
                for c, w in to_community.items():
                    gain = remove + w / m - scale * total[c] * k
                    if gain > best_gain:
                        best_gain, best = gain, c
            total[best] += k
            total_array[best] = total[best]
            if best != here:
                community[u] = best
                community_array[u] = best
                moves += 1
        if not moves:
            break
        moved_any = True
    return community_array, moved_any


def _best_of_many(edges: tuple[NDArray[np.int32], NDArray[np.float64]], community: NDArray[np.int64],
                  to_array: NDArray[np.float64], total: NDArray[np.float64], here: int, k: float, m: float,
                  scale: float) -> int:
    """The move of one node with many neighbours, over arrays: the community with the largest modularity gain
    (the lowest numbered among equal gains), or ``here`` when no gain is positive.

    The same floating-point operations, in the same order, as the loop over a dict of neighbour communities:
    weights are summed per community in neighbour order (``np.add.at`` is sequential), and each gain is
    ``remove + w / m - scale * total[c] * k``. ``to_array`` is left all zeros again.
    """
    neighbours, weights = edges
    coms = community[neighbours]
    np.add.at(to_array, coms, weights)
    remove = -float(to_array[here]) / m + scale * float(total[here]) * k
    gains = remove + to_array[coms] / m - scale * total[coms] * k
    to_array[coms] = 0.0
    top = gains.max()
    if not top > 0.0:
        return here
    return int(coms[gains == top].min())
