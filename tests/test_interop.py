import json
import warnings

import networkx as nx
import numpy as np
import pytest

from kg import analysis as A
from kg.errors import KGError, KGWarning
from kg.export.interop import (
    InteropError,
    ThesaurusError,
    apply_thesaurus,
    read_thesaurus,
    thesaurus_rows,
    to_gexf_graph,
    to_vosviewer,
    write_gexf,
    write_thesaurus,
    write_vosviewer_json,
)
from kg.graph.pairs import build_graph
from kg.records import Entity, Mention
from kg.resolve import resolve


@pytest.fixture(scope="session")
def analysed(sample_build):
    return A.communities(A.weighted_graph(sample_build), seed=0)


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


@pytest.mark.parametrize("chunk", [65536, 7])
def test_vosviewer_json_round_trip_from_sample_build(sample_build, analysed, tmp_path, monkeypatch, chunk):
    import kg.export.interop

    monkeypatch.setattr(kg.export.interop, "_VOS_CHUNK", chunk)  # links written in many chunks too
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
    g.nodes["m"]["community"] = 1000
    with pytest.raises(InteropError):
        to_vosviewer(g)
    g.nodes["m"]["community"] = 0
    g.edges["m", "d"]["papers"] = float("nan")
    with pytest.raises(InteropError, match="finite"):
        to_vosviewer(g)


def test_thesaurus_round_trip_keeps_entities(sample_build, tmp_path):
    entities = list(sample_build.entities.values())
    path = tmp_path / "thesaurus.txt"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", KGWarning)
        n = write_thesaurus(entities, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "label\treplace by" and len(lines) == n + 1 and n > 0
    rules = read_thesaurus(path)
    new, assignment = apply_thesaurus(entities, sample_build.mentions, sample_build.assignment, rules)
    assert sorted(new, key=lambda e: e.id) == sorted(entities, key=lambda e: e.id)
    assert assignment == sample_build.assignment


def test_thesaurus_rows_skip_ambiguous_aliases():
    a = Entity("method:tta", "METHOD", "test time adaptation", "test-time adaptation", ("TTA",), 1, 1)
    b = Entity("method:tta2", "METHOD", "test time augmentation", "test-time augmentation", ("TTA",), 1, 1)
    c = Entity("task:x", "TASK", "x", "X\twith tab", ("X1",), 1, 1)
    with pytest.warns(KGWarning, match="TTA"):
        rows = thesaurus_rows([a, b, c])
    assert rows == [("X1", "X with tab")]


def _mentions():
    ms = [Mention("p1", 0, 0, 3, "ViT", "METHOD", "r"), Mention("p2", 0, 0, 18, "Vision Transformer", "METHOD", "r"),
          Mention("p2", 1, 0, 6, "ResNet", "METHOD", "r"), Mention("p3", 0, 0, 6, "ImageNet", "DATASET", "r"),
          Mention("p1", 1, 0, 3, "ViT", "DATASET", "r"), Mention("p3", 1, 0, 4, "ours", "METHOD", "r")]
    entities, assignment = resolve(ms)
    return ms, entities, assignment


def test_apply_thesaurus_merges_drops_and_keeps_labels(tmp_path):
    ms, entities, assignment = _mentions()
    path = tmp_path / "t.txt"
    path.write_text("\ufefflabel\treplace by\nvit\tVision Transformers\nOURS\t\n\n", encoding="utf-8")
    rules = read_thesaurus(path)
    assert rules == {"vit": "Vision Transformers", "OURS": ""}
    new, new_assignment = apply_thesaurus(entities, ms, assignment, rules)
    by_id = {e.id: e for e in new}
    merged = by_id["method:vision transformer"]
    assert merged.name == "Vision Transformers" and merged.papers == 2 and merged.mentions == 2
    assert set(merged.aliases) == {"ViT", "Vision Transformer"}
    assert "method:vit" not in by_id and "method:our" not in by_id
    # The DATASET "ViT" becomes dataset:vision transformer: labels are never crossed.
    assert by_id["dataset:vision transformer"].label == "DATASET"
    assert 5 not in new_assignment and new_assignment[0] == new_assignment[1] == "method:vision transformer"
    graph = build_graph(new, ms, new_assignment)
    assert graph.number_of_nodes() == len(new)
    assert graph.has_edge("method:vision transformer", "method:resnet")


@pytest.mark.parametrize("content, line, match", [
    (b"", 0, "empty"),
    (b"term\treplacement\nx\ty\n", 1, "header"),
    (b"label\treplace by\nno tab here\n", 2, "2 tab-separated columns"),
    (b"label\treplace by\na\tb\tc\n", 2, "got 3"),
    (b"label\treplace by\n\tb\n", 2, "empty label"),
    (b"label\treplace by\n--\tb\n", 2, "no letters"),
    (b"label\treplace by\na\t...\n", 2, "no letters"),
    (b"label\treplace by\nViT\tA\n\nvits\tB\n", 4, "line 2"),
    (b"label\treplace by\nok\tfine\nbad\t\xff\xfe\n", 3, "UTF-8"),
    (b"label\treplace by\nx\x00y\tz\n", 2, "binary"),
])
def test_read_thesaurus_malformed(tmp_path, content, line, match):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ThesaurusError, match=match) as info:
        read_thesaurus(path)
    assert isinstance(info.value, KGError)
    assert info.value.path == str(path) and info.value.line == line
    assert str(info.value).startswith(f"{path}:{line}: " if line else f"{path}: ")


def test_read_thesaurus_missing_file(tmp_path):
    with pytest.raises(ThesaurusError, match="no such"):
        read_thesaurus(tmp_path / "nope.txt")


def test_read_thesaurus_accepts_header_only_and_crlf(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes(b"Label\tReplace by\r\n")
    assert read_thesaurus(path) == {}
    path.write_bytes(b"label\treplace by\r\nA\tB\r\na\tB\r\n")
    assert read_thesaurus(path) == {"A": "B", "a": "B"}


def test_every_writer_survives_a_lone_surrogate(tmp_path):
    """A str that is no valid Unicode (bytes decoded with surrogateescape) is written, not raised on."""
    from kg.export import files, html, xmlgraph
    from kg.export.interop import write_gexf

    g = nx.Graph(name="g")
    g.add_node("a\udc80", label="METHOD", name="Bad\udc80Name", papers=2, community=0)
    g.add_node("b", label="TASK", name="ok", papers=1, community=0)
    g.add_edge("a\udc80", "b", papers=1, weight=1.0, npmi=0.5, q_value=0.01)
    files.write_node_link_json(g, tmp_path / "g.json")
    back = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert {n["id"] for n in back["nodes"]} == {"a\udc80", "b"}  # JSON reads the escape back: nothing lost
    files.write_jsonl(tmp_path / "x.jsonl", [{"name": "x\udc80"}])
    assert json.loads((tmp_path / "x.jsonl").read_text(encoding="utf-8")) == {"name": "x\udc80"}
    write_vosviewer_json(g, tmp_path / "v.json")
    items = json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))["network"]["items"]
    assert "Bad\udc80Name" in {item["label"] for item in items}
    files.write_neo4j_csv({"x.csv": (["name"], [["b\udc80"]])}, tmp_path / "neo4j")
    assert (tmp_path / "neo4j" / "x.csv").read_text(encoding="utf-8").splitlines()[1] == '"b\\udc80"'
    html.write_html(g, tmp_path / "g.html")
    xmlgraph.write_graphml(g, tmp_path / "g.graphml")
    write_gexf(g, tmp_path / "g.gexf")
