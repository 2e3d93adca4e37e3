"""What the HTML page draws and where: the strongest part of a graph, edge weights, the seeded layout."""

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from export.graphs import weighted_graph
from kg.errors import BuildError
from kg.export.html import to_pyvis
from kg.export.layout import edge_weight, layout, strongest


def test_strongest_does_not_change_its_input_and_rejects_negative_limits():
    g = weighted_graph()
    before = nx.node_link_data(g, edges="links")
    small = strongest(g, max_nodes=3, max_edges=1)
    assert nx.node_link_data(g, edges="links") == before
    assert len(small) == 3 and small.number_of_edges() <= 1
    with pytest.raises(BuildError, match="max_nodes=-1"):
        strongest(g, max_nodes=-1)


def test_edge_weight_prefers_weight_then_papers():
    g = weighted_graph(4, 3)
    u, v = next(iter(g.edges))
    g.edges[u, v]["weight"] = 7.5
    net = to_pyvis(g)
    values = {(e["from"], e["to"]): e["value"] for e in net.edges}
    assert values[(u, v)] == 7.5
    assert edge_weight({"papers": 2}) == 2 and edge_weight({"weight": float("nan"), "papers": 2}) == 1


def test_layout_is_seeded_finite_and_fast_enough():
    g = nx.barabasi_albert_graph(300, 2, seed=1)
    g.add_nodes_from(range(300, 305))  # isolated nodes stay near, not at infinity
    first, again, other = layout(g, seed=0), layout(g, seed=0), layout(g, seed=1)
    assert first == again and first != other
    half = 30 * len(g) ** 0.5
    assert all(abs(x) <= half + 1 and abs(y) <= half + 1 for x, y in first.values())
    assert layout(nx.Graph()) == {} and layout(nx.empty_graph(1)) == {0: (0.0, 0.0)}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=40), st.lists(st.integers(0, 5), min_size=10,
                                                                                       max_size=10),
       st.integers(0, 10))
def test_strongest_keeps_the_edges_of_the_kept_nodes_in_the_graphs_order(edges, papers, max_nodes):
    g = nx.Graph()
    g.add_nodes_from((f"n{i}", {"papers": papers[i]}) for i in (7, 2, 9, 0, 5, 1, 8, 3, 6, 4))
    g.add_edges_from((f"n{u}", f"n{v}", {"papers": 1}) for u, v in edges)  # self-loops too
    got = strongest(g, max_nodes=max_nodes)
    assert list(got.edges()) == [(u, v) for u, v in g.edges() if u in got and v in got]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9),
                          st.sampled_from([1, 2, 3, 0.5, 2.0, float("nan"), float("inf")]), st.integers(0, 3)),
                max_size=40),
       st.integers(0, 10), st.integers(0, 12), st.sampled_from(["weight", "papers", None]))
def test_strongest_from_an_edge_table_is_strongest_from_the_edges(edges, max_nodes, max_edges, key):
    """Choosing the strongest edges from the table's columns keeps what ranking the edges' dicts keeps."""
    from kg.graph.edgetable import edge_table

    g = nx.Graph()
    g.add_nodes_from((f"n{i}", {"papers": i % 4}) for i in (7, 2, 9, 0, 5, 1, 8, 3, 6, 4))
    for u, v, w, s in edges:  # weights are floats (NaN, inf too); paper counts are ints
        value = float(w) if key == "weight" else w if isinstance(w, int) else 1
        g.add_edge(f"n{u}", f"n{v}", **({key: value} if key else {}), sentences=s)
    table = edge_table(g)
    assert table is not None
    for nodes in (None, max_nodes):
        plain = strongest(g, max_nodes=nodes, max_edges=max_edges)
        from_table = strongest(g, max_nodes=nodes, max_edges=max_edges, edges=table)
        assert list(from_table.nodes(data=True)) == list(plain.nodes(data=True))
        assert [(u, v, d) for u, v, d in from_table.edges(data=True)] == \
            [(u, v, d) for u, v, d in plain.edges(data=True)]
