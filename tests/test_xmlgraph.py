"""kg's streaming GraphML/GEXF writers produce what networkx's writers produce, as networkx reads them back."""

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.export import xmlgraph
from kg.export.interop import to_gexf_graph
from kg.records import Mention

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


def test_streamed_gexf_is_the_document_of_the_converted_copy(tmp_path):
    import numpy as np

    from kg.export.interop import write_gexf

    g = _graph()
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
    xmlgraph.write_gexf(to_gexf_graph(g), tmp_path / "copied.gexf")
    assert (tmp_path / "streamed.gexf").read_text() == (tmp_path / "copied.gexf").read_text()


def test_node_link_json_is_what_networkx_gives(tmp_path):
    import json

    from kg.export.files import write_node_link_json

    g = _graph()
    g.graph.update(n_papers=3, title="ü <&>")
    write_node_link_json(g, tmp_path / "g.json")
    assert (tmp_path / "g.json").read_text(encoding="utf-8") == json.dumps(nx.node_link_data(g, edges="links"),
                                                                          ensure_ascii=False)


def _random_graph(edges_data):
    g = nx.Graph()
    g.add_node("a <&>", label="METHOD", name="A", papers=1)
    g.add_node("b", label="TASK", name='B "q"', papers=2.5)
    for i, data in enumerate(edges_data):
        g.add_edge("a <&>" if i % 2 else "b", f"n{i}", **data)
    return g


