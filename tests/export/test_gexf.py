"""kg's GEXF writer, read back with networkx's reader: what networkx's writer gives of the converted copy."""

import tempfile
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings

from export.graphs import ANY_ROWS, alike_rows, contents, hostile_graph, random_graph
from kg.export.gexf import to_gexf_graph, write_gexf
from kg.graph.edgetable import edge_table


def _networkx_copy(g: nx.Graph, folder: Path) -> nx.Graph:
    """What networkx writes of :func:`to_gexf_graph`'s copy of ``g``, read back: the reference."""
    nx.write_gexf(to_gexf_graph(g), folder / "nx.gexf", version="1.2draft")
    return nx.read_gexf(folder / "nx.gexf")


def test_gexf_matches_networkx(tmp_path):
    g = hostile_graph()
    g.nodes["dataset:x"]["name"] = "x"
    write_gexf(g, tmp_path / "kg.gexf")
    assert contents(nx.read_gexf(tmp_path / "kg.gexf")) == contents(_networkx_copy(g, tmp_path))
    back = nx.read_gexf(tmp_path / "kg.gexf")
    assert back.edges["dataset:x", "task:t<&>"]["weight"] == 2.0
    assert back.nodes["method:bert"]["label"] == "BERT"


def test_streamed_gexf_is_the_document_of_the_converted_copy(tmp_path):
    g = hostile_graph()
    g.add_node("extra", label="TASK", name="Extra <&>", papers=np.int64(3), flag=True)
    edges = list(g.edges)
    for i, (u, v) in enumerate(edges):
        data = g.edges[u, v]
        data["mixed"] = 1 if i % 2 else 2.5            # int and float: declared float
        data["flag"] = True if i % 3 else "maybe"      # bool and str: declared str, bools written lower-case
        data["start"] = i                              # GEXF-reserved: written as kg_start
        data["tags"] = ["a", "b"] if i % 2 else None   # lists joined; None left out
        data["count"] = np.int64(i)                    # numpy scalar
    g.add_edge("extra", edges[0][0], papers=1, weight=True)  # a bool weight is not a GEXF weight
    write_gexf(g, tmp_path / "streamed.gexf")
    assert contents(nx.read_gexf(tmp_path / "streamed.gexf")) == contents(_networkx_copy(g, tmp_path))


def test_gexf_round_trip_from_sample_build(sample_build, analysed, tmp_path):
    for graph in (sample_build.graph, analysed.graph):
        path = tmp_path / "graph.gexf"
        write_gexf(graph, path)
        back = nx.read_gexf(path)
        assert back.number_of_nodes() == graph.number_of_nodes()
        assert back.number_of_edges() == graph.number_of_edges()
        node = next(iter(graph))
        assert back.nodes[node]["label"] == graph.nodes[node]["name"]
        assert back.nodes[node]["entity_type"] == graph.nodes[node]["label"]
    u, v, d = next(iter(analysed.graph.edges(data=True)))
    assert back.edges[u, v]["q_value"] == pytest.approx(d["q_value"])
    assert isinstance(back.nodes[u]["community"], int)


def test_gexf_values_made_safe(tmp_path):
    g = nx.Graph()
    g.add_node("m", label="METHOD", name='<BERT & "co">\x07', papers=np.int64(2), score=np.float32(0.5))
    g.add_node("d", label="DATASET", name="SQuAD", papers=1, score=1)  # int here, float above: one GEXF type
    g.add_edge("m", "d", papers=1, weight=np.float64(2.5), start="x", tags=["a", "b"], missing=None)
    safe = to_gexf_graph(g)
    assert safe.nodes["m"]["label"] == '<BERT & "co">' and type(safe.nodes["m"]["papers"]) is int
    assert {type(safe.nodes[n]["score"]) for n in safe} == {float}
    assert safe.edges["m", "d"] == {"papers": 1, "weight": 2.5, "kg_start": "x", "tags": "a|b"}
    write_gexf(g, tmp_path / "g.gexf")
    back = nx.read_gexf(tmp_path / "g.gexf")
    assert back.nodes["m"]["label"] == '<BERT & "co">' and back.edges["m", "d"]["weight"] == 2.5


def _read_back_and_reference(g: nx.Graph) -> tuple[tuple, tuple]:
    with tempfile.TemporaryDirectory() as d:
        write_gexf(g, Path(d) / "kg.gexf")
        return contents(nx.read_gexf(Path(d) / "kg.gexf")), contents(_networkx_copy(g, Path(d)))


@settings(max_examples=150, deadline=None)
@given(ANY_ROWS)
def test_gexf_of_any_edges_is_what_networkx_writes(rows):
    """Edges of any keys and types, converted and written one at a time (a %-template per signature, or the
    general formatter): networkx reads back what it reads of its own document of the converted copy."""
    written, reference = _read_back_and_reference(random_graph(rows))
    assert written == reference


@settings(max_examples=150, deadline=None)
@given(alike_rows())
def test_gexf_from_an_edge_table_is_what_networkx_writes(rows):
    """Edges written as whole columns of their edge table (NaN, -0.0, markup, control characters, reserved keys)."""
    g = random_graph(rows)
    assert edge_table(g) is not None
    written, reference = _read_back_and_reference(g)
    assert written == reference
