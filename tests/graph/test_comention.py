"""kg/graph/comention.py: comention_graph against the plain-loop reference (tests/reference.py)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference import comention_reference

from kg import analysis as A
from kg.graph.edgetable import edge_table
from kg.records import Mention
from kg.resolve import resolve


@settings(max_examples=60, deadline=None)
@given(st.lists(st.builds(lambda p, s, n, lab: Mention(f"p{p}", s, 0, len(n), n, lab, "r"),
                          st.integers(0, 9), st.integers(0, 3),
                          st.sampled_from(["BERT", "GPT-4", "ImageNet", "COCO", "QA", "LoRA", "CLIP"]),
                          st.sampled_from(["METHOD", "DATASET", "TASK"])), max_size=60),
       st.sampled_from(["papers", "npmi", "association"]))
def test_comention_graph_is_the_reference_graph_then_add_weights(ms, weight):
    found = resolve(ms)
    entities, assignment = found.entities, found.assignment
    n_sentences = 40
    expected = A.add_weights(comention_reference(entities, ms, assignment), 12, n_sentences=n_sentences,
                             node_sentences=A.sentence_counts(ms, assignment), weight=weight)
    got = A.comention_graph(entities, ms, assignment, 12, n_sentences=n_sentences, weight=weight).graph
    assert got.graph == expected.graph
    assert list(got.nodes(data=True)) == list(expected.nodes(data=True))
    assert [(u, v, list(d.items())) for u, v, d in got.edges(data=True)] == \
        [(u, v, list(d.items())) for u, v, d in expected.edges(data=True)]
    plain = A.comention_graph(entities, ms, assignment, 12).graph
    assert "n_sentences" not in plain.graph
    assert all("sentence_q_value" not in d for _, _, d in plain.edges(data=True))
    graph, table = A.comention_graph(entities, ms, assignment, 12, n_sentences=n_sentences, weight=weight)
    assert table == edge_table(graph)  # made from the arrays, in the order graph.edges() lists them


def test_without_edge_data_the_edges_share_one_read_only_mapping():
    ms = [Mention(f"p{i // 3}", 0, 0, 1, name, "METHOD", "r") for i, name in enumerate(["BERT", "LoRA", "CLIP"] * 4)]
    found = resolve(ms)
    graph, table = A.comention_graph(found.entities, ms, found.assignment, 4, edge_data=False)
    rows = [d for _, _, d in graph.edges(data=True)]
    assert rows and all(d is rows[0] and dict(d) == {} for d in rows) and len(table) == len(rows)
    with pytest.raises(TypeError):
        rows[0]["papers"] = 1  # the values live in the table: an edge cannot be written behind its back
    assert dict(graph.copy().edges[next(iter(graph.edges))]) == {}  # a copy has dicts of its own
