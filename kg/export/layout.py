"""What the HTML page draws, and where: the strongest part of a graph, laid out by a seeded force simulation.

:func:`strongest` keeps the nodes with most papers and the heaviest edges among them (:func:`edge_weight`);
:func:`layout` gives each node a position, vectorised with numpy.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

import networkx as nx
import numpy as np

from kg.errors import BuildError, Messages
from kg.graph.edgetable import EdgeTable

# --------------------------------------------------------------------------------------------------- selection


def edge_weight(data: Mapping[str, Any]) -> float:
    """The weight of an edge: its ``weight`` attribute when present, else its paper count (else 1).

    >>> edge_weight({"papers": 3}), edge_weight({"papers": 3, "weight": 0.5}), edge_weight({})
    (3, 0.5, 1)
    """
    value = data.get("weight", data.get("papers", 1))
    return value if isinstance(value, int | float) and math.isfinite(value) else 1


def strongest(graph: nx.Graph, *, max_nodes: int | None = None, max_edges: int | None = None,
              edges: EdgeTable | None = None) -> nx.Graph:
    """The strongest part of a graph: the ``max_nodes`` nodes with most papers, then the ``max_edges`` heaviest edges.

    Ties are broken by mentions (nodes) or shared sentences (edges), then by id, so the result is deterministic.
    The input graph is not changed; the result is a new graph with copied attributes.

    Parameters
    ----------
    graph : nx.Graph
        A co-mention graph (node attribute ``papers``, edge attribute ``weight`` or ``papers``).
    max_nodes, max_edges : int or None
        Limits; ``None`` keeps everything.
    edges : EdgeTable or None
        The graph's :func:`~kg.graph.edgetable.edge_table`: the edges are then chosen from its columns and take
        their attributes from its rows (the graph's own edge dicts are not read, and may be empty).

    Returns
    -------
    nx.Graph
        The kept nodes (in the input's order) and, among the edges joining them, the heaviest ``max_edges``.

    Raises
    ------
    BuildError
        A limit is negative.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_nodes_from([("a", {"papers": 3}), ("b", {"papers": 2}), ("c", {"papers": 1})])
    >>> g.add_edges_from([("a", "b", {"papers": 1}), ("a", "c", {"papers": 2}), ("b", "c", {"papers": 1})])
    >>> sorted(strongest(g, max_nodes=2).edges), sorted(strongest(g, max_edges=1).edges)
    ([('a', 'b')], [('a', 'c')])
    """
    for name, limit in (("max_nodes", max_nodes), ("max_edges", max_edges)):
        if limit is not None and limit < 0:
            raise BuildError(Messages.BAD_LIMIT.format(name=name, limit=limit))
    kept: Iterable[Hashable] = graph.nodes
    if max_nodes is not None and max_nodes < len(graph):
        ranked = sorted(graph.nodes(data=True), key=lambda item: (-finite_count(item[1], "papers"),
                                                                  -finite_count(item[1], "mentions"), str(item[0])))
        chosen = {node for node, _ in ranked[:max_nodes]}
        kept = [node for node in graph if node in chosen]
    result = nx.Graph()
    result.graph.update(graph.graph)
    result.add_nodes_from((node, dict(graph.nodes[node])) for node in kept)
    position = {node: i for i, node in enumerate(result)}
    picked = _strongest_from_table(edges, position, max_edges) if edges is not None else None
    if edges is not None and picked is not None:  # each edge's attributes from the table's row
        result.add_edges_from((edges.sources[i], edges.targets[i],
                               dict(zip(edges.keys, (column[i] for column in edges.columns), strict=True)))
                              for i in picked)
        return result
    # graph.edges() order, among the kept nodes: each edge under its end that comes first. Only the kept nodes'
    # neighbours are walked, not every edge of the graph.
    found = [(u, v, d) for u, i in position.items() for v, d in graph.adj[u].items() if position.get(v, -1) >= i]
    if max_edges is not None and max_edges < len(found):
        found.sort(key=lambda e: (-edge_weight(e[2]), -finite_count(e[2], "sentences"), str(e[0]), str(e[1])))
        found = found[:max_edges]
    result.add_edges_from((u, v, dict(d)) for u, v, d in found)
    return result


def _strongest_from_table(table: EdgeTable, position: Mapping[Hashable, int],
                          max_edges: int | None) -> list[int] | None:
    """The rows of ``table`` :func:`strongest` keeps, in its order, chosen from the columns; None when a column it
    ranks by holds values other than int or float (the edge-by-edge path then ranks them)."""
    kinds = dict(zip(table.keys, table.types, strict=True))
    key = "weight" if "weight" in kinds else "papers" if "papers" in kinds else None
    if any(kinds.get(name, int) not in (int, float) for name in (key, "sentences") if name is not None):
        return None
    ends = (np.fromiter((position.get(node, -1) for node in column), dtype=np.int64, count=len(table))
            for column in (table.sources, table.targets))
    inside = np.flatnonzero(np.logical_and(*(end >= 0 for end in ends))).tolist()  # in the graph's edge order
    if max_edges is not None and max_edges < len(inside):
        weights = table.column(key) if key is not None else None
        counts = table.column("sentences") if "sentences" in kinds else None
        inside.sort(key=lambda i: (-_finite_or(weights[i] if weights is not None else 1, 1),
                                   -_finite_or(counts[i] if counts is not None else 0, 0),
                                   str(table.sources[i]), str(table.targets[i])))
        inside = inside[:max_edges]
    return inside


def _finite_or(value: float, default: float) -> float:
    return value if math.isfinite(value) else default


def finite_count(data: Mapping[str, Any], key: str) -> float:
    """A count attribute of a node or edge: ``data[key]`` when it is a finite number, else 0.

    >>> finite_count({"papers": 2}, "papers"), finite_count({"papers": float("nan")}, "papers"), finite_count({}, "x")
    (2, 0, 0)
    """
    value = data.get(key, 0)
    return value if isinstance(value, int | float) and math.isfinite(value) else 0


# ------------------------------------------------------------------------------------------------------ layout


def layout(graph: nx.Graph, *, seed: int = 0, iterations: int = 120, scale: float | None = None,
           gravity: float = 1.0) -> dict[Hashable, tuple[float, float]]:
    """Seeded force-directed positions, vectorised with numpy.

    A Fruchterman-Reingold simulation in the manner of ForceAtlas2: a node repels with a mass of its degree + 1
    (so hubs keep their neighbourhoods apart), edges pull with the logarithm of their length times the square
    root of their weight (see :func:`edge_weight`; "lin-log", which separates clusters), and a gravity towards
    the centre keeps small components at the rim of the large one. ``nx.spring_layout`` takes about 11 s on
    2,000 nodes and 10,000 edges; this takes about 1 s because the all-pairs repulsion is computed as blocked
    matrix products (and from a random sample of 4,000 nodes beyond that size).

    Parameters
    ----------
    graph : nx.Graph
        Any undirected graph; not changed.
    seed : int
        Seed of the initial positions: the same graph and seed give the same layout.
    iterations : int
        Steps of the simulation (the step size cools linearly to zero).
    scale : float or None
        Half-width of the result; ``None`` picks ``30 * sqrt(n)``, so a node keeps about the same room whatever
        the size of the graph (vis-network units are pixels at zoom 1).
    gravity : float
        Pull towards the centre, relative to the repulsion of the whole graph.

    Returns
    -------
    dict
        Node -> ``(x, y)``, centred on the origin, rounded to 0.1.

    Examples
    --------
    >>> pos = layout(nx.path_graph(3), seed=1)
    >>> sorted(pos) == [0, 1, 2], pos == layout(nx.path_graph(3), seed=1)
    (True, True)
    """
    nodes = list(graph)
    n = len(nodes)
    if n == 0:
        return {}
    if scale is None:
        scale = 30.0 * math.sqrt(n)
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(nodes)}
    m = graph.number_of_edges()
    src = np.fromiter((index[u] for u, _ in graph.edges), dtype=np.int64, count=m)
    dst = np.fromiter((index[v] for _, v in graph.edges), dtype=np.int64, count=m)
    weights = np.sqrt(np.fromiter((max(edge_weight(d), 0.0) for _, _, d in graph.edges(data=True)),
                                  dtype=np.float64, count=m))
    if m:
        weights /= weights.mean() or 1.0
    mass = np.fromiter((graph.degree(node) + 1 for node in nodes), dtype=np.float64, count=n)
    mass /= mass.mean()
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-1.0, 1.0, size=(n, 2))
    k = 2.0 / math.sqrt(n)  # ideal distance: the [-1, 1] square shared out between the nodes
    # The whole graph repels a far node with about n * k**2 / r; a constant pull of that strength holds small
    # components and isolated nodes at about r = 1, the rim of the large component.
    pull_in = gravity * n * k * k
    temperature = 0.2
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        disp = _repulsion(pos, k * k, mass, rng)
        if m:
            delta = pos[src] - pos[dst]
            dist = np.sqrt((delta * delta).sum(axis=1)) + 1e-9
            pull = delta * (np.log1p(dist / k) * k / dist * weights)[:, None]
            for axis in (0, 1):
                disp[:, axis] -= np.bincount(src, pull[:, axis], minlength=n)
                disp[:, axis] += np.bincount(dst, pull[:, axis], minlength=n)
        radius = np.sqrt((pos * pos).sum(axis=1))
        disp -= pull_in * mass[:, None] * pos / np.maximum(radius, 0.1)[:, None]
        length = np.sqrt((disp * disp).sum(axis=1)) + 1e-9
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    pos -= pos.mean(axis=0)
    extent = float(np.abs(pos).max()) or 1.0
    pos *= scale / extent
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in zip(nodes, pos, strict=True)}


def _repulsion(pos: np.ndarray, k2: float, mass: np.ndarray, rng: np.random.Generator, *, block: int = 64,
               sample: int = 4000) -> np.ndarray:
    """For each node i, ``m_i * sum_j m_j * k2 * (x_i - x_j) / |x_i - x_j|**2``.

    Computed in float32 over blocks of rows small enough to stay in cache, elementwise rather than as matrix
    products: with two coordinates a BLAS call gains nothing and its threads fight over a busy machine. Beyond
    ``sample`` nodes each node is repelled by a random sample of ``sample`` nodes, scaled up, so a step stays
    O(n * sample) instead of O(n**2).
    """
    n = len(pos)
    points = pos.astype(np.float32)
    weights = mass.astype(np.float32)
    others, others_mass, factor = points, weights, 1.0
    if n > sample:
        chosen = rng.choice(n, size=sample, replace=False)
        others, others_mass, factor = points[chosen], weights[chosen], n / sample
    x, y = others[:, 0], others[:, 1]
    scale = np.float32(k2)
    floor = np.float32((0.01 * math.sqrt(k2)) ** 2)
    out = np.empty((n, 2), dtype=np.float64)
    for start in range(0, n, block):
        rows = points[start:start + block]
        dx = rows[:, 0, None] - x[None, :]
        dy = rows[:, 1, None] - y[None, :]
        d2 = dx * dx
        d2 += dy * dy
        np.maximum(d2, floor, out=d2)
        inverse = np.divide(scale, d2, out=d2)
        inverse *= others_mass[None, :]
        if others is points:  # a node does not repel itself
            span = np.arange(len(rows))
            inverse[span, start + span] = 0.0
        out[start:start + block, 0] = np.einsum("ij,ij->i", inverse, dx)
        out[start:start + block, 1] = np.einsum("ij,ij->i", inverse, dy)
    out *= mass[:, None] * factor
    return out
