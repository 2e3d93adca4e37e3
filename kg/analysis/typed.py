"""Typed views of the co-mention graph: label x label matrices, bipartite subgraphs and a gap finder."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse

from kg.analysis._base import check_label, display_names
from kg.errors import AnalysisError, Messages
from kg.graph.weights import check_positive_int


def _labelled(graph: nx.Graph, label: str) -> list[str]:
    """Nodes of one label, most papers first, then by id."""
    return sorted((n for n, d in graph.nodes(data=True) if d.get("label") == label),
                  key=lambda n: (-graph.nodes[n].get("papers", 0), n))


def _biadjacency(graph: nx.Graph, rows: list[str], cols: list[str], value: str | None) -> sparse.csr_matrix:
    """rows x cols matrix of an edge attribute (1 per edge when ``value`` is None), 0 where no edge."""
    r_index = {n: i for i, n in enumerate(rows)}
    c_index = {n: i for i, n in enumerate(cols)}
    ri, ci, vals = [], [], []
    for u, v, d in graph.edges(data=True):
        for a, b in ((u, v), (v, u)):
            if a in r_index and b in c_index:
                ri.append(r_index[a])
                ci.append(c_index[b])
                vals.append(1.0 if value is None else float(d.get(value, 0)))
    return sparse.csr_matrix((vals, (ri, ci)), shape=(len(rows), len(cols)))


def typed_matrix(graph: nx.Graph, rows: str = "METHOD", cols: str = "DATASET", *, value: str = "papers",
                 top: int | None = None) -> pd.DataFrame:
    """A ``rows`` x ``cols`` label matrix (e.g. method x dataset) of an edge attribute, indexed by entity names.

    Only entities with at least one link across are kept; rows and columns are ordered by their total, largest
    first (then papers, then name). Names two entities share get the entity id in brackets.

    Parameters
    ----------
    graph : nx.Graph
        Co-mention graph.
    rows, cols : str
        Entity labels, ``METHOD``, ``DATASET`` or ``TASK``.
    value : str
        Edge attribute in the cells: ``papers`` (co-mention papers, the default), ``sentences``, or a weight
        set by :func:`add_weights`. Integers stay integers.
    top : int, optional
        Keep the ``top`` rows and the ``top`` columns with the largest totals.

    Raises
    ------
    AnalysisError
        An unknown label or ``top < 1``.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_nodes_from([("m", {"label": "METHOD", "name": "BERT", "papers": 2}),
    ...                   ("d", {"label": "DATASET", "name": "SQuAD", "papers": 1}),
    ...                   ("t", {"label": "TASK", "name": "QA", "papers": 1})])
    >>> g.add_edges_from([("m", "d", {"papers": 1}), ("m", "t", {"papers": 1})])
    >>> typed_matrix(g, "METHOD", "DATASET").to_dict()
    {'SQuAD': {'BERT': 1}}
    """
    check_label(rows, "rows")
    check_label(cols, "cols")
    if top is not None:
        check_positive_int(top, "top")
    row_nodes, col_nodes = _labelled(graph, rows), _labelled(graph, cols)
    matrix = _biadjacency(graph, row_nodes, col_nodes, value)
    row_total, col_total = np.asarray(matrix.sum(axis=1)).ravel(), np.asarray(matrix.sum(axis=0)).ravel()
    names = display_names(graph, set(row_nodes) | set(col_nodes))
    # _labelled already orders by papers then id, so a stable sort on the total breaks ties that way.
    r_order = [i for i in np.argsort(-row_total, kind="stable") if row_total[i] > 0][:top]
    c_order = [j for j in np.argsort(-col_total, kind="stable") if col_total[j] > 0][:top]
    # Densify only the kept rows and columns: the full label x label matrix can be large and mostly zeros.
    cells = matrix[r_order][:, c_order].toarray() if r_order and c_order else np.zeros((len(r_order), len(c_order)))
    values = [d.get(value) for _, _, d in graph.edges(data=True)]
    if values and all(isinstance(x, int) for x in values):
        cells = cells.astype(np.int64)
    frame = pd.DataFrame(cells, index=pd.Index([names[row_nodes[i]] for i in r_order], name=rows),
                         columns=pd.Index([names[col_nodes[j]] for j in c_order], name=cols))
    return frame


def bipartite_view(graph: nx.Graph, rows: str = "METHOD", cols: str = "DATASET", *,
                   keep_isolates: bool = False) -> nx.Graph:
    """A new bipartite graph of the links between two labels, node attribute ``bipartite`` 0 (rows) or 1.

    Nodes of the two labels without a link across are dropped unless ``keep_isolates``.

    Raises
    ------
    AnalysisError
        An unknown label, or ``rows == cols``.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_nodes_from([("m", {"label": "METHOD"}), ("d", {"label": "DATASET"}), ("m2", {"label": "METHOD"})])
    >>> g.add_edges_from([("m", "d", {"papers": 1}), ("m", "m2", {"papers": 1})])
    >>> b = bipartite_view(g)
    >>> sorted(b.nodes(data="bipartite")), b.number_of_edges()
    ([('d', 1), ('m', 0)], 1)
    """
    check_label(rows, "rows")
    check_label(cols, "cols")
    if rows == cols:
        raise AnalysisError(Messages.SAME_LABELS.format(label=rows))
    side = {n: (0 if d.get("label") == rows else 1) for n, d in graph.nodes(data=True)
            if d.get("label") in (rows, cols)}
    edges = [(u, v, dict(d)) for u, v, d in graph.edges(data=True)
             if u in side and v in side and side[u] != side[v]]
    out = nx.Graph()
    out.graph.update(graph.graph)
    ends = {n for u, v, _ in edges for n in (u, v)}
    out.add_nodes_from((n, {**graph.nodes[n], "bipartite": s}) for n, s in side.items()
                       if keep_isolates or n in ends)
    out.add_edges_from(edges)
    return out


def task_dataset_gaps(graph: nx.Graph, *, min_papers: int = 2, max_methods: int = 1,
                      top: int | None = None) -> pd.DataFrame:
    """Task-dataset pairs studied together in ``min_papers``+ papers but linked to few methods.

    A method counts for a pair when it is co-mentioned with the task and with the dataset (not necessarily
    in the same paper). Few such methods hint at a benchmark that methods have not been tried on.

    Returns
    -------
    pd.DataFrame
        Columns ``task, dataset, papers, methods`` (how many) and ``shared_methods`` (up to 5 names, most
        papers first); fewest methods first, then most papers.

    Raises
    ------
    AnalysisError
        ``min_papers < 1`` or ``max_methods < 0``.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_nodes_from([("t", {"label": "TASK", "name": "QA", "papers": 3}),
    ...                   ("d", {"label": "DATASET", "name": "SQuAD", "papers": 3}),
    ...                   ("m", {"label": "METHOD", "name": "BERT", "papers": 1})])
    >>> g.add_edges_from([("t", "d", {"papers": 3}), ("m", "t", {"papers": 1})])
    >>> task_dataset_gaps(g)[["task", "dataset", "papers", "methods"]].values.tolist()
    [['QA', 'SQuAD', 3, 0]]
    """
    check_positive_int(min_papers, "min_papers")
    check_positive_int(max_methods, "max_methods", minimum=0)
    if top is not None:
        check_positive_int(top, "top")
    tasks, datasets, methods = (_labelled(graph, lab) for lab in ("TASK", "DATASET", "METHOD"))
    linked = _biadjacency(graph, tasks, datasets, "papers").tocoo()
    keep = linked.data >= min_papers
    ti, di, papers = linked.row[keep], linked.col[keep], linked.data[keep]
    task_methods = _biadjacency(graph, tasks, methods, None).tocsr()
    dataset_methods = _biadjacency(graph, datasets, methods, None).tocsr()
    # Methods linked to both: elementwise product of the two method rows of each pair.
    both = task_methods[ti].multiply(dataset_methods[di]).tocsr()
    counts = np.asarray(both.sum(axis=1)).ravel().astype(np.int64)
    names = display_names(graph)
    rows = []
    for k in np.flatnonzero(counts <= max_methods):
        shared = [methods[j] for j in both[k].indices]
        shared.sort(key=lambda n: (-graph.nodes[n].get("papers", 0), names[n]))
        rows.append({"task": names[tasks[ti[k]]], "dataset": names[datasets[di[k]]], "papers": int(papers[k]),
                     "methods": int(counts[k]), "shared_methods": ", ".join(names[n] for n in shared[:5])})
    frame = pd.DataFrame(rows, columns=["task", "dataset", "papers", "methods", "shared_methods"])
    frame = frame.sort_values(["methods", "papers", "task", "dataset"], ascending=[True, False, True, True],
                              kind="stable", ignore_index=True)
    return frame.head(top) if top is not None else frame


def method_task_gaps(graph: nx.Graph, *, min_common: int = 2, min_jaccard: float = 0.0,
                     top: int | None = 50) -> pd.DataFrame:
    """Method-task pairs never co-mentioned whose neighbourhoods overlap: candidates for untried combinations.

    Overlap is the Jaccard index of the two neighbour sets (entities of any label):
    ``|N(m) & N(t)| / |N(m) | N(t)|``.

    Returns
    -------
    pd.DataFrame
        Columns ``method, task, common, jaccard, via`` (up to 5 shared neighbours, most papers first);
        largest Jaccard first, then most common neighbours.

    Raises
    ------
    AnalysisError
        ``min_common < 1``, ``min_jaccard`` outside ``[0, 1]`` or ``top < 1``.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_nodes_from([("m", {"label": "METHOD", "name": "LoRA", "papers": 2}),
    ...                   ("t", {"label": "TASK", "name": "QA", "papers": 2}),
    ...                   ("d", {"label": "DATASET", "name": "SQuAD", "papers": 2}),
    ...                   ("x", {"label": "METHOD", "name": "BERT", "papers": 2})])
    >>> g.add_edges_from([("m", "d"), ("m", "x"), ("t", "d"), ("t", "x")])
    >>> method_task_gaps(g)[["method", "task", "common", "jaccard"]].values.tolist()
    [['LoRA', 'QA', 2, 1.0]]
    """
    check_positive_int(min_common, "min_common")
    if isinstance(min_jaccard, bool) or not isinstance(min_jaccard, (int, float)) or not 0 <= min_jaccard <= 1:
        raise AnalysisError(Messages.BAD_JACCARD.format(value=min_jaccard))
    if top is not None:
        check_positive_int(top, "top")
    columns = ["method", "task", "common", "jaccard", "via"]
    methods, tasks = _labelled(graph, "METHOD"), _labelled(graph, "TASK")
    if not methods or not tasks:
        return pd.DataFrame(columns=columns)
    nodes = sorted(graph.nodes)
    adjacency = nx.to_scipy_sparse_array(graph, nodelist=nodes, weight=None, format="csr")
    adjacency.data[:] = 1.0
    index = {n: i for i, n in enumerate(nodes)}
    mi = np.array([index[n] for n in methods], dtype=np.int64)
    tj = np.array([index[n] for n in tasks], dtype=np.int64)
    m_rows, t_rows = adjacency[mi], adjacency[tj]
    common = (m_rows @ t_rows.T).tocoo()  # shared neighbours of every method-task pair that has any
    degree = np.asarray(adjacency.sum(axis=1)).ravel()
    a, b, shared = common.row, common.col, common.data
    jaccard = shared / (degree[mi[a]] + degree[tj[b]] - shared)
    linked = np.asarray(adjacency[mi[a], tj[b]]).ravel() > 0
    keep = np.flatnonzero((~linked) & (shared >= min_common) & (jaccard >= min_jaccard))
    names = display_names(graph)
    method_names = np.array([names[n] for n in methods], dtype=object)
    task_names = np.array([names[n] for n in tasks], dtype=object)
    # Rank with arrays first; look up the shared neighbours only for the rows returned.
    order = np.lexsort((task_names[b[keep]], method_names[a[keep]], -shared[keep], -jaccard[keep]))
    chosen = keep[order][:top]
    rows = []
    for k in chosen:
        m, t = methods[a[k]], tasks[b[k]]
        via = sorted(set(graph[m]) & set(graph[t]), key=lambda n: (-graph.nodes[n].get("papers", 0), names[n]))
        rows.append({"method": names[m], "task": names[t], "common": int(shared[k]), "jaccard": float(jaccard[k]),
                     "via": ", ".join(names[n] for n in via[:5])})
    return pd.DataFrame(rows, columns=columns)
