"""Tables of nodes and edges, Louvain communities and centralities of the co-mention graph."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse

from kg.analysis._base import display_names
from kg.analysis.louvain import louvain
from kg.analysis.louvain import modularity as louvain_modularity
from kg.errors import AnalysisError, Messages
from kg.graph.edgetable import EdgeTable
from kg.graph.weights import check_positive_int
from kg.records import LABELS

_NODE_FIRST = ["label", "name", "aliases", "papers", "mentions"]
_EDGE_FIRST = ["source", "target", "source_name", "target_name", "source_label", "target_label", "papers",
               "sentences"]


def nodes_frame(graph: nx.Graph) -> pd.DataFrame:
    """One row per node, indexed by entity id (``id``), one column per node attribute.

    The usual attributes come first (``label, name, aliases, papers, mentions``), others after, sorted.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("method:bert", label="METHOD", name="BERT", aliases="", papers=2, mentions=3)
    >>> nodes_frame(g)[["name", "papers"]].to_dict("index")
    {'method:bert': {'name': 'BERT', 'papers': 2}}
    """
    rows = {n: d for n, d in graph.nodes(data=True)}
    keys = sorted({k for d in rows.values() for k in d} - set(_NODE_FIRST))
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=_NODE_FIRST + keys)
    frame.index.name = "id"
    return frame


def edges_frame(graph: nx.Graph) -> pd.DataFrame:
    """One row per edge: ``source, target``, the ends' names and labels, then every edge attribute.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("a", name="A", label="METHOD"); g.add_node("b", name="B", label="TASK")
    >>> g.add_edge("a", "b", papers=2, sentences=1)
    >>> edges_frame(g)[["source_name", "target_label", "papers"]].values.tolist()
    [['A', 'TASK', 2]]
    """
    rows = []
    for u, v, d in graph.edges(data=True):
        nu, nv = graph.nodes[u], graph.nodes[v]
        rows.append({"source": u, "target": v, "source_name": nu.get("name", u), "target_name": nv.get("name", v),
                     "source_label": nu.get("label"), "target_label": nv.get("label"), **d})
    keys = sorted({k for r in rows for k in r} - set(_EDGE_FIRST))
    return pd.DataFrame(rows, columns=_EDGE_FIRST + keys)


@dataclass(frozen=True)
class Communities:
    """Result of :func:`communities`.

    Attributes
    ----------
    graph : nx.Graph
        Copy of the input with node attribute ``community`` (0 = the largest community).
    table : pd.DataFrame
        One row per community (index ``community``): ``size``, ``internal_weight``, ``label`` (its most
        distinctive entities) and ``METHOD``/``DATASET``/``TASK`` (the most distinctive of each label).
    modularity : float
        Modularity of the partition, with the same weight and resolution.
    """

    graph: nx.Graph
    table: pd.DataFrame
    modularity: float


def communities(graph: nx.Graph, *, weight: str = "papers", resolution: float = 1.0, seed: int = 0,
                top: int = 3, copy: bool = True, adjacency: sparse.csr_array | None = None) -> Communities:
    """Louvain communities (kg.analysis.louvain, seeded), numbered by size, labelled by their most distinctive entities.

    An entity's distinctiveness for its community is its weighted degree inside the community times the share
    of its weighted degree that stays inside (``w_in**2 / w_total``): entities linked mostly inside, and
    strongly, label the community; hubs linked everywhere and one-paper entities score lower. Ties go to the
    larger share, then more papers, then the name. Same graph, weight, resolution and seed: same communities.

    Parameters
    ----------
    graph : nx.Graph
        Co-mention graph (weighted or not).
    weight : str
        Edge attribute to use (``papers`` by default; ``association`` after :func:`add_weights` gives
        VOSviewer-like clusters that are less dominated by hub entities).
    resolution : float
        Louvain resolution: above 1 favours more, smaller communities.
    seed : int
        Random seed of Louvain.
    top : int
        How many names label a community, overall and per label.
    copy : bool
        Return a copy of ``graph`` with the ``community`` node attribute (default); False sets it on ``graph``
        itself and returns that (a build does, to keep one graph in memory rather than two).
    adjacency : sparse matrix, optional
        :func:`weight_matrix` of ``graph`` over ``sorted(graph.nodes)``, when the caller has it (a build makes it
        from its edge table): the edges' attribute dicts are then not read at all.

    Raises
    ------
    AnalysisError
        ``resolution <= 0``, ``top < 1``, or an edge without ``weight``.

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")])
    >>> nx.set_edge_attributes(g, 1, "papers")
    >>> result = communities(g, seed=1)
    >>> sorted(result.table["size"].tolist()), round(result.modularity, 3)
    ([3, 3], 0.357)
    """
    if isinstance(resolution, bool) or not isinstance(resolution, (int, float)) or not resolution > 0:
        raise AnalysisError(Messages.BAD_RESOLUTION.format(value=resolution, hint=" (1.0 is standard modularity)"))
    check_positive_int(top, "top")
    nodes = sorted(graph.nodes)
    if adjacency is None:
        missing = next(((u, v) for u, v, d in graph.edges(data=True)
                        if not isinstance(d.get(weight), (int, float))), None)
        if missing is not None:
            raise AnalysisError(Messages.EDGE_WITHOUT_WEIGHT.format(u=missing[0], v=missing[1], weight=weight))
        adjacency = weight_matrix(graph, nodes, weight)
    elif adjacency.shape != (len(nodes), len(nodes)):
        raise AnalysisError(Messages.ADJACENCY_SHAPE.format(shape=adjacency.shape, nodes=len(nodes)))
    found = louvain(adjacency, resolution=resolution, seed=seed)
    modularity = louvain_modularity(adjacency, found, resolution=resolution) if graph.number_of_edges() else 0.0
    groups: dict[int, list[str]] = {}
    for n, k in zip(nodes, found.tolist(), strict=True):
        groups.setdefault(k, []).append(n)
    ordered = sorted(groups.values(), key=lambda c: (-len(c), c[0]))
    membership = {n: k for k, members in enumerate(ordered) for n in members}
    out = graph.copy() if copy else graph
    nx.set_node_attributes(out, membership, "community")

    inside, share, internal = _internal_share(adjacency, [membership[n] for n in nodes], len(ordered))
    names = display_names(graph, nodes)
    # Weight inside the community times the share kept inside: hubs that link everywhere score low, and so do
    # one-paper entities whose few links all happen to be inside.
    score = inside * share
    ranked = sorted(range(len(nodes)), key=lambda i: (-score[i], -share[i], -graph.nodes[nodes[i]].get("papers", 0),
                                                      names[nodes[i]]))
    rows = []
    for k, members in enumerate(ordered):
        mine = [nodes[i] for i in ranked if membership[nodes[i]] == k]
        row: dict[str, object] = {"community": k, "size": len(members), "internal_weight": float(internal[k]),
                                  "label": ", ".join(names[n] for n in mine[:top])}
        for label in LABELS:
            row[label] = ", ".join([names[n] for n in mine if graph.nodes[n].get("label") == label][:top])
        rows.append(row)
    table = pd.DataFrame(rows, columns=["community", "size", "internal_weight", "label", *LABELS])
    return Communities(graph=out, table=table.set_index("community"), modularity=modularity)


def weight_matrix(graph: nx.Graph, nodes: list[str], weight: str) -> sparse.csr_array:
    """Symmetric CSR matrix of the edge attribute ``weight``, rows and columns in the order of ``nodes``.

    >>> g = nx.Graph([("a", "b", {"papers": 2})])
    >>> weight_matrix(g, ["a", "b"], "papers").toarray().tolist()
    [[0.0, 2.0], [2.0, 0.0]]
    """
    index = {n: i for i, n in enumerate(nodes)}
    ends, neighbours = zip(*graph.adjacency(), strict=True) if len(graph) else ((), ())  # plain dicts: fast to walk
    degree = np.fromiter(map(len, neighbours), dtype=np.int64, count=len(ends))
    rows = np.repeat(np.fromiter(map(index.__getitem__, ends), dtype=np.int64, count=len(ends)), degree)
    entries = int(degree.sum())
    cols = np.fromiter(map(index.__getitem__, chain.from_iterable(neighbours)), dtype=np.int64, count=entries)
    data = np.fromiter(map(itemgetter(weight), chain.from_iterable(map(dict.values, neighbours))),
                       dtype=np.float64, count=entries)
    data[rows == cols] *= 2  # a self-loop is listed once in the adjacency but counts twice in its node's degree
    return sparse.csr_array((data, (rows, cols)), shape=(len(nodes), len(nodes)))


def table_matrix(table: EdgeTable, nodes: Sequence[Hashable], weight: str) -> sparse.csr_array:
    """:func:`weight_matrix` of the graph whose edges ``table`` holds (see :func:`kg.graph.comention_graph`),
    from its columns: no edge dict is read.

    >>> g = nx.Graph([("a", "b", {"papers": 2}), ("b", "b", {"papers": 1})])
    >>> from kg.graph.edgetable import edge_table
    >>> table_matrix(edge_table(g), ["a", "b"], "papers").toarray().tolist()
    [[0.0, 2.0], [2.0, 2.0]]
    """
    index = {n: i for i, n in enumerate(nodes)}
    size = len(nodes)
    if not len(table):
        return sparse.csr_array((size, size), dtype=np.float64)
    rows, cols = (np.fromiter(map(index.__getitem__, ends), dtype=np.int64, count=len(table))
                  for ends in (table.sources, table.targets))
    data = np.asarray(table.column(weight), dtype=np.float64)
    # Each edge both ways; a self-loop so comes twice, and sums to twice its weight, as it counts in its degree.
    matrix = sparse.csr_array((np.concatenate([data, data]), (np.concatenate([rows, cols]),
                                                              np.concatenate([cols, rows]))), shape=(size, size))
    matrix.sum_duplicates()
    return matrix


def _internal_share(adjacency: sparse.csr_array, membership: list[int],
                    n_communities: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per node, its weighted degree inside its community and the share of its weighted degree that is;
    per community, the internal weight."""
    n = len(membership)
    if not n:
        return np.zeros(0), np.zeros(0), np.zeros(0)
    member = np.asarray(membership)
    coo = adjacency.tocoo()
    same = member[coo.row] == member[coo.col]
    inside = np.bincount(coo.row[same], weights=coo.data[same], minlength=n)
    total = np.asarray(adjacency.sum(axis=1)).ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, inside / total, 1.0)
    internal = np.bincount(member, weights=inside, minlength=n_communities) / 2.0
    return inside, share, internal


