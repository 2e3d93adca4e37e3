"""kg/graph/edgetable.py: a graph's edges as columns (EdgeTable, edge_table) and texts made once per distinct value;
and what reads the table (the build's top pairs, the weight matrix) against what reads the graph's edges."""

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.graph.edgetable import EdgeTable, distinct_texts, edge_table, shared_floats


def _counting(fmt=repr):
    """``fmt`` that records the values it was called with."""
    calls = []

    def counted(value):
        calls.append(value)
        return fmt(value)

    return counted, calls


def test_alike_edges_make_columns_in_graph_edges_order():
    g = nx.Graph()
    g.add_nodes_from(["c", "a", "b"])
    g.add_edge("b", "a", papers=2, npmi=0.5, evidence="p1", flag=True, note=None)
    g.add_edge("a", "c", papers=1, npmi=-0.25, evidence="p2|p3", flag=False, note=None)
    g.add_edge("c", "b", papers=3, npmi=0.5, evidence="", flag=True, note=None)
    table = edge_table(g)
    assert table is not None and len(table) == 3
    assert list(zip(table.sources, table.targets, strict=True)) == list(g.edges())
    assert table.keys == ("papers", "npmi", "evidence", "flag", "note")
    assert table.types == (int, float, str, bool, type(None))
    assert table.column("papers") == [d["papers"] for _, _, d in g.edges(data=True)]
    assert table.column("evidence") == [d["evidence"] for _, _, d in g.edges(data=True)]
    assert table.type_of("npmi") is float
    with pytest.raises(ValueError):
        table.column("weight")


def test_an_empty_graph_is_an_empty_table():
    lone = nx.Graph()
    lone.add_node("a")
    table = edge_table(lone)
    assert table == EdgeTable([], [], (), (), ()) and len(table) == 0
    assert edge_table(nx.path_graph(3)) == EdgeTable([0, 1], [1, 2], (), (), ())  # edges without attributes


def _graph(*data):
    g = nx.Graph()
    for i, d in enumerate(data):
        g.add_edge(i, i + 1, **d)
    return g


@pytest.mark.parametrize("data", [
    ({"papers": 1, "npmi": 0.5}, {"papers": 2}),  # a key missing
    ({"papers": 1, "npmi": 0.5}, {"npmi": 0.5, "papers": 2}),  # the same keys in another order
    ({"papers": 1, "npmi": 0.5}, {"papers": 2, "npmi": 1}),  # an int among floats
    ({"papers": 1}, {"papers": True}),  # a bool among ints
    ({"npmi": 0.5}, {"npmi": np.float64(0.5)}),  # a numpy scalar
    ({"papers": 1, "tags": ["a"]}, {"papers": 2, "tags": ["b"]}),  # a type no column holds
])
def test_edges_that_are_not_alike_give_no_table(data):
    assert edge_table(_graph(*data)) is None


def test_text_formats_each_distinct_value_once():
    g = _graph(*({"p": v, "n": k} for v, k in [(0.5, 2), (0.5, 2), (1.5, 3), (0.5, 2)]))
    table = edge_table(g)
    fmt, calls = _counting()
    assert table.text("p", fmt) == ["0.5", "0.5", "1.5", "0.5"]
    assert sorted(calls) == [0.5, 1.5]
    fmt, calls = _counting(str)
    assert table.text("n", fmt) == ["2", "2", "3", "2"] and sorted(calls) == [2, 3]


def test_text_tells_zero_from_minus_zero_and_keeps_nan():
    values = [0.0, -0.0, float("nan"), 1.0, -0.0, float("nan"), 0.0]
    table = edge_table(_graph(*({"p": v} for v in values)))
    fmt, calls = _counting()
    assert table.text("p", fmt) == ["0.0", "-0.0", "nan", "1.0", "-0.0", "nan", "0.0"]
    assert sum(1 for v in calls if math.isnan(v)) == 1  # every NaN is one value
    # the zero that np.unique kept may be either sign; the others get their own text
    for first in ([-0.0, 0.0, 0.0], [0.0, -0.0, -0.0]):
        table = edge_table(_graph(*({"p": v} for v in first)))
        assert table.text("p", repr) == [repr(v) for v in first]


def test_a_named_text_is_made_once_and_shared():
    table = edge_table(_graph({"p": 0.5}, {"p": 0.25}))
    once = table.text("p", repr, name="repr")
    assert table.text("p", lambda v: "other", name="repr") is once  # kept under (key, name)
    assert table.text("p", lambda v: "other") == ["other", "other"]  # without a name: made again
    assert table == edge_table(_graph({"p": 0.5}, {"p": 0.25}))  # the kept texts are no part of equality


def test_distinct_texts():
    fmt, calls = _counting()
    assert distinct_texts(["a", "b", "a", "a"], fmt) == ["'a'", "'b'", "'a'", "'a'"] and sorted(calls) == ["a", "b"]
    # values of more than one type are formatted one by one: 1, 1.0 and True are equal but print differently
    fmt, calls = _counting()
    assert distinct_texts([1, 1.0, True, 1], fmt) == ["1", "1.0", "True", "1"] and len(calls) == 4
    assert distinct_texts([], repr) == []
    assert distinct_texts([-0.0, 0.0, float("nan")], repr) == ["-0.0", "0.0", "nan"]


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


def test_shared_floats_are_the_values_with_one_object_per_value():
    rng = np.random.default_rng(3)
    values = rng.choice(np.array([0.125, -0.0, 0.0, 1e-300, float("nan"), 7.5]), size=2000)
    shared = shared_floats(values)
    plain = values.tolist()
    assert [repr(v) for v in shared] == [repr(v) for v in plain]  # same values, zeros' signs and NaNs included
    assert all(type(v) is float for v in shared)
    assert len({id(v) for v in shared}) <= 6 < len({id(v) for v in plain})
    assert shared_floats(np.array([], dtype=float)) == []
