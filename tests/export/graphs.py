"""Graphs the export tests share, and what networkx's readers should give back of them.

The writers are checked against networkx: a file read back with networkx's reader must hold the graph (as the
format types it), or networkx's own writer must give the same document. :data:`ANY_ROWS` draws edge rows of any
keys, order and types (written edge by edge); :func:`alike_rows` draws rows that fit an edge table (written from
its columns).
"""

import math
import re

import networkx as nx
from hypothesis import strategies as st

#: Characters XML 1.0 cannot hold, which the XML writers leave out.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: A name with markup, quotes, a control character and a line break.
HOSTILE = 'a <b> & "c" \x01\n'


def weighted_graph(n_nodes: int = 10, n_edges: int = 20) -> nx.Graph:
    g = nx.gnm_random_graph(n_nodes, n_edges, seed=3)
    g = nx.relabel_nodes(g, {i: f"task:t{i}" for i in g})
    for i, node in enumerate(g):
        g.nodes[node].update(label="TASK", name=f"t{i}", aliases="", papers=n_nodes - i, mentions=n_nodes - i)
    for i, (u, v) in enumerate(g.edges):
        g.edges[u, v].update(papers=1 + i % 4, sentences=0, evidence="")
    return g


def hostile_graph() -> nx.Graph:
    """Three nodes and two edges with markup, a control character and mixed types in their attributes."""
    g = nx.Graph()
    g.add_node("method:bert", label="METHOD", name="BERT", aliases="Bert|bert", papers=3, mentions=5, community=0,
               pagerank=0.25)
    g.add_node("dataset:x", label="DATASET", name=HOSTILE, aliases="", papers=1, mentions=1, community=1,
               pagerank=1)
    g.add_node("task:t<&>", label="TASK", name="t", aliases="", papers=2, mentions=2, community=1, pagerank=0.5)
    g.add_edge("method:bert", "dataset:x", papers=1, sentences=0, evidence="p1|p2#3", weight=1.0, npmi=-0.5,
               significant=True)
    g.add_edge("dataset:x", "task:t<&>", papers=2, sentences=1, evidence="p3#0", weight=2.0, npmi=0.75,
               significant=False)
    return g


def random_graph(edges_data) -> nx.Graph:
    """Two nodes with markup in their ids and labels, and one edge per row of ``edges_data``."""
    g = nx.Graph()
    g.add_node("a <&>", label="METHOD", name="A", papers=1)
    g.add_node("b", label="TASK", name='B "q"', papers=2.5)
    for i, data in enumerate(edges_data):
        g.add_edge("a <&>" if i % 2 else "b", f"n{i}", **data)
    return g


_values = st.one_of(st.integers(-5, 10**12), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                    st.none(), st.text(alphabet=st.sampled_from(list('ab<>&"\x01\n%s é')), max_size=6))
#: Edge rows of any keys and types, in any order: mostly graphs without an edge table.
ANY_ROWS = st.lists(st.dictionaries(st.sampled_from(["papers", "weight", "npmi", "evidence", "start", "id", "x"]),
                                    _values, max_size=5), min_size=1, max_size=12)

_column_values = {
    int: st.integers(-5, 10**12),
    float: st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([0.0, -0.0, 0.5, 1e-300]),
    bool: st.booleans(),
    type(None): st.none(),
    str: st.text(alphabet=st.sampled_from(list('ab<>&"|\x01\n%s é')), max_size=6),
}


@st.composite
def alike_rows(draw):
    """Rows with the same keys in the same order and one type per key: the rows an edge table takes."""
    keys = draw(st.lists(st.sampled_from(["papers", "sentences", "evidence", "weight", "npmi", "x", "id", "%s"]),
                         unique=True, max_size=6))
    kinds = {key: draw(st.sampled_from(sorted(_column_values, key=str))) for key in keys}
    if draw(st.booleans()):  # the columns kg's co-mention edges have, so co_mentions.csv takes the table too
        kinds.update(papers=int, sentences=int, evidence=str)
    n = draw(st.integers(1, 12))
    return [{key: draw(_column_values[kind]) for key, kind in kinds.items()} for _ in range(n)]


def _comparable(value):
    """NaN as a marker that equals itself, so that two read-back graphs compare."""
    return "<NaN>" if isinstance(value, float) and math.isnan(value) else value


def contents(graph: nx.Graph) -> tuple[dict, dict]:
    """The nodes and edges of a graph with their attributes, comparable with ``==`` (NaN equals NaN, edges are
    unordered pairs)."""
    nodes = {n: {k: _comparable(v) for k, v in d.items()} for n, d in graph.nodes(data=True)}
    edges = {frozenset((u, v)): {k: _comparable(v) for k, v in d.items()} for u, v, d in graph.edges(data=True)}
    return nodes, edges


def _typed(rows: list[dict]) -> list[dict]:
    """``rows`` as a typed format reads them back: each key in one type over its values (bool, int, float; str
    when the types mix otherwise), None left out, characters XML cannot hold removed."""
    types: dict[str, set[type]] = {}
    for row in rows:
        for key, value in row.items():
            if value is not None:
                types.setdefault(key, set()).add(type(value))
    cast = {key: bool if seen == {bool} else int if seen == {int} else float if seen <= {int, float} else str
            for key, seen in types.items()}
    out = []
    for row in rows:
        typed = {}
        for key, value in row.items():
            if value is None:
                continue
            typed[key] = XML_ILLEGAL.sub("", str(value)) if cast[key] is str else cast[key](value)
        out.append(typed)
    return out


def graphml_view(graph: nx.Graph) -> nx.Graph:
    """What ``nx.read_graphml`` should give back of ``graph`` written as GraphML (string node ids)."""
    out = nx.Graph()
    nodes = list(graph.nodes(data=True))
    edges = list(graph.edges(data=True))
    out.add_nodes_from((str(n), d) for (n, _), d in zip(nodes, _typed([d for _, d in nodes]), strict=True))
    out.add_edges_from((str(u), str(v), d) for (u, v, _), d in zip(edges, _typed([d for _, _, d in edges]),
                                                                     strict=True))
    return out
