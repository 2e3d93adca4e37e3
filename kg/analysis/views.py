"""Views of a co-mention graph: its significant links, its sentence layer, and the weighted graph of a build."""

from __future__ import annotations

import networkx as nx

from kg.analysis._base import check_edge_attribute
from kg.buildio import Build
from kg.errors import AnalysisError, Messages
from kg.graph.weights import add_weights, check_positive_int, sentence_counts


def filter_edges(graph: nx.Graph, *, min_papers: int = 1, max_q: float | None = None,
                 keep_isolates: bool = False) -> nx.Graph:
    """A new graph with the edges co-mentioned in ``min_papers`` papers or more and, if given, ``q <= max_q``.

    q-values are not recomputed: they keep referring to the family of all edges that :func:`add_weights` saw.

    Parameters
    ----------
    graph : nx.Graph
        Co-mention graph; with ``max_q``, weighted by :func:`add_weights`.
    min_papers : int
        Least number of shared papers an edge needs.
    max_q : float, optional
        Largest BH q-value kept (e.g. 0.05).
    keep_isolates : bool
        Keep nodes left without edges (default: drop them, so the result is the subgraph of surviving links).

    Raises
    ------
    AnalysisError
        ``min_papers < 1``, ``max_q`` outside ``(0, 1]``, or ``max_q`` on an unweighted graph.

    Examples
    --------
    >>> g = nx.Graph([("a", "b", {"papers": 3}), ("b", "c", {"papers": 1})])
    >>> sorted(filter_edges(g, min_papers=2).edges), sorted(filter_edges(g, min_papers=2, keep_isolates=True))
    ([('a', 'b')], ['a', 'b', 'c'])
    """
    check_positive_int(min_papers, "min_papers")
    if max_q is not None:
        if isinstance(max_q, bool) or not isinstance(max_q, (int, float)) or not 0 < max_q <= 1:
            raise AnalysisError(Messages.BAD_MAX_Q.format(value=max_q))
        check_edge_attribute(graph, "q_value", "run kg.analysis.add_weights(graph, n_papers) first")
    kept = [(u, v) for u, v, d in graph.edges(data=True)
            if d.get("papers", 0) >= min_papers and (max_q is None or d["q_value"] <= max_q)]
    return _edge_view(graph, kept, keep_isolates)


def sentence_graph(graph: nx.Graph, *, min_sentences: int = 1, keep_isolates: bool = False) -> nx.Graph:
    """The sentence-level layer: a new graph of the edges whose ends share ``min_sentences`` sentences or more.

    Attributes are copied (the ``sentence_*`` weights too, when :func:`add_weights` set them) and ``weight``
    becomes the number of shared sentences.

    Examples
    --------
    >>> g = nx.Graph([("a", "b", {"papers": 2, "sentences": 1}), ("b", "c", {"papers": 1, "sentences": 0})])
    >>> [(u, v, d["weight"]) for u, v, d in sentence_graph(g).edges(data=True)]
    [('a', 'b', 1)]
    """
    check_positive_int(min_sentences, "min_sentences")
    check_edge_attribute(graph, "sentences", "expected a graph from kg.graph.comention_graph")
    kept = [(u, v) for u, v, s in graph.edges(data="sentences") if s >= min_sentences]
    out = _edge_view(graph, kept, keep_isolates)
    for _, _, d in out.edges(data=True):
        d["weight"] = d["sentences"]
    return out


def _edge_view(graph: nx.Graph, edges: list[tuple[str, str]], keep_isolates: bool) -> nx.Graph:
    """An independent copy of ``graph`` restricted to ``edges`` (all nodes, or only their ends)."""
    out = nx.Graph()
    out.graph.update(graph.graph)
    ends = {n for e in edges for n in e}
    out.add_nodes_from((n, dict(d)) for n, d in graph.nodes(data=True) if keep_isolates or n in ends)
    out.add_edges_from((u, v, dict(graph.edges[u, v])) for u, v in edges)
    return out


def weighted_graph(build: Build, *, weight: str = "papers") -> nx.Graph:
    """:func:`add_weights` with the totals of a loaded build folder (papers, and sentences when recorded).

    Parameters
    ----------
    build : kg.buildio.Build
        From :func:`kg.buildio.load_build`.
    weight : str
        Which measure becomes ``weight`` (see :func:`add_weights`).
    """
    n_papers = int(build.manifest.get("counts", {}).get("papers") or len(build.papers))
    n_sentences = sum(len(spans) for spans in build.sentences.values())
    node_sentences = sentence_counts(build.mentions, build.assignment)
    has_all = n_sentences > 0 and all(n in node_sentences for n in build.graph.nodes)
    return add_weights(build.graph, n_papers, n_sentences=n_sentences if has_all else None,
                       node_sentences=node_sentences if has_all else None, weight=weight)
