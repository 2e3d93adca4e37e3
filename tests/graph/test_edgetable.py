"""Edge tables: only for alike edges, their texts, and what reads them (the build's top pairs, the weight matrix)
against what reads the graph's edges."""

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st


def test_edge_tables_only_for_alike_edges():
    import numpy as np

    from kg.graph.edgetable import edge_table

    g = nx.Graph()
    g.add_edge("a", "b", papers=1, npmi=0.5)
    g.add_edge("b", "c", npmi=0.5, papers=1)  # same keys, another order
    assert edge_table(g) is None
    g["b"]["c"].clear()
    g["b"]["c"].update(papers=1, npmi=np.float64(0.5))  # a numpy scalar
    assert edge_table(g) is None
    g["b"]["c"]["npmi"] = 0.25
    table = edge_table(g)
    assert table is not None and table.column("npmi") == [0.5, 0.25] and table.type_of("papers") is int
    assert len(edge_table(nx.Graph())) == 0


@given(st.lists(st.floats(allow_nan=True) | st.sampled_from([0.0, -0.0]) | st.integers(-3, 3)))
def test_distinct_texts_is_formatting_each_value(values):
    from kg.graph.edgetable import distinct_texts

    assert distinct_texts(values, repr) == [repr(v) for v in values]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8), st.integers(1, 4), st.integers(0, 3)), max_size=40),
       st.integers(1, 6))
def test_top_pairs_from_columns_are_the_top_pairs_of_the_graph(edges, n):
    """The build ranks pairs from the edge table's columns; that gives what ranking the graph's edges gives."""
    from kg.build import _top_pairs
    from kg.graph.edgetable import edge_table

    g = nx.Graph()
    for u, v, papers, sentences in edges:
        if u != v:
            g.add_node(f"n{u}", name=f"name {u % 4}")
            g.add_node(f"n{v}", name=f"name {v % 4}")
            g.add_edge(f"n{u}", f"n{v}", papers=papers, sentences=sentences)
    table = edge_table(g)
    assert table is not None
    assert _top_pairs(g, table, n) == _top_pairs(g, None, n)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6), st.integers(1, 5)), max_size=25))
def test_the_weight_matrix_of_an_edge_table_is_the_graphs(edges):
    from kg.analysis.structure import table_matrix, weight_matrix
    from kg.graph.edgetable import edge_table

    g = nx.Graph()
    g.add_nodes_from(f"n{i}" for i in (3, 1, 6, 0, 2, 5, 4))
    g.add_edges_from((f"n{u}", f"n{v}", {"papers": w}) for u, v, w in edges)  # self-loops too
    nodes = sorted(g.nodes)
    assert (table_matrix(edge_table(g), nodes, "papers").toarray() == weight_matrix(g, nodes, "papers").toarray()).all()