def centralities(graph: nx.Graph, *, weight: str = "papers", k: int | None = None, exact_up_to: int = 1000,
                 seed: int = 0) -> pd.DataFrame:
    """Degree, weighted degree, PageRank and betweenness of every node, most central (PageRank) first.

    Parameters
    ----------
    graph : nx.Graph
        Co-mention graph.
    weight : str
        Edge attribute used for weighted degree and PageRank.
    k : int, optional
        Betweenness from ``k`` sampled source nodes (seeded). By default exact up to ``exact_up_to`` nodes and
        sampled with ``k = exact_up_to`` above.
    exact_up_to : int
        Largest graph whose betweenness is computed exactly when ``k`` is not given.
    seed : int
        Seed of the betweenness sample.

    Returns
    -------
    pd.DataFrame
        Index ``id``; columns ``name, label, papers, degree, weighted_degree, pagerank, betweenness``.
        Betweenness counts hops (unweighted): co-mention weights are similarities, not path lengths.
        ``frame.attrs["betweenness_k"]`` is the sample size, or None when exact.

    Raises
    ------
    AnalysisError
        ``k`` or ``exact_up_to`` below 1.

    Examples
    --------
    >>> g = nx.path_graph(["a", "b", "c"])
    >>> nx.set_edge_attributes(g, 1, "papers")
    >>> centralities(g)["betweenness"].to_dict()
    {'b': 1.0, 'a': 0.0, 'c': 0.0}
    """
    check_positive_int(exact_up_to, "exact_up_to")
    columns = ["name", "label", "papers", "degree", "weighted_degree", "pagerank", "betweenness"]
    if k is not None:
        check_positive_int(k, "k")
    n = graph.number_of_nodes()
    sample = min(k, n) if k is not None else (exact_up_to if n > exact_up_to else None)
    if sample is not None and sample >= n:
        sample = None
    if n == 0:
        frame = pd.DataFrame(columns=columns)
        frame.index.name = "id"
        frame.attrs["betweenness_k"] = None
        return frame
    pagerank = nx.pagerank(graph, weight=weight)
    betweenness = nx.betweenness_centrality(graph, k=sample, seed=seed if sample else None)
    frame = pd.DataFrame({
        "name": {v: d.get("name", v) for v, d in graph.nodes(data=True)},
        "label": {v: d.get("label") for v, d in graph.nodes(data=True)},
        "papers": {v: d.get("papers", 0) for v, d in graph.nodes(data=True)},
        "degree": dict(graph.degree()),
        "weighted_degree": {v: float(x) for v, x in graph.degree(weight=weight)},
        "pagerank": pagerank,
        "betweenness": betweenness,
    }, columns=columns)
    frame.index.name = "id"
    frame = frame.sort_values(["pagerank", "degree"], ascending=False, kind="stable")
    frame.attrs["betweenness_k"] = sample
    return frame
