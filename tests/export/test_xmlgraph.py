"""What the writers share: an edge table stands for the graph's edge dicts in every writer, and its text columns
are each value formatted as the general formatter formats it."""

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.records import Mention


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

    from kg.analysis import communities
    from kg.analysis.structure import table_matrix
    from kg.export.files import neo4j_graph_rows, write_neo4j_csv, write_node_link_json
    from kg.export.gexf import write_gexf
    from kg.export.graphml import write_graphml
    from kg.export.html import write_html
    from kg.export.vosviewer import write_vosviewer_json
    from kg.graph import comention_graph
    from kg.resolve import resolve

    found = resolve(mentions)

    entities, assignment = found.entities, found.assignment
    written = []
    for edge_data in (True, False):
        graph, table = comention_graph(entities, mentions, assignment, 12, n_sentences=40, edge_data=edge_data)
        assert edge_data or all(not d for _, _, d in graph.edges(data=True))
        found = communities(graph, copy=False, adjacency=None if edge_data else
                            table_matrix(table, sorted(graph.nodes), "papers"))
        labels = found.table["label"].to_dict()
        with tempfile.TemporaryDirectory() as d:
            out = Path(d)
            write_graphml(graph, out / "g.graphml", edges=table)
            write_gexf(graph, out / "g.gexf", edges=table)
            write_node_link_json(graph, out / "g.json", edges=table)
            write_vosviewer_json(graph, out / "vos.json", cluster_labels=labels, edges=table)
            write_neo4j_csv(neo4j_graph_rows(entities, graph, edges=table), out / "neo4j")
            write_html(graph, out / "g.html", edges=table, max_nodes=5, max_edges=4)
            written.append({f.name: f.read_bytes() for f in sorted(out.rglob("*")) if f.is_file()})
    assert written[0] == written[1]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([0.0, -0.0]), min_size=1),
       st.lists(st.integers(-5, 10**12), min_size=1), st.lists(st.text(alphabet='ab<>&"\x01\n%'), min_size=1),
       st.lists(st.booleans(), min_size=1))
def test_text_columns_are_the_values_formatted_one_by_one(floats, ints, texts, flags):
    """The text of each column (made once per distinct value) is :func:`xml_value` of each value, in the kind its
    schema declares; :func:`text_columns` makes every column's texts ahead of the writers."""
    from kg.export.xmlgraph import table_schema, text_column, text_columns, xml_value
    from kg.graph.edgetable import edge_table

    n = min(map(len, (floats, ints, texts, flags)))
    g = nx.Graph()
    for i in range(n):
        g.add_edge("a", f"n{i}", npmi=floats[i], papers=ints[i], evidence=texts[i], significant=flags[i], none=None)
    table = edge_table(g)
    assert table is not None
    schema = table_schema(table)
    assert schema == {"npmi": "float", "papers": "int", "evidence": "str", "significant": "bool"}
    text_columns(table)
    for key, kind in schema.items():
        assert text_column(table, key, kind) == [xml_value(v, kind) for v in table.column(key)]
