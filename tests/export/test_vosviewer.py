"""VOSviewer JSON maps: the streamed file holds what :func:`to_vosviewer` gives; markup and bad values."""

import json
import tempfile
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings

from export.graphs import ANY_ROWS, alike_rows, random_graph
from kg.errors import InteropError
from kg.export.vosviewer import to_vosviewer, write_vosviewer_json
from kg.graph.edgetable import edge_table


@pytest.mark.parametrize("chunk", [65536, 7])
def test_vosviewer_json_round_trip_from_sample_build(sample_build, analysed, tmp_path, monkeypatch, chunk):
    import kg.export.vosviewer

    monkeypatch.setattr(kg.export.vosviewer, "_VOS_CHUNK", chunk)  # links written in many chunks too
    path = tmp_path / "map.json"
    write_vosviewer_json(analysed.graph, path, cluster_labels=analysed.table["label"].to_dict())
    data = json.loads(path.read_text(encoding="utf-8"))
    # The streamed file holds exactly what to_vosviewer gives.
    assert data == to_vosviewer(analysed.graph, cluster_labels=analysed.table["label"].to_dict())
    items, links = data["network"]["items"], data["network"]["links"]
    assert len(items) == analysed.graph.number_of_nodes() and len(links) == analysed.graph.number_of_edges()
    ids = {item["id"] for item in items}
    assert len(ids) == len(items) and all(link["source_id"] in ids and link["target_id"] in ids for link in links)
    assert all(1 <= item["cluster"] <= 1000 for item in items)
    assert {c["cluster"] for c in data["network"]["clusters"]} == {item["cluster"] for item in items}
    assert all(link["strength"] > 0 for link in links)
    # Without communities, clusters follow the entity type.
    bare = sample_build.graph.copy()
    for _, node in bare.nodes(data=True):  # builds carry communities already; drop them
        node.pop("community", None)
    plain = to_vosviewer(bare)
    assert {item["cluster"] for item in plain["network"]["items"]} == {1, 2, 3}


def test_vosviewer_escapes_markup_and_rejects_bad_values():
    g = nx.Graph()
    g.add_node("m", label="METHOD", name="<script>x</script>", papers=1, mentions=1, aliases="a&b|<i>")
    g.add_node("d", label="DATASET", name="D", papers=1, mentions=1, aliases="")
    g.add_edge("m", "d", papers=1, npmi=-0.2)
    item = to_vosviewer(g)["network"]["items"][0]
    assert item["label"] == "<script>x</script>"  # JSON string, not markup: json.dumps escapes as needed
    assert "<script>" not in item["description"] and "a&amp;b, &lt;i&gt;" in item["description"]
    assert to_vosviewer(g, strength="npmi")["network"]["links"] == []  # negative strengths are left out
    g.nodes["m"]["community"] = -1
    with pytest.raises(InteropError, match="community number"):
        to_vosviewer(g)
    g.nodes["m"]["community"] = 0
    g.edges["m", "d"]["papers"] = float("nan")
    with pytest.raises(InteropError, match="finite"):
        to_vosviewer(g)


def _written(g: nx.Graph, path: Path, strength: str):
    """The file :func:`write_vosviewer_json` writes, parsed, or the error it raises (NaN, text)."""
    try:
        write_vosviewer_json(g, path, strength=strength)
    except Exception as err:
        return f"{type(err).__name__}: {err}"
    return json.loads(path.read_text(encoding="utf-8"))


def _reference(g: nx.Graph, strength: str):
    """:func:`to_vosviewer`'s value, or the error it raises: the writer refuses alike."""
    try:
        return to_vosviewer(g, strength=strength)
    except Exception as err:
        return f"{type(err).__name__}: {err}"


def _written_and_reference(g: nx.Graph) -> tuple[list, list]:
    """Both, with each edge attribute as the link strength."""
    strengths = sorted({key for _, _, data in g.edges(data=True) for key in data})
    with tempfile.TemporaryDirectory() as d:
        written = [_written(g, Path(d) / "vos.json", strength) for strength in strengths]
    return written, [_reference(g, strength) for strength in strengths]


@settings(max_examples=100, deadline=None)
@given(ANY_ROWS)
def test_vosviewer_json_of_any_edges_is_to_vosviewer(rows):
    written, reference = _written_and_reference(random_graph(rows))
    assert written == reference


@settings(max_examples=150, deadline=None)
@given(alike_rows())
def test_vosviewer_json_from_an_edge_table_is_to_vosviewer(rows):
    """Links written from the columns of the edge table: the same JSON value, the same refusals."""
    g = random_graph(rows)
    assert edge_table(g) is not None
    written, reference = _written_and_reference(g)
    assert written == reference


def test_vosviewer_puts_communities_past_its_limit_in_one_other_cluster():
    """kg numbers communities by size; VOSviewer takes clusters 1 to 1000: the 999 largest keep theirs."""
    g = nx.Graph()
    for k in (0, 998, 999, 1068):
        g.add_node(f"n{k}", label="METHOD", name=f"N{k}", papers=1, mentions=1, aliases="", community=k)
    g.add_edge("n0", "n1068", papers=1)
    labels = {k: f"c{k}" for k in range(1069)}
    net = to_vosviewer(g, cluster_labels=labels)["network"]
    assert sorted(item["cluster"] for item in net["items"]) == [1, 999, 1000, 1000]
    clusters = {c["cluster"]: c["label"] for c in net["clusters"]}
    assert len(clusters) == 1000 and clusters[999] == "c998" and clusters[1000] == "other (70 smaller communities)"
