"""The build folder's files: node-link JSON is what ``json.dumps`` makes of networkx's node-link data,
co_mentions.csv is what the csv module reads as the graph's edges, and no writer fails on a lone surrogate."""

import csv
import json
import tempfile
from pathlib import Path

import networkx as nx
from hypothesis import given, settings

from export.graphs import ANY_ROWS, alike_rows, hostile_graph, random_graph
from kg.export import files, html
from kg.export.files import neo4j_rows, write_neo4j_csv, write_node_link_json
from kg.export.gexf import write_gexf
from kg.export.graphml import write_graphml
from kg.export.vosviewer import write_vosviewer_json
from kg.graph.edgetable import edge_table


def test_node_link_json_is_what_networkx_gives(tmp_path):
    g = hostile_graph()
    g.graph.update(n_papers=3, title="ü <&>")
    write_node_link_json(g, tmp_path / "g.json")
    assert (tmp_path / "g.json").read_text(encoding="utf-8") == json.dumps(nx.node_link_data(g, edges="links"),
                                                                          ensure_ascii=False)


def _node_link_json(g: nx.Graph) -> str:
    with tempfile.TemporaryDirectory() as d:
        write_node_link_json(g, Path(d) / "g.json")
        return (Path(d) / "g.json").read_text(encoding="utf-8")


@settings(max_examples=150, deadline=None)
@given(ANY_ROWS)
def test_node_link_json_of_any_edges_is_what_networkx_gives(rows):
    """Edges of any keys and types, written one at a time (a %-template per signature, or ``json.dumps``)."""
    g = random_graph(rows)
    assert _node_link_json(g) == json.dumps(nx.node_link_data(g, edges="links"), ensure_ascii=False)


@settings(max_examples=150, deadline=None)
@given(alike_rows())
def test_node_link_json_from_an_edge_table_is_what_networkx_gives(rows):
    """Links written as whole columns of the edge table, whatever the values (NaN, -0.0, markup, %)."""
    g = random_graph(rows)
    assert edge_table(g) is not None
    assert _node_link_json(g) == json.dumps(nx.node_link_data(g, edges="links"), ensure_ascii=False)


_FIXED = {"label", "name", "aliases", "papers", "mentions", "sentences", "evidence"}


def _co_mentions_reference(g: nx.Graph) -> list[list[str]]:
    """co_mentions.csv as the csv module should read it back: header, then one row per edge sorted by its ends
    (the smaller id first), the further numeric attributes as sorted extra columns."""
    kinds: dict[str, str] = {}
    for _, _, data in g.edges(data=True):
        for key, value in data.items():
            if key not in _FIXED and isinstance(value, int | float) and not isinstance(value, bool):
                kinds[key] = "float" if kinds.get(key) == "float" or isinstance(value, float) else "int"
    extra = sorted(kinds)

    def cell(value) -> str:
        return "" if value is None else str(value)

    rows = [[":START_ID(Entity)", ":END_ID(Entity)", "papers:int", "sentences:int", "evidence:string[]",
             *(f"{key}:{kinds[key]}" for key in extra), ":TYPE"]]
    for u, v, data in sorted(g.edges(data=True), key=lambda edge: (edge[0], edge[1])):
        rows.append([min(u, v), max(u, v), cell(data["papers"]), cell(data["sentences"]),
                     data["evidence"].replace("|", ";"), *(cell(data.get(key, "")) for key in extra), "CO_MENTIONED"])
    return rows


def _co_mentions(g: nx.Graph) -> list[list[str]]:
    with tempfile.TemporaryDirectory() as d:
        write_neo4j_csv({"co_mentions.csv": neo4j_rows([], [], [], {}, g)["co_mentions.csv"]}, Path(d))
        with open(Path(d) / "co_mentions.csv", encoding="utf-8", newline="") as fh:
            return list(csv.reader(fh))


def _has_co_mention_columns(g: nx.Graph) -> bool:
    return all({"papers", "sentences"} <= set(d) and isinstance(d.get("evidence"), str) for _, _, d in g.edges(data=True))


@settings(max_examples=150, deadline=None)
@given(ANY_ROWS)
def test_co_mentions_csv_of_any_edges_reads_back_as_the_edges(rows):
    """Edges of any further keys and types (mostly no edge table), each row made edge by edge."""
    g = random_graph([{"papers": 1 + i % 2, "sentences": i % 3, "evidence": f"p{i}|p{i + 1}#0", **row}
                      for i, row in enumerate(rows)])
    if _has_co_mention_columns(g):  # the edges co_mentions.csv is written for
        assert _co_mentions(g) == _co_mentions_reference(g)


@settings(max_examples=150, deadline=None)
@given(alike_rows())
def test_co_mentions_csv_from_an_edge_table_reads_back_as_the_edges(rows):
    """Rows made from the edge table's columns (each text made once, one %-template per line)."""
    g = random_graph(rows)
    assert edge_table(g) is not None
    if _has_co_mention_columns(g):
        assert _co_mentions(g) == _co_mentions_reference(g)


def test_every_writer_survives_a_lone_surrogate(tmp_path):
    """A str that is no valid Unicode (bytes decoded with surrogateescape) is written, not raised on."""
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
    write_graphml(g, tmp_path / "g.graphml")
    write_gexf(g, tmp_path / "g.gexf")
