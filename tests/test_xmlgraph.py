"""kg's streaming GraphML/GEXF writers produce what networkx's writers produce, as networkx reads them back."""

import networkx as nx

from kg.export import xmlgraph
from kg.export.interop import to_gexf_graph

HOSTILE = 'a <b> & "c" \x01\n'


def _graph() -> nx.Graph:
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


def _same(a: nx.Graph, b: nx.Graph) -> None:
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert {frozenset((u, v)): d for u, v, d in a.edges(data=True)} == \
        {frozenset((u, v)): d for u, v, d in b.edges(data=True)}


def test_graphml_matches_networkx(tmp_path):
    g = _graph()
    g.nodes["dataset:x"]["name"] = "x"  # networkx itself writes control characters that its reader rejects
    xmlgraph.write_graphml(g, tmp_path / "kg.graphml")
    nx.write_graphml(g, tmp_path / "nx.graphml")
    _same(nx.read_graphml(tmp_path / "kg.graphml"), nx.read_graphml(tmp_path / "nx.graphml"))


def test_graphml_escapes_and_round_trips(tmp_path):
    g = _graph()
    xmlgraph.write_graphml(g, tmp_path / "kg.graphml")
    back = nx.read_graphml(tmp_path / "kg.graphml")
    assert back.nodes["dataset:x"]["name"] == 'a <b> & "c" \n'  # control character removed, the rest kept
    assert back.nodes["dataset:x"]["pagerank"] == 1.0  # int and float mixed: one float type
    assert back.edges["method:bert", "dataset:x"]["significant"] is True
    assert "task:t<&>" in back


def test_gexf_matches_networkx(tmp_path):
    g = to_gexf_graph(_graph())
    g.nodes["dataset:x"]["label"] = "x"
    xmlgraph.write_gexf(g, tmp_path / "kg.gexf")
    nx.write_gexf(g, tmp_path / "nx.gexf", version="1.2draft")
    _same(nx.read_gexf(tmp_path / "kg.gexf"), nx.read_gexf(tmp_path / "nx.gexf"))
    back = nx.read_gexf(tmp_path / "kg.gexf")
    assert back.edges["dataset:x", "task:t<&>"]["weight"] == 2.0
    assert back.nodes["method:bert"]["label"] == "BERT"