_values = st.one_of(st.integers(-5, 10**12), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                    st.none(), st.text(alphabet=st.sampled_from(list('ab<>&"\x01\n%s é')), max_size=6))
_rows = st.lists(st.dictionaries(st.sampled_from(["papers", "weight", "npmi", "evidence", "start", "id", "x"]),
                                 _values, max_size=5), min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(_rows)
def test_templated_rows_write_the_same_documents(rows):
    """The per-signature %-templates give byte for byte what the general formatter gives."""
    import tempfile
    from pathlib import Path

    from kg.export.files import write_node_link_json
    from kg.export.interop import write_gexf

    g = _random_graph(rows)
    texts = {}
    with tempfile.TemporaryDirectory() as d:
        for fast in (True, False):
            xmlgraph.FAST = fast
            try:
                xmlgraph.write_graphml(g, Path(d) / "g.graphml")
                write_gexf(g, Path(d) / "g.gexf")
                write_node_link_json(g, Path(d) / "g.json")
            finally:
                xmlgraph.FAST = True
            texts[fast] = [(Path(d) / f"g.{ext}").read_text(encoding="utf-8", errors="surrogateescape")
                           for ext in ("graphml", "gexf", "json")]
    assert texts[True] == texts[False]


def _written(g, folder, fast):
    """Every edge-writing file of ``g``, written with (``fast``) or without edge tables and templates (VOSviewer's
    once for each attribute as the link strength)."""
    from pathlib import Path

    from kg.export.files import neo4j_rows, write_neo4j_csv, write_node_link_json
    from kg.export.interop import write_gexf, write_vosviewer_json

    folder = Path(folder)
    xmlgraph.FAST = fast
    try:
        xmlgraph.write_graphml(g, folder / "g.graphml")
        write_gexf(g, folder / "g.gexf")
        write_node_link_json(g, folder / "g.json")
        texts = [(folder / name).read_text(encoding="utf-8", errors="surrogateescape")
                 for name in ("g.graphml", "g.gexf", "g.json")]
        if all({"papers", "sentences"} <= set(d) and isinstance(d.get("evidence"), str)
               for _, _, d in g.edges(data=True)):  # the edges co_mentions.csv is written for
            write_neo4j_csv({"co_mentions.csv": neo4j_rows([], [], [], {}, g)["co_mentions.csv"]}, folder)
            texts.append((folder / "co_mentions.csv").read_text(encoding="utf-8"))
        for strength in sorted({key for _, _, d in g.edges(data=True) for key in d}):
            try:
                write_vosviewer_json(g, folder / "vos.json", strength=strength)
                texts.append((folder / "vos.json").read_text(encoding="utf-8", errors="surrogateescape"))
            except Exception as err:  # NaN, text: refused alike either way
                texts.append(f"{type(err).__name__}: {err}")
    finally:
        xmlgraph.FAST = True
    return texts


_column_values = {
    int: st.integers(-5, 10**12),
    float: st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([0.0, -0.0, 0.5, 1e-300]),
    bool: st.booleans(),
    type(None): st.none(),
    str: st.text(alphabet=st.sampled_from(list('ab<>&"|\x01\n%s é')), max_size=6),
}


@st.composite
def _alike_rows(draw):
    """Rows with the same keys in the same order and one type per key: the rows an edge table takes."""
    keys = draw(st.lists(st.sampled_from(["papers", "sentences", "evidence", "weight", "npmi", "x", "id", "%s"]),
                         unique=True, max_size=6))
    kinds = {key: draw(st.sampled_from(sorted(_column_values, key=str))) for key in keys}
    if draw(st.booleans()):  # the columns kg's co-mention edges have, so co_mentions.csv takes the table too
        kinds.update(papers=int, sentences=int, evidence=str)
    n = draw(st.integers(1, 12))
    return [{key: draw(_column_values[kind]) for key, kind in kinds.items()} for _ in range(n)]


@settings(max_examples=200, deadline=None)
@given(_alike_rows())
def test_edge_tables_write_the_same_documents(rows):
    """Writing whole columns through an edge table gives byte for byte what the general formatter gives: for
    GraphML, GEXF, node-link JSON and co_mentions.csv, whatever the values (NaN, -0.0, markup, control characters)."""
    import tempfile

    from kg.graph.edgetable import edge_table

    g = _random_graph(rows)
    assert edge_table(g) is not None
    with tempfile.TemporaryDirectory() as d:
        assert _written(g, d, True) == _written(g, d, False)


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


@settings(max_examples=40, deadline=None)
@given(st.lists(st.builds(lambda p, s, n, lab: Mention(f"p{p}", s, 0, len(n), n, lab, "r"),
                          st.integers(0, 9), st.integers(0, 3),
                          st.sampled_from(["BERT", "GPT-4", "ImageNet", "COCO", 'Q"A<', "LoRA", "CLIP"]),
                          st.sampled_from(["METHOD", "DATASET", "TASK"])), max_size=50))
def test_writers_need_no_edge_dicts_when_they_have_the_table(mentions):
    """A build gives the graph empty edge dicts and every writer the edge table: each file is what the writers make
    of a graph whose edges hold their attributes."""
    import tempfile
    from pathlib import Path

    from kg.analysis import comention_table, communities
    from kg.analysis.structure import table_matrix
    from kg.export.files import neo4j_graph_rows, write_neo4j_csv, write_node_link_json
    from kg.export.html import write_html
    from kg.export.interop import write_gexf, write_vosviewer_json
    from kg.resolve import resolve

    entities, assignment = resolve(mentions)
    written = []
    for edge_data in (True, False):
        graph, table = comention_table(entities, mentions, assignment, 12, n_sentences=40, edge_data=edge_data)
        assert edge_data or all(not d for _, _, d in graph.edges(data=True))
        found = communities(graph, copy=False, adjacency=None if edge_data else
                            table_matrix(table, sorted(graph.nodes), "papers"))
        labels = found.table["label"].to_dict()
        with tempfile.TemporaryDirectory() as d:
            out = Path(d)
            xmlgraph.write_graphml(graph, out / "g.graphml", edges=table)
            write_gexf(graph, out / "g.gexf", edges=table)
            write_node_link_json(graph, out / "g.json", edges=table)
            write_vosviewer_json(graph, out / "vos.json", cluster_labels=labels, edges=table)
            write_neo4j_csv(neo4j_graph_rows(entities, graph, edges=table), out / "neo4j")
            write_html(graph, out / "g.html", edges=table, max_nodes=5, max_edges=4)
            written.append({f.name: f.read_bytes() for f in sorted(out.rglob("*")) if f.is_file()})
    assert written[0] == written[1]


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
