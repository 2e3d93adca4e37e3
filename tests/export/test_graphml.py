"""kg's streaming GraphML writer, read back with networkx's reader: what networkx's writer gives, and the graph."""

import tempfile
from pathlib import Path

import networkx as nx
from hypothesis import given, settings

from export.graphs import ANY_ROWS, alike_rows, contents, graphml_view, hostile_graph, random_graph
from kg.export.graphml import write_graphml
from kg.graph.edgetable import edge_table


def test_graphml_matches_networkx(tmp_path):
    g = hostile_graph()
    g.nodes["dataset:x"]["name"] = "x"  # networkx itself writes control characters that its reader rejects
    write_graphml(g, tmp_path / "kg.graphml")
    nx.write_graphml(g, tmp_path / "nx.graphml")
    assert contents(nx.read_graphml(tmp_path / "kg.graphml")) == contents(nx.read_graphml(tmp_path / "nx.graphml"))


def test_graphml_escapes_and_round_trips(tmp_path):
    g = hostile_graph()
    write_graphml(g, tmp_path / "kg.graphml")
    back = nx.read_graphml(tmp_path / "kg.graphml")
    assert back.nodes["dataset:x"]["name"] == 'a <b> & "c" \n'  # control character removed, the rest kept
    assert back.nodes["dataset:x"]["pagerank"] == 1.0  # int and float mixed: one float type
    assert back.edges["method:bert", "dataset:x"]["significant"] is True
    assert "task:t<&>" in back


def _read_back(g: nx.Graph) -> nx.Graph:
    with tempfile.TemporaryDirectory() as d:
        write_graphml(g, Path(d) / "g.graphml")
        return nx.read_graphml(Path(d) / "g.graphml")


@settings(max_examples=150, deadline=None)
@given(ANY_ROWS)
def test_graphml_of_any_edges_reads_back_as_the_graph(rows):
    """Edges of any keys and types, written edge by edge (a %-template per signature, or the general formatter):
    networkx reads back the graph, each attribute in its one declared type."""
    g = random_graph(rows)
    assert contents(_read_back(g)) == contents(graphml_view(g))


@settings(max_examples=150, deadline=None)
@given(alike_rows())
def test_graphml_from_an_edge_table_reads_back_as_the_graph(rows):
    """Edges written as whole columns of their edge table (NaN, -0.0, markup, control characters): networkx reads
    back the graph."""
    g = random_graph(rows)
    assert edge_table(g) is not None
    assert contents(_read_back(g)) == contents(graphml_view(g))
